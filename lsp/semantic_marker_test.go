package lsp

// This file registers the marker kind of semantic tokens:
//
//	@tokens   the tokens of the marker's line, from
//	          textDocument/semanticTokens/full of the open file: for each,
//	          its column (1-based, UTF-16), text, type and modifiers
//	          (type.modifier.modifier). The answer of
//	          textDocument/semanticTokens/range for the line must hold the
//	          same tokens on it. The index is built first: whether a
//	          local's value is SQL text depends on the whole mod.
//
// The decoded answers must be well-formed (see decodeSemanticTokens).

import (
	"fmt"
	"slices"
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

func init() {
	markerKinds["tokens"] = markTokens
}

func markTokens(r *markerRun, m marker, at string, out *strings.Builder) {
	// Wait for the index: which locals are SQL follows from the whole mod.
	var syms []protocol.SymbolInformation
	r.c.result("workspace/symbol", map[string]any{"query": ""}, &syms)
	r.open(m.file)
	text := r.texts[m.file]
	doc := map[string]any{"uri": r.uri(m.file)}
	var full, part protocol.SemanticTokens
	r.c.result("textDocument/semanticTokens/full", map[string]any{"textDocument": doc}, &full)
	r.c.result("textDocument/semanticTokens/range", map[string]any{"textDocument": doc, "range": map[string]any{
		"start": map[string]any{"line": m.line, "character": 0},
		"end":   map[string]any{"line": m.line + 1, "character": 0},
	}}, &part)
	onLine := func(data []protocol.UInteger, what string) []semanticToken {
		toks, err := decodeSemanticTokens(text, data)
		if err != nil {
			r.t.Errorf("%s: %s tokens: %v", at, what, err)
		}
		return slices.DeleteFunc(toks, func(t semanticToken) bool { return t.line != m.line })
	}
	toks := onLine(full.Data, "full")
	if ranged := onLine(part.Data, "range"); !slices.Equal(ranged, toks) {
		r.t.Errorf("%s: the range request's tokens on the line differ from the full request's:\n%v\n%v", at, ranged, toks)
	}
	line := strings.Split(text, "\n")[m.line]
	fmt.Fprintf(out, "%s: tokens:\n", at)
	for _, t := range toks {
		fmt.Fprintf(out, "\t%d %s %s\n", t.char+1, lineText(line, t), tokenKind(t))
	}
}
