package watch

// The tests drive real directories and the real fsnotify backend, and assert
// the eventual state: a recorder applies every batch to a model of the
// workspace (the set of relevant files) the way the language server applies
// them to its index, and the tests poll until the model equals the disk.
// Timeouts are generous because CI machines are small and loaded.

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

const waitTimeout = 30 * time.Second

// relevantFile is the Relevant filter of the language server.
func relevantFile(path string) bool {
	switch filepath.Base(path) {
	case ".powerpipeignore", ".mod.cache.json":
		return true
	}
	switch filepath.Ext(path) {
	case ".pp", ".sp", ".ppvars", ".spvars":
		return true
	}
	return false
}

func skipNodeModules(path string) bool { return filepath.Base(path) == "node_modules" }

// recorder collects batches and keeps a model of the relevant files.
type recorder struct {
	t      *testing.T
	active atomic.Int32
	closed atomic.Bool

	mu      sync.Mutex
	batches []Batch
	files   map[string]bool
	logs    []string
}

func (r *recorder) onBatch(b Batch) {
	if r.active.Add(1) != 1 {
		r.t.Error("onBatch called concurrently")
	}
	defer r.active.Add(-1)
	if r.closed.Load() {
		r.t.Error("onBatch called after Close returned")
	}
	checkBatch(r.t, b)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.batches = append(r.batches, b)
	for _, d := range b.RemovedDirs {
		for f := range r.files {
			if strings.HasPrefix(f, d+string(filepath.Separator)) {
				delete(r.files, f)
			}
		}
	}
	for _, f := range b.Removed {
		delete(r.files, f)
	}
	for _, f := range b.Changed {
		r.files[f] = true
	}
}

func (r *recorder) logf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}

// checkBatch verifies the invariants every Batch promises.
func checkBatch(t *testing.T, b Batch) {
	t.Helper()
	for name, list := range map[string][]string{"Changed": b.Changed, "Removed": b.Removed, "RemovedDirs": b.RemovedDirs, "Rescan": b.Rescan} {
		if !slices.IsSorted(list) || len(slices.Compact(slices.Clone(list))) != len(list) {
			t.Errorf("%s not sorted and unique: %q", name, list)
		}
		for _, p := range list {
			if !filepath.IsAbs(p) || filepath.Clean(p) != p {
				t.Errorf("%s holds %q: not absolute and clean", name, p)
			}
		}
	}
	changed := setOf(b.Changed)
	for _, p := range b.Removed {
		if _, ok := changed[p]; ok {
			t.Errorf("%s both Changed and Removed", p)
		}
	}
	rd := setOf(b.RemovedDirs)
	for _, p := range b.Removed {
		if below(rd, p) {
			t.Errorf("Removed %s lies below one of RemovedDirs %q", p, b.RemovedDirs)
		}
	}
	for _, p := range b.RemovedDirs {
		if below(rd, p) {
			t.Errorf("RemovedDirs %s lies below another", p)
		}
	}
}

// snapshot returns a copy of the batches so far.
func (r *recorder) snapshot() []Batch {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.batches)
}

func (r *recorder) has(path string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.files[path]
}

// waitFor polls cond until it holds or the timeout expires.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", waitTimeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitSynced waits until the model equals the relevant files on disk.
func (r *recorder) waitSynced(t *testing.T, roots ...string) {
	t.Helper()
	var diff string
	deadline := time.Now().Add(waitTimeout)
	for {
		want := diskFiles(t, roots...)
		r.mu.Lock()
		diff = diffSets(want, r.files)
		r.mu.Unlock()
		if diff == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("model never matched the disk after %v: %s", waitTimeout, diff)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func diffSets(want, got map[string]bool) string {
	var missing, extra []string
	for p := range want {
		if !got[p] {
			missing = append(missing, p)
		}
	}
	for p := range got {
		if !want[p] {
			extra = append(extra, p)
		}
	}
	if len(missing)+len(extra) == 0 {
		return ""
	}
	slices.Sort(missing)
	slices.Sort(extra)
	return fmt.Sprintf("missing %d %q, extra %d %q", len(missing), head(missing), len(extra), head(extra))
}

func head(s []string) []string { return s[:min(len(s), 5)] }

// diskFiles lists the relevant files below roots the way the watcher sees
// them: .git and node_modules skipped, symlinked directories not followed,
// symlinks to files included.
func diskFiles(t *testing.T, roots ...string) map[string]bool {
	out := map[string]bool{}
	for _, root := range roots {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // vanished while walking: the next poll sees it
			}
			if d.IsDir() {
				if p != root && (d.Name() == ".git" || d.Name() == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if st, err := os.Stat(p); err != nil || st.IsDir() {
					return nil
				}
			}
			if relevantFile(p) {
				out[p] = true
			}
			return nil
		})
	}
	return out
}

// start watches roots with the language server's filters and a model seeded
// from the disk; the watcher is closed when the test ends.
func start(t *testing.T, roots []string, opt Options) (*Watcher, *recorder) {
	t.Helper()
	r := &recorder{t: t, files: diskFiles(t, roots...)}
	if opt.Debounce == 0 {
		opt.Debounce = 50 * time.Millisecond
	}
	if opt.MaxDelay == 0 {
		opt.MaxDelay = 500 * time.Millisecond
	}
	if opt.Relevant == nil {
		opt.Relevant = relevantFile
	}
	if opt.SkipDir == nil {
		opt.SkipDir = skipNodeModules
	}
	if opt.Logf == nil {
		opt.Logf = r.logf
	}
	w, err := New(roots, opt, r.onBatch)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		r.closed.Store(true)
	})
	return w, r
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// watched returns the directories fsnotify watches, sorted.
func watched(w *Watcher) []string {
	l := w.fsw.WatchList()
	slices.Sort(l)
	return l
}

// inBatches reports whether some batch satisfies f.
func (r *recorder) inBatches(f func(Batch) bool) bool {
	return slices.ContainsFunc(r.snapshot(), f)
}

func TestCreateModifyDelete(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "mod.pp"), "mod \"m\" {}\n")
	_, r := start(t, []string{root}, Options{})
	a := filepath.Join(root, "a.pp")

	write(t, a, "query \"q\" {}\n")
	r.waitSynced(t, root)

	n := len(r.snapshot())
	write(t, a, "query \"q2\" {}\n")
	waitFor(t, "a batch reporting the modification", func() bool {
		bs := r.snapshot()
		return len(bs) > n && slices.ContainsFunc(bs[n:], func(b Batch) bool { return slices.Contains(b.Changed, a) })
	})

	must(t, os.Remove(a))
	waitFor(t, "a.pp removed", func() bool { return !r.has(a) })
	r.waitSynced(t, root)
	if !r.inBatches(func(b Batch) bool { return slices.Contains(b.Removed, a) }) {
		t.Error("no batch listed a.pp in Removed")
	}
}

func TestBurstCoalesced(t *testing.T) {
	root := t.TempDir()
	_, r := start(t, []string{root}, Options{})
	for i := range 200 {
		write(t, filepath.Join(root, fmt.Sprintf("f%03d.pp", i)), "locals {}\n")
	}
	r.waitSynced(t, root)
	bs := r.snapshot()
	t.Logf("200 writes delivered in %d batch(es)", len(bs))
	if len(bs) > 20 {
		t.Errorf("200 writes gave %d batches; want them coalesced", len(bs))
	}
}

func TestMkdirPWithFiles(t *testing.T) {
	root := t.TempDir()
	_, r := start(t, []string{root}, Options{})
	a := filepath.Join(root, "a")
	must(t, os.MkdirAll(filepath.Join(a, "b", "c"), 0o755))
	var want []string
	for _, d := range []string{"a", "a/b", "a/b/c"} {
		for i := range 3 {
			p := filepath.Join(root, d, fmt.Sprintf("f%d.pp", i))
			write(t, p, "locals {}\n")
			want = append(want, p)
		}
	}
	r.waitSynced(t, root)
	for _, p := range want {
		if !r.has(p) {
			t.Errorf("%s not reported", p)
		}
	}
	if !r.inBatches(func(b Batch) bool { return slices.Contains(b.Rescan, a) }) {
		t.Errorf("no batch listed %s in Rescan", a)
	}
	// The new directories are watched: a later file is seen.
	late := filepath.Join(a, "b", "c", "late.pp")
	write(t, late, "locals {}\n")
	r.waitSynced(t, root)
}

func TestRemoveAllLargeFolder(t *testing.T) {
	root := t.TempDir()
	big := filepath.Join(root, "big")
	for i := range 1000 {
		write(t, filepath.Join(big, fmt.Sprintf("f%04d.pp", i)), "locals {}\n")
	}
	write(t, filepath.Join(root, "keep.pp"), "locals {}\n")
	_, r := start(t, []string{root}, Options{})

	must(t, os.RemoveAll(big))
	r.waitSynced(t, root)
	var individual int
	var found bool
	for _, b := range r.snapshot() {
		for _, p := range b.Removed {
			if strings.HasPrefix(p, big+string(filepath.Separator)) {
				individual++
			}
		}
		if slices.Contains(b.RemovedDirs, big) {
			found = true
			if n := len(b.Changed) + len(b.Removed) + len(b.RemovedDirs); n > 10 {
				t.Errorf("the batch removing %s has %d entries; want a small batch", big, n)
			}
		}
	}
	t.Logf("files of the removed folder listed one by one: %d of 1000", individual)
	if !found {
		t.Errorf("no batch listed %s in RemovedDirs", big)
	}
	if individual >= 1000 {
		t.Errorf("all %d files listed one by one", individual)
	}
}

// TestRemoveAllSlowly deletes a folder file by file with pauses longer than
// Debounce, so that batches are cut while the folder is being emptied: the
// removals are held back until the folder itself goes.
func TestRemoveAllSlowly(t *testing.T) {
	root := t.TempDir()
	big, kept := filepath.Join(root, "big"), filepath.Join(root, "kept")
	for i := range 1000 {
		write(t, filepath.Join(big, fmt.Sprintf("f%04d.pp", i)), "locals {}\n")
	}
	for i := range 100 {
		write(t, filepath.Join(kept, fmt.Sprintf("f%03d.pp", i)), "locals {}\n")
	}
	// Removals are held for at most 4 × MaxDelay: long enough here that a
	// busy machine, slow to remove 1,000 files, does not release them
	// before the folder goes (with 200 ms, a loaded CI machine did).
	_, r := start(t, []string{root}, Options{Debounce: 20 * time.Millisecond, MaxDelay: 5 * time.Second})

	for i := range 1000 {
		must(t, os.Remove(filepath.Join(big, fmt.Sprintf("f%04d.pp", i))))
		if i%100 == 99 {
			time.Sleep(30 * time.Millisecond)
		}
	}
	must(t, os.Remove(big))
	r.waitSynced(t, root)
	var individual int
	for _, b := range r.snapshot() {
		for _, p := range b.Removed {
			if strings.HasPrefix(p, big+string(filepath.Separator)) {
				individual++
			}
		}
	}
	t.Logf("%d batches; files of the removed folder listed one by one: %d of 1000", len(r.snapshot()), individual)
	if individual >= 500 {
		t.Errorf("%d of 1000 files listed one by one; want most covered by RemovedDirs", individual)
	}

	// A mass removal that leaves the folder in place is delivered too.
	for i := range 100 {
		must(t, os.Remove(filepath.Join(kept, fmt.Sprintf("f%03d.pp", i))))
	}
	r.waitSynced(t, root)
}

func TestCheckoutSwap(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	pkg := filepath.Join(root, "pkg")
	write(t, filepath.Join(pkg, "a.pp"), "locals {}\n")
	write(t, filepath.Join(pkg, "sub", "b.pp"), "locals {}\n")
	write(t, filepath.Join(outside, "new", "c.pp"), "locals {}\n")
	write(t, filepath.Join(outside, "new", "sub", "deep", "d.pp"), "locals {}\n")
	w, r := start(t, []string{root}, Options{})

	// Swap the folder as a checkout does: the old one away, a new one in.
	must(t, os.Rename(pkg, filepath.Join(outside, "old")))
	must(t, os.Rename(filepath.Join(outside, "new"), pkg))
	r.waitSynced(t, root)
	if !r.inBatches(func(b Batch) bool { return slices.Contains(b.RemovedDirs, pkg) }) {
		t.Errorf("no batch listed %s in RemovedDirs", pkg)
	}
	if !r.inBatches(func(b Batch) bool { return slices.Contains(b.Rescan, pkg) }) {
		t.Errorf("no batch listed %s in Rescan", pkg)
	}

	// The moved-in tree is watched under its new paths, and nothing of the
	// moved-away tree (now outside the root) is.
	write(t, filepath.Join(pkg, "sub", "deep", "e.pp"), "locals {}\n")
	write(t, filepath.Join(outside, "old", "sub", "x.pp"), "locals {}\n")
	r.waitSynced(t, root)
	for _, d := range watched(w) {
		if !within(root, d) {
			t.Errorf("watching %s, outside the root", d)
		}
	}

	// A folder renamed inside the root: old name gone, new name watched.
	renamed := filepath.Join(root, "renamed")
	must(t, os.Rename(pkg, renamed))
	r.waitSynced(t, root)
	write(t, filepath.Join(renamed, "sub", "deep", "f.pp"), "locals {}\n")
	write(t, filepath.Join(renamed, "g.pp"), "locals {}\n")
	r.waitSynced(t, root)
	if !r.inBatches(func(b Batch) bool { return slices.Contains(b.RemovedDirs, pkg) && slices.Contains(b.Rescan, renamed) }) &&
		!(r.inBatches(func(b Batch) bool { return slices.Contains(b.RemovedDirs, pkg) }) && r.inBatches(func(b Batch) bool { return slices.Contains(b.Rescan, renamed) })) {
		t.Errorf("rename of %s to %s not reported as RemovedDirs + Rescan", pkg, renamed)
	}
	if got := watched(w); slices.ContainsFunc(got, func(d string) bool { return within(pkg, d) }) {
		t.Errorf("still watching below the old name: %q", got)
	}
}

func TestRenameFile(t *testing.T) {
	root := t.TempDir()
	a, b := filepath.Join(root, "a.pp"), filepath.Join(root, "b.pp")
	write(t, a, "locals {}\n")
	_, r := start(t, []string{root}, Options{})

	must(t, os.Rename(a, b))
	r.waitSynced(t, root)
	if !r.inBatches(func(x Batch) bool { return slices.Contains(x.Removed, a) }) ||
		!r.inBatches(func(x Batch) bool { return slices.Contains(x.Changed, b) }) {
		t.Errorf("rename a.pp -> b.pp not reported as Removed a.pp + Changed b.pp: %+v", r.snapshot())
	}

	// An editor's atomic save: write a temporary file, rename it over.
	tmp := filepath.Join(root, ".b.pp.tmp~")
	write(t, tmp, "locals { x = 1 }\n")
	n := len(r.snapshot())
	must(t, os.Rename(tmp, b))
	waitFor(t, "the atomic save of b.pp", func() bool {
		bs := r.snapshot()
		return len(bs) > n && slices.ContainsFunc(bs[n:], func(x Batch) bool { return slices.Contains(x.Changed, b) })
	})

	// Renamed to an irrelevant name: just gone.
	must(t, os.Rename(b, b+".bak"))
	r.waitSynced(t, root)
}

func TestIrrelevantIgnored(t *testing.T) {
	root := t.TempDir()
	_, r := start(t, []string{root}, Options{})
	md := filepath.Join(root, "README.md")
	write(t, md, "# x\n")
	write(t, filepath.Join(root, "docs", "notes.md"), "# y\n")
	must(t, os.Remove(md))
	write(t, filepath.Join(root, "a.pp"), "locals {}\n")
	write(t, filepath.Join(root, "docs", "b.ppvars"), "x = 1\n")
	r.waitSynced(t, root)
	for _, b := range r.snapshot() {
		for _, p := range slices.Concat(b.Changed, b.Removed) {
			if !relevantFile(p) {
				t.Errorf("irrelevant file reported: %s", p)
			}
		}
	}
}

func TestSkippedDirsNotWatched(t *testing.T) {
	for _, tc := range []struct {
		name string
		skip func(string) bool
	}{
		{"node_modules", skipNodeModules},
		{"nothing", func(string) bool { return false }}, // .git is skipped all the same
	} {
		t.Run("skip "+tc.name, func(t *testing.T) {
			root := t.TempDir()
			write(t, filepath.Join(root, ".git", "objects", "x.pp"), "")
			write(t, filepath.Join(root, "node_modules", "pkg", "y.pp"), "")
			write(t, filepath.Join(root, "src", "a.pp"), "locals {}\n")
			w, r := start(t, []string{root}, Options{SkipDir: tc.skip})
			for _, d := range watched(w) {
				rel, _ := filepath.Rel(root, d)
				if strings.Contains(rel, ".git") || (tc.skip(d) && strings.Contains(rel, "node_modules")) {
					t.Errorf("watching skipped folder %s", d)
				}
			}
			if n := len(watched(w)); tc.name == "nothing" && n != 4 {
				t.Errorf("watching %d folders, want 4 (root, src, node_modules, node_modules/pkg): %q", n, watched(w))
			}
			// A nested .git created at run time is not watched either.
			must(t, os.MkdirAll(filepath.Join(root, "src", "vendored", ".git", "refs"), 0o755))
			write(t, filepath.Join(root, ".git", "objects", "z.pp"), "")
			write(t, filepath.Join(root, "src", "vendored", ".git", "refs", "w.pp"), "")
			marker := filepath.Join(root, "src", "vendored", "marker.pp")
			write(t, marker, "locals {}\n")
			waitFor(t, "the marker file", func() bool { return r.has(marker) })
			for _, b := range r.snapshot() {
				for _, p := range b.Changed {
					if strings.Contains(p, string(filepath.Separator)+".git"+string(filepath.Separator)) {
						t.Errorf("file below .git reported: %s", p)
					}
				}
			}
			for _, d := range watched(w) {
				if rel, _ := filepath.Rel(root, d); strings.Contains(rel, ".git") {
					t.Errorf("watching %s", d)
				}
			}
		})
	}
}

func TestWatchLimitFallback(t *testing.T) {
	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EMFILE} {
		t.Run(errno.Error(), func(t *testing.T) {
			root := t.TempDir()
			for _, d := range []string{"a/x", "a/y", "b/x", "b/y", "c"} {
				write(t, filepath.Join(root, d, "f.pp"), "locals {}\n")
			}
			var adds, refused atomic.Int32
			opt := Options{add: func(path string) error {
				if adds.Add(1) > 3 { // the root and two more folders fit
					refused.Add(1)
					return fmt.Errorf("inotify_add_watch %s: %w", path, errno)
				}
				return nil
			}}
			w, r := start(t, []string{root}, opt)
			if w.Degraded() == "" {
				t.Fatal("Degraded() is empty after the watch limit was hit")
			}
			t.Logf("Degraded: %s", w.Degraded())
			if got := len(watched(w)); got != 3 {
				t.Errorf("watching %d folders, want the 3 that fitted", got)
			}
			// Watching goes on where it can, and a folder that appears (moved
			// in whole, so that its files exist when it appears) is still
			// walked although it cannot be watched.
			write(t, filepath.Join(root, "top.pp"), "locals {}\n")
			staging := t.TempDir()
			write(t, filepath.Join(staging, "new", "deeper", "g.pp"), "locals {}\n")
			must(t, os.Rename(filepath.Join(staging, "new"), filepath.Join(root, "new")))
			waitFor(t, "top.pp", func() bool { return r.has(filepath.Join(root, "top.pp")) })
			waitFor(t, "new/deeper/g.pp found by walking the new folder", func() bool {
				return r.has(filepath.Join(root, "new", "deeper", "g.pp"))
			})
			if refused.Load() < 2 {
				t.Errorf("only %d watches refused; the test did not exercise the fallback", refused.Load())
			}
			r.mu.Lock()
			var n int
			for _, l := range r.logs {
				if strings.Contains(l, "incomplete") {
					n++
				}
			}
			r.mu.Unlock()
			if n != 1 {
				t.Errorf("the degraded state was logged %d times, want once", n)
			}
		})
	}
}

func TestOverflowResyncs(t *testing.T) {
	root := t.TempDir()
	lost := filepath.Join(root, "lost")
	must(t, os.Mkdir(lost, 0o755))
	w, r := start(t, []string{root}, Options{})

	// Simulate a directory whose creation event was lost in the overflow.
	w.mu.Lock()
	w.unwatch(lost, nil)
	w.mu.Unlock()
	w.fsw.Errors <- fsnotify.ErrEventOverflow
	waitFor(t, "a batch with Overflow", func() bool { return r.inBatches(func(b Batch) bool { return b.Overflow }) })
	p := filepath.Join(lost, "after.pp")
	write(t, p, "locals {}\n")
	waitFor(t, "a file in the resynchronised folder", func() bool { return r.has(p) })
}

func TestSymlinks(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write(t, filepath.Join(root, "real.pp"), "locals {}\n")
	write(t, filepath.Join(outside, "ext.pp"), "locals {}\n")
	must(t, os.Symlink(root, filepath.Join(root, "loop")))   // a loop
	must(t, os.Symlink(outside, filepath.Join(root, "ext"))) // leaves the root
	w, r := start(t, []string{root}, Options{})
	if got := watched(w); len(got) != 1 || got[0] != root {
		t.Errorf("watching %q, want only the root", got)
	}

	// A symlinked file is a file.
	link := filepath.Join(root, "link.pp")
	must(t, os.Symlink(filepath.Join(root, "real.pp"), link))
	// A symlinked folder appearing is listed in Rescan, not walked.
	dirLink := filepath.Join(root, "dirlink")
	must(t, os.Symlink(outside, dirLink))
	write(t, filepath.Join(outside, "more.pp"), "locals {}\n")
	r.waitSynced(t, root)
	if !r.has(link) {
		t.Errorf("%s not reported", link)
	}
	if !r.inBatches(func(b Batch) bool { return slices.Contains(b.Rescan, dirLink) }) {
		t.Errorf("%s not in Rescan", dirLink)
	}
	must(t, os.Remove(dirLink))
	must(t, os.Remove(link))
	waitFor(t, "the removed folder link in RemovedDirs", func() bool {
		return r.inBatches(func(b Batch) bool { return slices.Contains(b.RemovedDirs, dirLink) })
	})
	r.waitSynced(t, root)
	for _, d := range watched(w) {
		if !within(root, d) || strings.Contains(d, "loop") {
			t.Errorf("watching %s", d)
		}
	}
}

func TestAddRemoveRoots(t *testing.T) {
	one, two := t.TempDir(), t.TempDir()
	w, r := start(t, []string{one}, Options{})
	must(t, w.Add(two))
	must(t, w.Add(two)) // idempotent
	p := filepath.Join(two, "sub", "x.pp")
	write(t, p, "locals {}\n")
	waitFor(t, "a file in the added root", func() bool { return r.has(p) })

	must(t, w.Remove(two))
	if err := w.Remove(two); err == nil {
		t.Error("removing a root twice succeeded")
	}
	if got := watched(w); len(got) != 1 || got[0] != one {
		t.Errorf("after Remove, watching %q", got)
	}
	q := filepath.Join(two, "sub", "y.pp")
	write(t, q, "locals {}\n")
	marker := filepath.Join(one, "marker.pp")
	write(t, marker, "locals {}\n")
	waitFor(t, "the marker", func() bool { return r.has(marker) })
	if r.has(q) {
		t.Errorf("%s reported after its root was removed", q)
	}
	if err := w.Add(filepath.Join(one, "marker.pp")); err == nil {
		t.Error("Add of a file succeeded")
	}
	if err := w.Add(filepath.Join(one, ".git")); err == nil {
		t.Error("Add of a .git folder succeeded")
	}
}

func TestCloseNoLeaks(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 5 {
		root := t.TempDir()
		r := &recorder{t: t, files: map[string]bool{}}
		w, err := New([]string{root}, Options{Debounce: time.Millisecond, MaxDelay: 5 * time.Millisecond, Relevant: relevantFile}, r.onBatch)
		must(t, err)
		// Keep writing while closing, so that batches are due around Close.
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				os.WriteFile(filepath.Join(root, fmt.Sprintf("f%d.pp", i%50)), []byte("x"), 0o644)
			}
		})
		waitFor(t, "a first batch", func() bool { return len(r.snapshot()) > 0 })
		must(t, w.Close())
		r.closed.Store(true)
		time.Sleep(20 * time.Millisecond) // writes go on; no batch may come
		close(stop)
		wg.Wait()
		must(t, w.Close()) // a second Close is harmless
		if err := w.Add(root); err == nil {
			t.Error("Add after Close succeeded")
		}
	}
	waitFor(t, "goroutines to exit", func() bool { return runtime.NumGoroutine() <= before+1 })
	t.Logf("goroutines: %d before, %d after", before, runtime.NumGoroutine())
}
