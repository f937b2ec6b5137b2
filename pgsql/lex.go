package pgsql

// This file defines a small lexer of PostgreSQL text, pure Go: it follows
// the rules of PostgreSQL 17's scan.l (with standard_conforming_strings on,
// the default) for what it must get exactly right — where strings, quoted
// identifiers, dollar-quoted bodies and comments begin and end, where a $n
// parameter stands, how far an operator reaches — and reads everything
// else as single characters. Placeholders and the ranges of syntax errors
// stand on it.

import (
	"math"
	"strings"
)

// tokKind is the kind of a lexer token.
type tokKind uint8

const (
	tkSpace   tokKind = iota
	tkComment         // -- … or /* … */ (nested)
	tkIdent           // a name or keyword
	tkNumber
	tkParam        // $n
	tkString       // '…', E'…', B'…', X'…', N'…', U&'…', $tag$…$tag$
	tkQuotedIdent  // "…", U&"…"
	tkOperator     // a run of operator characters, as PostgreSQL cuts it
	tkPunctuation  // any other single character: ( ) , ; [ ] . : :: $ …
	tkUnterminated // a string, quoted identifier or comment missing its end
)

// Placeholders returns the $n parameter references of sql's code, in order:
// none inside strings ('…', E'…'), quoted identifiers ("…"), dollar-quoted
// bodies ($$…$$, $tag$…$tag$) or comments (--, /* */ nested). N is the
// number after $ (saturated at math.MaxInt32, beyond which PostgreSQL does
// not number parameters).
//
// Placeholders is pure Go: it works in every build.
func Placeholders(sql string) []Placeholder {
	var out []Placeholder
	for i := 0; i < len(sql); {
		kind, end := next(sql, i)
		if kind == tkParam {
			n := 0
			for _, c := range []byte(sql[i+1 : end]) {
				n = min(n*10+int(c-'0'), math.MaxInt32)
			}
			out = append(out, Placeholder{N: n, Offset: i, End: end})
		}
		i = end
	}
	return out
}

// tokenEnd returns the end of the token that starts at offset i of sql.
func tokenEnd(sql string, i int) int {
	_, end := next(sql, i)
	return end
}

// next returns the kind and end of the token that starts at offset i < len(sql).
func next(sql string, i int) (tokKind, int) {
	c := sql[i]
	at := func(k int) byte {
		if i+k < len(sql) {
			return sql[i+k]
		}
		return 0
	}
	switch {
	case isSpace(c):
		j := i + 1
		for j < len(sql) && isSpace(sql[j]) {
			j++
		}
		return tkSpace, j
	case c == '-' && at(1) == '-':
		j := strings.IndexAny(sql[i:], "\r\n")
		if j < 0 {
			return tkComment, len(sql)
		}
		return tkComment, i + j
	case c == '/' && at(1) == '*':
		return blockComment(sql, i)
	case c == '\'':
		return quoted(sql, i+1, '\'', tkString, false)
	case c == '"':
		return quoted(sql, i+1, '"', tkQuotedIdent, false)
	case (c == 'e' || c == 'E') && at(1) == '\'':
		return quoted(sql, i+2, '\'', tkString, true)
	case (c == 'b' || c == 'B' || c == 'x' || c == 'X' || c == 'n' || c == 'N') && at(1) == '\'':
		return quoted(sql, i+2, '\'', tkString, false)
	case (c == 'u' || c == 'U') && at(1) == '&' && at(2) == '\'':
		return quoted(sql, i+3, '\'', tkString, false)
	case (c == 'u' || c == 'U') && at(1) == '&' && at(2) == '"':
		return quoted(sql, i+3, '"', tkQuotedIdent, false)
	case isIdentStart(c):
		return tkIdent, identEnd(sql, i+1)
	case isDigit(c) || c == '.' && isDigit(at(1)):
		return tkNumber, numberEnd(sql, i)
	case c == '$':
		if isDigit(at(1)) {
			j := i + 1
			for j < len(sql) && isDigit(sql[j]) {
				j++
			}
			return tkParam, j
		}
		if tag := dollarTag(sql, i); tag != "" {
			k := strings.Index(sql[i+len(tag):], tag)
			if k < 0 {
				return tkUnterminated, len(sql)
			}
			return tkString, i + len(tag) + k + len(tag)
		}
		return tkPunctuation, i + 1
	case c == ':' && at(1) == ':':
		return tkPunctuation, i + 2
	case isOpChar(c):
		return tkOperator, operatorEnd(sql, i)
	}
	return tkPunctuation, i + 1
}

// blockComment returns the end of the /* comment at i: comments nest.
func blockComment(sql string, i int) (tokKind, int) {
	depth := 0
	for j := i; j+1 < len(sql); {
		switch {
		case sql[j] == '/' && sql[j+1] == '*':
			depth++
			j += 2
		case sql[j] == '*' && sql[j+1] == '/':
			depth--
			j += 2
			if depth == 0 {
				return tkComment, j
			}
		default:
			j++
		}
	}
	return tkUnterminated, len(sql)
}

// quoted returns the end of the string or quoted identifier whose text
// starts at j, closed by q (a doubled q stands for itself; with escapes, a
// backslash escapes the next byte, as in E'…').
func quoted(sql string, j int, q byte, kind tokKind, escapes bool) (tokKind, int) {
	for j < len(sql) {
		switch c := sql[j]; {
		case c == '\\' && escapes:
			j += 2
		case c == q && j+1 < len(sql) && sql[j+1] == q:
			j += 2
		case c == q:
			return kind, j + 1
		default:
			j++
		}
	}
	return tkUnterminated, len(sql)
}

// dollarTag returns the delimiter of a dollar-quoted string at i ($$ or
// $tag$, the tag a name without $), or "".
func dollarTag(sql string, i int) string {
	j := i + 1
	if j < len(sql) && isIdentStart(sql[j]) {
		for j++; j < len(sql) && (isIdentStart(sql[j]) || isDigit(sql[j])); j++ {
		}
	}
	if j < len(sql) && sql[j] == '$' {
		return sql[i : j+1]
	}
	return ""
}

// identEnd returns the end of the name whose remaining characters start at j.
func identEnd(sql string, j int) int {
	for j < len(sql) && isIdentCont(sql[j]) {
		j++
	}
	return j
}

// numberEnd returns the end of the number at i: digits (with _), a
// fraction, an exponent, and what PostgreSQL reads as junk trailing it (a
// name: 0x1F, 12abc).
func numberEnd(sql string, i int) int {
	j := i
	digits := func() {
		for j < len(sql) && (isDigit(sql[j]) || sql[j] == '_') {
			j++
		}
	}
	digits()
	if j < len(sql) && sql[j] == '.' && !(j+1 < len(sql) && sql[j+1] == '.') {
		j++
		digits()
	}
	if j+1 < len(sql) && (sql[j] == 'e' || sql[j] == 'E') {
		k := j + 1
		if sql[k] == '+' || sql[k] == '-' {
			k++
		}
		if k < len(sql) && isDigit(sql[k]) {
			j = k
			digits()
		}
	}
	if j < len(sql) && isIdentStart(sql[j]) {
		j = identEnd(sql, j)
	}
	return j
}

// operatorEnd returns the end of the operator at i, cut as scan.l cuts it:
// before a comment's start, and without trailing + and - unless it holds
// one of ~ ! @ # ^ & | ` ? %.
func operatorEnd(sql string, i int) int {
	j := i
	for j < len(sql) && isOpChar(sql[j]) {
		j++
	}
	op := sql[i:j]
	if k := strings.Index(op, "--"); k >= 0 {
		op = op[:k]
	}
	if k := strings.Index(op, "/*"); k >= 0 {
		op = op[:k]
	}
	if len(op) > 1 && (op[len(op)-1] == '+' || op[len(op)-1] == '-') && !strings.ContainsAny(op[:len(op)-1], "~!@#^&|`?%") {
		for len(op) > 1 && (op[len(op)-1] == '+' || op[len(op)-1] == '-') {
			op = op[:len(op)-1]
		}
	}
	return i + len(op)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isIdentStart: [A-Za-z\200-\377_].
func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

// isIdentCont: [A-Za-z\200-\377_0-9\$].
func isIdentCont(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '$' }

// isOpChar: [\~\!\@\#\^\&\|\`\?\+\-\*\/\%\<\>\=].
func isOpChar(c byte) bool { return strings.IndexByte("~!@#^&|`?+-*/%<>=", c) >= 0 }
