package lsp

import (
	"path/filepath"
	"testing"

	"github.com/modls/modls/internal/fileuri"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// TestSelectionRangePositions asks for several positions at once: one
// answer per position, in order.
func TestSelectionRangePositions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.pp")
	s := idleServer(t, nopWriter{}, path, "a {\n  b = 1\n  c = \"😀x\"\n}\n")
	res, err := s.selectionRange(&glsp.Context{}, &protocol.SelectionRangeParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: fileuri.FromPath(path)},
		Positions:    []protocol.Position{{Line: 1, Character: 6}, {Line: 2, Character: 9}, {Line: 9, Character: 0}},
	})
	if err != nil || len(res) != 3 {
		t.Fatalf("%d answers, %v; want 3", len(res), err)
	}
	want := []protocol.Range{
		{Start: protocol.Position{Line: 1, Character: 6}, End: protocol.Position{Line: 1, Character: 7}},
		{Start: protocol.Position{Line: 2, Character: 9}, End: protocol.Position{Line: 2, Character: 10}}, // x, after a surrogate pair
		{Start: protocol.Position{Line: 0, Character: 0}, End: protocol.Position{Line: 4, Character: 0}},  // past the end: the file
	}
	for i, r := range res {
		if r.Range != want[i] {
			t.Errorf("position %d: innermost range %+v, want %+v", i, r.Range, want[i])
		}
	}
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }
