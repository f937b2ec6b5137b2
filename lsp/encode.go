package lsp

// This file defines hand-written JSON encoders for the results that can be
// megabytes long, and the splicing of answers modls encoded itself. Find-references on a name every control uses answers
// 16,000 locations (2.7 MB): encoding/json spends longer on that answer
// (reflection, then a second pass validating what a Marshaler wrote) than the
// index spends finding it. The output is what encoding/json writes for the
// same value, byte for byte; FuzzEncodeLocations and TestEncodeLocations
// check that.

import (
	"encoding/json"
	"strconv"
	"sync"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// bodies recycles the buffers of hand-encoded answers: the connection's
// writer gives each back once it is written, so a client asking for 16,000
// locations again and again does not make 2.7 MB of garbage each time.
var bodies = sync.Pool{New: func() any { return new([]byte) }}

// appendResponse appends the whole response to request id carrying result
// when result has a hand-written encoder, and reports whether it had one.
func appendResponse(dst []byte, id json.RawMessage, result any) ([]byte, bool) {
	switch r := result.(type) {
	case []protocol.Location:
		dst = appendHead(dst, id)
		dst = appendLocations(dst, r)
	case json.RawMessage:
		// Encoded by modls itself (answers kept per snapshot, such as the
		// resource tree's groups): encoding/json would check it again.
		dst = appendHead(dst, id)
		if len(r) == 0 {
			r = json.RawMessage("null")
		}
		dst = append(dst, r...)
	default:
		return dst, false
	}
	return append(dst, '}'), true
}

// appendHead appends a response's members up to its result's value.
func appendHead(dst []byte, id json.RawMessage) []byte {
	dst = append(dst, `{"jsonrpc":"2.0","id":`...)
	dst = append(dst, id...)
	return append(dst, `,"result":`...)
}

// appendLocations appends locs as encoding/json writes them.
func appendLocations(dst []byte, locs []protocol.Location) []byte {
	if locs == nil {
		return append(dst, "null"...)
	}
	// Consecutive locations mostly share their file: its URI is encoded
	// once. The size of the whole answer is known closely enough to
	// allocate it once.
	var uri []byte // the last URI, encoded: what follows in dst never moves it
	var last string
	n := len(dst) + 2
	for i := range locs {
		n += len(locs[i].URI) + 100 // quotes, keys and a range of 3-digit numbers
	}
	if cap(dst) < n {
		dst = append(make([]byte, 0, n), dst...)
	}
	dst = append(dst, '[')
	for i := range locs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"uri":`...)
		if uri == nil || locs[i].URI != last {
			last = locs[i].URI
			start := len(dst)
			dst = appendString(dst, last)
			uri = dst[start:len(dst):len(dst)]
		} else {
			dst = append(dst, uri...)
		}
		dst = append(dst, `,"range":`...)
		dst = appendRange(dst, locs[i].Range)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

func appendRange(dst []byte, r protocol.Range) []byte {
	dst = append(dst, `{"start":{"line":`...)
	dst = strconv.AppendUint(dst, uint64(r.Start.Line), 10)
	dst = append(dst, `,"character":`...)
	dst = strconv.AppendUint(dst, uint64(r.Start.Character), 10)
	dst = append(dst, `},"end":{"line":`...)
	dst = strconv.AppendUint(dst, uint64(r.End.Line), 10)
	dst = append(dst, `,"character":`...)
	dst = strconv.AppendUint(dst, uint64(r.End.Character), 10)
	return append(dst, "}}"...)
}

// plain marks the ASCII bytes a JSON string holds as they are.
var plain = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendString appends s as a JSON string the way encoding/json writes it:
// <, > and & escaped for HTML, invalid UTF-8 as U+FFFD, U+2028 and U+2029
// escaped.
func appendString(dst []byte, s string) []byte {
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
