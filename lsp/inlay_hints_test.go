package lsp

// Marker kind @inlay: the inlay hints of the whole file.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/modls/modls/internal/testtree"
)

func init() { markerKinds["inlay"] = markInlay }

func markInlay(r *markerRun, m marker, at string, out *strings.Builder) {
	r.open(m.file)
	var hints []inlayHint
	r.c.result("textDocument/inlayHint", map[string]any{"textDocument": map[string]any{"uri": r.uri(m.file)},
		"range": map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 100000, "character": 0}}}, &hints)
	fmt.Fprintf(out, "%s: inlay hints:\n", at)
	for _, h := range hints {
		fmt.Fprintf(out, "\t%d:%d %q (%s)\n", h.Position.Line+1, h.Position.Character+1, h.Label, h.Tooltip)
	}
}

// TestInlayHintCapability: initialize advertises inlay hints although
// glsp's types cannot, next to the capabilities they can.
func TestInlayHintCapability(t *testing.T) {
	c := startServer(t, nil)
	res := c.initialize(testtree.New(t, map[string]string{"mod.pp": "mod \"m\" {}\n"}))
	caps, _ := res["capabilities"].(map[string]any)
	if caps["inlayHintProvider"] != true || caps["hoverProvider"] != true {
		t.Errorf("capabilities: %v", caps)
	}
}
