package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/modls/modls/discover"
	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/internal/testtree"
)

// TestNotesSkipped: a note says whether files went unread (Note.Skipped),
// which `modls check` reports as file-not-checked; notes about layouts that
// lose nothing do not.
func TestNotesSkipped(t *testing.T) {
	outside := testtree.New(t, map[string]string{"secret.pp": ""})
	root := testtree.New(t, map[string]string{"mod.pp": "", "a/x.pp": "", "real/r.pp": "", "big.pp": "", "mod.sp": ""})
	testtree.Symlink(t, root, "..", "a/up")                                     // loop
	testtree.Symlink(t, root, filepath.Join(outside, "secret.pp"), "escape.pp") // outside
	testtree.Symlink(t, root, "nowhere.pp", "broken.pp")                        // broken
	testtree.Symlink(t, root, "../real", "a/alias")                             // same folder twice: nothing lost
	if err := os.Truncate(filepath.Join(root, "big.pp"), source.MaxFileSize+1); err != nil {
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
		i := slices.IndexFunc(notes, func(o discover.Note) bool {
			return strings.HasSuffix(filepath.ToSlash(o.Path), n.path) && strings.Contains(o.Message, n.msg)
		})
		if i < 0 {
			t.Errorf("no note %q for %s in %v", n.msg, n.path, notes)
			continue
		}
		got := notes[i]
		if got.Skipped != n.skipped {
			t.Errorf("%s: Skipped = %v, want %v", got, got.Skipped, n.skipped)
		}
	}
}

// TestLoadCancelled: a load whose context has ended reads no file (the
// workers and discovery stop at the next file or folder).
func TestLoadCancelled(t *testing.T) {
	files := map[string]string{"mod.pp": "mod \"m\" {}\n"}
	for i := range 50 {
		files[fmt.Sprintf("q%d.pp", i)] = fmt.Sprintf("query \"q%d\" {\n  sql = \"select 1\"\n}\n", i)
	}
	root := testtree.New(t, files)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, st, _ := LoadWith([]string{root}, LoadOptions{Context: ctx}); st.Files != 0 {
		t.Errorf("a cancelled load read %d files", st.Files)
	}
	if _, st, _ := LoadWith([]string{root}, LoadOptions{}); st.Files != 51 {
		t.Errorf("a load read %d files, want 51", st.Files)
	}
}
