package render

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/corpus"
)

// sqlKinds are the kinds of entry whose SQL a user may ask for.
var sqlKinds = map[index.Kind]bool{
	index.KindQuery: true, index.KindControl: true, index.KindDetection: true, index.KindCard: true,
	index.KindChart: true, index.KindFlow: true, index.KindGraph: true, index.KindHierarchy: true,
	index.KindImage: true, index.KindInput: true, index.KindTable: true, index.KindNode: true,
	index.KindEdge: true, index.KindWith: true,
}

// TestCorpusRendersWhole: every resource with SQL in every corpus mod
// renders completely — no interpolation or directive left — and every byte
// of the text maps back inside a file of the mod.
func TestCorpusRendersWhole(t *testing.T) {
	for _, name := range corpus.Mods(t) {
		t.Run(name, func(t *testing.T) {
			root := corpus.Mod(t, name)
			ix, st, _ := index.Load([]string{root})
			var varFiles []string
			for _, d := range st.Dirs {
				varFiles = append(varFiles, d.VarFiles...)
			}
			c := cache.New(64 << 20)
			r := New(ix, c, os.ReadFile, func(*index.Mod) []string { return varFiles })
			files := map[string][]byte{}
			rendered, templates, compared := 0, 0, 0
			for _, f := range ix.Files() {
				for i := range f.Entries() {
					e := &f.Entries()[i]
					if !sqlKinds[e.Kind] {
						continue
					}
					res, err := r.SQL(context.Background(), e)
					if errors.Is(err, ErrNoSQL) {
						continue
					}
					if err != nil {
						t.Errorf("%s: %v", e.QualifiedName(), err)
						continue
					}
					rendered++
					if !res.Complete || strings.Contains(res.Text, "${") || strings.Contains(res.Text, "%{") {
						t.Errorf("%s: incomplete %v\n%s", e.QualifiedName(), res.Unknown, res.Text)
					}
					if res.Complete && res.Source == e {
						// What HCL itself evaluates, through the same scope.
						src, _ := os.ReadFile(e.File().Path)
						blk, _ := c.GetOrParseBlock(e.File().Path, src, e.Range)
						want, diags := r.Scope(context.Background(), e.Mod()).Value(context.Background(), blk.Body.Attributes["sql"].Expr)
						if !diags.HasErrors() && want.IsWhollyKnown() && want.AsString() != res.Text {
							t.Errorf("%s: rendered\n%s\nHCL evaluates\n%s", e.QualifiedName(), res.Text, want.AsString())
						}
						compared++
					}
					if strings.TrimSpace(res.Text) == "" {
						t.Errorf("%s: empty SQL", e.QualifiedName())
					}
					for off := range len(res.Text) {
						loc, ok := res.Locate(off)
						if !ok {
							t.Fatalf("%s: byte %d maps nowhere", e.QualifiedName(), off)
						}
						src, seen := files[loc.Path]
						if !seen {
							var err error
							if src, err = os.ReadFile(loc.Path); err != nil {
								t.Fatalf("%s: byte %d maps to %s: %v", e.QualifiedName(), off, loc.Path, err)
							}
							files[loc.Path] = src
						}
						if int(loc.End) > len(src) || loc.Start > loc.End {
							t.Fatalf("%s: byte %d maps outside %s: %+v", e.QualifiedName(), off, loc.Path, loc)
						}
						if loc.Exact && src[loc.Start] != res.Text[off] {
							t.Fatalf("%s: byte %d %q maps to %q at %s:%d", e.QualifiedName(), off, res.Text[off], src[loc.Start], loc.Path, loc.Start)
						}
						if len(loc.Via) > 0 {
							templates++
						}
					}
				}
			}
			t.Logf("%d resources rendered, %d compared with HCL's evaluation, %d bytes through interpolations", rendered, compared, templates)
			if rendered == 0 {
				t.Fatal("nothing rendered")
			}
		})
	}
}
