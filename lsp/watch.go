package lsp

// This file keeps the index equal to the disk for files changed outside the
// editor. The server's own fsnotify watcher (internal/watch) is the source;
// when it cannot watch everything (the inotify limit), the client's
// workspace/didChangeWatchedFiles is registered instead, so a change is
// never processed twice. Both feed applyDiskChanges, which goes through the
// same setFileLocked funnel as editor edits.

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/config"
	"github.com/modls/modls/discover"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/internal/watch"
)

// relevantFile reports whether a change to the file at path can change the
// index or the diagnostics: a source file, one that changes which files a
// mod has, or a mod's configuration.
func relevantFile(path string) bool {
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

// startWatching watches the mod roots once the index is built.
func (s *Server) startWatching(dirs []*discover.ModDir) {
	if s.opt.NoWatch || len(dirs) == 0 {
		return
	}
	roots := make([]string, 0, len(dirs))
	for _, d := range dirs {
		roots = append(roots, d.Root)
	}
	w, err := watch.New(nil, watch.Options{
		SkipDir:  skipDir(dirs),
		Relevant: relevantFile,
		Logf:     func(format string, args ...any) { s.log.Warn("file watcher: " + fmt.Sprintf(format, args...)) },
		AddWatch: s.opt.watchAdd,
		// At start or later (a folder appearing past the limit): say so
		// once, and ask the editor for its file events.
		OnDegraded: func(why string) {
			s.notify("window/showMessage", protocol.ShowMessageParams{Type: protocol.MessageTypeWarning,
				Message: "modls cannot watch every folder of the workspace (" + why + "); it relies on the editor's file notifications instead."})
			s.registerClientWatching()
		},
	}, s.applyBatch)
	if err != nil {
		s.log.Warn("cannot watch files; relying on the editor's notifications", "error", err)
		s.registerClientWatching()
		return
	}
	for _, r := range roots {
		if err := w.Add(r); err != nil {
			s.log.Warn("cannot watch a workspace root", "root", r, "error", err)
		}
	}
	s.mu.Lock()
	s.watcher = w
	s.mu.Unlock()
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

// registerClientWatching asks the client to report changes to mod files,
// when it can.
func (s *Server) registerClientWatching() {
	s.mu.Lock()
	ok := s.caps.watchedFiles
	s.mu.Unlock()
	if !ok {
		return
	}
	go func() {
		defer s.guard("registerCapability", nil)
		err := s.call(s.base, "client/registerCapability", protocol.RegistrationParams{Registrations: []protocol.Registration{{
			ID:     "modls/watched-files",
			Method: "workspace/didChangeWatchedFiles",
			RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: []protocol.FileSystemWatcher{
				{GlobPattern: "**/*.{pp,sp}"},
				{GlobPattern: "**/{.powerpipeignore,.mod.cache.json,.modls.hcl}"},
			}},
		}}}, nil)
		if err != nil {
			s.log.Warn("client refused to watch files", "error", err)
		}
	}()
}

// didChangeWatchedFiles handles the client's file events (registered only
// when the server's own watcher is degraded).
func (s *Server) didChangeWatchedFiles(g *glsp.Context, p *protocol.DidChangeWatchedFilesParams) error {
	var b watch.Batch
	for _, ch := range p.Changes {
		path, err := fileuri.ToPath(ch.URI)
		if err != nil || !relevantFile(path) {
			continue
		}
		if ch.Type == protocol.FileChangeTypeDeleted {
			b.Removed = append(b.Removed, path)
		} else {
			b.Changed = append(b.Changed, path)
		}
	}
	s.applyBatch(b)
	return nil
}

// applyBatch brings the index up to date with a batch of disk changes. Open
// documents are the editor's business: their overlays win until closed.
func (s *Server) applyBatch(b watch.Batch) {
	defer s.guard("file watcher", nil)
	select {
	case <-s.ready:
	case <-s.base.Done():
		return
	}
	reload := b.Overflow
	for _, p := range append(append([]string(nil), b.Changed...), b.Removed...) {
		if structural(p) {
			reload = true
		}
	}
	if reload {
		s.requestReload() // it schedules diagnostics when done
		return
	}
	s.applyChanges(b)
	s.scheduleDiagnostics() // a change on disk can break or fix a reference
}

// applyChanges applies the file changes of a batch (no reload).
func (s *Server) applyChanges(b watch.Batch) {
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
	s.mu.Lock()
	defer s.mu.Unlock()
	s.diskGen++
	for _, dir := range b.RemovedDirs {
		prefix := dir + string(filepath.Separator)
		for _, f := range s.snap.Files() {
			if strings.HasPrefix(f.Path, prefix) && !s.overlaid(f.Path) {
				s.removeFileLocked(f.Path)
			}
		}
	}
	for _, p := range b.Removed {
		if !s.overlaid(p) {
			s.removeFileLocked(p)
		}
	}
	for _, p := range b.Changed {
		if s.overlaid(p) {
			continue
		}
		r := reads[p]
		if r.err != nil {
			s.removeFileLocked(p)
			continue
		}
		s.setFileLocked(p, r.src)
	}
}

// reload discovers and indexes the workspace again (a mod file, ignore file
// or lock file changed, or events were lost), keeping the open documents.
//
// Disk changes applied to the index while it loads would be lost when the
// load is installed: the load is then made again (a few times at most).
//
// ctx ends when a newer reload is asked for (or at exit): the load then
// stops and is not installed.
func (s *Server) reload(ctx context.Context) {
	for try := 0; ; try++ {
		s.mu.Lock()
		roots := append([]string(nil), s.roots...)
		ignore := ignoreOf(s.settings)
		gen := s.diskGen
		s.mu.Unlock()
		if s.opt.beforeReload != nil {
			s.opt.beforeReload(ctx)
		}
		ix, st, _ := index.LoadWith(roots, index.LoadOptions{Ignore: ignore, Context: ctx})
		if ctx.Err() != nil {
			return
		}
		s.mu.Lock()
		if s.diskGen != gen && try < 3 {
			s.mu.Unlock()
			continue
		}
		s.installLocked(ix, st.Dirs)
		s.mu.Unlock()
		return
	}
}

// requestReload discovers and indexes the workspace again off the message
// loop: reloads run one at a time, after the first build, in the order
// asked, and requests made while one runs make one more. When a reload is
// done the watcher follows the new mod roots and diagnostics are scheduled.
func (s *Server) requestReload() {
	r := &s.reloads
	r.mu.Lock()
	if r.running {
		// The reload running reads a workspace that has changed since: it
		// stops, and the loop below makes the one asked for now.
		r.pending = true
		if r.cancel != nil {
			r.cancel()
		}
		r.mu.Unlock()
		return
	}
	r.running = true
	r.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() {
			r.mu.Lock()
			r.running, r.pending = false, false
			r.mu.Unlock()
		}()
		defer s.guard("reload", nil)
		select {
		case <-s.ready:
		case <-s.base.Done():
			return
		}
		for {
			s.mu.Lock()
			old := s.dirs
			s.mu.Unlock()
			ctx, cancel := context.WithCancel(s.base)
			r.mu.Lock()
			r.cancel, r.pending = cancel, false
			r.loads++
			r.mu.Unlock()
			s.reload(ctx)
			stopped := ctx.Err() != nil // a newer reload was asked for, or exit
			cancel()
			if !stopped {
				s.followRoots(old)
				s.scheduleDiagnostics()
			}
			r.mu.Lock()
			again := r.pending
			r.cancel = nil
			r.mu.Unlock()
			if !again || s.base.Err() != nil {
				return
			}
		}
	}()
}

// reloads is the state of requestReload.
type reloads struct {
	mu               sync.Mutex
	running, pending bool
	cancel           context.CancelFunc // stops the load running, if any
	loads            int                // loads begun (tests count them)
}

// followRoots makes the watcher watch the mod roots of the current dirs and
// no longer those of old that are gone.
func (s *Server) followRoots(old []*discover.ModDir) {
	s.mu.Lock()
	w, dirs := s.watcher, s.dirs
	s.mu.Unlock()
	if w == nil {
		return
	}
	kept := map[string]bool{}
	for _, d := range dirs {
		kept[d.Root] = true
		w.Add(d.Root) // a root already watched is left as it is
	}
	for _, d := range old {
		if !kept[d.Root] {
			w.Remove(d.Root)
		}
	}
}

// install makes a freshly loaded index the current snapshot, with the open
// documents laid over it.
func (s *Server) install(ix *index.Index, dirs []*discover.ModDir) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.installLocked(ix, dirs)
}

func (s *Server) installLocked(ix *index.Index, dirs []*discover.ModDir) {
	s.snap, s.dirs = ix, dirs
	for path, d := range s.docs {
		text, _ := d.snapshot()
		s.overlayLocked(path, len(text), text)
	}
}
