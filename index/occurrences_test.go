package index

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/modls/modls/internal/testtree"
)

var occSrc = map[string]string{
	"a.pp": `query "q" {
  sql = "select 1"
}

query "dup" {
  sql = "select 1"
}

control "c1" {
  query = query.q
  args  = [query.dup, ws.query.q.sql, query.ghost]
}

benchmark "root" {
  children = [control.c1, benchmark.child, benchmark.root]
}

benchmark "child" {
  children = [control.c1, control.c2, benchmark.root, dep.benchmark.far]
  description = control.c3.title
}
`,
	"b.pp": `query "dup" {
  sql = "select 2"
}

control "c2" {
  query = query.dup
  tags  = { q = query.q.title, g = query.ghost.sql }
}

control "c3" {
  sql = "select 1"
}

dashboard "d" {
  input "i" {
    sql = "select 1"
  }
  table {
    query = query.q
    args  = [self.input.i.value, self.input.i.value]
  }
}
`,
	"mod.pp": `mod "ws" {}
`,
}

// newOccIndex indexes occSrc as mod "ws" at /ws, with a dependency "dep"
// holding benchmark "far" over two controls.
func newOccIndex(t *testing.T) *Index {
	t.Helper()
	b := NewBuilder()
	ws := b.AddMod("/ws", "/ws/mod.pp")
	dep := b.AddMod("/ws/.powerpipe/mods/x/dep@v1", "")
	b.SetDeps(ws, dep)
	for name, src := range occSrc {
		setFile(b, ws, "/ws/"+name, src)
	}
	setFile(b, dep, "/ws/.powerpipe/mods/x/dep@v1/mod.pp", `mod "dep" {}
control "x" {
  sql = "select 1"
}
control "y" {
  sql = "select 1"
}
benchmark "far" {
  children = [control.x, control.y, control.x]
}
`)
	return b.Index()
}

// places renders entries and postings as file:line:text.
func places(es []*Entry, ps []*Posting) []string {
	var out []string
	for _, e := range es {
		out = append(out, fmt.Sprintf("%s:%d:%s", filepath.Base(e.File().Path), e.NameRange.Start.Line, e.UnqualifiedName()))
	}
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s:%d:%s", filepath.Base(p.File().Path), p.NameRange().Start.Line, p.Key()))
	}
	return out
}

func TestOccurrences(t *testing.T) {
	ix := newOccIndex(t)
	for _, tc := range []struct {
		file, sub string
		n, delta  int
		want      []string
	}{
		// From the declaration and from a reference, qualified or not.
		{"a.pp", `"q"`, 0, 1, []string{"a.pp:1:query.q", "a.pp:10:query.q", "a.pp:11:ws.query.q", "b.pp:7:query.q", "b.pp:19:query.q"}},
		{"a.pp", "ws.query.q", 0, 1, []string{"a.pp:1:query.q", "a.pp:10:query.q", "a.pp:11:ws.query.q", "b.pp:7:query.q", "b.pp:19:query.q"}},
		// A name declared twice: both declarations, every reference.
		{"b.pp", "query.dup", 0, 7, []string{"a.pp:5:query.dup", "b.pp:1:query.dup", "a.pp:11:query.dup", "b.pp:6:query.dup"}},
		{"a.pp", `"dup"`, 0, 1, []string{"a.pp:5:query.dup", "b.pp:1:query.dup", "a.pp:11:query.dup", "b.pp:6:query.dup"}},
		// Runtime scopes.
		{"b.pp", `"i"`, 0, 1, []string{"b.pp:15:input.i", "b.pp:20:input.i", "b.pp:20:input.i"}},
		// Nothing: an unresolved reference, a place without a name.
		{"a.pp", "query.ghost", 0, 7, nil},
		{"a.pp", "select", 0, 0, nil},
	} {
		src := occSrc[tc.file]
		decls, refs := ix.Occurrences("/ws/"+tc.file, offset(t, src, tc.sub, tc.n, tc.delta))
		if got := places(decls, refs); !slices.Equal(got, tc.want) {
			t.Errorf("Occurrences at %q in %s = %q, want %q", tc.sub, tc.file, got, tc.want)
		}
	}
}

func TestRelatedIn(t *testing.T) {
	ix := newOccIndex(t)
	q := ix.Lookup(0, "query.q")
	for file, want := range map[string][]string{
		"a.pp": {"a.pp:1:query.q", "a.pp:10:query.q", "a.pp:11:ws.query.q"},
		"b.pp": {"b.pp:7:query.q", "b.pp:19:query.q"},
		"c.pp": nil,
	} {
		if got := places(ix.RelatedIn("/ws/"+file, q)); !slices.Equal(got, want) {
			t.Errorf("RelatedIn(%s, query.q) = %q, want %q", file, got, want)
		}
	}
	// The same as Related filtered, for a runtime scope too.
	dash := ix.File("/ws/b.pp")
	var input *Entry
	for i := range dash.Entries() {
		if e := &dash.Entries()[i]; e.Kind == KindInput {
			input = e
		}
	}
	if got, want := places(ix.RelatedIn("/ws/b.pp", []*Entry{input})), places(ix.Related([]*Entry{input})); !slices.Equal(got, want) {
		t.Errorf("RelatedIn(b.pp, input.i) = %q, want %q", got, want)
	}
}

func TestNamed(t *testing.T) {
	ix := newOccIndex(t)
	if got, want := places(nil, ix.Named(0, KindQuery, "ghost")), []string{"a.pp:11:query.ghost", "b.pp:7:query.ghost"}; !slices.Equal(got, want) {
		t.Errorf("Named(query.ghost) = %q, want %q", got, want)
	}
	if got := ix.Named(0, KindQuery, "nothing"); got != nil {
		t.Errorf("Named(query.nothing) = %q, want nothing", places(nil, got))
	}
	// After an edit, through the delta of fresh files.
	ix.References(ix.Lookup(0, "query.q")[0]) // build the tables
	ix2 := replace(ix, 0, "/ws/c.pp", "control \"z\" {\n  query = query.ghost\n}\n")
	if got, want := places(nil, ix2.Named(0, KindQuery, "ghost")), []string{"a.pp:11:query.ghost", "b.pp:7:query.ghost", "c.pp:2:query.ghost"}; !slices.Equal(got, want) {
		t.Errorf("Named(query.ghost) after an edit = %q, want %q", got, want)
	}
}

func TestControls(t *testing.T) {
	ix := newOccIndex(t)
	for _, tc := range []struct {
		benchmark string
		want      []string
	}{
		// Depth first, each control once, the cycle root → child → root
		// walked once, a dependency's benchmark included.
		{"benchmark.root", []string{"a.pp:9:control.c1", "b.pp:5:control.c2", "mod.pp:2:control.x", "mod.pp:5:control.y"}},
		{"benchmark.child", []string{"a.pp:9:control.c1", "b.pp:5:control.c2", "mod.pp:2:control.x", "mod.pp:5:control.y"}},
	} {
		b := ix.Lookup(0, tc.benchmark)[0]
		if got := places(ix.Controls(b), nil); !slices.Equal(got, tc.want) {
			t.Errorf("Controls(%s) = %q, want %q", tc.benchmark, got, tc.want)
		}
	}
	if got := ix.Controls(ix.Lookup(0, "control.c1")[0]); got != nil {
		t.Errorf("Controls of a control = %q, want nil", places(got, nil))
	}
	// ChildRefs takes the children attribute only (not description).
	child := ix.Lookup(0, "benchmark.child")[0]
	if got, want := places(nil, ChildRefs(child)), []string{"a.pp:19:control.c1", "a.pp:19:control.c2", "a.pp:19:benchmark.root", "a.pp:19:dep.benchmark.far"}; !slices.Equal(got, want) {
		t.Errorf("ChildRefs(benchmark.child) = %q, want %q", got, want)
	}
}

// Places orders by file and position whatever order it is given, and
// merges the declarations in among the references.
func TestPlacesOrder(t *testing.T) {
	dir := testtree.New(t, map[string]string{
		"mod.pp": "mod \"r\" {}\n",
		"b.pp":   "control \"c1\" {\n  query = query.q\n}\n\nquery \"q\" {\n  sql = \"select 1\"\n}\n\ncontrol \"c2\" {\n  query = query.q\n}\n",
		"a.pp":   "control \"c3\" {\n  query = query.q\n}\n",
		"c.pp":   "control \"c4\" {\n  query = query.q\n}\n\ncontrol \"c5\" {\n  query = query.q\n}\n",
	})
	ix, _, _ := Load([]string{dir})
	q := ix.Lookup(ix.ModAt(filepath.Join(dir, "mod.pp")).ID, "query.q")
	decls, refs := ix.Related(q)
	if len(decls) != 1 || len(refs) != 5 {
		t.Fatalf("Related(query.q) = %d declarations, %d references", len(decls), len(refs))
	}
	want := []string{"a.pp:2 ref", "b.pp:2 ref", "b.pp:5 decl", "b.pp:10 ref", "c.pp:2 ref", "c.pp:6 ref"}
	check := func(what string, places []Place) {
		t.Helper()
		var got []string
		for _, p := range places {
			kind := "ref"
			if p.Decl {
				kind = "decl"
			}
			got = append(got, fmt.Sprintf("%s:%d %s", filepath.Base(p.File.Path), p.Range.Start.Line, kind))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
	ctx := context.Background()
	check("sorted", Places(ctx, decls, refs))
	reversed := slices.Clone(refs)
	slices.Reverse(reversed)
	check("reversed", Places(ctx, decls, reversed))
	want = slices.DeleteFunc(want, func(s string) bool { return strings.HasSuffix(s, "decl") })
	check("without the declaration", Places(ctx, nil, reversed))
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if got := Places(cancelled, decls, refs); got != nil {
		t.Errorf("cancelled: %d places, want none", len(got))
	}
}
