package lsp

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modls/modls/internal/corpus"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/settings"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/check"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// TestValidModsHaveNoDiagnostics: both corpus mods load in Powerpipe, and
// so does the example mod; not one error or warning may be reported on them.
func TestValidModsHaveNoDiagnostics(t *testing.T) {
	roots := []string{exampleRoot(t)}
	for _, m := range corpus.Mods(t) {
		roots = append(roots, corpus.Mod(t, m))
	}
	c := cache.New(DefaultCacheBudget)
	for _, root := range roots {
		ix, st, _ := index.Load([]string{root})
		if st.Files == 0 {
			t.Fatalf("nothing indexed in %s", root)
		}
		for _, f := range ix.Files() {
			text, err := os.ReadFile(f.Path)
			if err != nil {
				t.Fatal(err)
			}
			li := newLineIndex(text)
			ds := computeDiagnostics(context.Background(), ix, c, f.Path, text, li, func(*index.File, parse.Range) protocol.Range { return protocol.Range{} }, os.ReadFile, nil, nil, settings.Default().Diagnostics, nil)
			for _, d := range ds {
				if *d.Severity == protocol.DiagnosticSeverityHint {
					continue // unused queries and locals: fair hints
				}
				t.Errorf("%s:%d:%d: false alarm: %s", f.Path, d.Range.Start.Line+1, d.Range.Start.Character+1, d.Message)
			}
		}
	}
}

func TestPublishedDiagnostics(t *testing.T) {
	root := exampleRoot(t)
	c := startServer(t, nil)
	c.initialize(root)
	path := filepath.Join(root, "zz_diag_test.pp")
	uri := fileuri.FromPath(path)
	// glsp's IntegerOrString does not decode, so read codes as strings.
	type diag struct {
		Range              protocol.Range
		Code               string
		Message            string
		RelatedInformation []protocol.DiagnosticRelatedInformation
	}
	latest := func(after int) (int, []diag) {
		var n int
		var got []diag
		m := c.waitNote("diagnostics for the test document", func(m *message) bool {
			n++
			if m.Method != "textDocument/publishDiagnostics" || n <= after {
				return false
			}
			var p protocol.PublishDiagnosticsParams
			json.Unmarshal(m.Params, &p)
			return p.URI == uri
		})
		var p struct {
			Diagnostics []diag
		}
		json.Unmarshal(m.Params, &p)
		got = p.Diagnostics
		c.mu.Lock()
		defer c.mu.Unlock()
		return len(c.notes), got
	}
	text := "control \"diag_probe\" {\n  query = query.no_such_query\n}\n\nquery \"bucket_versioning_check\" {\n  sql = \"select 1\"\n}\n"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": text}})
	seen, ds := latest(0)
	codes := map[string]diag{}
	for _, d := range ds {
		codes[d.Code] = d
	}
	if d, ok := codes[check.CodeUnresolved]; !ok || d.Range.Start.Line != 1 || d.Range.Start.Character != 10 || !strings.Contains(d.Message, "query.no_such_query") {
		t.Errorf("unresolved reference: %+v", ds)
	}
	if d, ok := codes[check.CodeDuplicate]; !ok || len(d.RelatedInformation) != 1 || !strings.HasSuffix(string(d.RelatedInformation[0].Location.URI), "queries/storage.pp") {
		t.Errorf("duplicate name with the other place: %+v", ds)
	}
	// Fix both: the problems are cleared.
	fixed := "control \"diag_probe\" {\n  query = query.bucket_versioning_check\n}\n"
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2}, "contentChanges": []map[string]any{{"text": fixed}}})
	seen, ds = latest(seen)
	if len(ds) != 0 {
		t.Errorf("diagnostics after the fix: %+v", ds)
	}
	// A syntax error, placed exactly.
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 3}, "contentChanges": []map[string]any{{"text": "control \"diag_probe\" {\n  title = \"unterminated\n}\n"}}})
	_, ds = latest(seen)
	if len(ds) == 0 || ds[0].Code != check.CodeSyntax || ds[0].Range.Start.Line != 1 {
		t.Errorf("syntax error: %+v", ds)
	}
}

// TestNoDiagnosticsOutsideMods: a .pp file that belongs to no mod — a Puppet
// manifest beside a mod in the same workspace — is not Powerpipe's, so the
// server publishes nothing for it, while the mod's own files are diagnosed.
func TestNoDiagnosticsOutsideMods(t *testing.T) {
	ws := t.TempDir()
	for name, text := range map[string]string{
		"mod/mod.pp":         "mod \"m\" {\n  title = \"M\"\n}\n",
		"puppet/site.pp":     "node 'web01' {\n  include apache\n}\n",
		"puppet/site.ppvars": "not = [valid\n",
	} {
		path := filepath.Join(ws, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := startServer(t, nil)
	c.initialize(ws)
	open := func(path, text string) {
		c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(path), "languageId": "powerpipe", "version": 1, "text": text}})
	}
	published := func(path string) *message {
		uri := fileuri.FromPath(path)
		return c.waitNote("diagnostics of "+path, func(m *message) bool {
			var p protocol.PublishDiagnosticsParams
			json.Unmarshal(m.Params, &p)
			return m.Method == "textDocument/publishDiagnostics" && p.URI == uri
		})
	}
	open(filepath.Join(ws, "puppet", "site.pp"), "node 'web01' {\n  include apache\n}\n")
	open(filepath.Join(ws, "puppet", "site.ppvars"), "not = [valid\n")
	// A mod file with a syntax error: its diagnostics come from a run that
	// also saw the Puppet files; a second mod file's come from a later run,
	// after every notification of the first.
	first, second := filepath.Join(ws, "mod", "a.pp"), filepath.Join(ws, "mod", "b.pp")
	open(first, "query \"q\" {\n  sql = \"select 1\n}\n")
	var p struct{ Diagnostics []json.RawMessage }
	json.Unmarshal(published(first).Params, &p)
	if len(p.Diagnostics) == 0 {
		t.Errorf("no diagnostics for the broken mod file %s", first)
	}
	open(second, "query \"r\" {\n  sql = \"select 2\"\n}\n")
	published(second)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range c.notes {
		var p protocol.PublishDiagnosticsParams
		json.Unmarshal(m.Params, &p)
		if m.Method == "textDocument/publishDiagnostics" && strings.Contains(string(p.URI), "/puppet/") {
			t.Errorf("diagnostics published for a file in no mod: %s", m.Params)
		}
	}
}
