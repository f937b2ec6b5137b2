package rename

// This file renames many names of copies of the two corpus mods and checks
// that the reference graph survives: every reference resolves to the same
// entries as before, only the renamed names changed, and nothing broke.

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/modls/modls/internal/corpus"
	"github.com/modls/modls/span"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// copyMod copies the mod at src into a temporary directory.
func copyMod(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// id names an entry or a posting across snapshots: its file and its index
// in the file's entries or postings, which renames do not change.
type id struct {
	file string
	i    int
}

// graph maps every reference to the entries it resolves to.
func graph(ix *index.Index) map[id][]id {
	pos := map[*index.Entry]id{}
	for _, f := range ix.Files() {
		for i := range f.Entries() {
			pos[&f.Entries()[i]] = id{f.Path, i}
		}
	}
	g := map[id][]id{}
	for _, f := range ix.Files() {
		for i := range f.Postings() {
			var ts []id
			for _, e := range ix.Resolve(&f.Postings()[i]) {
				ts = append(ts, pos[e])
			}
			g[id{f.Path, i}] = ts
		}
	}
	return g
}

// quotas is how many entries of each kind the test renames; 2 of any other
// kind.
var quotas = map[index.Kind]int{
	index.KindQuery: 15, index.KindControl: 20, index.KindBenchmark: 12, index.KindDashboard: 5,
	index.KindCard: 2, index.KindChart: 2, index.KindTable: 2, index.KindNode: 4, index.KindEdge: 4,
	index.KindCategory: 4, index.KindGraph: 2, index.KindFlow: 2, index.KindDetection: 20,
	index.KindVar: 6, index.KindLocal: 6, index.KindWith: 4, index.KindParam: 10, index.KindInput: 4,
}

func TestRenameCorpus(t *testing.T) {
	for _, name := range corpus.Mods(t) {
		t.Run(name, func(t *testing.T) {
			src := corpus.Mod(t, name)
			renameCorpus(t, copyMod(t, src))
		})
	}
}

func renameCorpus(t *testing.T, root string) {
	ix, st, _ := index.Load([]string{root})
	before := graph(ix)
	resolved := 0
	for _, ts := range before {
		if len(ts) > 0 {
			resolved++
		}
	}
	mismatchesBefore := argMismatches(t, ix)
	errorsBefore := map[string]int{}
	for _, f := range ix.Files() {
		errorsBefore[f.Path] = f.SyntaxErrors()
	}

	// Pick the targets: named entries of each kind, deterministically.
	byKind := map[index.Kind][]id{}
	for _, f := range ix.Files() {
		for i := range f.Entries() {
			e := &f.Entries()[i]
			if e.Kind == index.KindMod || e.Is(index.Anonymous) || e.Is(index.BadLabels) || e.Name() == "" {
				continue
			}
			byKind[e.Kind] = append(byKind[e.Kind], id{f.Path, i})
		}
	}
	rng := rand.New(rand.NewPCG(7, 11))
	var targets []id
	kinds := make([]index.Kind, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		cands := byKind[k]
		rng.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
		q, ok := quotas[k]
		if !ok {
			q = 2
		}
		targets = append(targets, cands[:min(len(cands), q)]...)
	}
	rng.Shuffle(len(targets), func(i, j int) { targets[i], targets[j] = targets[j], targets[i] })
	if len(targets) < 50 {
		t.Fatalf("only %d entries to rename", len(targets))
	}

	opt := Options{Source: os.ReadFile, VarFiles: func(m *index.Mod) []string {
		for _, d := range st.Dirs {
			if d.Root == m.Root {
				return d.VarFiles
			}
		}
		return nil
	}}
	wantName := map[id]string{}
	fromRef, total := 0, 0
	kindsDone := map[index.Kind]bool{}
	for n, tg := range targets {
		f := ix.File(tg.file)
		e := &f.Entries()[tg.i]
		newName := fmt.Sprintf("rn%d_%s", n, e.Name())
		// Half of the renames start from a reference, when there is one.
		path, off := f.Path, e.NameRange.Start.Byte+1
		if refs := ix.References(e); len(refs) > 0 && n%2 == 1 {
			p := refs[rng.IntN(len(refs))]
			path, off = p.File().Path, p.NameRange().Start.Byte
			fromRef++
		}
		decls, _ := ix.Occurrences(path, off)
		edits, err := Rename(ix, path, off, newName, opt)
		if err != nil {
			t.Fatalf("rename %d: %s to %s: %v", n, e.QualifiedName(), newName, err)
		}
		total += len(edits)
		kindsDone[e.Kind] = true
		for _, d := range decls {
			for i := range d.File().Entries() {
				if &d.File().Entries()[i] == d {
					wantName[id{d.File().Path, i}] = newName
				}
			}
		}
		ix = applyToIndex(t, ix, edits)
	}

	// The graph is the same, and only the renamed names changed.
	after := graph(ix)
	if len(after) != len(before) {
		t.Fatalf("%d references after the renames, %d before", len(after), len(before))
	}
	for k, want := range before {
		if got := after[k]; !slices.Equal(got, want) {
			t.Errorf("reference %d of %s resolves to %v after the renames, to %v before", k.i, k.file, got, want)
		}
	}
	for _, f := range ix.Files() {
		if f.SyntaxErrors() != errorsBefore[f.Path] {
			t.Errorf("%s: %d syntax errors after the renames, %d before", f.Path, f.SyntaxErrors(), errorsBefore[f.Path])
		}
		for i := range f.Entries() {
			e := &f.Entries()[i]
			if e.Is(index.Anonymous) {
				continue // derived from a parent's name, which may have been renamed
			}
			if want, ok := wantName[id{f.Path, i}]; ok && e.Name() != want {
				t.Errorf("%s entry %d is named %s, want %s", f.Path, i, e.Name(), want)
			}
		}
	}
	if got := argMismatches(t, ix); got != mismatchesBefore {
		t.Errorf("%d named arguments name no param of the resource they are passed to after the renames, %d before", got, mismatchesBefore)
	}
	t.Logf("%d renames (%d from a reference) of %d kinds: %d edits; %d references, %d resolved; %d named arguments that match no param",
		len(targets), fromRef, len(kindsDone), total, len(before), resolved, mismatchesBefore)
}

// applyToIndex writes edits to the files and returns the index with the
// changed files scanned again.
func applyToIndex(t *testing.T, ix *index.Index, edits []span.Edit) *index.Index {
	t.Helper()
	for i := 0; i < len(edits); {
		path := edits[i].Path
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		last := 0
		for ; i < len(edits) && edits[i].Path == path; i++ {
			b.Write(src[last:edits[i].Start])
			b.WriteString(edits[i].New)
			last = edits[i].End
		}
		b.Write(src[last:])
		out := []byte(b.String())
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		if f := ix.File(path); f != nil {
			ix = ix.ReplaceFile(f.Mod().ID, path, out, parse.Scan(out))
		}
	}
	return ix
}

// argMismatches counts the keys of `args = { … }` objects that name no param
// of the resource that the `query` or `base` beside them refers to (its own
// params or those it inherits through base).
func argMismatches(t *testing.T, ix *index.Index) int {
	t.Helper()
	n := 0
	for _, f := range ix.Files() {
		src, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		for i := range f.Postings() {
			p := &f.Postings()[i]
			caller := p.From()
			if a := p.Attr(); a != "query" && a != "base" || caller == nil {
				continue
			}
			ts := ix.Resolve(p)
			if len(ts) == 0 {
				continue
			}
			blk, _ := parse.ParseBlock(f.Path, src, caller.Range)
			if blk == nil {
				continue
			}
			a, ok := blk.Body.Attributes["args"]
			if !ok {
				continue
			}
			obj, ok := a.Expr.(*hclsyntax.ObjectConsExpr)
			if !ok {
				continue
			}
			for _, item := range obj.Items {
				if name, _, ok := keyName(item.KeyExpr); ok && !declares(ix, ts[0], name, map[*index.Entry]bool{}) {
					n++
				}
			}
		}
	}
	return n
}

// declares reports whether e has a param named name, itself or through
// its base.
func declares(ix *index.Index, e *index.Entry, name string, seen map[*index.Entry]bool) bool {
	if seen[e] {
		return false
	}
	seen[e] = true
	if hasParam(e, name) {
		return true
	}
	ps := e.File().Postings()
	for i := range ps {
		if p := &ps[i]; p.From() == e && p.Attr() == "base" {
			for _, b := range ix.Resolve(p) {
				if declares(ix, b, name, seen) {
					return true
				}
			}
		}
	}
	return false
}
