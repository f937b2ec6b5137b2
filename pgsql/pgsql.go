package pgsql

// This file defines the types of the package's answers and what turns the
// position PostgreSQL gives an error into a range of bytes; the parser
// itself is behind parse_cgo.go (and parse_nocgo.go without cgo).

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Error is a syntax error: Offset..End covers the offending token in the
// SQL text (Offset == End == len(sql) at the end of input), Message is
// PostgreSQL's (`syntax error at or near "fro"`).
type Error struct {
	Offset, End int
	Message     string
}

// Placeholder is a $n parameter reference in SQL code; Offset..End covers
// it, $ included.
type Placeholder struct {
	N           int
	Offset, End int
}

// encodingError returns the error PostgreSQL reports for text that is not
// UTF-8 before it parses anything (a NUL byte included: no query text may
// hold one), and whether there is one. The range is the first byte that
// is not part of a character; the message names the bytes PostgreSQL's
// report_invalid_encoding names (the sequence its lead byte announces).
func encodingError(sql string) (Error, bool) {
	for i := 0; i < len(sql); {
		c := sql[i]
		if c != 0 && c < utf8.RuneSelf {
			i++
			continue
		}
		if c != 0 {
			if r, n := utf8.DecodeRuneInString(sql[i:]); r != utf8.RuneError || n > 1 {
				i += n
				continue
			}
		}
		n := 1 // pg_utf_mblen
		switch {
		case c&0xe0 == 0xc0:
			n = 2
		case c&0xf0 == 0xe0:
			n = 3
		case c&0xf8 == 0xf0:
			n = 4
		}
		n = min(n, len(sql)-i)
		var b strings.Builder
		b.WriteString(`invalid byte sequence for encoding "UTF8":`)
		for k := range n {
			fmt.Fprintf(&b, " 0x%02x", sql[i+k])
		}
		return Error{Offset: i, End: i + 1, Message: b.String()}, true
	}
	return Error{}, false
}

// errorAt returns the Error PostgreSQL reports with message msg at
// cursorpos, its 1-based position in characters of sql (0: none).
//
// Precondition: sql is UTF-8 without NUL bytes (PostgreSQL counts the
// characters of its database encoding, UTF-8, and libpg_query sees the
// text up to the first NUL).
func errorAt(sql string, cursorpos int, msg string) Error {
	off := 0
	if cursorpos <= 0 {
		// No position: the first token.
		for off < len(sql) && isSpace(sql[off]) {
			off++
		}
	} else {
		for n := 1; n < cursorpos && off < len(sql); n++ {
			_, size := utf8.DecodeRuneInString(sql[off:])
			off += size
		}
	}
	end := off
	if off < len(sql) {
		end = tokenEnd(sql, off)
		// The scanner quotes the text of the token it read last: when it
		// is the text at off, it is exactly the token PostgreSQL saw.
		const near = ` at or near "`
		if k := strings.Index(msg, near); k >= 0 && strings.HasSuffix(msg, `"`) {
			if text := msg[k+len(near) : len(msg)-1]; text != "" && strings.HasPrefix(sql[off:], text) {
				end = off + len(text)
			}
		}
	}
	return Error{Offset: off, End: end, Message: msg}
}
