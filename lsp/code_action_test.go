package lsp

// Marker kinds of code actions:
//
//	@fix("text")  the code actions at text (only quick fixes), with their
//	              edits
//	@fixall       the source.fixAll action of the file, with its edits

import (
	"fmt"
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

func init() {
	markerKinds["fix"] = markFix
	markerKinds["fixall"] = markFixAll
}

func markFix(r *markerRun, m marker, at string, out *strings.Builder) {
	r.open(m.file)
	pos := r.position(m)
	params := map[string]any{"textDocument": map[string]any{"uri": r.uri(m.file)}, "range": map[string]any{"start": pos, "end": pos},
		"context": map[string]any{"diagnostics": []any{}, "only": []string{"quickfix"}}}
	fmt.Fprintf(out, "%s: fix(%q):\n", at, m.arg)
	writeActions(r, out, params)
}

func markFixAll(r *markerRun, m marker, at string, out *strings.Builder) {
	r.open(m.file)
	params := map[string]any{"textDocument": map[string]any{"uri": r.uri(m.file)}, "range": map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 0, "character": 0}},
		"context": map[string]any{"diagnostics": []any{}, "only": []string{"source.fixAll"}}}
	fmt.Fprintf(out, "%s: fixall:\n", at)
	writeActions(r, out, params)
}

func writeActions(r *markerRun, out *strings.Builder, params map[string]any) {
	var actions []protocol.CodeAction
	r.c.result("textDocument/codeAction", params, &actions)
	if len(actions) == 0 {
		out.WriteString("\tnothing\n")
	}
	for _, a := range actions {
		kind := ""
		if a.Kind != nil {
			kind = string(*a.Kind)
		}
		preferred := ""
		if a.IsPreferred != nil && *a.IsPreferred {
			preferred = ", preferred"
		}
		fmt.Fprintf(out, "\t%s (%s%s)\n", a.Title, kind, preferred)
		if a.Edit == nil {
			continue
		}
		for uri, edits := range a.Edit.Changes {
			for _, e := range edits {
				fmt.Fprintf(out, "\t\t%s:%s %q\n", r.rel(uri), rangeText(e.Range), e.NewText)
			}
		}
	}
}
