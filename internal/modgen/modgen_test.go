package modgen

import (
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// generate writes a mod into a fresh temporary directory.
func generate(t testing.TB, opt Options) (string, Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := Write(dir, opt)
	if err != nil {
		t.Fatalf("Write(%+v): %v", opt, err)
	}
	return dir, st
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name  string
		opt   Options
		exact bool // Stats.Resources must equal opt.Resources
	}{
		{"tiny", Options{Resources: 1, Seed: 1}, false},
		{"small", Options{Resources: 60, Seed: 2}, false},
		{"medium", Options{Resources: 500, Seed: 1}, true},
		{"narrow folders", Options{Resources: 500, Seed: 3, FilesPerDir: 3}, true},
		{"large", Options{Resources: 3000, Seed: 4}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir, st := generate(t, tt.opt)
			ix := loadMod(t, dir)

			if tt.exact && st.Resources != tt.opt.Resources {
				t.Errorf("Stats.Resources = %d, want %d", st.Resources, tt.opt.Resources)
			}
			if st.Resources < tt.opt.Resources {
				t.Errorf("Stats.Resources = %d, want at least %d", st.Resources, tt.opt.Resources)
			}
			if ix.resources != st.Resources {
				t.Errorf("parsed %d named resource blocks, Stats.Resources = %d", ix.resources, st.Resources)
			}
			files, bytes := diskUsage(t, dir)
			if files != st.Files || bytes != st.Bytes {
				t.Errorf("on disk: %d files, %d bytes; Stats: %d files, %d bytes", files, bytes, st.Files, st.Bytes)
			}

			for typ, names := range ix.registered {
				for name, n := range names {
					if n > 1 {
						t.Errorf("%s.%s is defined %d times", typ, name, n)
					}
				}
			}
			if n := ix.checkReferences(t); n == 0 {
				t.Error("no references found")
			}
			checkBenchmarks(t, ix)
			checkFileCalls(t, ix)
			checkFolders(t, dir, tt.opt.FilesPerDir)
		})
	}
}

// TestWriteCoverage checks that a medium-sized mod contains every kind of
// block and file the generator promises.
func TestWriteCoverage(t *testing.T) {
	dir, _ := generate(t, Options{Resources: 500, Seed: 7})
	ix := loadMod(t, dir)
	for _, typ := range []string{
		"mod", "variable", "query", "control", "detection", "benchmark", "dashboard",
		"card", "chart", "flow", "graph", "hierarchy", "image", "input", "table", "text",
		"node", "edge", "category",
	} {
		if len(ix.topLevel[typ]) == 0 {
			t.Errorf("no top-level %s block", typ)
		}
	}
	nested := map[string]int{} // nested block types, "+" marking labelled ones
	for _, p := range ix.paths {
		for _, top := range ix.files[p].Body.(*hclsyntax.Body).Blocks {
			hclsyntax.VisitAll(top.Body, func(n hclsyntax.Node) hcl.Diagnostics {
				if b, ok := n.(*hclsyntax.Block); ok {
					nested[b.Type]++
					if len(b.Labels) > 0 {
						nested["+"+b.Type]++
					}
				}
				return nil
			})
		}
	}
	for _, typ := range []string{
		"container", "+container", "+input", "+with", "card", "chart", "table", "graph",
		"flow", "hierarchy", "text", "image", "benchmark", "dashboard", "node", "edge",
		"+category", "+param", "legend", "axes", "+series", "+column", "+option",
	} {
		if nested[typ] == 0 {
			t.Errorf("no nested %s block", typ)
		}
	}
	var sp, deep int
	for _, p := range ix.paths {
		if strings.HasSuffix(p, ".sp") {
			sp++
		}
		if strings.Count(p, "/") >= 2 {
			deep++
		}
	}
	if sp == 0 || deep == 0 {
		t.Errorf("got %d .sp files and %d files two folders deep, want some of each", sp, deep)
	}
	if len(ix.locals) == 0 {
		t.Error("no locals")
	}
	var detectionBenchmarks int
	for _, b := range ix.topLevel["benchmark"] {
		if stringAttr(b, "type") == "detection" {
			detectionBenchmarks++
		}
	}
	if detectionBenchmarks == 0 {
		t.Error("no detection benchmark")
	}
}

func TestWriteDeterministic(t *testing.T) {
	a, _ := generate(t, Options{Resources: 400, Seed: 42})
	b, _ := generate(t, Options{Resources: 400, Seed: 42})
	c, _ := generate(t, Options{Resources: 400, Seed: 43})
	ha, hb, hc := treeHashes(t, a), treeHashes(t, b), treeHashes(t, c)
	if len(ha) != len(hb) {
		t.Fatalf("same seed: %d files vs %d files", len(ha), len(hb))
	}
	for p, h := range ha {
		if hb[p] != h {
			t.Errorf("same seed, different content: %s", p)
		}
	}
	same := len(ha) == len(hc)
	for p, h := range ha {
		same = same && hc[p] == h
	}
	if same {
		t.Error("seeds 42 and 43 produced identical mods")
	}
}

func TestWriteOptionErrors(t *testing.T) {
	for _, opt := range []Options{{Resources: 0}, {Resources: -5}, {Resources: 10, FilesPerDir: -1}} {
		if _, err := Write(t.TempDir(), opt); err == nil {
			t.Errorf("Write(%+v) succeeded, want an error", opt)
		}
	}
}

// checkBenchmarks checks that benchmark children have the right types and
// that the benchmark graph has no cycle.
func checkBenchmarks(t *testing.T, ix *modIndex) {
	t.Helper()
	children := map[string][]string{}
	for name, b := range ix.topLevel["benchmark"] {
		allowed := "control"
		if stringAttr(b, "type") == "detection" {
			allowed = "detection"
		}
		a := b.Body.Attributes["children"]
		if a == nil {
			continue
		}
		seen := map[string]bool{}
		for _, tr := range a.Expr.Variables() {
			typ, child := tr.RootName(), tr[1].(hcl.TraverseAttr).Name
			external := ix.deps[typ] != nil
			if external { // <alias>.<type>.<name>
				typ, child = child, typ+"."+tr[2].(hcl.TraverseAttr).Name
			}
			if typ != allowed && typ != "benchmark" {
				t.Errorf("benchmark.%s: child %s.%s has the wrong type", name, typ, child)
			}
			if seen[typ+"."+child] {
				t.Errorf("benchmark.%s: duplicate child %s.%s", name, typ, child)
			}
			seen[typ+"."+child] = true
			if typ == "benchmark" && !external {
				children[name] = append(children[name], child)
			}
		}
	}
	const (
		unvisited = iota
		active
		done
	)
	state := map[string]int{}
	var visit func(string) bool
	visit = func(n string) bool {
		switch state[n] {
		case active:
			return false
		case done:
			return true
		}
		state[n] = active
		for _, c := range children[n] {
			if !visit(c) {
				t.Errorf("benchmark cycle through benchmark.%s", n)
				return false
			}
		}
		state[n] = done
		return true
	}
	for n := range children {
		visit(n)
	}
}

// checkFileCalls checks that every file("...") call names an existing file
// relative to the mod root.
func checkFileCalls(t *testing.T, ix *modIndex) {
	t.Helper()
	for _, rel := range ix.paths {
		hclsyntax.VisitAll(ix.files[rel].Body.(*hclsyntax.Body), func(n hclsyntax.Node) hcl.Diagnostics {
			call, ok := n.(*hclsyntax.FunctionCallExpr)
			if !ok || call.Name != "file" || len(call.Args) != 1 {
				return nil
			}
			v, diags := call.Args[0].Value(nil)
			if diags.HasErrors() {
				t.Errorf("%s: file() with a non-literal argument", rel)
				return nil
			}
			if _, err := os.Stat(filepath.Join(ix.root, filepath.FromSlash(v.AsString()))); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
			return nil
		})
	}
}

// checkFolders checks that no directory holds more than perDir files
// (the default when perDir is 0).
func checkFolders(t *testing.T, root string, perDir int) {
	t.Helper()
	if perDir == 0 {
		perDir = DefaultFilesPerDir
	}
	counts := map[string]int{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			counts[filepath.Dir(p)]++
		}
		return err
	})
	for dir, n := range counts {
		if n > perDir {
			t.Errorf("%s holds %d files, want at most %d", dir, n, perDir)
		}
	}
}

func diskUsage(t testing.TB, root string) (files int, bytes int64) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		bytes += info.Size()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, bytes
}

func treeHashes(t testing.TB, root string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func BenchmarkWrite10k(b *testing.B) {
	for b.Loop() {
		st, err := Write(b.TempDir(), Options{Resources: 10000, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(st.Bytes)
	}
}
