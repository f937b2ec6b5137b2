package lsp

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/parse"
)

func TestSelectionSpans(t *testing.T) {
	tests := []struct {
		name string
		src  string
		at   string // the cursor is just before the first "|" (removed)
		want []string
	}{
		{"traversal step", "a {\n  q = query.x.sql\n}\n", "a {\n  q = query.|x.sql\n}\n",
			[]string{"x", "query.x", "query.x.sql", "q = query.x.sql", "{\n  q = query.x.sql\n}", "a {\n  q = query.x.sql\n}", "a {\n  q = query.x.sql\n}\n"}},
		{"index step", "x = var.l[0]\n", "x = var.l[|0]\n",
			[]string{"0", "[0]", "var.l[0]", "x = var.l[0]", "x = var.l[0]\n"}},
		{"cursor at the end of a word", "x = var.abc\n", "x = var.abc|\n",
			[]string{"abc", "var.abc", "x = var.abc", "x = var.abc\n"}},
		{"between attributes", "a {\n  b = 1\n\n  c = 2\n}\n", "a {\n  b = 1\n|\n  c = 2\n}\n",
			[]string{"b = 1\n\n  c = 2", "{\n  b = 1\n\n  c = 2\n}", "a {\n  b = 1\n\n  c = 2\n}", "a {\n  b = 1\n\n  c = 2\n}\n"}},
		{"block type", "a \"l\" {\n  b {\n  }\n}\n", "a \"l\" {\n  |b {\n  }\n}\n",
			// The block b is also the body of a, trimmed: one step.
			[]string{"b", "b {\n  }", "{\n  b {\n  }\n}", "a \"l\" {\n  b {\n  }\n}", "a \"l\" {\n  b {\n  }\n}\n"}},
		{"non-ASCII word", "t = \"Über 日本\"\n", "t = \"Über 日|本\"\n",
			[]string{"日本", "\"Über 日本\"", "t = \"Über 日本\"", "t = \"Über 日本\"\n"}},
		{"empty file", "", "|", []string{""}},
		{"end of file", "a = 1", "a = 1|", []string{"1", "a = 1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := []byte(tc.src)
			off := strings.Index(tc.at, "|")
			chain := selectionSpans(text, parse.Scan(text), parse.Regions(text), off)
			var got []string
			for i, s := range chain {
				if s.start > off || s.end < off {
					t.Errorf("span %q does not hold the cursor", text[s.start:s.end])
				}
				if i > 0 && (!s.contains(chain[i-1]) || s == chain[i-1]) {
					t.Errorf("span %q does not strictly contain %q", text[s.start:s.end], text[chain[i-1].start:chain[i-1].end])
				}
				got = append(got, string(text[s.start:s.end]))
			}
			if last := chain[len(chain)-1]; last.start != 0 || last.end != len(text) {
				t.Errorf("the chain ends with %q, not the whole file", text[last.start:last.end])
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("chain:\n%q\nwant:\n%q", got, tc.want)
			}
		})
	}
}

// TestSelectionRangePositions asks for several positions at once: one
// answer per position, in order.
func TestSelectionRangePositions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.pp")
	s := idleServer(t, nopWriter{}, path, "a {\n  b = 1\n  c = \"😀x\"\n}\n")
	res, err := s.selectionRange(&glsp.Context{}, &protocol.SelectionRangeParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: pathToURI(path)},
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
