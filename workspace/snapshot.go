package workspace

// This file defines the Snapshot: what one request, or one diagnostics
// pass, reads — the index, every open document's version, text and line
// table, the mods discovery found and the roots — taken at once under the
// workspace's lock, and the texts it reads from the disk, each once.

import (
	"fmt"
	"slices"
	"sync"

	"github.com/modls/modls/discover"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fspath"
	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/span"
)

// Text is a file's text and its line table (UTF-16 positions).
type Text struct {
	Text  []byte
	Lines *span.Lines
}

// Doc is an open document as a snapshot holds it.
type Doc struct {
	Text
	Version int32
}

// Snapshot is one consistent, immutable view of the workspace. Its methods
// may be called from any goroutine.
type Snapshot struct {
	w      *Workspace
	onRead func(path string)
	ix     *index.Index // nil before the first build is done
	docs   map[string]Doc
	dirs   []*discover.ModDir
	roots  []string

	mu    sync.Mutex
	disk  map[string]Text      // files not open, read once per snapshot
	built map[*index.File]Text // the text each file was built from, once found
}

// Snapshot returns the workspace as it is now.
func (w *Workspace) Snapshot() *Snapshot {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := &Snapshot{w: w, onRead: w.start.OnRead, ix: w.ix, docs: make(map[string]Doc, len(w.docs)), dirs: w.dirs, roots: w.roots}
	for path, d := range w.docs {
		s.docs[path] = d.snapshot()
	}
	return s
}

// Index returns the snapshot's index: nil before the first build is done.
func (s *Snapshot) Index() *index.Index { return s.ix }

// Docs returns the open documents by path. The map is the snapshot's own:
// it must not be modified.
func (s *Snapshot) Docs() map[string]Doc { return s.docs }

// Doc returns the open document at path.
func (s *Snapshot) Doc(path string) (Doc, bool) {
	d, ok := s.docs[path]
	return d, ok
}

// Source returns the text of the file at path as the snapshot sees it: the
// open document's, else the disk's (read once per snapshot, through the
// workspace's cache of recently read files), only inside the workspace.
func (s *Snapshot) Source(path string) ([]byte, *span.Lines, error) {
	if d, ok := s.docs[path]; ok {
		return d.Text.Text, d.Lines, nil
	}
	s.mu.Lock()
	t, ok := s.disk[path]
	s.mu.Unlock()
	if ok {
		return t.Text, t.Lines, nil
	}
	if !s.Inside(path) {
		return nil, nil, fmt.Errorf("%s is outside the workspace: modls reads only inside its folders", path)
	}
	if s.onRead != nil {
		s.onRead(path)
	}
	text, lines, err := s.w.texts.Get(path)
	if err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	if s.disk == nil {
		s.disk = map[string]Text{}
	}
	s.disk[path] = Text{Text: text, Lines: lines}
	s.mu.Unlock()
	return text, lines, nil
}

// ReadText returns the text of a file for static evaluation and the SQL
// renderer (locals, variables, file()): the open document's, else the
// disk's. Those callers confine their reads (eval.Resolve).
func (s *Snapshot) ReadText(path string) ([]byte, error) {
	if d, ok := s.docs[path]; ok {
		return d.Text.Text, nil
	}
	return source.Read(path)
}

// Inside reports whether path lies in a workspace root or in the folder of
// a mod the index holds (a root mod found above a workspace folder, the
// installed dependency mods): the only files modls reads besides the
// documents the editor sends.
func (s *Snapshot) Inside(path string) bool {
	if slices.ContainsFunc(s.roots, func(r string) bool { return fspath.Within(path, r) }) {
		return true
	}
	if s.ix != nil {
		for _, m := range s.ix.Mods() {
			if fspath.Within(path, m.Root) {
				return true
			}
		}
	}
	return false
}

// Built returns the text indexed file f was built from, if the open
// document or the disk still holds it (found once per snapshot and file):
// ranges of f convert against it. When neither does (the disk changed and
// the watcher has not said so yet), ok is false.
func (s *Snapshot) Built(f *index.File) (t Text, ok bool) {
	s.mu.Lock()
	t, ok = s.built[f]
	s.mu.Unlock()
	if ok {
		return t, t.Lines != nil
	}
	if d, ok := s.docs[f.Path]; ok && f.Built(d.Text.Text) {
		t = d.Text
	} else if text, lines, err := s.diskText(f.Path); err == nil && f.Built(text) {
		t = Text{Text: text, Lines: lines}
	}
	s.mu.Lock()
	if s.built == nil {
		s.built = map[*index.File]Text{}
	}
	s.built[f] = t
	s.mu.Unlock()
	return t, t.Lines != nil
}

// diskText is Source for a file that is not open, or whose open text the
// index does not hold (a document over MaxEditedBytes).
func (s *Snapshot) diskText(path string) ([]byte, *span.Lines, error) {
	if _, ok := s.docs[path]; !ok {
		return s.Source(path)
	}
	if !s.Inside(path) {
		return nil, nil, fmt.Errorf("%s is outside the workspace", path)
	}
	return s.w.texts.Get(path)
}

// VarFiles returns the variable files of root mod m.
func (s *Snapshot) VarFiles(m *index.Mod) []string {
	for _, d := range s.dirs {
		if d.Root == m.Root {
			return d.VarFiles
		}
	}
	return nil
}
