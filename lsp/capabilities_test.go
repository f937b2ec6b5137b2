package lsp

import (
	"path/filepath"
	"testing"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
)

// TestAdvertisedMethodsAnswer: every capability initialize advertises is
// served — its request is answered by a handler, not MethodNotFound — and
// every feature modls implements is advertised.
func TestAdvertisedMethodsAnswer(t *testing.T) {
	root := exampleRoot(t)
	c := startServer(t, nil)
	res := c.initialize(root)
	caps, _ := res["capabilities"].(map[string]any)
	doc := map[string]any{"uri": fileuri.FromPath(filepath.Join(root, "mod.pp"))}
	pos := map[string]any{"line": 0, "character": 5}
	rng := map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 3, "character": 0}}
	at := map[string]any{"textDocument": doc, "position": pos}
	methods := []struct {
		capability, method string
		params             any
	}{
		{"hoverProvider", "textDocument/hover", at},
		{"definitionProvider", "textDocument/definition", at},
		{"referencesProvider", "textDocument/references", map[string]any{"textDocument": doc, "position": pos, "context": map[string]any{"includeDeclaration": true}}},
		{"documentHighlightProvider", "textDocument/documentHighlight", at},
		{"renameProvider", "textDocument/prepareRename", at},
		{"completionProvider", "textDocument/completion", at},
		{"signatureHelpProvider", "textDocument/signatureHelp", at},
		{"documentSymbolProvider", "textDocument/documentSymbol", map[string]any{"textDocument": doc}},
		{"workspaceSymbolProvider", "workspace/symbol", map[string]any{"query": "acme"}},
		{"codeLensProvider", "textDocument/codeLens", map[string]any{"textDocument": doc}},
		{"codeActionProvider", "textDocument/codeAction", map[string]any{"textDocument": doc, "range": rng, "context": map[string]any{"diagnostics": []any{}}}},
		{"documentFormattingProvider", "textDocument/formatting", map[string]any{"textDocument": doc, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}},
		{"documentRangeFormattingProvider", "textDocument/rangeFormatting", map[string]any{"textDocument": doc, "range": rng, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}},
		{"foldingRangeProvider", "textDocument/foldingRange", map[string]any{"textDocument": doc}},
		{"selectionRangeProvider", "textDocument/selectionRange", map[string]any{"textDocument": doc, "positions": []any{pos}}},
		{"semanticTokensProvider", "textDocument/semanticTokens/full", map[string]any{"textDocument": doc}},
		{"semanticTokensProvider", "textDocument/semanticTokens/range", map[string]any{"textDocument": doc, "range": rng}},
		{"documentLinkProvider", "textDocument/documentLink", map[string]any{"textDocument": doc}},
		{"inlayHintProvider", "textDocument/inlayHint", map[string]any{"textDocument": doc, "range": rng}},
		{"executeCommandProvider", "workspace/executeCommand", map[string]any{"command": sqlCommand, "arguments": []any{map[string]any{"resource": "query.bucket_versioning_check"}}}},
	}
	for _, m := range methods {
		if caps[m.capability] == nil {
			t.Errorf("%s is implemented but %s is not advertised", m.method, m.capability)
			continue
		}
		if r := c.call(m.method, m.params); r.Error != nil && r.Error.Code == jsonrpc2.CodeMethodNotFound {
			t.Errorf("%s advertised, but %s is not served: %+v", m.capability, m.method, r.Error)
		}
	}
	// Nothing else is advertised: a capability added must join the list.
	known := map[string]bool{"textDocumentSync": true, "workspace": true}
	for _, m := range methods {
		known[m.capability] = true
	}
	for k := range caps {
		if !known[k] {
			t.Errorf("capability %s is advertised but not tested here", k)
		}
	}
}
