package workspace

// This file defines how the index is made: the first build, the reloads
// that discover the workspace again (its roots or ignore patterns changed, a
// mod, ignore or lock file changed, events were lost), and installing a
// load with the open documents laid over it.

import (
	"context"
	"slices"

	"github.com/modls/modls/discover"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/watch"
)

// reloadState is the state of the reloads. The workspace's lock guards it.
type reloadState struct {
	gen     uint64             // bumped by every reload asked for
	running bool               // a reload goroutine runs (it serves gen)
	cancel  context.CancelFunc // stops the load in progress, if any
	loads   int                // loads begun (tests count them)
}

// Start begins the first build of the index of the mods under roots, with
// the extra ignore patterns, in the background under the workspace's
// context; Ready is closed when it is done, after which the workspace
// watches the mod roots (unless opt.NoWatch). Start is called once.
func (w *Workspace) Start(roots, ignore []string, opt StartOptions) {
	w.mu.Lock()
	w.started, w.start = true, opt
	w.roots = slices.Clone(roots)
	w.ignored, w.ignore = slices.Clone(ignore), compileIgnore(ignore)
	roots, ig := w.roots, w.ignore
	w.mu.Unlock()
	go func() {
		defer w.guard("index build", w.releaseEmpty)
		w.build(roots, ig, opt.BeforeIndex)
	}()
}

// build builds the first index of roots, installs it with the open
// documents laid over it, starts the watcher and releases the requests
// waiting for it. Roots and patterns set meanwhile apply through a reload
// that follows.
func (w *Workspace) build(roots []string, ignore *discover.Ignore, before func()) {
	if before != nil {
		before()
	}
	ix, st, notes := index.LoadWith(roots, index.LoadOptions{Ignore: ignore, Context: w.base})
	if w.base.Err() != nil {
		return // the session ended: the load stopped, and nobody waits for it
	}
	for _, n := range notes {
		w.opt.Log.Info("discovery", "note", n.String())
	}
	w.mu.Lock()
	w.installLocked(ix, st.Dirs)
	w.mu.Unlock()
	// Watch before answering from the index, and catch what changed on
	// disk while it was being built: a file created then would otherwise be
	// missed until it changes again.
	w.startWatching(st.Dirs)
	w.catchUp(roots, ix)
	w.applyEarly()
	if w.opt.Indexed != nil {
		w.opt.Indexed()
	}
	c := ix.Counts()
	w.opt.Log.Info("indexed", "files", st.Files, "bytes", st.Bytes, "entries", c.Entries, "ms", st.Elapsed.Milliseconds())
	w.changed()
	// Last: once Ready is closed, the build has had all its effects (a
	// test that counts changes from then on counts only its own).
	w.readyOnce.Do(func() { close(w.ready) })
}

// releaseEmpty, after the first build failed, releases the requests
// waiting for it with an empty index: they answer nothing rather than wait
// and fail.
func (w *Workspace) releaseEmpty() {
	w.mu.Lock()
	if w.ix == nil {
		w.ix, _, _ = index.Load(nil)
	}
	w.early, w.caughtUp = nil, true // nothing to apply them to
	w.mu.Unlock()
	w.readyOnce.Do(func() { close(w.ready) })
}

// catchUp discovers the workspace again (cheap: no file is read) and brings
// the index up to date with files that appeared or vanished since ix was
// built.
func (w *Workspace) catchUp(roots []string, ix *index.Index) {
	mods, _ := discover.Workspace(w.base, roots)
	if w.base.Err() != nil {
		return
	}
	onDisk := map[string]bool{}
	var b watch.Batch
	for _, d := range mods {
		for _, m := range append([]*discover.ModDir{d}, d.Deps...) {
			for _, p := range m.Files {
				onDisk[p] = true
				if ix.File(p) == nil {
					b.Changed = append(b.Changed, p)
				}
			}
		}
	}
	for _, f := range ix.Files() {
		if !onDisk[f.Path] {
			b.Removed = append(b.Removed, f.Path)
		}
	}
	if len(b.Changed)+len(b.Removed) > 0 {
		w.applyChanges(b)
	}
}

// installLocked makes a freshly loaded index the current one, with the open
// documents laid over it.
func (w *Workspace) installLocked(ix *index.Index, dirs []*discover.ModDir) {
	w.ix, w.dirs = ix, dirs
	e := w.edit()
	for path, d := range w.docs {
		e.overlay(path, len(d.text), d.text)
	}
	e.done()
}

// ChangeRoots adds and removes workspace roots, then reloads.
func (w *Workspace) ChangeRoots(added, removed []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	next := slices.DeleteFunc(slices.Clone(w.roots), func(r string) bool { return slices.Contains(removed, r) })
	next = append(next, added...) // a new slice: a load may be reading the old one
	slices.Sort(next)
	w.roots = slices.Compact(next)
	w.reloadLocked()
}

// SetIgnore sets the extra ignore patterns (in .powerpipeignore syntax,
// relative to each root mod's folder) and reports whether they changed;
// when they did, the workspace is loaded again once the first build is
// done (patterns set while it runs apply to it that way).
func (w *Workspace) SetIgnore(paths []string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if slices.Equal(w.ignored, paths) {
		return false
	}
	w.ignored, w.ignore = slices.Clone(paths), compileIgnore(paths)
	w.reloadLocked()
	return true
}

// Reload discovers and indexes the workspace again, keeping the open
// documents, off the caller's goroutine and after the first build: the
// load in progress, if any, stops (it reads a workspace that has changed
// since), and one more follows. When a load is installed, the watcher
// follows the new mod roots and Changed runs.
func (w *Workspace) Reload() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.reloadLocked()
}

func (w *Workspace) reloadLocked() {
	if !w.started {
		return // Start reads the roots and patterns as they are then
	}
	r := &w.reload
	r.gen++
	if r.cancel != nil {
		r.cancel()
	}
	if r.running {
		return // the loop running sees the new generation
	}
	r.running = true
	go w.reloads()
}

// reloads loads the workspace until a load of the latest generation is
// installed (or the session ends). A load during which disk changes were
// applied is made again (a few times at most) rather than install an
// older view over them.
func (w *Workspace) reloads() {
	r := &w.reload
	defer w.guard("reload", func() {
		w.mu.Lock()
		r.running, r.cancel = false, nil
		w.mu.Unlock()
	})
	select {
	case <-w.ready:
	case <-w.base.Done():
		w.mu.Lock()
		r.running = false
		w.mu.Unlock()
		return
	}
	for try := 0; ; try++ {
		w.mu.Lock()
		gen, disk, old := r.gen, w.diskGen, w.dirs
		roots, ignore, before := w.roots, w.ignore, w.start.BeforeReload
		ctx, cancel := context.WithCancel(w.base)
		r.cancel = cancel
		r.loads++
		w.mu.Unlock()
		if before != nil {
			before(ctx)
		}
		ix, st, _ := index.LoadWith(roots, index.LoadOptions{Ignore: ignore, Context: ctx})
		stopped := ctx.Err() != nil
		cancel()
		w.mu.Lock()
		r.cancel = nil
		switch {
		case w.base.Err() != nil:
			r.running = false
			w.mu.Unlock()
			return
		case stopped || r.gen != gen:
			w.mu.Unlock()
			try = -1 // a newer reload was asked for: load what it asks
			continue
		case w.diskGen != disk && try < 3:
			w.mu.Unlock()
			continue
		}
		w.installLocked(ix, st.Dirs)
		w.mu.Unlock()
		w.followRoots(old, st.Dirs)
		w.changed()
		w.mu.Lock()
		if r.gen == gen {
			r.running = false
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
		try = -1
	}
}

// changed runs the Changed hook.
func (w *Workspace) changed() {
	if w.opt.Changed != nil {
		w.opt.Changed()
	}
}
