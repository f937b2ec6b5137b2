package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/internal/fileuri"
)

// TestConfigChanges: the diagnostics of open documents follow the mod's
// .modls.hcl as it changes on disk (the watcher reports it) and as it is
// edited in the editor, before it is saved.
func TestConfigChanges(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("mod.pp", "mod \"c\" {}\n")
	write("a.pp", "query \"idle\" {\n  sql = \"select 1\"\n}\n")
	c := startServer(t, nil)
	c.initialize(dir)
	uri := fileuri.FromPath(filepath.Join(dir, "a.pp"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": "query \"idle\" {\n  sql = \"select 1\"\n}\n"}})
	// published waits for diagnostics of a.pp whose severities are want,
	// published after those the last call found.
	var last *message
	published := func(what string, want ...protocol.DiagnosticSeverity) {
		t.Helper()
		passed := last == nil
		last = c.waitNote(what, func(m *message) bool {
			if !passed {
				passed = m == last
				return false
			}
			if m.Method != "textDocument/publishDiagnostics" {
				return false
			}
			var p protocol.PublishDiagnosticsParams
			json.Unmarshal(m.Params, &p)
			if p.URI != uri || len(p.Diagnostics) != len(want) {
				return false
			}
			for i, d := range p.Diagnostics {
				if d.Severity == nil || *d.Severity != want[i] {
					return false
				}
			}
			return true
		})
	}
	published("the unused hint", protocol.DiagnosticSeverityHint)
	write(".modls.hcl", "rule \"unused\" {\n  severity = \"warning\"\n}\n")
	published("the hint as a warning, once the file is written", protocol.DiagnosticSeverityWarning)
	cfg := fileuri.FromPath(filepath.Join(dir, ".modls.hcl"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": cfg, "languageId": "hcl", "version": 1, "text": "rule \"unused\" {\n  severity = \"warning\"\n}\n"}})
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": cfg, "version": 2},
		"contentChanges": []any{map[string]any{"text": "rule \"unused\" {\n  enabled = false\n}\n"}}})
	published("no diagnostic, once the open file turns the rule off")
	os.Remove(filepath.Join(dir, ".modls.hcl"))
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": cfg}})
	published("the hint again, once the file is gone", protocol.DiagnosticSeverityHint)
}
