package watch

// This file defines the Watcher: the recursive watch over fsnotify, the
// bookkeeping of watched directories, and the batching of events into final
// states.
//
// Concurrency: one goroutine (loop) receives fsnotify's events and errors,
// runs the debounce timer and calls onBatch. All mutable state is guarded by
// mu, which loop holds while it handles an event or builds a batch but not
// while onBatch runs, so Add and Remove may be called from any goroutine,
// onBatch included.
//
// Invariant: every path in w.dirs, w.links and the pending batch is absolute,
// cleaned and inside a root. Walks never follow symlinks, so nothing outside
// the roots is read (a symlinked file is only stat'ed).
//
// Invariant: a directory's watch is always removed (unwatch) before a watch is
// added at the same path again. fsnotify keys its watches by path, and a
// moved directory keeps its kernel watch under the old path until removed, so
// the order of events (Rename of the old name before Create of the new one)
// is what keeps the two from being confused.

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Default timings, used when Options leaves them zero.
const (
	DefaultDebounce = 50 * time.Millisecond
	DefaultMaxDelay = 500 * time.Millisecond
)

// Holding back removals (see flush): a folder with at least holdMin files
// removed in one batch while the folder itself still exists is probably being
// deleted (rm -rf removes the files first, the folder last), so its removals
// wait for the next batch, which will likely report the folder instead. They
// keep waiting while more removals in that folder arrive, for at most
// holdMaxDelays times MaxDelay.
const (
	holdMin       = 32
	holdMaxDelays = 4
)

// ErrClosed is returned by Add and Remove after Close.
var ErrClosed = errors.New("watch: watcher closed")

// Options configures a Watcher. The zero value is usable: default timings,
// no directories skipped but .git, every file relevant, no logging.
type Options struct {
	// Debounce is how long the watcher waits without relevant events before
	// delivering a batch (DefaultDebounce when zero).
	Debounce time.Duration
	// MaxDelay bounds the time from the first event of a batch to its
	// delivery (DefaultMaxDelay when zero; at least Debounce), except for
	// removals held back from a folder being emptied (see the package
	// documentation).
	MaxDelay time.Duration
	// SkipDir reports whether the directory at the absolute path must not be
	// watched (nor walked): node_modules, a mod's hidden top-level entries and
	// .powerpipeignore'd folders. Roots are never passed to it. Directories
	// named .git are skipped whatever it says.
	SkipDir func(path string) bool
	// Relevant reports whether the file at the absolute path matters to the
	// caller (e.g. .pp, .sp, .ppvars, .spvars, .powerpipeignore,
	// .mod.cache.json). Events on other files are dropped and do not delay a
	// batch. Nil means every file.
	Relevant func(path string) bool
	// Logf receives diagnostics (a degraded watch, an unreadable
	// directory). Nil discards them. It is called with the watcher's lock
	// held, so it must not call the Watcher's methods other than Degraded.
	Logf func(format string, args ...any)

	// add, set only by tests, is called before each watch is added; a
	// non-nil result is taken as the error of adding it (the watch is not
	// added), to simulate reaching the system's watch limit.
	add func(path string) error
	// OnDegraded, when set, is called once, when watching first becomes
	// incomplete (the system's watch limit reached), with the reason.
	OnDegraded func(reason string)
	// AddWatch, when set, replaces the system call that watches a folder
	// (tests: a watch limit without changing the system's).
	AddWatch func(path string) error
}

// Batch is one delivery of changes, in final-state form: what exists now and
// what is gone now, whatever the sequence of events that led there. All paths
// are absolute and cleaned, and each list is sorted and free of duplicates.
// See the package documentation for the order in which to apply it.
type Batch struct {
	// Changed lists relevant files that exist now and were created, modified
	// or renamed into place, including those found in Rescan directories.
	Changed []string
	// Removed lists relevant files that are gone now (deleted, renamed away,
	// or replaced by a directory). It never lists a file below one of
	// RemovedDirs, and never a path that is in Changed.
	Removed []string
	// RemovedDirs lists directories (or symlinks to directories) that
	// vanished or were renamed away: the caller drops every file it knows
	// whose path has one of them plus a separator as a prefix. None is below
	// another. The files below them are not listed in Removed, so removing a
	// folder of a thousand files is one entry. A root that vanishes is listed
	// here and is no longer watched; Add it again if it comes back.
	RemovedDirs []string
	// Rescan lists directories that appeared (mkdir, git checkout, a folder
	// renamed or moved in). Each was watched and then walked once; the
	// relevant files found are in Changed. Symlinks to directories that
	// appeared are listed too, but not walked: a caller that follows links
	// walks them itself. None is below another; a directory may also be in
	// RemovedDirs when it was replaced.
	Rescan []string
	// Overflow reports that the system's event queue overflowed and events
	// were lost: the caller must rescan every root. The watcher has already
	// re-synchronised its watches with the disk.
	Overflow bool
}

// empty reports whether b carries nothing to deliver.
func (b *Batch) empty() bool {
	return !b.Overflow && len(b.Changed)+len(b.Removed)+len(b.RemovedDirs)+len(b.Rescan) == 0
}

// Watcher watches directory trees and reports batches of changes. Its methods
// may be called from any goroutine.
type Watcher struct {
	fsw     *fsnotify.Watcher
	opt     Options
	onBatch func(Batch)

	done      chan struct{} // closed by Close to stop loop
	exited    chan struct{} // closed by loop when it returns
	closeOnce sync.Once
	closeErr  error

	degraded atomic.Pointer[string]

	mu      sync.Mutex // guards the fields below
	closed  bool
	roots   []string
	dirs    map[string]*dirNode // known directories (watched unless degraded)
	links   map[string]struct{} // symlinks to directories inside known directories
	pend    pending
	timerAt time.Duration        // debounce delay wanted by the last handled event; <0 for none
	holding map[string]time.Time // folder -> when its removals were first held back
}

// dirNode is a known directory.
type dirNode struct {
	watched bool                // false when adding the watch failed
	kids    map[string]struct{} // known child directories
}

// pending accumulates the batch being built.
type pending struct {
	first       time.Time           // arrival of the batch's first change; zero when empty
	files       map[string]struct{} // relevant files touched; state decided at flush
	removedDirs map[string]struct{}
	rescan      map[string]struct{}
	walked      map[string]struct{} // directories walked for this batch (avoids walking twice)
	removals    map[string]int      // folder -> removal events of relevant files in it
	overflow    bool
}

func (p *pending) reset() {
	*p = pending{
		files:       map[string]struct{}{},
		removedDirs: map[string]struct{}{},
		rescan:      map[string]struct{}{},
		walked:      map[string]struct{}{},
		removals:    map[string]int{},
	}
}

// New starts watching the given roots recursively and calls onBatch with each
// batch of changes, from the watcher's own goroutine and never concurrently
// with itself. onBatch may call Add, Remove and Degraded but not Close.
//
// Every root must be an existing directory; New fails (watching nothing) if
// one cannot be added. A caller that wants to tolerate bad roots passes none
// and calls Add for each. Files present at start are not reported: the caller
// indexes them itself.
func New(roots []string, opt Options, onBatch func(Batch)) (*Watcher, error) {
	if opt.Debounce <= 0 {
		opt.Debounce = DefaultDebounce
	}
	if opt.MaxDelay <= 0 {
		opt.MaxDelay = DefaultMaxDelay
	}
	opt.MaxDelay = max(opt.MaxDelay, opt.Debounce)
	if opt.Logf == nil {
		opt.Logf = func(string, ...any) {}
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("starting file watcher: %w", err)
	}
	w := &Watcher{
		fsw:     fsw,
		opt:     opt,
		onBatch: onBatch,
		done:    make(chan struct{}),
		exited:  make(chan struct{}),
		dirs:    map[string]*dirNode{},
		links:   map[string]struct{}{},
		timerAt: -1,
	}
	w.pend.reset()
	for _, r := range roots {
		if err := w.Add(r); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	go w.loop()
	return w, nil
}

// Close stops watching and waits for the watcher's goroutine to finish; once
// it returns, onBatch is not called again. A batch still pending is dropped.
// Close must not be called from onBatch.
func (w *Watcher) Close() error {
	w.closeOnce.Do(func() {
		w.mu.Lock()
		w.closed = true
		w.mu.Unlock()
		close(w.done)
		<-w.exited
		w.closeErr = w.fsw.Close()
	})
	return w.closeErr
}

// Add starts watching root (an existing directory) recursively. Adding a root
// already watched, or one inside a watched root, only watches what is not yet
// watched. Files already present are not reported.
func (w *Watcher) Add(root string) error {
	abs, err := filepath.Abs(root)
	if err != nil {
		return fmt.Errorf("watching %s: %w", root, err)
	}
	if filepath.Base(abs) == ".git" {
		return fmt.Errorf("watching %s: .git folders are never watched", abs)
	}
	fi, err := os.Stat(abs) // a root given as a symlink is followed
	if err != nil {
		return fmt.Errorf("watching %s: %w", abs, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("watching %s: not a folder", abs)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	if n := w.dirs[abs]; n == nil || !n.watched {
		if err := w.watch(abs); err != nil && !w.isDegradedErr(err) {
			if n == nil {
				w.forget(abs)
			}
			return fmt.Errorf("watching %s: %w", abs, err)
		}
	}
	if !slices.Contains(w.roots, abs) {
		w.roots = append(w.roots, abs)
	}
	w.walk(abs, false)
	return nil
}

// Remove stops watching root and every directory below it that no other root
// covers. It fails if root was not added.
func (w *Watcher) Remove(root string) error {
	abs, err := filepath.Abs(root)
	if err != nil {
		return fmt.Errorf("unwatching %s: %w", root, err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	i := slices.Index(w.roots, abs)
	if i < 0 {
		return fmt.Errorf("unwatching %s: not a watched root", abs)
	}
	w.roots = slices.Delete(w.roots, i, i+1)
	w.unwatch(abs, w.covered)
	for l := range w.links {
		if within(abs, l) && !w.covered(l) {
			delete(w.links, l)
		}
	}
	return nil
}

// Degraded reports why watching is incomplete (for instance, the system's
// limit on watches was reached and some folders are not watched), or "" when
// every folder is watched. Once set it stays set.
func (w *Watcher) Degraded() string {
	if p := w.degraded.Load(); p != nil {
		return *p
	}
	return ""
}

// covered reports whether path lies in one of the roots.
func (w *Watcher) covered(path string) bool {
	for _, r := range w.roots {
		if within(r, path) {
			return true
		}
	}
	return false
}

// loop receives events, runs the debounce timer and delivers batches.
func (w *Watcher) loop() {
	defer close(w.exited)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	events, errs := w.fsw.Events, w.fsw.Errors
	for {
		select {
		case <-w.done:
			timer.Stop()
			return
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			w.mu.Lock()
			w.handle(ev)
			d := w.takeDelay()
			w.mu.Unlock()
			if d >= 0 {
				timer.Reset(d)
			}
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			w.mu.Lock()
			w.handleError(err)
			d := w.takeDelay()
			w.mu.Unlock()
			if d >= 0 {
				timer.Reset(d)
			}
		case <-timer.C:
			w.mu.Lock()
			b := w.flush()
			d := w.takeDelay()
			w.mu.Unlock()
			if d >= 0 {
				timer.Reset(d) // removals held back
			}
			if b.empty() {
				continue
			}
			select {
			case <-w.done:
				return
			default:
			}
			w.onBatch(b)
		}
	}
}

// touched records that the pending batch changed and computes when it is
// due: Debounce from now, but no later than MaxDelay after its first change.
// Caller holds mu.
func (w *Watcher) touched() {
	now := time.Now()
	if w.pend.first.IsZero() {
		w.pend.first = now
	}
	left := w.opt.MaxDelay - now.Sub(w.pend.first)
	w.timerAt = max(min(w.opt.Debounce, left), 0)
}

// takeDelay returns the delay set by the last touched call, or -1 when the
// timer need not change. Caller holds mu.
func (w *Watcher) takeDelay() time.Duration {
	d := w.timerAt
	w.timerAt = -1
	return d
}

// handleError handles an error from fsnotify. Caller holds mu.
func (w *Watcher) handleError(err error) {
	if !errors.Is(err, fsnotify.ErrEventOverflow) {
		w.opt.Logf("file watcher: %v", err)
		return
	}
	w.opt.Logf("file watcher: event queue overflowed; asking for a full rescan")
	w.pend.overflow = true
	w.touched()
	w.resync()
}

// resync makes the watches match the disk after events were lost: it drops
// known directories that are gone and watches directories not yet known.
// Caller holds mu.
func (w *Watcher) resync() {
	var gone []string
	for d := range w.dirs {
		if fi, err := os.Lstat(d); err != nil || !fi.IsDir() {
			gone = append(gone, d)
		}
	}
	slices.Sort(gone) // parents first, so that unwatching one covers its children
	for _, d := range gone {
		if w.dirs[d] != nil {
			w.dirGone(d)
		}
	}
	for _, r := range w.roots {
		if _, err := os.Stat(r); err == nil {
			if n := w.dirs[r]; n == nil {
				w.watch(r)
			}
			w.walk(r, false)
		}
	}
}

// handle folds one fsnotify event into the pending batch. Caller holds mu.
func (w *Watcher) handle(ev fsnotify.Event) {
	if w.closed {
		return
	}
	p := filepath.Clean(ev.Name)
	if !w.covered(p) {
		return
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		if w.dirs[p] != nil {
			w.dirGone(p)
			w.touched()
			return
		}
		if _, ok := w.links[p]; ok {
			delete(w.links, p)
			w.pend.removedDirs[p] = struct{}{}
			w.touched()
			return
		}
		// A file, or a directory we never knew (skipped): only a relevant
		// file matters. When the path exists again (Remove+Create in one
		// event), the Create is handled below.
		if !ev.Has(fsnotify.Create) {
			if w.relevant(p) {
				w.pend.files[p] = struct{}{}
				w.pend.removals[filepath.Dir(p)]++
				w.touched()
			}
			return
		}
	}
	if !ev.Has(fsnotify.Create) && !ev.Has(fsnotify.Write) && !ev.Has(fsnotify.Chmod) {
		return
	}
	fi, err := os.Lstat(p)
	if err != nil {
		// Gone already; the Remove event will follow, but the final state is
		// decided at flush anyway.
		if w.relevant(p) {
			w.pend.files[p] = struct{}{}
			w.touched()
		}
		return
	}
	switch {
	case fi.IsDir():
		if !ev.Has(fsnotify.Create) || w.skip(p) {
			return
		}
		if _, ok := w.pend.walked[p]; ok {
			return // found by the walk of a parent in this batch
		}
		if n := w.dirs[p]; n == nil {
			w.watch(p)
		}
		w.walk(p, true)
		w.pend.rescan[p] = struct{}{}
		w.touched()
	case fi.Mode()&fs.ModeSymlink != 0:
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			if ev.Has(fsnotify.Create) {
				w.links[p] = struct{}{}
				w.pend.rescan[p] = struct{}{}
				w.touched()
			}
			return
		}
		fallthrough
	default:
		if w.relevant(p) {
			w.pend.files[p] = struct{}{}
			w.touched()
		}
	}
}

// relevant applies Options.Relevant.
func (w *Watcher) relevant(path string) bool {
	return w.opt.Relevant == nil || w.opt.Relevant(path)
}

// skip reports whether the directory at path (not a root) must not be
// watched.
func (w *Watcher) skip(path string) bool {
	if filepath.Base(path) == ".git" {
		return true
	}
	if slices.Contains(w.roots, path) {
		return false
	}
	return w.opt.SkipDir != nil && w.opt.SkipDir(path)
}

// watch adds the watch of dir and records dir as known, watched or not. It
// returns the error of adding the watch (the degraded state is already
// recorded). Caller holds mu.
func (w *Watcher) watch(dir string) error {
	var err error
	if w.opt.add == nil && w.opt.AddWatch != nil {
		w.opt.add = w.opt.AddWatch
	}
	if w.opt.add != nil {
		err = w.opt.add(dir)
	}
	if err == nil {
		err = w.fsw.Add(dir)
	}
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		return err // vanished meanwhile: its Remove event follows
	case w.isDegradedErr(err):
		w.degrade(dir, err)
	default:
		w.opt.Logf("file watcher: not watching %s: %v", dir, err)
	}
	n := w.dirs[dir]
	if n == nil {
		n = &dirNode{}
		w.dirs[dir] = n
		if parent := w.dirs[filepath.Dir(dir)]; parent != nil && filepath.Dir(dir) != dir {
			if parent.kids == nil {
				parent.kids = map[string]struct{}{}
			}
			parent.kids[dir] = struct{}{}
		}
	}
	n.watched = err == nil
	return err
}

// isDegradedErr reports whether err means the system ran out of watches.
func (w *Watcher) isDegradedErr(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE)
}

// degrade records, once, that watching is incomplete.
func (w *Watcher) degrade(dir string, err error) {
	msg := fmt.Sprintf("file watching is incomplete: the system's limit on watched folders was reached (%v at %s); "+
		"changes made outside the editor in unwatched folders are seen only through the editor's file events", err, dir)
	if errors.Is(err, syscall.ENOSPC) {
		msg += "; raising the fs.inotify.max_user_watches sysctl lifts the limit"
	}
	if w.degraded.CompareAndSwap(nil, &msg) {
		w.opt.Logf("%s", msg)
		if w.opt.OnDegraded != nil {
			go w.opt.OnDegraded(msg) // not under the watcher's lock
		}
	}
}

// walk visits the tree at dir (already watched by the caller) without
// following symlinks: it watches every directory not yet known and, when
// collect is set, records the relevant files and symlinked directories it
// finds in the pending batch. Caller holds mu.
func (w *Watcher) walk(dir string, collect bool) {
	stack := []string{dir}
	for len(stack) > 0 {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if collect {
			w.pend.walked[d] = struct{}{}
		}
		entries, err := os.ReadDir(d)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			w.opt.Logf("file watcher: reading %s: %v", d, err)
		}
		for _, e := range entries {
			p := filepath.Join(d, e.Name())
			t := e.Type()
			switch {
			case t.IsDir():
				if w.skip(p) {
					continue
				}
				if n := w.dirs[p]; n != nil {
					// Known already: its subtree is watched. Walk it again only
					// to collect files for a batch that has not seen it.
					if _, ok := w.pend.walked[p]; collect && !ok {
						stack = append(stack, p)
					}
					continue
				}
				if err := w.watch(p); err != nil && (errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)) {
					continue
				}
				stack = append(stack, p)
			case t&fs.ModeSymlink != 0:
				st, err := os.Stat(p)
				if err == nil && st.IsDir() {
					if _, ok := w.links[p]; !ok {
						w.links[p] = struct{}{}
						if collect {
							w.pend.rescan[p] = struct{}{}
						}
					}
					continue
				}
				if collect && w.relevant(p) {
					w.pend.files[p] = struct{}{}
				}
			default:
				if collect && w.relevant(p) {
					w.pend.files[p] = struct{}{}
				}
			}
		}
	}
}

// dirGone handles the disappearance of the known directory p: it and its
// subtree are unwatched and forgotten, and p is reported in RemovedDirs.
// Caller holds mu.
func (w *Watcher) dirGone(p string) {
	w.unwatch(p, nil)
	for l := range w.links {
		if within(p, l) {
			delete(w.links, l)
		}
	}
	w.pend.removedDirs[p] = struct{}{}
}

// unwatch removes the watches of the known directory p and its known
// subdirectories and forgets them, except the subtrees for which keep
// returns true. Caller holds mu.
func (w *Watcher) unwatch(p string, keep func(string) bool) {
	n := w.dirs[p]
	if n == nil || (keep != nil && keep(p)) {
		return
	}
	for k := range n.kids {
		w.unwatch(k, keep)
	}
	w.forget(p)
	if n.watched {
		// Errors mean the kernel dropped the watch already (the directory
		// was deleted) or fsnotify did (a watched directory was moved).
		_ = w.fsw.Remove(p)
	}
}

// forget drops the known directory p from the bookkeeping (not its
// subdirectories, nor its watch). Caller holds mu.
func (w *Watcher) forget(p string) {
	delete(w.dirs, p)
	if parent := w.dirs[filepath.Dir(p)]; parent != nil {
		delete(parent.kids, p)
	}
}

// flush turns the pending changes into a Batch, deciding each path's final
// state from the disk, and starts a new pending batch, which holds the
// removals held back if any. Caller holds mu.
func (w *Watcher) flush() Batch {
	var held []string
	defer func() {
		w.pend.reset()
		for _, p := range held {
			w.pend.files[p] = struct{}{}
		}
		if len(held) > 0 {
			w.touched()
		}
	}()
	if w.closed {
		return Batch{}
	}
	// Files whose folder is gone: report the highest vanished known folder
	// instead, so a folder deleted file by file (rm -rf) is one entry even
	// when the batch is cut before the folder's own Remove event. The watches
	// are dropped now; that event, when it comes, finds nothing known.
	gone := map[string]bool{}
	isGone := func(d string) bool {
		g, ok := gone[d]
		if !ok {
			_, err := os.Lstat(d)
			g = err != nil
			gone[d] = g
		}
		return g
	}
	for p := range w.pend.files {
		d := filepath.Dir(p)
		if w.dirs[d] == nil || !isGone(d) {
			continue
		}
		for {
			up := filepath.Dir(d)
			if up == d || w.dirs[up] == nil || slices.Contains(w.roots, d) || !isGone(up) {
				break
			}
			d = up
		}
		w.dirGone(d)
	}

	var b Batch
	b.Overflow = w.pend.overflow
	b.RemovedDirs = topmost(w.pend.removedDirs)
	removedDirs := setOf(b.RemovedDirs)
	rescan := map[string]struct{}{}
	for d := range w.pend.rescan {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			rescan[d] = struct{}{}
		}
	}
	b.Rescan = topmost(rescan)
	gonePerDir := map[string][]string{}
	for p := range w.pend.files {
		if !w.covered(p) {
			continue // its root was removed meanwhile
		}
		if isFile(p) {
			b.Changed = append(b.Changed, p)
		} else if !below(removedDirs, p) {
			d := filepath.Dir(p)
			gonePerDir[d] = append(gonePerDir[d], p)
		}
	}
	holding := map[string]time.Time{}
	now := time.Now()
	for d, files := range gonePerDir {
		if w.holdBack(d, len(files), now, isGone) {
			held = append(held, files...)
			holding[d] = cmp.Or(w.holding[d], now)
			continue
		}
		b.Removed = append(b.Removed, files...)
	}
	w.holding = holding
	slices.Sort(b.Changed)
	slices.Sort(b.Removed)
	return b
}

// holdBack reports whether the n removals in folder d found by a flush at now
// wait for the next batch (see holdMin). Caller holds mu.
func (w *Watcher) holdBack(d string, n int, now time.Time, isGone func(string) bool) bool {
	if w.dirs[d] == nil || isGone(d) {
		return false
	}
	if since, ok := w.holding[d]; ok {
		// Held already: go on while the folder keeps losing files.
		return w.pend.removals[d] > 0 && now.Sub(since) < holdMaxDelays*w.opt.MaxDelay
	}
	return n >= holdMin && w.pend.removals[d] >= holdMin
}

// isFile reports whether path is, now, a file or a symlink to one.
func isFile(path string) bool {
	fi, err := os.Lstat(path)
	if err != nil {
		return false
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		fi, err = os.Stat(path)
		if err != nil {
			return false
		}
	}
	return !fi.IsDir()
}

// topmost returns the sorted paths of set that are not below another path of
// set.
func topmost(set map[string]struct{}) []string {
	var out []string
	for p := range set {
		if !below(set, p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// below reports whether a strict ancestor of path is in set.
func below(set map[string]struct{}, path string) bool {
	if len(set) == 0 {
		return false
	}
	for d := filepath.Dir(path); ; d = filepath.Dir(d) {
		if _, ok := set[d]; ok {
			return true
		}
		if up := filepath.Dir(d); up == d {
			return false
		}
	}
}

func setOf(paths []string) map[string]struct{} {
	m := make(map[string]struct{}, len(paths))
	for _, p := range paths {
		m[p] = struct{}{}
	}
	return m
}

// within reports whether path is root or lies below it (both cleaned,
// absolute).
func within(root, path string) bool {
	if path == root {
		return true
	}
	if !strings.HasSuffix(root, string(filepath.Separator)) {
		root += string(filepath.Separator)
	}
	return strings.HasPrefix(path, root)
}
