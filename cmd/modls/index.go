package main

// This file defines `modls index`: build the resource index of a workspace
// and print its summary, for people (text) or tools (--json).

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/modls/modls/discover"
	"github.com/modls/modls/index"
)

// indexReport is the --json output of `modls index`.
type indexReport struct {
	Files      int            `json:"files"`
	Bytes      int64          `json:"bytes"`
	ScanMS     float64        `json:"scan_ms"`
	HeapBytes  uint64         `json:"heap_bytes"`
	TopLevel   map[string]int `json:"top_level"`
	Nested     map[string]int `json:"nested"`
	References int            `json:"references"`
	Traversals int            `json:"traversals"`
	Entries    int            `json:"entries"`
	Mods       []modReport    `json:"mods"`
	Notes      []string       `json:"notes"`
}

type modReport struct {
	Name        string `json:"name"`
	Root        string `json:"root"`
	Dependency  string `json:"dependency,omitempty"` // install path of a dependency mod
	Files       int    `json:"files"`
	Resources   int    `json:"resources"`
	Diagnostics int    `json:"syntax_errors"`
}

func runIndex(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print one JSON object for tools")
	if err := fs.Parse(reorderFlags(fs, args)); err != nil {
		return 2
	}
	_, ix, st, notes, ok := loadWorkspace(fs.Args(), stderr)
	if !ok {
		return 2
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)

	c := ix.Counts()
	rep := indexReport{
		Files: st.Files, Bytes: st.Bytes, ScanMS: float64(st.Elapsed.Microseconds()) / 1000,
		HeapBytes: ms.HeapAlloc, TopLevel: c.TopLevel, Nested: c.Nested,
		References: c.Postings, Traversals: c.Traversals, Entries: c.Entries, Notes: []string{},
	}
	for _, m := range ix.Mods() {
		rep.Mods = append(rep.Mods, summarizeMod(ix, m))
	}
	for _, n := range notes {
		rep.Notes = append(rep.Notes, n.String())
	}
	runtime.KeepAlive(ix)

	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "modls: %v\n", err)
			return 1
		}
		return 0
	}
	printIndex(stdout, rep)
	return 0
}

// loadWorkspace indexes the mods of the DIR arguments. It reports a missing
// folder or a folder without a mod on stderr (one line) and returns false.
func loadWorkspace(args []string, stderr io.Writer) ([]string, *index.Index, index.LoadStats, []discover.Note, bool) {
	dirs, ok := folders(args, stderr)
	if !ok {
		return nil, nil, index.LoadStats{}, nil, false
	}
	ix, st, notes := index.Load(dirs)
	if len(ix.Mods()) == 0 {
		fmt.Fprintf(stderr, "modls: no mod found in %s (a mod has a mod.pp or mod.sp in its root or a parent folder)\n", strings.Join(args, ", "))
		return nil, nil, index.LoadStats{}, nil, false
	}
	return dirs, ix, st, notes, true
}

// varFilesOf returns the variable files of a root mod of dirs: what
// render.New and check.Options take.
func varFilesOf(dirs []*discover.ModDir) func(*index.Mod) []string {
	return func(m *index.Mod) []string {
		for _, d := range dirs {
			if d.Root == m.Root {
				return d.VarFiles
			}
		}
		return nil
	}
}

// folders turns the DIR arguments (default: the current folder) into
// absolute folders; a file stands for its folder. It reports a missing one
// on stderr and returns false.
func folders(args []string, stderr io.Writer) ([]string, bool) {
	dirs := append([]string(nil), args...)
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	for i, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			fmt.Fprintf(stderr, "modls: %s: %v\n", d, err)
			return nil, false
		}
		fi, err := os.Stat(abs)
		if err != nil {
			fmt.Fprintf(stderr, "modls: %s: no such directory\n", d)
			return nil, false
		}
		if !fi.IsDir() {
			abs = filepath.Dir(abs)
		}
		dirs[i] = abs
	}
	return dirs, true
}

// summarizeMod counts one mod's files, resources and damaged files.
func summarizeMod(ix *index.Index, m *index.Mod) modReport {
	r := modReport{Name: m.Name, Root: m.Root}
	if rel, ok := m.InstallPath(); ok {
		r.Dependency = rel
	}
	for _, f := range ix.Files() {
		if f.Mod().ID != m.ID {
			continue
		}
		r.Files++
		for _, e := range f.Entries() {
			if !e.Is(index.Scoped) && e.Kind != index.KindMod {
				r.Resources++
			}
		}
		if f.SyntaxErrors() > 0 {
			r.Diagnostics++
		}
	}
	return r
}

func printIndex(w io.Writer, r indexReport) {
	for _, m := range r.Mods {
		kind := "mod"
		where := m.Root
		if m.Dependency != "" {
			kind, where = "dependency", m.Dependency
		}
		fmt.Fprintf(w, "%s %s (%s): %d files, %d resources", kind, m.Name, where, m.Files, m.Resources)
		if m.Diagnostics > 0 {
			fmt.Fprintf(w, ", %d files with syntax errors", m.Diagnostics)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	printCounts(w, "top-level blocks", r.TopLevel)
	printCounts(w, "nested blocks", r.Nested)
	fmt.Fprintf(w, "references: %d (of %d traversals)\n", r.References, r.Traversals)
	fmt.Fprintf(w, "files: %d, %s; indexed in %.1f ms; heap in use %s\n", r.Files, size(uint64(r.Bytes)), r.ScanMS, size(r.HeapBytes))
	if len(r.Notes) > 0 {
		fmt.Fprintln(w, "\nnotes:")
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  %s\n", n)
		}
	}
}

func printCounts(w io.Writer, title string, m map[string]int) {
	if len(m) == 0 {
		return
	}
	types := make([]string, 0, len(m))
	total := 0
	for t, n := range m {
		types = append(types, t)
		total += n
	}
	sort.Slice(types, func(i, j int) bool {
		if m[types[i]] != m[types[j]] {
			return m[types[i]] > m[types[j]]
		}
		return types[i] < types[j]
	})
	fmt.Fprintf(w, "%s: %d\n", title, total)
	for _, t := range types {
		fmt.Fprintf(w, "  %-20s %6d\n", t, m[t])
	}
}

func size(n uint64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// reorderFlags moves flags (and the values of flags that take one) before
// positional arguments, so that `modls check DIR --format json` works as
// well as `modls check --format json DIR`.
func reorderFlags(fs *flag.FlagSet, args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				continue
			}
			if i+1 < len(args) {
				i++
				flags = append(flags, args[i])
			}
		}
	}
	return append(flags, rest...)
}
