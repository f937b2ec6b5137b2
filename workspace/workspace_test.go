package workspace

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/testtree"
	"github.com/modls/modls/internal/watch"
)

// waitFor polls cond until it holds; the deadline only guards against a
// hang.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after 30 s", what)
		}
	}
}

// start starts a workspace of root, not watched, and waits for its first
// index.
func start(t *testing.T, root string, opt Options) *Workspace {
	t.Helper()
	w := New(t.Context(), opt)
	w.Start([]string{root}, nil, StartOptions{NoWatch: true})
	<-w.Ready()
	return w
}

func query(name string) string { return "query \"" + name + "\" {\n  sql = \"select 1\"\n}\n" }

// has reports whether ix holds query.name.
func has(ix *index.Index, name string) bool {
	for _, f := range ix.Files() {
		for _, e := range f.Entries() {
			if e.UnqualifiedName() == "query."+name {
				return true
			}
		}
	}
	return false
}

// TestEditorEvents: open, change and close lay the editor's text over the
// disk in the index, in order, and a snapshot keeps what it saw.
func TestEditorEvents(t *testing.T) {
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"m\" {}\n", "q.pp": query("disk_q")})
	w := start(t, root, Options{})
	p := filepath.Join(root, "q.pp")
	w.Open(p, 1, []byte(query("open_q")))
	opened := w.Snapshot()
	if err := w.Change(p, 2, []Change{{Whole: true, Text: query("changed_q")}}); err != nil {
		t.Fatal(err)
	}
	if ix := opened.Index(); !has(ix, "open_q") || has(ix, "disk_q") {
		t.Error("the snapshot taken after open does not hold the open text")
	}
	if ix := w.Index(); !has(ix, "changed_q") || has(ix, "open_q") {
		t.Error("the index does not follow the change")
	}
	w.Close(p)
	if ix := w.Index(); !has(ix, "disk_q") || has(ix, "changed_q") {
		t.Error("after close, the index does not hold the disk's text again")
	}
	// A file of no mod is open, not indexed.
	stray := filepath.Join(t.TempDir(), "stray.pp")
	w.Open(stray, 1, []byte(query("stray_q")))
	if has(w.Index(), "stray_q") {
		t.Error("a file outside every mod was indexed")
	}
	if _, ok := w.Snapshot().Doc(stray); !ok {
		t.Error("the stray document is not open")
	}
}

// TestTooLargeKeepsTheDisk: a document over MaxEditedBytes is open, but the
// index keeps the saved text; back under the bound, the open text applies.
func TestTooLargeKeepsTheDisk(t *testing.T) {
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"m\" {}\n", "q.pp": query("disk_q")})
	w := start(t, root, Options{})
	p := filepath.Join(root, "q.pp")
	w.Open(p, 1, []byte(query("small_q")))
	big := query("big_q") + strings.Repeat("# padding\n", MaxEditedBytes/10+1)
	if err := w.Change(p, 2, []Change{{Whole: true, Text: big}}); err != nil {
		t.Fatal(err)
	}
	if ix := w.Index(); !has(ix, "disk_q") || has(ix, "big_q") || has(ix, "small_q") {
		t.Error("a document over the bound: the index does not hold the disk's text")
	}
	if err := w.Change(p, 3, []Change{{Whole: true, Text: query("small_q")}}); err != nil {
		t.Fatal(err)
	}
	if !has(w.Index(), "small_q") {
		t.Error("back under the bound, the open text is not indexed")
	}
}

// TestApplyIsOneBatch: a batch of disk changes is applied as one index
// change (one Changed), and leaves open documents to the editor.
func TestApplyIsOneBatch(t *testing.T) {
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"m\" {}\n", "a.pp": query("a_q"), "b.pp": query("b_q"), "c.pp": query("c_q")})
	var changed atomic.Int32
	w := start(t, root, Options{Changed: func() { changed.Add(1) }})
	base := changed.Load()
	a, b, c, d := filepath.Join(root, "a.pp"), filepath.Join(root, "b.pp"), filepath.Join(root, "c.pp"), filepath.Join(root, "d.pp")
	w.Open(c, 1, []byte(query("open_c")))
	testtree.Write(t, root, map[string]string{"a.pp": query("a2_q"), "c.pp": query("c2_q"), "d.pp": query("d_q")})
	os.Remove(b)
	gen, edits := w.diskGen, w.edits
	w.Apply(watch.Batch{Changed: []string{a, c, d}, Removed: []string{b}})
	ix := w.Index()
	for name, want := range map[string]bool{"a2_q": true, "a_q": false, "b_q": false, "d_q": true, "open_c": true, "c2_q": false} {
		if has(ix, name) != want {
			t.Errorf("after the batch, query.%s indexed: %v, want %v", name, !want, want)
		}
	}
	if n := changed.Load() - base; n != 1 || w.diskGen != gen+1 || w.edits != edits+1 {
		t.Errorf("the batch made %d changes, %d disk generations and %d snapshots, want one of each", n, w.diskGen-gen, w.edits-edits)
	}
	// A mod file changed: discovered again rather than applied.
	testtree.Write(t, root, map[string]string{"mod.pp": "mod \"m\" {}\n# again\n"})
	w.Apply(watch.Batch{Changed: []string{filepath.Join(root, "mod.pp")}})
	waitFor(t, "the reload", func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		return w.reload.loads == 1 && !w.reload.running
	})
}

// TestApplyDuringFirstBuild: a batch that arrives while the first build
// runs neither waits for it nor is lost: it applies once the build is done.
func TestApplyDuringFirstBuild(t *testing.T) {
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"m\" {}\n", "a.pp": query("a_q"), "b.pp": query("b_q")})
	w := New(t.Context(), Options{})
	// The build reads a.pp after this batch says it is gone.
	w.Start([]string{root}, nil, StartOptions{NoWatch: true, BeforeIndex: func() {
		w.Apply(watch.Batch{Removed: []string{filepath.Join(root, "a.pp")}})
	}})
	select {
	case <-w.Ready():
	case <-time.After(30 * time.Second):
		t.Fatal("the first build waits for a batch that waits for it")
	}
	if ix := w.Index(); has(ix, "a_q") || !has(ix, "b_q") {
		t.Error("the batch that arrived during the first build was not applied")
	}
}

// TestIgnoreDuringFirstBuild: ignore patterns set while the first build
// runs (it read the old ones) apply to the index once it is done.
func TestIgnoreDuringFirstBuild(t *testing.T) {
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"m\" {}\n", "q.pp": query("kept_q"), "scratch/x.pp": query("scratch_q")})
	w := New(t.Context(), Options{})
	w.Start([]string{root}, nil, StartOptions{NoWatch: true, BeforeIndex: func() { w.SetIgnore([]string{"scratch/**"}) }})
	<-w.Ready()
	waitFor(t, "scratch_q gone", func() bool { return !has(w.Index(), "scratch_q") })
	if !has(w.Index(), "kept_q") {
		t.Error("kept_q lost")
	}
	if w.SetIgnore([]string{"scratch/**"}) {
		t.Error("the same patterns again count as a change")
	}
}

// TestNewerReloadWins: a reload asked for while one loads stops that load,
// which is never installed; the newer one is, once.
func TestNewerReloadWins(t *testing.T) {
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"m\" {}\n", "q.pp": query("first_q")})
	var changed atomic.Int32
	stopped := make(chan bool, 1)
	first := true
	w := New(t.Context(), Options{Changed: func() { changed.Add(1) }})
	w.Start([]string{root}, nil, StartOptions{NoWatch: true, BeforeReload: func(ctx context.Context) {
		if !first {
			return
		}
		first = false
		testtree.Write(t, root, map[string]string{"q.pp": query("second_q")})
		w.Reload()
		stopped <- ctx.Err() != nil
	}})
	<-w.Ready()
	waitFor(t, "the first build's Changed", func() bool { return changed.Load() == 1 })
	w.Reload()
	if !<-stopped {
		t.Error("the older load was not stopped by the newer reload")
	}
	waitFor(t, "the reloads", func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		return !w.reload.running
	})
	if !has(w.Index(), "second_q") {
		t.Error("the newer load is not installed")
	}
	if n := changed.Load(); n != 2 || w.reload.loads != 2 {
		t.Errorf("%d loads, %d installed, want 2 loads and 1 installed", w.reload.loads, n-1)
	}
}

// TestChangeRoots: roots added and removed are loaded again.
func TestChangeRoots(t *testing.T) {
	a := testtree.New(t, map[string]string{"mod.pp": "mod \"a\" {}\n", "q.pp": query("alpha_q")})
	b := testtree.New(t, map[string]string{"mod.pp": "mod \"b\" {}\n", "q.pp": query("beta_q")})
	w := start(t, a, Options{})
	w.ChangeRoots([]string{b}, nil)
	waitFor(t, "beta_q indexed", func() bool { return has(w.Index(), "beta_q") })
	w.ChangeRoots(nil, []string{a})
	waitFor(t, "alpha_q gone", func() bool { return !has(w.Index(), "alpha_q") })
	if !has(w.Index(), "beta_q") || len(w.Snapshot().roots) != 1 {
		t.Errorf("roots %v", w.Snapshot().roots)
	}
}

// TestBuildPanic: a panic in the first build releases the requests waiting
// for it with an empty index.
func TestBuildPanic(t *testing.T) {
	w := New(t.Context(), Options{})
	w.Start([]string{t.TempDir()}, nil, StartOptions{NoWatch: true, BeforeIndex: func() { panic("fault") }})
	select {
	case <-w.Ready():
	case <-time.After(30 * time.Second):
		t.Fatal("the requests waiting for a failed build are never released")
	}
	if ix := w.Index(); ix == nil || len(ix.Files()) != 0 {
		t.Errorf("index after a failed build: %v", ix)
	}
}

// TestSnapshotSources: a snapshot reads the open text, else the disk's
// once, only inside the workspace; Built finds the text a file was built
// from, or none when the disk changed behind the index.
func TestSnapshotSources(t *testing.T) {
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"m\" {}\n", "q.pp": "/* é */ " + query("q"), "o.pp": query("o")})
	outside := testtree.New(t, map[string]string{"x.pp": query("x")})
	var reads atomic.Int32
	w := New(t.Context(), Options{})
	w.Start([]string{root}, nil, StartOptions{NoWatch: true, OnRead: func(string) { reads.Add(1) }})
	<-w.Ready()
	q, o := filepath.Join(root, "q.pp"), filepath.Join(root, "o.pp")
	w.Open(o, 1, []byte(query("open_o")))
	s := w.Snapshot()
	for range 2 {
		if text, _, err := s.Source(q); err != nil || !strings.Contains(string(text), "é") {
			t.Fatalf("Source(q.pp): %q %v", text, err)
		}
	}
	if text, _, _ := s.Source(o); !strings.Contains(string(text), "open_o") {
		t.Errorf("Source of an open document: %q", text)
	}
	if n := reads.Load(); n != 1 {
		t.Errorf("%d reads from the disk, want 1", n)
	}
	if _, _, err := s.Source(filepath.Join(outside, "x.pp")); err == nil || !strings.Contains(err.Error(), "outside the workspace") {
		t.Errorf("Source outside the workspace: %v", err)
	}
	if s.Inside(filepath.Join(outside, "x.pp")) || !s.Inside(q) {
		t.Error("Inside is wrong")
	}
	f := s.Index().File(q)
	if bt, ok := s.Built(f); !ok || !strings.Contains(string(bt.Text), "é") {
		t.Errorf("Built(q.pp): %q %v", bt.Text, ok)
	}
	if bt, ok := s.Built(s.Index().File(o)); !ok || !strings.Contains(string(bt.Text), "open_o") {
		t.Errorf("Built(o.pp) of the open document: %q %v", bt.Text, ok)
	}
	// The disk changes behind the index: a new snapshot finds no built text.
	testtree.Write(t, root, map[string]string{"q.pp": "/* éé */ " + query("q")})
	if bt, ok := w.Snapshot().Built(f); ok {
		t.Errorf("Built after the disk changed: %q", bt.Text)
	}
}

// BenchmarkApplyBatch applies a batch of 1,000 changed files (a checkout)
// to a workspace of 2,000, as one index batch ("batch"), against making one
// snapshot per file as the server did before ("per-file").
func BenchmarkApplyBatch(b *testing.B) {
	files := map[string]string{"mod.pp": "mod \"m\" {}\n"}
	for i := range 2000 {
		files[fmt.Sprintf("q%04d.pp", i)] = query(fmt.Sprintf("q%04d", i))
	}
	root := testtree.New(b, files)
	var batch watch.Batch
	for i := range 1000 {
		batch.Changed = append(batch.Changed, filepath.Join(root, fmt.Sprintf("q%04d.pp", i)))
	}
	w := New(b.Context(), Options{})
	w.Start([]string{root}, nil, StartOptions{NoWatch: true})
	<-w.Ready()
	b.Run("batch", func(b *testing.B) {
		for b.Loop() {
			w.Apply(batch)
		}
	})
	b.Run("per-file", func(b *testing.B) {
		for b.Loop() {
			for _, p := range batch.Changed {
				w.Apply(watch.Batch{Changed: []string{p}})
			}
		}
	})
}
