package hover

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/complete"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/render"
)

// env indexes files (name → content) as one mod in a temporary folder,
// written to disk too, and returns an Env on it that records the
// documentation files it reads.
func env(t *testing.T, files map[string]string) (*Env, string, *[]string) {
	t.Helper()
	root := t.TempDir()
	b := index.NewBuilder()
	m := b.AddMod(root, filepath.Join(root, "mod.pp"))
	for name, text := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".pp") {
			b.SetFile(m, path, []byte(text), parse.Scan([]byte(text)))
		}
	}
	ix := b.Index()
	c := cache.New(1 << 20)
	var docs []string
	return &Env{
		Index:    ix,
		Cache:    c,
		Source:   os.ReadFile,
		Renderer: render.New(ix, c, os.ReadFile, func(*index.Mod) []string { return nil }),
		ReadDoc: func(path string, n int) ([]byte, error) {
			docs = append(docs, path)
			b, err := os.ReadFile(path)
			return b[:min(n, len(b))], err
		},
	}, root, &docs
}

// hoverAt hovers the first occurrence of needle in the file name, one byte
// into it.
func hoverAt(t *testing.T, e *Env, root, name, needle string) *Result {
	t.Helper()
	path := filepath.Join(root, name)
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(text), needle)
	if i < 0 {
		t.Fatalf("no %q in %s", needle, name)
	}
	return At(context.Background(), e, path, text, uint32(i+1))
}

func TestAt(t *testing.T) {
	e, root, docs := env(t, map[string]string{
		"mod.pp": "mod \"m\" {\n  title = \"M\"\n}\n",
		"q.pp": "query \"q\" {\n  title = \"Q\"\n  sql = \"select 1\"\n  documentation = file(\"./docs/q.md\")\n}\n" +
			"control \"c\" {\n  query = query.q\n  tags = { service = \"s3\" }\n  documentation = file(\"../secret.md\")\n}\n" +
			"locals {\n  l = 1\n}\n",
		"docs/q.md": "# How q works",
	})
	if err := os.WriteFile(filepath.Join(filepath.Dir(root), "secret.md"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}

	r := hoverAt(t, e, root, "q.pp", "query.q")
	if r == nil || !r.HasRange {
		t.Fatalf("hover on a reference: %+v", r)
	}
	for _, want := range []string{"**query** `m.query.q` — Q", "select 1", "# How q works", "*q.pp:1* · mod `m`"} {
		if !strings.Contains(r.Markdown, want) {
			t.Errorf("hover on a reference lacks %q:\n%s", want, r.Markdown)
		}
	}
	text, _ := os.ReadFile(filepath.Join(root, "q.pp"))
	if got := string(text[r.Range.Start.Byte:r.Range.End.Byte]); got != "query.q" {
		t.Errorf("range of the hover on a reference: %q, want the reference", got)
	}

	*docs = nil
	r = hoverAt(t, e, root, "q.pp", "\"c\"")
	if r == nil || !strings.Contains(r.Markdown, "tags: `service = s3`") || strings.Contains(r.Markdown, "secret") {
		t.Errorf("hover on a control with documentation outside its mod: %+v", r)
	}
	if len(*docs) != 0 {
		t.Errorf("documentation outside the mod was read: %v", *docs)
	}

	// The schema's words are completion's, so the two never disagree.
	want := complete.Resolve(e.Index, complete.Ref{Kind: complete.RefAttribute, Context: []string{"query"}, Name: "sql"})
	if r := hoverAt(t, e, root, "q.pp", "sql ="); r == nil || r.HasRange || want == "" || r.Markdown != want {
		t.Errorf("hover on an attribute name: %+v, want completion's words %q and no range", r, want)
	}
	want = complete.Resolve(e.Index, complete.Ref{Kind: complete.RefBlock, Name: "locals"})
	if r := hoverAt(t, e, root, "q.pp", "locals {"); r == nil || want == "" || r.Markdown != want {
		t.Errorf("hover on a structural block's type: %+v, want completion's words %q", r, want)
	}
	if r := hoverAt(t, e, root, "mod.pp", "\n}"); r != nil {
		t.Errorf("hover on nothing: %+v", r)
	}
}

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…"},
		{"aé", 2, "a…"}, // é is two bytes: never cut inside it
	} {
		if got := Truncate(tc.in, tc.n); got != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}
