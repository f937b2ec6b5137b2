package parse

// This file defines the SQL side of Tokens: a small lexer of PostgreSQL text
// (the dialect Steampipe runs) that finds keywords, string literals,
// numbers, comments and function names in the literal pieces of an `sql`
// attribute's string or heredoc. The pieces come between template
// sequences and, in a heredoc, one line at a time, so the lexer carries its
// state from one piece to the next: a string or comment may span them.

import "bytes"

// sqlState is where the SQL lexer stands between pieces.
type sqlState uint8

const (
	sqlCode         sqlState = iota
	sqlString                // inside '…'
	sqlQuotedIdent           // inside "…"
	sqlLineComment           // after --, until the end of the line
	sqlBlockComment          // inside /* … */
)

// sqlLexer lexes the SQL text of one string or heredoc.
type sqlLexer struct {
	state sqlState
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
		switch x.state {
		case sqlString:
			j, closed := stringEnd(src[i:e])
			emit(TokString, i, i+j)
			if closed {
				x.state = sqlCode
			}
			i += j
			continue
		case sqlQuotedIdent:
			k := bytes.IndexByte(src[i:e], '"')
			if k < 0 {
				return
			}
			x.state = sqlCode
			i += k + 1
			continue
		case sqlLineComment:
			k := bytes.IndexByte(src[i:e], '\n')
			if k < 0 {
				emit(TokComment, i, e)
				return
			}
			emit(TokComment, i, i+k+1) // the line break is trimmed
			x.state = sqlCode
			i += k + 1
			continue
		case sqlBlockComment:
			k := bytes.Index(src[i:e], []byte("*/"))
			if k < 0 {
				emit(TokComment, i, e)
				return
			}
			emit(TokComment, i, i+k+2)
			x.state = sqlCode
			i += k + 2
			continue
		}
		c := src[i]
		next := byte(0)
		if i+1 < e {
			next = src[i+1]
		}
		switch {
		case c == '-' && next == '-':
			x.state = sqlLineComment
		case c == '/' && next == '*':
			k := bytes.Index(src[i+2:e], []byte("*/"))
			if k < 0 {
				x.state = sqlBlockComment
				emit(TokComment, i, e)
				return
			}
			emit(TokComment, i, i+2+k+2)
			i += 2 + k + 2
		case c == '\'':
			j, closed := stringEnd(src[i+1 : e])
			emit(TokString, i, i+1+j)
			if !closed {
				x.state = sqlString
			}
			i += 1 + j
		case c == '"':
			x.state = sqlQuotedIdent
			i++
		case c == '$':
			// $1, a positional parameter: not a number.
			for i++; i < e && isDigit(src[i]); i++ {
			}
		case isDigit(c):
			j := sqlNumberEnd(src, i, e)
			emit(TokNumber, i, j)
			i = j
		case sqlWordByte(c) && !isDigit(c) && c != '$':
			j := i + 1
			for j < e && sqlWordByte(src[j]) {
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
		default:
			i++
		}
	}
}

// stringEnd returns the length of the SQL string text at the start of b,
// through its closing quote when closed (a doubled quote is a quote inside
// the string).
func stringEnd(b []byte) (n int, closed bool) {
	for k := 0; k < len(b); k++ {
		if b[k] == '\'' {
			if k+1 < len(b) && b[k+1] == '\'' {
				k++
				continue
			}
			return k + 1, true
		}
	}
	return len(b), false
}

// sqlNumberEnd returns the end of the number starting at i: digits, a
// fraction, an exponent.
func sqlNumberEnd(src []byte, i, e int) int {
	j := i
	for j < e && isDigit(src[j]) {
		j++
	}
	if j+1 < e && src[j] == '.' && isDigit(src[j+1]) {
		for j++; j < e && isDigit(src[j]); j++ {
		}
	}
	if j+1 < e && (src[j] == 'e' || src[j] == 'E') {
		k := j + 1
		if k < e && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if k < e && isDigit(src[k]) {
			for j = k; j < e && isDigit(src[j]); j++ {
			}
		}
	}
	return j
}

// sqlWordByte reports whether c may be part of an SQL identifier (any byte
// of a non-ASCII character is).
func sqlWordByte(c byte) bool {
	return isIdentASCII(c) && c != '-' || c == '$' || c >= 0x80
}

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
