package workspace

// This file defines the Workspace, its editor events (Open, Change, Close)
// and the one funnel every change to a file's content goes through.

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/discover"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/internal/watch"
	"github.com/modls/modls/parse"
)

// Options configure a Workspace.
type Options struct {
	// Log receives what the workspace reports (discovery notes, a watcher
	// that cannot start, a recovered panic); nil discards it.
	Log *slog.Logger
	// Cache holds the full parses of files; a file's are evicted when its
	// content changes. Nil when there is none.
	Cache *cache.Cache

	// Changed, when set, runs after the index changed by anything but an
	// editor's event: a batch from the disk, a reload installed, the first
	// build done. It runs without the workspace's lock held.
	Changed func()
	// Indexed, when set, runs once the first index is installed, just
	// before Ready is closed.
	Indexed func()
	// Degraded, when set, runs when the file watcher cannot watch every
	// folder (the system's watch limit), with the reason; Unwatched when it
	// cannot start at all. Changes on disk then come only through Apply.
	Degraded  func(why string)
	Unwatched func(err error)
}

// StartOptions say how the workspace reaches the disk from Start on.
type StartOptions struct {
	// NoWatch turns the file watcher off (changes on disk then come only
	// through Apply).
	NoWatch bool
	// AddWatch, when set, replaces the system call that watches a folder
	// (tests reach a watch limit with it).
	AddWatch func(path string) error
	// OnRead, when set, runs as a snapshot reads a file from the disk
	// (tests count the work a cancelled request still does).
	OnRead func(path string)
	// BeforeIndex, when set, runs as the first build begins;
	// BeforeReload as each reload's load begins, with the context that
	// stops it (tests hold a build, or ask for a newer reload then).
	BeforeIndex  func()
	BeforeReload func(context.Context)
}

// Workspace is the state of one editing session. Its methods may be called
// from any goroutine; events apply in the order their calls take its lock.
type Workspace struct {
	opt   Options
	base  context.Context // ends with the session: every load stops then
	texts *source.Cache   // recently read files (8 MB)

	ready     chan struct{} // closed once the first index is installed
	readyOnce sync.Once

	mu      sync.Mutex // guards the fields below
	started bool
	start   StartOptions
	ix      *index.Index // nil until the first build is done
	docs    map[string]*document
	dirs    []*discover.ModDir
	roots   []string
	ignored []string         // the extra ignore patterns, as set
	ignore  *discover.Ignore // ignored, compiled
	watcher *watch.Watcher
	diskGen uint64 // bumped by every batch of disk changes applied
	edits   int    // snapshots made by edits (tests count them)
	// Batches that arrive before the first build is caught up with the
	// disk wait in early.
	early    []watch.Batch
	caughtUp bool
	reload   reloadState
}

// New returns an empty workspace whose work ends with ctx.
func New(ctx context.Context, opt Options) *Workspace {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	return &Workspace{opt: opt, base: ctx, texts: source.NewCache(8 << 20), ready: make(chan struct{}), docs: map[string]*document{}}
}

// Ready is closed once the first index is built (or has failed: the index
// is then empty).
func (w *Workspace) Ready() <-chan struct{} { return w.ready }

// Index returns the current index: nil before the first build is done.
func (w *Workspace) Index() *index.Index {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ix
}

// Stop stops the file watcher. Loads in progress stop with the context
// given to New.
func (w *Workspace) Stop() {
	w.mu.Lock()
	wt := w.watcher
	w.mu.Unlock()
	if wt != nil {
		wt.Close()
	}
}

// MaxEditedBytes is the largest document analyzed as it is edited. Every
// change to an open document rescans it into the index, and every request
// about it reads it whole: for a 10 MB file that was over a second per
// keystroke with the index locked. So the index keeps the saved version of
// a larger document while it is open (rescanned when the disk changes, as
// for a closed file); references to it from other files still resolve.
const MaxEditedBytes = 2 << 20

// TooLarge reports whether a document's text is over MaxEditedBytes.
func TooLarge(text []byte) bool { return len(text) > MaxEditedBytes }

// Open makes text, at version, the content of the document at path as the
// editor has it: it lies over the disk until Close.
func (w *Workspace) Open(path string, version int32, text []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	before := len(text)
	if d := w.docs[path]; d != nil {
		before = len(d.text)
	}
	w.docs[path] = &document{version: version, text: text}
	e := w.edit()
	e.overlay(path, before, text)
	e.done()
}

// Change applies one batch of content changes to the open document at path,
// making it version; on error the document is unchanged.
func (w *Workspace) Change(path string, version int32, changes []Change) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	d := w.docs[path]
	if d == nil {
		return fmt.Errorf("%s is not open", path)
	}
	before := len(d.text)
	if err := d.apply(version, changes); err != nil {
		return fmt.Errorf("document %s: %w", path, err)
	}
	e := w.edit()
	e.overlay(path, before, d.text)
	e.done()
	return nil
}

// Close forgets the open document at path: the disk is the truth again
// (the editor may close without saving).
func (w *Workspace) Close(path string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.docs, path)
	if w.ix == nil || !w.indexedLocked(path) {
		return // not a file of the workspace: nothing to read back
	}
	e := w.edit()
	e.read(path)
	e.done()
}

// An edit is one batch of changes to the files of the index, made the next
// snapshot at once by done: the one funnel every change to a file's content
// goes through (it rescans the file and evicts what was kept of it). The
// workspace's lock is held from edit to done.
type edit struct {
	w *Workspace
	b *index.Builder // nil until something changes
}

func (w *Workspace) edit() *edit { return &edit{w: w} }

// set makes src the content of the file at path, if the file belongs to an
// indexed mod (Powerpipe would load it).
func (e *edit) set(path string, src []byte) {
	w := e.w
	if w.ix == nil || !w.indexedLocked(path) {
		return // before the first build, which lays open documents over its result
	}
	m := w.ix.ModAt(path)
	if m == nil {
		return
	}
	w.forget(path)
	e.builder().SetFile(m.ID, path, src, parse.Scan(src))
}

// remove takes the file at path out of the index.
func (e *edit) remove(path string) {
	e.w.forget(path)
	if e.w.ix != nil && e.w.ix.File(path) != nil {
		e.builder().RemoveFile(path)
	}
}

// read makes the disk's text the content of the file at path (none when it
// cannot be read).
func (e *edit) read(path string) {
	if src, err := source.Read(path); err == nil {
		e.set(path, src)
	} else {
		e.remove(path)
	}
}

func (e *edit) builder() *index.Builder {
	if e.b == nil {
		e.b = e.w.ix.Edit()
	}
	return e.b
}

// done makes the changes the current index, if there are any.
func (e *edit) done() {
	if e.b != nil {
		e.w.ix, e.b = e.b.Index(), nil
		e.w.edits++
	}
}

// forget evicts what is kept of the file at path's previous content.
func (w *Workspace) forget(path string) {
	if w.opt.Cache != nil {
		w.opt.Cache.Invalidate(path)
	}
	w.texts.Forget(path)
}

// indexedLocked reports whether a source file at path belongs to one of the
// workspace's mods or their dependencies, exclusions applied.
func (w *Workspace) indexedLocked(path string) bool {
	for _, d := range w.dirs {
		if d.Includes(path) {
			if rel, err := filepath.Rel(d.Root, path); err == nil && w.ignore.Excluded(filepath.ToSlash(rel), false) {
				return false
			}
			return true
		}
		if slices.ContainsFunc(d.Deps, func(dep *discover.ModDir) bool { return dep.Includes(path) }) {
			return true
		}
	}
	return false
}

// overlaid reports whether the index holds the open document's text for
// path (rather than the disk's).
func (w *Workspace) overlaid(path string) bool {
	d := w.docs[path]
	return d != nil && !TooLarge(d.text)
}

// overlay lays an open document's text over the index, unless it is over
// MaxEditedBytes: the index then keeps the saved version, which it must read
// again when the text was laid over it before (before is the length of the
// document's previous text).
func (e *edit) overlay(path string, before int, text []byte) {
	switch {
	case !TooLarge(text):
		e.set(path, text)
	case before <= MaxEditedBytes:
		e.read(path)
	}
}

// compileIgnore compiles the extra ignore patterns (nil for none).
func compileIgnore(paths []string) *discover.Ignore {
	if len(paths) == 0 {
		return nil
	}
	return discover.ParseIgnore([]byte(strings.Join(paths, "\n")))
}

// guard recovers a panic of a background goroutine (the first build, a
// reload, the watcher's batches) and logs it with its stack: one faulty
// pass must not end the session. after, when not nil, runs then.
func (w *Workspace) guard(what string, after func()) {
	if r := recover(); r != nil {
		w.opt.Log.Error("panic", "in", what, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		if after != nil {
			after()
		}
	}
}
