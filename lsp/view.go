package lsp

// This file defines the view: what one request, or one diagnostics pass,
// reads — a workspace.Snapshot (the index, every open document's text,
// version and line table, the mods and roots) with the settings, the
// client's capabilities and the open documents' URIs, taken at once in
// arrival order. Everything a handler reads comes from its view; the view
// adds what is protocol: the request's context, URIs and LSP ranges.

import (
	"context"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/settings"
	"github.com/modls/modls/workspace"
)

// view is one consistent view of the workspace.
type view struct {
	*workspace.Snapshot
	s        *Server
	ctx      context.Context // the request's: long loops stop when it ends
	ix       *index.Index    // the snapshot's; nil only before the first build (viewNow)
	settings settings.Settings
	caps     clientCaps
	uris     map[string]protocol.DocumentUri // of the open documents
}

// view waits for the first index (see snapshot) and returns a view.
func (s *Server) view(ctx context.Context) (*view, error) {
	if _, err := s.snapshot(ctx); err != nil {
		return nil, err
	}
	v := s.takeView()
	v.ctx = ctx
	if s.opt.afterView != nil {
		s.opt.afterView(ctx)
	}
	return v, nil
}

// viewNow returns a view without waiting for the first index: its ix is nil
// until then (formatting, folding and tokens read only texts).
func (s *Server) viewNow() *view {
	v := s.takeView()
	if s.opt.afterView != nil {
		s.opt.afterView(s.base)
	}
	return v
}

func (s *Server) takeView() *view {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := s.ws.Snapshot()
	return &view{Snapshot: snap, s: s, ctx: s.base, ix: snap.Index(), settings: s.settings, caps: s.caps, uris: s.uris}
}

// uri returns the URI of the file at path: the one the editor opened it
// with, else the path's.
func (v *view) uri(path string) protocol.DocumentUri {
	if u, ok := v.uris[path]; ok {
		return u
	}
	return fileuri.FromPath(path)
}

// source is Snapshot.Source with a line index of protocol positions.
func (v *view) source(path string) ([]byte, *lineIndex, error) {
	text, lines, err := v.Source(path)
	if err != nil {
		return nil, nil, err
	}
	return text, &lineIndex{lines}, nil
}

// rangeOf converts a range of indexed file f to an LSP range, against the
// text f was built from: a file of ASCII needs none; otherwise the open
// document's text or the disk's, whichever f was built from. When neither
// is (the disk changed and the watcher has not said so yet), the byte
// columns stand in for characters.
func (v *view) rangeOf(f *index.File, r parse.Range) protocol.Range {
	if f.ASCII() {
		return asciiRange(r)
	}
	if t, ok := v.Built(f); ok {
		return (&lineIndex{t.Lines}).toRange(t.Text, r)
	}
	return asciiRange(r)
}

// asciiRange converts a range of a file of ASCII text: byte columns are
// characters.
func asciiRange(r parse.Range) protocol.Range {
	return protocol.Range{
		Start: protocol.Position{Line: r.Start.Line - 1, Character: r.Start.Col - 1},
		End:   protocol.Position{Line: r.End.Line - 1, Character: r.End.Col - 1},
	}
}

// docView is what a request about one document reads: a view and the
// document's path and text (with its line index).
type docView struct {
	*view
	path string
	text []byte
	li   *lineIndex
}

// docView resolves the document of a request. It returns nil when there is
// nothing to answer: with an error for a bad URI or an index still building,
// without one for a file that cannot be read (the answer is then null).
func (s *Server) docView(g *glsp.Context, uri protocol.DocumentUri) (*docView, error) {
	return s.viewOf(s.contextOf(g), uri)
}

// viewOf is docView for a handler that has its request's context rather
// than glsp's (the custom methods).
func (s *Server) viewOf(ctx context.Context, uri protocol.DocumentUri) (*docView, error) {
	path, err := fileuri.ToPath(uri)
	if err != nil {
		return nil, err
	}
	v, err := s.view(ctx)
	if err != nil {
		return nil, err
	}
	text, li, err := v.source(path)
	if err != nil || workspace.TooLarge(text) {
		return nil, nil
	}
	return &docView{view: v, path: path, text: text, li: li}, nil
}
