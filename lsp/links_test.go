package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

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
	c.result("textDocument/documentLink", map[string]any{"textDocument": map[string]any{"uri": pathToURI(filepath.Join(root, "mod.pp"))}}, &got)
	var targets []string
	for _, l := range got {
		p, err := uriToPath(*l.Target)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		targets = append(targets, filepath.ToSlash(rel)+"@"+span(l.Range))
	}
	want := []string{"docs/alias.md@3:25-3:40", "docs/inside.md@5:25-5:" + fmt.Sprint(25+len(abs))}
	if !slices.Equal(targets, want) {
		t.Errorf("links: %v, want %v", targets, want)
	}
}

func TestRepositoryURL(t *testing.T) {
	tests := []struct {
		path, want string
	}{
		{"github.com/turbot/steampipe-mod-aws-insights", "https://github.com/turbot/steampipe-mod-aws-insights"},
		{"gitlab.com/group/sub/repo", "https://gitlab.com/group/sub/repo"},
		{"git.example-host.io/org/repo.v2", "https://git.example-host.io/org/repo.v2"},
		{"github.com/turbot", ""},          // no repository
		{"../local-mod/x/y", ""},           // a local path
		{"./mods/a/b", ""},                 // a local path
		{"localhost/org/repo", ""},         // no domain
		{"127.0.0.1/org/repo", ""},         // no letter
		{"github.com/org/../../etc", ""},   // dot segments
		{"github.com/org/repo name", ""},   // a space
		{"github.com//repo", ""},           // an empty segment
		{"-bad.com/org/repo", ""},          // a label starting with -
		{"github.com/org/repo?x=1", ""},    // a query
		{"github.com/org/repo#branch", ""}, // a fragment
		{"/abs/path/to/mod", ""},           // an absolute path
		{"", ""},
	}
	for _, tc := range tests {
		got, ok := repositoryURL(tc.path)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("repositoryURL(%q) = %q, %v; want %q", tc.path, got, ok, tc.want)
		}
	}
}
