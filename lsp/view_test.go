package lsp

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// TestViewIsOneSnapshot: an edit that arrives while a request is being
// answered does not mix its text with the index the request took. Here a
// hover is on `query.b`; the edit inserts a line above it before the hover
// reads its text. Taken apart, the new text's offsets would be looked up in
// the old index; taken together, the hover answers query.b.
func TestViewIsOneSnapshot(t *testing.T) {
	root := writeMod(t, map[string]string{
		"mod.pp": "mod \"v\" {}\n",
		"q.pp":   "query \"a\" {\n  sql = \"select 1\"\n}\n\nquery \"b\" {\n  title = \"Bee\"\n  sql   = \"select 2\"\n}\n",
	})
	uri := pathToURI(filepath.Join(root, "q.pp"))
	var c *testClient
	edited := false
	c = startServer(t, func(s *Server) {
		s.opt.afterView = func() {
			if edited {
				return
			}
			edited = true
			// What didChange does when the edit arrives now.
			s.didChange(nil, &protocol.DidChangeTextDocumentParams{
				TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: 2},
				ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: "query \"zzz\" {\n  sql = \"select 3\"\n}\n" + strings.Repeat(" ", 40) + "\n"}},
			})
		}
	})
	c.initialize(root)
	text := "query \"a\" {\n  sql = \"select 1\"\n}\n\nquery \"b\" {\n  title = \"Bee\"\n  sql   = \"select 2\"\n}\n"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": text}})
	m := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 4, "character": 8}})
	var h struct {
		Contents struct{ Value string } `json:"contents"`
	}
	json.Unmarshal(m.Result, &h)
	if !edited || !strings.Contains(h.Contents.Value, "query.b") {
		t.Errorf("hover on query.b while an edit arrived: %s", m.Result)
	}
}
