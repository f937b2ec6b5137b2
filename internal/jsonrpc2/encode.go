package jsonrpc2

// This file defines the encoding of answers without reflection: the pool
// of message buffers, responses spliced around a result encoded by modls
// itself or by Options.Encode, and AppendString, JSON strings written as
// encoding/json writes them (FuzzAppendString checks that).

import (
	"encoding/json"
	"sync"
	"unicode/utf8"
)

// bodies recycles the buffers of encoded messages: the writer gives each
// back once it is written, so a client asking for 16,000 locations again
// and again does not make 2.7 MB of garbage each time.
var bodies = sync.Pool{New: func() any { return new([]byte) }}

// appendResponse appends the whole response to request id carrying result
// when result is already JSON or Options.Encode has an encoder for it, and
// reports whether it did.
func (c *Conn) appendResponse(dst []byte, id json.RawMessage, result any) ([]byte, bool) {
	dst = append(dst, `{"jsonrpc":"2.0","id":`...)
	dst = append(dst, id...)
	dst = append(dst, `,"result":`...)
	if r, ok := result.(json.RawMessage); ok {
		// Encoded by modls itself (answers kept per snapshot, such as
		// the resource tree's groups): encoding/json would check it again.
		if len(r) == 0 {
			r = json.RawMessage("null")
		}
		dst = append(dst, r...)
	} else if c.opt.Encode == nil {
		return dst, false
	} else if dst, ok = c.opt.Encode(dst, result); !ok {
		return dst, false
	}
	return append(dst, '}'), true
}

// plain marks the ASCII bytes a JSON string holds as they are.
var plain = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// AppendString appends s as a JSON string the way encoding/json writes it:
// <, > and & escaped for HTML, invalid UTF-8 as U+FFFD, U+2028 and U+2029
// escaped.
func AppendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if plain[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
