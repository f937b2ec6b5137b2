package lsp

import (
	"os"
	"path/filepath"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/internal/fileuri"
)

// refsWorkspace writes a small mod and returns a client initialized on it.
func refsWorkspace(t *testing.T) (*testClient, string) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{
		"mod.pp": "mod \"r\" {}\n",
		"a.pp":   "query \"q\" {\n  sql = \"select 1\"\n}\n\ncontrol \"c\" {\n  query = query.q\n}\n",
		"b.pp":   "control \"d\" {\n  query = query.q\n}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := startServer(t, nil)
	c.initialize(dir)
	return c, dir
}

func TestReferencesIncludeDeclaration(t *testing.T) {
	c, dir := refsWorkspace(t)
	a := fileuri.FromPath(filepath.Join(dir, "a.pp"))
	for _, tc := range []struct {
		include bool
		want    int
	}{{true, 3}, {false, 2}} {
		var locs []protocol.Location
		c.result("textDocument/references", map[string]any{
			"textDocument": map[string]any{"uri": a},
			"position":     map[string]any{"line": 5, "character": 17}, // query.q in control "c"
			"context":      map[string]any{"includeDeclaration": tc.include},
		}, &locs)
		if len(locs) != tc.want {
			t.Errorf("references with includeDeclaration %v: %d locations %v, want %d", tc.include, len(locs), locs, tc.want)
		}
		for _, l := range locs {
			if !tc.include && l.URI == a && l.Range.Start.Line == 0 {
				t.Errorf("references without the declaration include it: %v", locs)
			}
		}
	}
}

// TestCodeLensResolveAfterChange resolves a lens made before an edit that
// removed its block: the answer says so instead of counting something else.
func TestCodeLensResolveAfterChange(t *testing.T) {
	c, dir := refsWorkspace(t)
	a := fileuri.FromPath(filepath.Join(dir, "a.pp"))
	text, _ := os.ReadFile(filepath.Join(dir, "a.pp"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": a, "languageId": "powerpipe", "version": 1, "text": string(text)}})
	var lenses []protocol.CodeLens
	c.result("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": a}}, &lenses)
	if len(lenses) != 2 {
		t.Fatalf("codeLens = %+v, want a lens on query q and on control c", lenses)
	}
	var first protocol.CodeLens
	c.result("codeLens/resolve", lenses[0], &first)
	if first.Command == nil || first.Command.Title != "2 references" {
		t.Fatalf("resolved lens of query q = %+v, want 2 references", first.Command)
	}
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": a, "version": 2},
		"contentChanges": []map[string]any{{"text": "\n\n\n\n\n\n\n"}},
	})
	var stale protocol.CodeLens
	c.result("codeLens/resolve", lenses[0], &stale)
	if stale.Command == nil || stale.Command.Title != "(changed)" {
		t.Errorf("lens resolved after its block went = %+v, want the title (changed)", stale.Command)
	}
	if m := c.call("codeLens/resolve", map[string]any{"range": lenses[0].Range}); m.Error == nil {
		t.Errorf("codeLens/resolve of a lens without data: %s, want an error", m.Result)
	}
}

// The answers kept per snapshot never outlive it: an edit that adds a
// reference shows in the next answer, and in the code lens.
func TestReferencesAfterEdit(t *testing.T) {
	c, dir := refsWorkspace(t)
	b := fileuri.FromPath(filepath.Join(dir, "b.pp"))
	text, _ := os.ReadFile(filepath.Join(dir, "b.pp"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": b, "languageId": "powerpipe", "version": 1, "text": string(text)}})
	refs := func() int {
		var locs []protocol.Location
		c.result("textDocument/references", map[string]any{
			"textDocument": map[string]any{"uri": b},
			"position":     map[string]any{"line": 1, "character": 17}, // query.q in control "d"
			"context":      map[string]any{"includeDeclaration": false},
		}, &locs)
		return len(locs)
	}
	if n, again := refs(), refs(); n != 2 || again != 2 {
		t.Fatalf("references of query q: %d then %d, want 2", n, again)
	}
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": b, "version": 2},
		"contentChanges": []map[string]any{{"text": string(text) + "\ncontrol \"e\" {\n  query = query.q\n}\n"}},
	})
	if n := refs(); n != 3 {
		t.Errorf("references of query q after adding one: %d, want 3", n)
	}
}
