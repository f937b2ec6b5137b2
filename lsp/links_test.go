package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/modls/modls/internal/fileuri"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// TestDocumentLinksSymlinks: a symbolic link inside the mod whose target is
// outside its folder is never linked, one that stays inside is, and an
// absolute path inside the mod is, through the real server.
func TestDocumentLinksSymlinks(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "mod")
	for name, text := range map[string]string{
		"secret.md":            "outside\n",
		"mod/docs/inside.md":   "inside\n",
		"mod/docs/nested/a.md": "nested\n",
	} {
		p := filepath.Join(base, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"docs/leak.md":  filepath.Join(base, "secret.md"), // leaves the mod
		"docs/alias.md": filepath.Join(root, "docs", "inside.md"),
		"docs/out":      base, // a folder link leaving the mod
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Skipf("cannot create symbolic links here: %v", err)
		}
	}
	abs := filepath.ToSlash(filepath.Join(root, "docs", "inside.md"))
	mod := `mod "m" {
  documentation = file("./docs/leak.md")
  title         = file("./docs/alias.md")
  description   = file("./docs/out/secret.md")
  color         = file("` + abs + `")
}
`
	if err := os.WriteFile(filepath.Join(root, "mod.pp"), []byte(mod), 0o644); err != nil {
		t.Fatal(err)
	}
	c := startServer(t, nil)
	c.initialize(root)
	var got []protocol.DocumentLink
	c.result("textDocument/documentLink", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(filepath.Join(root, "mod.pp"))}}, &got)
	var targets []string
	for _, l := range got {
		p, err := fileuri.ToPath(*l.Target)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		targets = append(targets, filepath.ToSlash(rel)+"@"+rangeText(l.Range))
	}
	want := []string{"docs/alias.md@3:25-3:40", "docs/inside.md@5:25-5:" + fmt.Sprint(25+len(abs))}
	if !slices.Equal(targets, want) {
		t.Errorf("links: %v, want %v", targets, want)
	}
}
