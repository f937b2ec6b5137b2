package index

import (
	"os"
	"path/filepath"
	"testing"
)

// TestNotesSkipped: a note says whether files went unread (Note.Skipped),
// which `modls check` reports as file-not-checked; notes about layouts that
// lose nothing do not.
func TestNotesSkipped(t *testing.T) {
	outside := newTree(t, map[string]string{"secret.pp": ""})
	root := newTree(t, map[string]string{"mod.pp": "", "a/x.pp": "", "real/r.pp": "", "big.pp": "", "mod.sp": ""})
	symlink(t, root, "..", "a/up")                                     // loop
	symlink(t, root, filepath.Join(outside, "secret.pp"), "escape.pp") // outside
	symlink(t, root, "nowhere.pp", "broken.pp")                        // broken
	symlink(t, root, "../real", "a/alias")                             // same folder twice: nothing lost
	if err := os.Truncate(filepath.Join(root, "big.pp"), MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	_, _, notes := Load([]string{root})
	for _, n := range []struct {
		path, msg string
		skipped   bool
	}{
		{"a/up", "symlink loop", true},
		{"escape.pp", "outside the mod root", true},
		{"broken.pp", "broken symlink", true},
		{"big.pp", "over the 32 MB limit", true},
		{"a/alias", "already walked", false},
		{"mod.sp", "both mod.pp and mod.sp exist", false},
	} {
		got, ok := findNote(notes, n.path, n.msg)
		if !ok {
			t.Errorf("no note %q for %s in %v", n.msg, n.path, notes)
			continue
		}
		if got.Skipped != n.skipped {
			t.Errorf("%s: Skipped = %v, want %v", got, got.Skipped, n.skipped)
		}
	}
}
