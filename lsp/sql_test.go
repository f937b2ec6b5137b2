package lsp

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/internal/testtree"
)

// TestSQLCommand: modls.sql renders a resource named or at a position, from
// the open document's text, and answers a clear error for what has no SQL.
func TestSQLCommand(t *testing.T) {
	root := testtree.New(t, map[string]string{
		"mod.pp": `mod "m" {}`,
		"q.pp": `locals {
  cols = "a, b"
}

query "q" {
  sql = "select ${local.cols} from t where x = '${var.v}'"
}

control "c" {
  query = query.q
}

variable "v" {
  type = string
}
`,
	})
	c := startServer(t, nil)
	c.initialize(root)
	uri := fileuri.FromPath(filepath.Join(root, "q.pp"))
	run := func(arg map[string]any) (SQLResult, *message) {
		t.Helper()
		m := c.call("workspace/executeCommand", map[string]any{"command": "modls.sql", "arguments": []any{arg}})
		var r SQLResult
		if m.Error == nil {
			if err := json.Unmarshal(m.Result, &r); err != nil {
				t.Fatalf("%s: %v", m.Result, err)
			}
		}
		return r, m
	}
	r, m := run(map[string]any{"resource": "query.q"})
	if m.Error != nil || r.SQL != "select a, b from t where x = '${var.v}'" || r.Complete || r.Resource != "m.query.q" || r.Dialect != "postgres" || len(r.Unknown) != 1 {
		t.Errorf("query.q: %+v %+v", r, m.Error)
	}
	// At a position: on the reference, the query it names.
	r, m = run(map[string]any{"uri": uri, "position": map[string]any{"line": 9, "character": 13}})
	if m.Error != nil || r.Resource != "m.query.q" {
		t.Errorf("at the control's query: %+v %+v", r, m.Error)
	}
	r, m = run(map[string]any{"uri": uri, "position": map[string]any{"line": 8, "character": 10}})
	if m.Error != nil || r.Resource != "m.control.c" || r.SQL == "" {
		t.Errorf("at the control: %+v %+v", r, m.Error)
	}
	// The open document's text, as edited.
	text := `locals {
  cols = "a, b, c"
}

query "q" {
  sql = "select ${local.cols} from t"
}
`
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": text}})
	r, m = run(map[string]any{"resource": "query.q"})
	if m.Error != nil || r.SQL != "select a, b, c from t" || !r.Complete {
		t.Errorf("after the edit: %+v %+v", r, m.Error)
	}
	for _, bad := range []map[string]any{{"resource": "query.nope"}, {"resource": "not a name"}, {"uri": uri, "position": map[string]any{"line": 0, "character": 0}}, {}} {
		if _, m := run(bad); m.Error == nil || m.Error.Code != jsonrpc2.CodeInvalidParams {
			t.Errorf("%v: want InvalidParams, got %+v", bad, m.Error)
		}
	}
	if m := c.call("workspace/executeCommand", map[string]any{"command": "modls.nope"}); m.Error == nil || m.Error.Code != jsonrpc2.CodeInvalidParams {
		t.Errorf("an unknown command: %+v", m.Error)
	}
}
