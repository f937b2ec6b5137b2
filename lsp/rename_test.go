package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/modls/modls/internal/fileuri"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// TestRenameDocumentChanges renames through a client that takes versioned
// documentChanges: the open document, edited but not saved, is renamed at
// its current version from its current text, a file that is not open gets a
// null version and is read from disk, and both have non-ASCII text before
// the references (UTF-16 columns).
func TestRenameDocumentChanges(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"mod.pp": "mod \"vers\" {}\n",
		"a.pp":   "query \"q\" {\n  sql = \"select 1\"\n}\n",
		"b.pp":   "control \"d\" {\n  args = [\"Überprüfung 😀😀\", query.q]\n}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := startServer(t, nil)
	var res struct {
		Capabilities map[string]any
	}
	c.result("initialize", map[string]any{
		"processId": nil,
		"rootUri":   string(fileuri.FromPath(dir)),
		"capabilities": map[string]any{
			"workspace": map[string]any{"workspaceEdit": map[string]any{"documentChanges": true}},
		},
	}, &res)
	c.notify("initialized", map[string]any{})
	for _, k := range []string{"referencesProvider", "documentHighlightProvider", "codeLensProvider"} {
		if res.Capabilities[k] == nil {
			t.Errorf("capability %s not advertised", k)
		}
	}
	if rp, _ := res.Capabilities["renameProvider"].(map[string]any); rp == nil || rp["prepareProvider"] != true {
		t.Errorf("renameProvider = %v, want prepareProvider true", res.Capabilities["renameProvider"])
	}

	a := fileuri.FromPath(filepath.Join(dir, "a.pp"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": a, "languageId": "powerpipe", "version": 1, "text": files["a.pp"]}})
	edited := files["a.pp"] + "\ncontrol \"c\" {\n  args = [\"é😀\", query.q.sql]\n}\n"
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": a, "version": 4},
		"contentChanges": []map[string]any{{"text": edited}},
	})

	m := c.call("textDocument/rename", map[string]any{
		"textDocument": map[string]any{"uri": a},
		"position":     map[string]any{"line": 0, "character": 7},
		"newName":      "renamed",
	})
	if m.Error != nil {
		t.Fatalf("rename: error %d: %s", m.Error.Code, m.Error.Message)
	}
	var we struct {
		Changes         map[string]any
		DocumentChanges []struct {
			TextDocument struct {
				URI     protocol.DocumentUri
				Version *int
			}
			Edits []protocol.TextEdit
		}
	}
	if err := json.Unmarshal(m.Result, &we); err != nil {
		t.Fatalf("rename answered %s: %v", m.Result, err)
	}
	if we.Changes != nil || len(we.DocumentChanges) != 2 {
		t.Fatalf("rename answered %s, want documentChanges for a.pp and b.pp only", m.Result)
	}
	want := map[string]struct {
		before, after string
		version       *int
	}{
		"a.pp": {edited, "query \"renamed\" {\n  sql = \"select 1\"\n}\n\ncontrol \"c\" {\n  args = [\"é😀\", query.renamed.sql]\n}\n", new(4)},
		"b.pp": {files["b.pp"], "control \"d\" {\n  args = [\"Überprüfung 😀😀\", query.renamed]\n}\n", nil},
	}
	for _, dc := range we.DocumentChanges {
		p, _ := fileuri.ToPath(dc.TextDocument.URI)
		name := filepath.Base(p)
		w, ok := want[name]
		if !ok {
			t.Errorf("rename edits %s", p)
			continue
		}
		switch {
		case w.version == nil && dc.TextDocument.Version != nil:
			t.Errorf("%s: version %d, want null (not open)", name, *dc.TextDocument.Version)
		case w.version != nil && (dc.TextDocument.Version == nil || *dc.TextDocument.Version != *w.version):
			t.Errorf("%s: version %v, want %d", name, dc.TextDocument.Version, *w.version)
		}
		if got := applyTextEdits(t, w.before, dc.Edits); got != w.after {
			t.Errorf("%s after the rename:\n%s\nwant:\n%s", name, got, w.after)
		}
	}
}

// applyTextEdits applies LSP edits (UTF-16 ranges into text) as a client
// would.
func applyTextEdits(t *testing.T, text string, edits []protocol.TextEdit) string {
	t.Helper()
	li := newLineIndex([]byte(text))
	out := text
	// Apply from the last edit back, so earlier offsets stay valid.
	for i := len(edits) - 1; i >= 0; i-- {
		s, e := li.offset([]byte(text), edits[i].Range.Start), li.offset([]byte(text), edits[i].Range.End)
		if i > 0 && li.offset([]byte(text), edits[i-1].Range.End) > s {
			t.Fatalf("edits out of order or overlapping: %+v", edits)
		}
		out = out[:s] + edits[i].NewText + out[e:]
	}
	return out
}
