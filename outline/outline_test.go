package outline

import (
	"fmt"
	"strings"
	"testing"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// TestFolds: lines, byte offsets and kinds, whole lines or not.
func TestFolds(t *testing.T) {
	src := "a {\n  b = [\n    1]\n}\n# x\n# y\nh = <<EOT\none\nEOT\n"
	render := func(fs []Fold) string {
		var out []string
		for _, f := range fs {
			out = append(out, fmt.Sprintf("%d-%d %d %q", f.StartLine, f.EndLine, f.Kind, src[f.Start:f.End]))
		}
		return strings.Join(out, "\n")
	}
	want := "0-3 0 \"\\n  b = [\\n    1]\\n\"\n1-2 0 \"\\n    1\"\n4-5 1 \"\\n# y\"\n6-8 2 \"\\none\\n\""
	if got := render(Folds([]byte(src), false, 0)); got != want {
		t.Errorf("folds:\n%s\nwant:\n%s", got, want)
	}
	// Whole lines: a closer that begins its line stays visible; the
	// heredoc's one line is still hidden, the list's closer follows content.
	want = "0-2 0 \"\\n  b = [\\n    1]\\n\"\n1-2 0 \"\\n    1\"\n4-5 1 \"\\n# y\"\n6-7 2 \"\\none\\n\""
	if got := render(Folds([]byte(src), true, 0)); got != want {
		t.Errorf("line-only folds:\n%s\nwant:\n%s", got, want)
	}
	if got := Folds([]byte(src), true, 1); len(got) != 1 || got[0].StartLine != 0 {
		t.Errorf("one fold: %v, want the outermost", got)
	}
}

// TestSymbols: entries nest under their parents, locals under their
// locals block, in source order.
func TestSymbols(t *testing.T) {
	src := "locals {\n  a = 1\n  b = 2\n}\ndashboard \"d\" {\n  title = \"D\"\n  card {\n  }\n}\nquery \"q\" {\n}\n"
	f := Standalone("/m/a.pp", []byte(src))
	var render func(syms []Symbol) string
	render = func(syms []Symbol) string {
		var out []string
		for _, s := range syms {
			x := fmt.Sprintf("%s(%s)%q", s.Name, s.Detail, src[s.NameRange.Start.Byte:s.NameRange.End.Byte])
			if len(s.Children) > 0 {
				x += "[" + render(s.Children) + "]"
			}
			out = append(out, x)
		}
		return strings.Join(out, " ")
	}
	want := `locals()"locals"[a(locals)"a" b(locals)"b"] d(D)"\"d\""[card(dashboard_d_anonymous_card_0)"card"] q(query)"\"q\""`
	if got := render(Symbols(f, []byte(src), nil)); got != want {
		t.Errorf("symbols:\n%s\nwant:\n%s", got, want)
	}
}

// TestTree: the groups of root mods only, a root benchmark's children in
// the order it lists them, lenses and hints of the benchmark's file.
func TestTree(t *testing.T) {
	b := index.NewBuilder()
	m := b.AddMod("/m", "/m/mod.pp")
	dep := b.AddMod("/m/.powerpipe/mods/github.com/o/d@v1.0.0", "/m/.powerpipe/mods/github.com/o/d@v1.0.0/mod.pp")
	b.SetDeps(m, dep)
	src := "benchmark \"top\" {\n  children = [control.b, benchmark.inner, control.a]\n}\n" +
		"benchmark \"inner\" {\n  children = [control.a]\n}\n" +
		"control \"a\" {\n  title = \"A\"\n  sql = \"select 1\"\n}\ncontrol \"b\" {\n  sql = \"select 1\"\n}\n"
	b.SetFile(m, "/m/a.pp", []byte(src), parse.Scan([]byte(src)))
	depSrc := "benchmark \"d\" {\n}\n"
	b.SetFile(dep, "/m/.powerpipe/mods/github.com/o/d@v1.0.0/d.pp", []byte(depSrc), parse.Scan([]byte(depSrc)))
	ix := b.Index()

	gs := Groups(ix)
	if len(gs) != 1 || gs[0].Mod.Root != "/m" || gs[0].Kind != index.KindBenchmark || gs[0].Members != 1 || !IsGroup(gs[0].ID) {
		t.Fatalf("groups: %+v, want the root mod's benchmarks only", gs)
	}
	ms, ok := GroupMembers(ix, gs[0].ID)
	if !ok || len(ms) != 1 || ms[0].Name() != "top" {
		t.Fatalf("members: %v, want the benchmark no other lists", ms)
	}
	var names []string
	for _, c := range Children(ix, EntryByID(ix, EntryID(ms[0]))) {
		names = append(names, c.Name())
	}
	if got := strings.Join(names, " "); got != "b inner a" {
		t.Errorf("children: %s, want b inner a", got)
	}
	// Level walks the same tree, a level at a time, counting children.
	level := func(parent string) string {
		t.Helper()
		nodes, ok := Level(ix, parent, nil)
		if !ok {
			t.Fatalf("Level(%q): no such parent", parent)
		}
		var out []string
		for _, n := range nodes {
			out = append(out, fmt.Sprintf("%s %s %q %s %d", n.Kind, n.Name, n.Title, n.Mod.Name, n.Children))
		}
		return strings.Join(out, "; ")
	}
	if roots, want := level(""), `group benchmark "Benchmarks" local 1`; roots != want {
		t.Errorf("Level roots: %s, want %s", roots, want)
	}
	if got, want := level(gs[0].ID), `benchmark local.benchmark.top "" local 3`; got != want {
		t.Errorf("Level group: %s, want %s", got, want)
	}
	if got, want := level(EntryID(ms[0])), `control local.control.b "" local 0; benchmark local.benchmark.inner "" local 1; control local.control.a "A" local 0`; got != want {
		t.Errorf("Level children: %s, want %s", got, want)
	}
	if _, ok := Level(ix, "/m/a.pp#99999", nil); ok {
		t.Error("Level of a stale id")
	}

	if title, cs := Controls(ix, ms[0]); title != "2 controls" || len(cs) != 2 {
		t.Errorf("controls: %q %v", title, cs)
	}

	f := ix.File("/m/a.pp")
	var lenses []string
	for _, l := range Lenses(f) {
		lenses = append(lenses, fmt.Sprintf("%s:%v:%q", l.Entry.Name(), l.Controls, src[l.Range.Start.Byte:l.Range.End.Byte]))
	}
	want := `top:false:"benchmark \"top\"" top:true:"benchmark \"top\"" inner:false:"benchmark \"inner\"" inner:true:"benchmark \"inner\"" a:false:"control \"a\"" b:false:"control \"b\""`
	if got := strings.Join(lenses, " "); got != want {
		t.Errorf("lenses:\n%s\nwant:\n%s", got, want)
	}
	var hints []string
	for _, h := range Hints(ix, f, 0, uint32(len(src)), nil) {
		hints = append(hints, fmt.Sprintf("%q→%s", src[h.End-9:h.End], h.Title))
	}
	if got := strings.Join(hints, " "); got != `"control.a"→A "control.a"→A` {
		t.Errorf("hints: %s, want the two references to the control with a title", got)
	}
}
