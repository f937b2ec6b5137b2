package parse

// This file defines the SQL side of Tokens: a small lexer of PostgreSQL text
// (the dialect Steampipe runs) that finds keywords, strings, numbers,
// comments, function names, operators and $n parameters in the literal
// pieces of SQL text: an `sql` attribute's string or heredoc, or a local
// whose value is interpolated into one. It follows PostgreSQL's scan.l
// (standard_conforming_strings on) where a token begins and ends: '…' with
// doubled quotes, E'…' with backslash escapes, "…" identifiers,
// $tag$…$tag$ bodies, -- and nested /* */ comments, names that may hold $,
// operators cut before a comment and without trailing + or -.
//
// The pieces come between template sequences and, in a heredoc, one line
// at a time, so the lexer carries its state from one piece to the next: a
// string, dollar-quoted body or comment may span them.

import (
	"bytes"
	"strings"
)

// sqlState is where the SQL lexer stands between pieces.
type sqlState uint8

const (
	sqlCode         sqlState = iota
	sqlString                // inside '…' (or B'…', X'…', N'…', U&'…')
	sqlEString               // inside E'…', where a backslash escapes
	sqlQuotedIdent           // inside "…"
	sqlDollar                // inside $tag$…$tag$
	sqlLineComment           // after --, until a line break (\n or \r)
	sqlBlockComment          // inside /* … */, depth deep
)

// sqlLexer lexes the SQL text of one string or heredoc.
type sqlLexer struct {
	state  sqlState
	depth  int    // of nested block comments
	tag    string // the delimiter of a dollar-quoted body
	escape bool   // the next byte of an E'…' string is escaped
}

// lex appends to tz the SQL tokens of src[start:end], a piece of SQL text
// that continues where the previous piece left off.
func (x *sqlLexer) lex(tz *tokenizer, start, end uint32) {
	src := tz.src
	i, e := int(start), int(end)
	emit := func(kind TokenKind, s, t int) {
		tz.emit(kind, true, uint32(s), trimNewline(src, uint32(s), uint32(t)), -1, 0)
	}
	for i < e {
		if x.state != sqlCode {
			j, closed := x.inside(src, i, e)
			switch x.state {
			case sqlString, sqlEString, sqlDollar:
				emit(TokString, i, j)
			case sqlLineComment, sqlBlockComment:
				emit(TokComment, i, j)
			}
			if closed {
				x.state = sqlCode
			}
			i = j
			continue
		}
		c := src[i]
		at := func(k int) byte {
			if i+k < e {
				return src[i+k]
			}
			return 0
		}
		switch {
		case c == '-' && at(1) == '-':
			x.state = sqlLineComment
		case c == '/' && at(1) == '*':
			x.state, x.depth = sqlBlockComment, 0
		case c == '\'':
			x.open(tz, sqlString, i, i+1, e)
			return
		case (c == 'e' || c == 'E') && at(1) == '\'':
			x.open(tz, sqlEString, i, i+2, e)
			return
		case strings.IndexByte("bBxXnN", c) >= 0 && at(1) == '\'':
			x.open(tz, sqlString, i, i+2, e)
			return
		case (c == 'u' || c == 'U') && at(1) == '&' && at(2) == '\'':
			x.open(tz, sqlString, i, i+3, e)
			return
		case c == '"':
			x.state = sqlQuotedIdent
			i++
		case (c == 'u' || c == 'U') && at(1) == '&' && at(2) == '"':
			x.state = sqlQuotedIdent
			i += 3
		case c == '$' && isDigit(at(1)):
			j := i + 1
			for j < e && isDigit(src[j]) {
				j++
			}
			emit(TokParameter, i, j)
			i = j
		case c == '$':
			if tag := dollarTag(src[i:e]); tag != "" {
				x.tag = tag
				x.open(tz, sqlDollar, i, i+len(tag), e)
				return
			}
			i++
		case isDigit(c) || c == '.' && isDigit(at(1)):
			j := sqlNumberEnd(src, i, e)
			emit(TokNumber, i, j)
			i = j
		case sqlIdentStart(c):
			j := i + 1
			for j < e && (sqlIdentStart(src[j]) || isDigit(src[j]) || src[j] == '$') {
				j++
			}
			switch {
			case i > 0 && src[i-1] == '.':
				// A qualified name's part: t.type is a column.
			case sqlKeyword(src[i:j]):
				emit(TokKeyword, i, j)
			case followedByParen(src[j:e]):
				emit(TokFunction, i, j)
			}
			i = j
		case c == ':' && at(1) == ':':
			emit(TokOperator, i, i+2)
			i += 2
		case isSQLOpChar(c):
			j := sqlOperatorEnd(src, i, e)
			if j-i > 1 || c != '*' { // a lone * is as often all columns as a product
				emit(TokOperator, i, j)
			}
			i = j
		default:
			i++
		}
	}
}

// open starts a string of state st whose opening (a quote, its prefix, a
// dollar tag) is src[i:j], and lexes on to e.
func (x *sqlLexer) open(tz *tokenizer, st sqlState, i, j, e int) {
	x.state, x.escape = st, false
	k, closed := x.inside(tz.src, j, e)
	tz.emit(TokString, true, uint32(i), trimNewline(tz.src, uint32(i), uint32(k)), -1, 0)
	if closed {
		x.state = sqlCode
		x.lex(tz, uint32(k), uint32(e))
	}
}

// inside returns where the string, quoted identifier or comment the lexer
// is in ends within src[i:e], and whether it ends there (after its closing
// delimiter; a line comment before its line break) or goes on past e.
func (x *sqlLexer) inside(src []byte, i, e int) (int, bool) {
	switch x.state {
	case sqlString, sqlEString, sqlQuotedIdent:
		q := byte('\'')
		if x.state == sqlQuotedIdent {
			q = '"'
		}
		for j := i; j < e; j++ {
			switch c := src[j]; {
			case x.escape:
				x.escape = false
			case c == '\\' && x.state == sqlEString:
				x.escape = true
			case c == q && j+1 < e && src[j+1] == q:
				j++
			case c == q:
				return j + 1, true
			}
		}
	case sqlDollar:
		if k := bytes.Index(src[i:e], []byte(x.tag)); k >= 0 {
			return i + k + len(x.tag), true
		}
	case sqlLineComment:
		if k := bytes.IndexAny(src[i:e], "\r\n"); k >= 0 {
			return i + k, true
		}
	case sqlBlockComment:
		for j := i; j+1 < e; {
			switch {
			case src[j] == '/' && src[j+1] == '*':
				x.depth++
				j += 2
			case src[j] == '*' && src[j+1] == '/':
				x.depth--
				j += 2
				if x.depth == 0 {
					return j, true
				}
			default:
				j++
			}
		}
	}
	return e, false
}

// dollarTag returns the delimiter of a dollar-quoted string that starts b
// ($$ or $tag$, the tag a name without $), or "".
func dollarTag(b []byte) string {
	j := 1
	if j < len(b) && sqlIdentStart(b[j]) {
		for j++; j < len(b) && (sqlIdentStart(b[j]) || isDigit(b[j])); j++ {
		}
	}
	if j < len(b) && b[j] == '$' {
		return string(b[:j+1])
	}
	return ""
}

// sqlNumberEnd returns the end of the number starting at i: digits (with
// _), a fraction, an exponent, and a name trailing it (0x1F, 12abc: a
// number or junk PostgreSQL rejects, one token either way).
func sqlNumberEnd(src []byte, i, e int) int {
	j := i
	digits := func() {
		for j < e && (isDigit(src[j]) || src[j] == '_') {
			j++
		}
	}
	digits()
	if j < e && src[j] == '.' && !(j+1 < e && src[j+1] == '.') {
		j++
		digits()
	}
	if j+1 < e && (src[j] == 'e' || src[j] == 'E') {
		k := j + 1
		if src[k] == '+' || src[k] == '-' {
			k++
		}
		if k < e && isDigit(src[k]) {
			j = k
			digits()
		}
	}
	if j < e && sqlIdentStart(src[j]) {
		for j < e && (sqlIdentStart(src[j]) || isDigit(src[j]) || src[j] == '$') {
			j++
		}
	}
	return j
}

// sqlOperatorEnd returns the end of the operator at i, cut as scan.l cuts
// it: before a comment's start, and without trailing + and - unless it
// holds one of ~ ! @ # ^ & | ` ? %.
func sqlOperatorEnd(src []byte, i, e int) int {
	j := i
	for j < e && isSQLOpChar(src[j]) {
		j++
	}
	op := src[i:j]
	if k := bytes.Index(op, []byte("--")); k >= 0 {
		op = op[:k]
	}
	if k := bytes.Index(op, []byte("/*")); k >= 0 {
		op = op[:k]
	}
	if n := len(op); n > 1 && (op[n-1] == '+' || op[n-1] == '-') && !bytes.ContainsAny(op[:n-1], "~!@#^&|`?%") {
		for len(op) > 1 && (op[len(op)-1] == '+' || op[len(op)-1] == '-') {
			op = op[:len(op)-1]
		}
	}
	return i + max(len(op), 1)
}

// sqlIdentStart reports whether c may start an SQL name: a letter, _, or
// any byte of a non-ASCII character.
func sqlIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

// isSQLOpChar reports whether c is one of PostgreSQL's operator characters.
func isSQLOpChar(c byte) bool { return strings.IndexByte("~!@#^&|`?+-*/%<>=", c) >= 0 }

// followedByParen reports whether the first byte of b that is not a space
// or tab is "(".
func followedByParen(b []byte) bool {
	b = bytes.TrimLeft(b, " \t")
	return len(b) > 0 && b[0] == '('
}

// sqlKeyword reports whether w is an SQL keyword, in any case.
func sqlKeyword(w []byte) bool {
	var buf [20]byte
	if len(w) < 2 || len(w) > len(buf) {
		return false
	}
	for i, c := range w {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	_, ok := sqlKeywords[string(buf[:len(w)])]
	return ok
}

// sqlKeywords are the words of PostgreSQL queries that a reader takes for
// structure, not names.
var sqlKeywords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range []string{
		"all", "and", "any", "array", "as", "asc", "between", "by", "case", "cast",
		"cross", "current_date", "current_time", "current_timestamp", "delete", "desc",
		"distinct", "else", "end", "except", "exists", "false", "fetch", "filter", "first",
		"following", "for", "from", "full", "group", "having", "ilike", "in", "inner",
		"insert", "intersect", "interval", "into", "is", "join", "last", "lateral",
		"left", "like", "limit", "materialized", "natural", "next", "not", "null", "nulls",
		"offset", "on", "only", "or", "order", "outer", "over", "partition", "preceding",
		"range", "recursive", "returning", "right", "row", "rows", "select", "set",
		"similar", "some", "table", "then", "ties", "true", "unbounded", "union",
		"update", "using", "values", "when", "where", "window", "with", "within",
	} {
		m[w] = struct{}{}
	}
	return m
}()
