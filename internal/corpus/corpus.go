package corpus

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// Dir returns the absolute path of ../shared/corpus next to the repository
// root (the folder holding go.mod above the working directory), skipping the
// test when it is absent. CI always has it.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("corpus not found: no go.mod above the working directory")
		}
		dir = parent
	}
	c := filepath.Join(filepath.Dir(dir), "shared", "corpus")
	if fi, err := os.Stat(c); err != nil || !fi.IsDir() {
		tb.Skipf("corpus not found at %s (it is ../shared/corpus beside the repository; CI always has it)", c)
	}
	return c
}

// Mods returns the names of every corpus mod (the sub-folders holding a
// mod.pp or mod.sp), sorted. It fails the test when there is none.
func Mods(tb testing.TB) []string {
	tb.Helper()
	dir := Dir(tb)
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		for _, f := range []string{"mod.pp", "mod.sp"} {
			if _, err := os.Stat(filepath.Join(dir, e.Name(), f)); err == nil {
				names = append(names, e.Name())
				break
			}
		}
	}
	if len(names) == 0 {
		tb.Fatalf("no mod in the corpus at %s", dir)
	}
	sort.Strings(names)
	return names
}

// Mod returns the absolute root of the corpus mod called name, skipping the
// test when it is absent.
func Mod(tb testing.TB, name string) string {
	tb.Helper()
	root := filepath.Join(Dir(tb), name)
	if _, err := os.Stat(root); err != nil {
		tb.Skipf("corpus mod %s not found at %s (CI always has it)", name, root)
	}
	return root
}
