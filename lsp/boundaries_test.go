package lsp

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/testtree"
)

// TestReadsOnlyInsideTheWorkspace: a request naming a file outside the
// workspace folders and their mods, which the editor has not opened, reads
// nothing: no answer carries anything of it; closing it reads nothing.
func TestReadsOnlyInsideTheWorkspace(t *testing.T) {
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"m\" {}\n"})
	secret := filepath.Join(t.TempDir(), "secret.pp")
	if err := os.WriteFile(secret, []byte("query \"secret\" {\n  sql = \"select 1\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := startServer(t, nil)
	c.initialize(root)
	doc := map[string]any{"uri": fileuri.FromPath(secret)}
	for _, m := range []struct {
		method string
		params any
	}{
		{"textDocument/semanticTokens/full", map[string]any{"textDocument": doc}},
		{"textDocument/foldingRange", map[string]any{"textDocument": doc}},
		{"textDocument/documentSymbol", map[string]any{"textDocument": doc}},
		{"textDocument/formatting", map[string]any{"textDocument": doc, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}},
		{"textDocument/hover", map[string]any{"textDocument": doc, "position": map[string]any{"line": 0, "character": 8}}},
	} {
		r := c.call(m.method, m.params)
		if r.Error == nil && string(r.Result) != "null" && string(r.Result) != "[]" {
			t.Errorf("%s on a file outside the workspace: %s", m.method, r.Result)
		}
	}
	c.notify("textDocument/didClose", map[string]any{"textDocument": doc})
	var syms []map[string]any
	c.result("workspace/symbol", map[string]any{"query": "secret"}, &syms)
	if len(syms) != 0 {
		t.Errorf("a file outside the workspace was indexed: %v", syms)
	}
}
