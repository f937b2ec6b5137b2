package testtree

import (
	"os"
	"path/filepath"
	"testing"
)

func TestNew(t *testing.T) {
	root := New(t, map[string]string{"mod.pp": "mod \"m\" {}\n", "a/b/q.pp": "x", "empty/": ""})
	if b, err := os.ReadFile(filepath.Join(root, "a", "b", "q.pp")); err != nil || string(b) != "x" {
		t.Errorf("a/b/q.pp = %q, %v", b, err)
	}
	if fi, err := os.Stat(filepath.Join(root, "empty")); err != nil || !fi.IsDir() {
		t.Errorf("empty/ is not a folder: %v", err)
	}
}
