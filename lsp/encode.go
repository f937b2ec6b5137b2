package lsp

// This file defines hand-written JSON encoders for the results that can be
// megabytes long. Find-references on a name every control uses answers
// 16,000 locations (2.7 MB): encoding/json spends longer on that answer
// (reflection, then a second pass validating what a Marshaler wrote) than the
// index spends finding it. The output is what encoding/json writes for the
// same value, byte for byte; FuzzEncodeLocations and TestEncodeLocations
// check that.

import (
	"strconv"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/internal/jsonrpc2"
)

// encodeResult is the connection's encoder (jsonrpc2.Options.Encode) of
// the results that can be megabytes long.
func encodeResult(dst []byte, result any) ([]byte, bool) {
	if locs, ok := result.([]protocol.Location); ok {
		return appendLocations(dst, locs), true
	}
	return dst, false
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
			dst = jsonrpc2.AppendString(dst, last)
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
