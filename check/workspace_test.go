package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/config"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/testtree"
)

// passMod is a mod of n files, each with a local that the next file's
// query uses in its title, an unresolved reference, and an unused local.
func passMod(t *testing.T, n int) (*index.Index, []string) {
	t.Helper()
	files := map[string]string{"mod.pp": "mod \"p\" {}\n"}
	for i := range n {
		files[fmt.Sprintf("f%03d.pp", i)] = fmt.Sprintf(
			"locals {\n  l%03d = \"v%d\"\n}\n\nquery \"q%03d\" {\n  title = \"${local.l%03d}\"\n  sql   = \"select 1\"\n}\n\ncontrol \"c%03d\" {\n  query = query.missing%d\n}\n",
			i, i, i, (i+1)%n, i, i)
	}
	root := testtree.New(t, files)
	ix, _, _ := index.Load([]string{root})
	var paths []string
	for _, f := range ix.Files() {
		paths = append(paths, f.Path)
	}
	if len(paths) != n+1 {
		t.Fatalf("%d files indexed, want %d", len(paths), n+1)
	}
	return ix, paths
}

// TestWorkspaceAsFile: a pass reports of each file what File reports of
// it alone, whatever the number of workers; one worker emits in order.
func TestWorkspaceAsFile(t *testing.T) {
	ix, paths := passMod(t, 40)
	c := cache.New(8 << 20)
	want := map[string][]Diagnostic{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		want[p] = File(ix, c, p, src, All)
	}
	for _, workers := range []int{1, 3, 0} {
		var mu sync.Mutex
		got := map[string][]Diagnostic{}
		var order []int
		Workspace(context.Background(), ix, c, paths, Pass{Options: All, Workers: workers}, func(r Result) {
			mu.Lock()
			defer mu.Unlock()
			if r.Err != nil || r.Skipped || paths[r.Index] != r.Path {
				t.Errorf("%d workers: %s: %v, skipped %v", workers, r.Path, r.Err, r.Skipped)
			}
			got[r.Path] = r.Diags
			order = append(order, r.Index)
		})
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d workers: the pass differs from File", workers)
		}
		for i, n := range order {
			if workers == 1 && n != i {
				t.Errorf("one worker emitted file %d as the %dth", n, i)
				break
			}
		}
	}
}

// TestWorkspaceCancel: a pass stops between files when its context ends:
// cancelled as the third file is emitted, it starts no other.
func TestWorkspaceCancel(t *testing.T) {
	ix, paths := passMod(t, 40)
	for _, workers := range []int{1, 2} {
		ctx, cancel := context.WithCancel(context.Background())
		var mu sync.Mutex
		emitted := 0
		Workspace(ctx, ix, cache.New(8<<20), paths, Pass{Options: All, Workers: workers}, func(r Result) {
			mu.Lock()
			defer mu.Unlock()
			if emitted++; emitted == 3 {
				cancel()
			}
		})
		cancel()
		// Another worker may have finished its file as the context ended
		// (or be inside one, which the end cuts short: not emitted).
		if emitted < 3 || emitted > 3+workers-1 {
			t.Errorf("%d workers: cancelled at the 3rd file of %d, %d emitted", workers, len(paths), emitted)
		}
	}
}

// TestWorkspaceUnreadAndLarge: a file that cannot be read is emitted with
// its error, one over MaxBytes read and not checked.
func TestWorkspaceUnreadAndLarge(t *testing.T) {
	ix, paths := passMod(t, 2)
	gone := filepath.Join(filepath.Dir(paths[0]), "gone.pp")
	big := filepath.Join(filepath.Dir(paths[0]), "big.pp")
	if err := os.WriteFile(big, []byte("locals {\n  x = \""+strings.Repeat("a", 4096)+"\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := map[string]Result{}
	Workspace(context.Background(), ix, cache.New(8<<20), []string{gone, big, paths[1]}, Pass{Options: All, Workers: 1, MaxBytes: 1024}, func(r Result) {
		got[r.Path] = r
	})
	if r := got[gone]; r.Err == nil || r.Src != nil {
		t.Errorf("missing file: %+v", r)
	}
	if r := got[big]; !r.Skipped || len(r.Src) <= 1024 || r.Diags != nil {
		t.Errorf("file over MaxBytes: skipped %v, %d bytes, %d diagnostics", r.Skipped, len(r.Src), len(r.Diags))
	}
	if r := got[paths[1]]; r.Err != nil || r.Skipped || len(r.Diags) == 0 {
		t.Errorf("%s: %+v", paths[1], r)
	}
}

// TestWorkspacePanic: a panic in a worker reaches the caller's goroutine,
// where its recovery sees it.
func TestWorkspacePanic(t *testing.T) {
	ix, paths := passMod(t, 8)
	opt := All
	opt.Config = func(string) *config.Config { panic("a fault in a check") }
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "a fault in a check") {
			t.Errorf("recovered %v", r)
		}
	}()
	Workspace(context.Background(), ix, cache.New(8<<20), paths, Pass{Options: opt, Workers: 2}, func(Result) {})
	t.Error("no panic")
}
