package lsp

// This file defines text synchronization: open documents lie over the disk,
// and every change to a file's content goes through setFileLocked, the one
// funnel that re-scans the file and makes the next index snapshot.

import (
	"path/filepath"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
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
		return jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "didChange for %s, which is not open", p.TextDocument.URI)
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
	s.texts.Forget(path)
	s.snap = s.snap.ReplaceFile(m.ID, path, src, parse.Scan(src))
}

func (s *Server) removeFileLocked(path string) {
	s.cache.Invalidate(path)
	s.texts.Forget(path)
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
