package lsp

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/testtree"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// TestWorkspaceDiagnostics: with diagnostics.workspace, a closed file's
// problems are published, and cleared when an edit in an open file fixes
// them; without it, closed files get nothing.
func TestWorkspaceDiagnostics(t *testing.T) {
	files := map[string]string{
		"mod.pp":      "mod \"ws\" {}\n",
		"closed.pp":   "control \"c\" {\n  query = query.later\n}\n",
		"zz_quiet.pp": "query \"fine\" {\n  sql = \"select 1\"\n}\n",
		"open.pp":     "query \"other\" {\n  sql = \"select 1\"\n}\n",
	}
	for _, on := range []bool{true, false} {
		root := testtree.New(t, files)
		closedURI := fileuri.FromPath(filepath.Join(root, "closed.pp"))
		openURI := fileuri.FromPath(filepath.Join(root, "open.pp"))
		c := startServer(t, nil)
		c.initializeWith(root, map[string]any{"diagnostics": map[string]any{"workspace": on}}, false)
		c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": openURI, "languageId": "powerpipe", "version": 1, "text": files["open.pp"]}})
		// The open file's diagnostics come first, then the workspace pass.
		c.waitNote("diagnostics of open.pp", func(m *message) bool { return publishedFor(m, openURI) != nil })
		if !on {
			time.Sleep(3 * workspaceDelay)
			c.mu.Lock()
			for _, m := range c.notes {
				if publishedFor(m, closedURI) != nil {
					t.Errorf("diagnostics of a closed file published without diagnostics.workspace")
				}
			}
			c.mu.Unlock()
			continue
		}
		c.waitNote("diagnostics of closed.pp", func(m *message) bool {
			p := publishedFor(m, closedURI)
			return p != nil && len(p.Diagnostics) == 1
		})
		// Defining query.later in the open file fixes the closed one.
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": openURI, "version": 2}, "contentChanges": []map[string]any{{"text": "query \"later\" {\n  sql = \"select 1 as resource, 'ok' as status, '' as reason\"\n}\n"}}})
		c.waitNote("closed.pp cleared", func(m *message) bool {
			p := publishedFor(m, closedURI)
			return p != nil && len(p.Diagnostics) == 0
		})
	}
}

// publishedFor returns the params of m when it publishes diagnostics for uri.
func publishedFor(m *message, uri protocol.DocumentUri) *protocol.PublishDiagnosticsParams {
	if m.Method != "textDocument/publishDiagnostics" {
		return nil
	}
	var p protocol.PublishDiagnosticsParams
	if json.Unmarshal(m.Params, &p) != nil || p.URI != uri {
		return nil
	}
	return &p
}
