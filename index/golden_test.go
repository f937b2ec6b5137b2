package index

// This file runs the golden scenarios in testdata/golden/*.txtar. Each
// archive starts with prose saying what it checks, then holds the files of a
// small workspace (mod.pp, .pp/.sp files, an installed dependency under
// .powerpipe/mods/...), and ends with a "want" section: every entry (kind,
// qualified name, flags, file:line:col of its name, title) and every posting
// (its key, where it is, and which entries it resolves to). Run with
// -update to rewrite the want sections.

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/golden/*.txtar")

func TestGolden(t *testing.T) {
	archives, err := filepath.Glob("testdata/golden/*.txtar")
	if err != nil || len(archives) == 0 {
		t.Fatalf("no golden scenarios: %v", err)
	}
	for _, path := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			var want []byte
			var files []txtar.File
			for _, f := range ar.Files {
				if f.Name == "want" {
					want = f.Data
					continue
				}
				files = append(files, f)
				p := filepath.Join(dir, filepath.FromSlash(f.Name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ix, _, notes := Load([]string{dir})
			got := dumpIndex(ix, dir)
			for _, n := range notes {
				got += "note " + strings.TrimPrefix(n.String(), dir+string(filepath.Separator)) + "\n"
			}
			if *update {
				ar.Files = append(files, txtar.File{Name: "want", Data: []byte(got)})
				if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(want) {
				t.Errorf("index of %s changed (run go test ./index -run TestGolden -update and review the diff):\n--- got\n%s--- want\n%s", path, got, want)
			}
		})
	}
}

// dumpIndex renders ix as text, with paths relative to dir.
func dumpIndex(ix *Index, dir string) string {
	rel := func(p string) string {
		r, err := filepath.Rel(dir, p)
		if err != nil {
			return p
		}
		return filepath.ToSlash(r)
	}
	var b strings.Builder
	for _, m := range ix.Mods() {
		var deps []string
		for _, d := range m.Deps {
			deps = append(deps, ix.Mod(d).Name)
		}
		fmt.Fprintf(&b, "mod %s at %s deps [%s]\n", m.Name, rel(m.Root), strings.Join(deps, " "))
	}
	files := append([]*File(nil), ix.Files()...)
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	for _, f := range files {
		fmt.Fprintf(&b, "\nfile %s\n", rel(f.Path))
		for i := range f.Entries() {
			e := &f.Entries()[i]
			fmt.Fprintf(&b, "  entry %s %s%s @%d:%d", e.Kind, e.QualifiedName(), flagString(e), e.NameRange.Start.Line, e.NameRange.Start.Col)
			if p := e.Parent(); p != nil {
				fmt.Fprintf(&b, " in %s", p.UnqualifiedName())
			}
			if t := e.Title(); t != "" {
				fmt.Fprintf(&b, " %q", t)
			}
			b.WriteString("\n")
		}
		for i := range f.Postings() {
			p := &f.Postings()[i]
			nr := p.NameRange()
			fmt.Fprintf(&b, "  ref %s @%d:%d in %s", p.Key(), nr.Start.Line, nr.Start.Col, p.Attr())
			targets := ix.Resolve(p)
			if len(targets) == 0 {
				b.WriteString(" -> unresolved\n")
				continue
			}
			for _, t := range targets {
				tr := t.NameRange
				fmt.Fprintf(&b, " -> %s@%s:%d:%d", t.UnqualifiedName(), rel(t.File().Path), tr.Start.Line, tr.Start.Col)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func flagString(e *Entry) string {
	var fs []string
	for _, f := range []struct {
		flag Flags
		name string
	}{{Nested, "nested"}, {Anonymous, "anonymous"}, {Scoped, "scoped"}, {BadLabels, "bad-labels"}} {
		if e.Is(f.flag) {
			fs = append(fs, f.name)
		}
	}
	if len(fs) == 0 {
		return ""
	}
	return " (" + strings.Join(fs, ",") + ")"
}
