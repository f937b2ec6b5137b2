package testtree

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Write creates files under root and returns root. Keys are slash-separated
// paths relative to root (or absolute when root is ""); a key ending in "/"
// makes a folder, any other key a file holding the value.
func Write(tb testing.TB, root string, files map[string]string) string {
	tb.Helper()
	for rel, content := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if strings.HasSuffix(rel, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				tb.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return root
}

// New makes a temporary folder holding files and returns its path.
func New(tb testing.TB, files map[string]string) string {
	tb.Helper()
	return Write(tb, tb.TempDir(), files)
}

// Symlink makes link (slash-separated, relative to root) point at target,
// skipping the test where symbolic links cannot be made.
func Symlink(tb testing.TB, root, target, link string) {
	tb.Helper()
	if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(link))); err != nil {
		tb.Skipf("cannot create symlinks here: %v", err)
	}
}
