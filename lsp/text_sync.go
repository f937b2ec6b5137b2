package lsp

// This file defines text synchronization: open documents lie over the disk,
// and every change to a file's content goes through setFileLocked, the one
// funnel that re-scans the file and makes the next index snapshot.

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/parse"
)

func (s *Server) didOpen(g *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	path, err := fileuri.ToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	d := &document{uri: p.TextDocument.URI, path: path, version: p.TextDocument.Version, text: []byte(p.TextDocument.Text)}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = d
	s.overlayLocked(path, len(d.text), d.text)
	s.scheduleDiagnostics()
	return nil
}

func (s *Server) didChange(g *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	path, err := fileuri.ToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[path]
	if d == nil {
		return errorf(codeInvalidParams, "didChange for %s, which is not open", p.TextDocument.URI)
	}
	before := d.size()
	if err := d.apply(p.TextDocument.Version, p.ContentChanges); err != nil {
		return err
	}
	text, _ := d.snapshot()
	s.overlayLocked(path, before, text)
	s.scheduleDiagnostics()
	return nil
}

func (s *Server) didClose(g *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	path, err := fileuri.ToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.docs, path)
	s.scheduleDiagnostics() // clears the closed document's problems
	if s.snap == nil || !s.indexedLocked(path) {
		return nil // not a file of the workspace: nothing to read back
	}
	// The disk is the truth again: the editor may close without saving.
	src, err := source.Read(path)
	if err != nil {
		s.removeFileLocked(path)
		return nil
	}
	s.setFileLocked(path, src)
	return nil
}

// setFileLocked makes src the content of the file at path in the index, if
// the file belongs to an indexed mod (Powerpipe would load it). The caller
// holds s.mu.
func (s *Server) setFileLocked(path string, src []byte) {
	if s.snap == nil {
		return // the initial build lays open documents over its result
	}
	if !s.indexedLocked(path) {
		return
	}
	m := s.snap.ModAt(path)
	if m == nil {
		return
	}
	s.cache.Invalidate(path)
	s.texts.forget(path)
	s.snap = s.snap.ReplaceFile(m.ID, path, src, parse.Scan(src))
}

func (s *Server) removeFileLocked(path string) {
	s.cache.Invalidate(path)
	s.texts.forget(path)
	if s.snap != nil && s.snap.File(path) != nil {
		s.snap = s.snap.RemoveFile(path)
	}
}

// indexedLocked reports whether a source file at path belongs to one of the
// workspace's mods or their dependencies, exclusions applied.
func (s *Server) indexedLocked(path string) bool {
	extra := ignoreOf(s.settings)
	for _, d := range s.dirs {
		if d.Includes(path) {
			if rel, err := filepath.Rel(d.Root, path); err == nil && extra.Excluded(filepath.ToSlash(rel), false) {
				return false
			}
			return true
		}
		for _, dep := range d.Deps {
			if dep.Includes(path) {
				return true
			}
		}
	}
	return false
}

// textOf returns the current text of the document at uri — the open
// document's, else the disk's — without waiting for the index (formatting,
// folding, selection ranges and semantic tokens need nothing else). The
// text is nil, with no error, when there is nothing to read.
func (s *Server) textOf(uri protocol.DocumentUri) ([]byte, *lineIndex, error) {
	path, err := fileuri.ToPath(uri)
	if err != nil {
		return nil, nil, err
	}
	text, li, err := s.viewNow().source(path)
	if err != nil || tooLarge(text) {
		return nil, nil, nil
	}
	return text, li, nil
}

// textCacheBudget bounds the bytes of file text the server keeps.
const textCacheBudget = 8 << 20

// textCache keeps the text and line index of recently read files, checked
// against the file's size and modification time on every use.
type textCache struct {
	mu    sync.Mutex
	m     map[string]*cachedText
	order []string // least recently read first
	bytes int
}

type cachedText struct {
	text []byte
	li   *lineIndex
	mod  time.Time
	size int64
}

func (c *textCache) get(path string) ([]byte, *lineIndex, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	c.mu.Lock()
	if t := c.m[path]; t != nil && t.size == fi.Size() && t.mod.Equal(fi.ModTime()) {
		c.mu.Unlock()
		return t.text, t.li, nil
	}
	c.mu.Unlock()
	src, err := source.Read(path)
	if err != nil {
		return nil, nil, err
	}
	li := newLineIndex(src)
	if len(src) > textCacheBudget/4 {
		return src, li, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]*cachedText{}
	}
	c.dropLocked(path)
	c.m[path] = &cachedText{text: src, li: li, mod: fi.ModTime(), size: int64(len(src))}
	c.order = append(c.order, path)
	c.bytes += len(src)
	for c.bytes > textCacheBudget && len(c.order) > 0 {
		c.dropLocked(c.order[0])
	}
	return src, li, nil
}

// forget drops a file whose content changed.
func (c *textCache) forget(path string) {
	c.mu.Lock()
	c.dropLocked(path)
	c.mu.Unlock()
}

func (c *textCache) dropLocked(path string) {
	t := c.m[path]
	if t == nil {
		return
	}
	delete(c.m, path)
	c.bytes -= len(t.text)
	if i := slices.Index(c.order, path); i >= 0 {
		c.order = slices.Delete(c.order, i, i+1)
	}
}
