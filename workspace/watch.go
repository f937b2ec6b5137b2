package workspace

// This file keeps the index equal to the disk for files changed outside the
// editor. The workspace's own watcher (internal/watch) is the source; when
// it cannot watch everything (the inotify limit), the server registers the
// client's file events instead, so a change is never processed twice. Both
// feed Apply, which goes through the same funnel as the editor's events.

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/modls/modls/config"
	"github.com/modls/modls/discover"
	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/internal/watch"
)

// Relevant reports whether a change to the file at path can change the
// index or the diagnostics: a source file, one that changes which files a
// mod has, or a mod's configuration.
func Relevant(path string) bool {
	switch filepath.Base(path) {
	case ".powerpipeignore", ".mod.cache.json", config.FileName:
		return true
	}
	switch filepath.Ext(path) {
	case ".pp", ".sp":
		return true
	}
	return false
}

// structural reports whether a change to path changes the set of mods or
// files, so that the workspace must be discovered again.
func structural(path string) bool {
	switch filepath.Base(path) {
	case "mod.pp", "mod.sp", ".powerpipeignore", ".mod.cache.json":
		return true
	}
	return false
}

// startWatching watches the mod roots once the first index is built.
func (w *Workspace) startWatching(dirs []*discover.ModDir) {
	w.mu.Lock()
	opt := w.start
	w.mu.Unlock()
	if opt.NoWatch || len(dirs) == 0 {
		return
	}
	wt, err := watch.New(nil, watch.Options{
		SkipDir:  skipDir(dirs),
		Relevant: Relevant,
		Logf:     func(format string, args ...any) { w.opt.Log.Warn("file watcher: " + fmt.Sprintf(format, args...)) },
		AddWatch: opt.AddWatch,
		// At start or later (a folder appearing past the limit).
		OnDegraded: func(why string) {
			if w.opt.Degraded != nil {
				w.opt.Degraded(why)
			}
		},
	}, w.Apply)
	if err != nil {
		w.opt.Log.Warn("cannot watch files", "error", err)
		if w.opt.Unwatched != nil {
			w.opt.Unwatched(err)
		}
		return
	}
	for _, d := range dirs {
		if err := wt.Add(d.Root); err != nil {
			w.opt.Log.Warn("cannot watch a workspace root", "root", d.Root, "error", err)
		}
	}
	w.mu.Lock()
	w.watcher = wt
	w.mu.Unlock()
}

// skipDir skips what no mod loads: hidden entries directly under a mod root
// (but its installed dependencies), node_modules.
func skipDir(dirs []*discover.ModDir) func(string) bool {
	roots := map[string]bool{}
	for _, d := range dirs {
		roots[d.Root] = true
	}
	return func(path string) bool {
		base := filepath.Base(path)
		if base == "node_modules" {
			return true
		}
		if strings.HasPrefix(base, ".") && roots[filepath.Dir(path)] {
			return base != ".powerpipe"
		}
		return false
	}
}

// Watching describes the watcher: "off" (none), "complete", or why it is
// degraded.
func (w *Workspace) Watching() string {
	w.mu.Lock()
	wt := w.watcher
	w.mu.Unlock()
	if wt == nil {
		return "off"
	}
	if why := wt.Degraded(); why != "" {
		return why
	}
	return "complete"
}

// Apply brings the index up to date with a batch of changes on disk. A
// batch that arrives during the first build is applied, in order, once the
// build is done: the caller (the message loop, for the client's file
// events) never waits for it. A change to a mod, ignore or lock file, or
// lost events, make the workspace be loaded again (Reload). Open documents
// are the editor's business: their text wins until closed.
func (w *Workspace) Apply(b watch.Batch) {
	w.mu.Lock()
	if !w.caughtUp {
		w.early = append(w.early, b)
		w.mu.Unlock()
		return
	}
	w.mu.Unlock()
	w.apply(b)
}

// applyEarly applies the batches that arrived during the first build, in
// order, then lets Apply apply the next ones at once.
func (w *Workspace) applyEarly() {
	for {
		w.mu.Lock()
		if len(w.early) == 0 {
			w.caughtUp = true
			w.mu.Unlock()
			return
		}
		b := w.early[0]
		w.early = w.early[1:]
		w.mu.Unlock()
		w.apply(b)
	}
}

func (w *Workspace) apply(b watch.Batch) {
	defer w.guard("file watcher", nil)
	reload := b.Overflow
	for _, p := range append(append([]string(nil), b.Changed...), b.Removed...) {
		if structural(p) {
			reload = true
		}
	}
	if reload {
		w.Reload() // Changed runs when it is installed
		return
	}
	w.applyChanges(b)
	w.changed() // a change on disk can break or fix a reference
}

// applyChanges applies the file changes of a batch as one index batch.
func (w *Workspace) applyChanges(b watch.Batch) {
	// Files are read before the lock is taken: a checkout of a thousand
	// files must not hold up the edits and requests that need it.
	type read struct {
		src []byte
		err error
	}
	reads := make(map[string]read, len(b.Changed))
	for _, p := range b.Changed {
		src, err := source.Read(p)
		reads[p] = read{src, err}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.diskGen++
	e := w.edit()
	defer e.done()
	for _, dir := range b.RemovedDirs {
		prefix := dir + string(filepath.Separator)
		for _, f := range w.ix.Files() {
			if strings.HasPrefix(f.Path, prefix) && !w.overlaid(f.Path) {
				e.remove(f.Path)
			}
		}
	}
	for _, p := range b.Removed {
		if !w.overlaid(p) {
			e.remove(p)
		}
	}
	for _, p := range b.Changed {
		if w.overlaid(p) {
			continue
		}
		if r := reads[p]; r.err == nil {
			e.set(p, r.src)
		} else {
			e.remove(p)
		}
	}
}

// followRoots makes the watcher watch the mod roots of dirs and no longer
// those of old that are gone.
func (w *Workspace) followRoots(old, dirs []*discover.ModDir) {
	w.mu.Lock()
	wt := w.watcher
	w.mu.Unlock()
	if wt == nil {
		return
	}
	kept := map[string]bool{}
	for _, d := range dirs {
		kept[d.Root] = true
		wt.Add(d.Root) // a root already watched is left as it is
	}
	for _, d := range old {
		if !kept[d.Root] {
			wt.Remove(d.Root)
		}
	}
}
