package lsp

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

func loc(uri string, l1, c1, l2, c2 uint32) protocol.Location {
	return protocol.Location{URI: uri, Range: protocol.Range{
		Start: protocol.Position{Line: l1, Character: c1}, End: protocol.Position{Line: l2, Character: c2}}}
}

// The hand-written encoder writes what encoding/json writes, byte for byte.
func TestEncodeLocations(t *testing.T) {
	for _, tc := range []struct {
		name string
		locs []protocol.Location
	}{
		{"nil", nil},
		{"empty", []protocol.Location{}},
		{"one", []protocol.Location{loc("file:///mod/a.pp", 1, 2, 3, 4)}},
		{"several", []protocol.Location{loc("file:///mod/a.pp", 0, 0, 0, 0), loc("file:///mod/b%20c.pp", 4294967295, 7, 10, 200)}},
		{"non-ASCII", []protocol.Location{loc("file:///mod/contrôle ✓.pp", 1, 1, 1, 9)}},
		{"escapes", []protocol.Location{loc("file:///m/\"q\"\\<a>&b\n\r\t\b\f\x00\x1f\x7f", 0, 1, 2, 3)}},
		{"invalid UTF-8", []protocol.Location{loc("file:///m/\xff\xfe\xc3", 0, 0, 0, 1)}},
		{"line separators", []protocol.Location{loc("file:///m/\u2028\u2029\u2027", 0, 0, 0, 1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := json.Marshal(tc.locs)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := encodeResult(nil, tc.locs)
			if !ok {
				t.Fatal("no hand-written encoder for []protocol.Location")
			}
			if !bytes.Equal(got, want) {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
	if _, ok := encodeResult(nil, &protocol.Hover{}); ok {
		t.Error("a hover has no hand-written encoder, yet encodeResult took it")
	}
}

func FuzzEncodeLocations(f *testing.F) {
	f.Add("file:///mod/a.pp", uint32(1), uint32(2), uint32(3), uint32(4))
	f.Add("file:///m/\xff\u2028<>&\"\\\x01é", uint32(0), uint32(4294967295), uint32(0), uint32(1))
	f.Fuzz(func(t *testing.T, uri string, l1, c1, l2, c2 uint32) {
		locs := []protocol.Location{loc(uri, l1, c1, l2, c2), loc(strings.ToUpper(uri), l2, c2, l1, c1)}
		want, err := json.Marshal(locs)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendLocations(nil, locs); !bytes.Equal(got, want) {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
}

func BenchmarkEncodeLocations(b *testing.B) {
	// The largest answer of BenchmarkReferences: 16,000 locations, about
	// five a file.
	locs := make([]protocol.Location, 16_000)
	for i := range locs {
		locs[i] = loc("file:///tmp/modls-bench-50000-seed1-v1/controls/service_"+strings.Repeat("x", i/5%20)+".pp", uint32(i), 10, uint32(i), 30)
	}
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			json.Marshal(locs)
		}
	})
	b.Run("hand-written", func(b *testing.B) {
		for b.Loop() {
			encodeResult(nil, locs)
		}
	})
}
