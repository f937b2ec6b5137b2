package lsp

// This file defines the view: what one request, or one diagnostics pass,
// reads — the index snapshot, every open document's text, version and line
// table, the settings, the roots and the mods discovery found — taken at
// once under the server's lock, in arrival order (an edit changes the index
// and the document together under that lock). Everything a handler reads
// comes from its view: an edit that arrives meanwhile cannot give it offsets
// of one text looked up in the index of another, and ranges of other files
// convert against the text the index was built from.

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/discover"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/fspath"
	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/parse"
)

// view is one consistent view of the workspace.
type view struct {
	s        *Server
	ctx      context.Context // the request's: long loops stop when it ends
	ix       *index.Index    // nil only before the first build (viewNow)
	docs     map[string]openText
	settings Settings
	dirs     []*discover.ModDir
	roots    []string
	caps     clientCaps

	mu    sync.Mutex
	disk  map[string]openText      // files not open, read once per view
	built map[*index.File]openText // the text each file was built from, once found
}

// openText is a document's text as the view saw it.
type openText struct {
	uri     protocol.DocumentUri
	version protocol.Integer
	text    []byte
	li      *lineIndex
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
	v := &view{s: s, ctx: s.base, ix: s.snap, docs: make(map[string]openText, len(s.docs)), settings: s.settings,
		dirs: s.dirs, roots: s.roots, caps: s.caps}
	for path, d := range s.docs {
		text, li, version := d.versioned()
		v.docs[path] = openText{uri: d.uri, version: version, text: text, li: li}
	}
	return v
}

// source returns the text of the file at path as the view sees it: the open
// document's, else the disk's (read once per view, through the server's
// cache of recently read files), only inside the workspace.
func (v *view) source(path string) ([]byte, *lineIndex, error) {
	if t, ok := v.docs[path]; ok {
		return t.text, t.li, nil
	}
	v.mu.Lock()
	t, ok := v.disk[path]
	v.mu.Unlock()
	if ok {
		return t.text, t.li, nil
	}
	if !v.insideWorkspace(path) {
		return nil, nil, fmt.Errorf("%s is outside the workspace: modls reads only inside its folders", path)
	}
	if v.s.opt.onRead != nil {
		v.s.opt.onRead(path)
	}
	text, li, err := v.s.diskText(path)
	if err != nil {
		return nil, nil, err
	}
	v.mu.Lock()
	if v.disk == nil {
		v.disk = map[string]openText{}
	}
	v.disk[path] = openText{text: text, li: li}
	v.mu.Unlock()
	return text, li, nil
}

// readText returns the text of a file for static evaluation and the SQL
// renderer (locals, variables, file()): the open document's, else the
// disk's. Those callers confine their reads (eval.Resolve).
func (v *view) readText(path string) ([]byte, error) {
	if t, ok := v.docs[path]; ok {
		return t.text, nil
	}
	return source.Read(path)
}

// insideWorkspace reports whether path lies in a workspace root or in the
// folder of a mod the index holds (a root mod found above a workspace
// folder, the installed dependency mods): the only files modls reads
// besides the documents the editor sends.
func (v *view) insideWorkspace(path string) bool {
	if slices.ContainsFunc(v.roots, func(r string) bool { return fspath.Within(path, r) }) {
		return true
	}
	if v.ix != nil {
		for _, m := range v.ix.Mods() {
			if fspath.Within(path, m.Root) {
				return true
			}
		}
	}
	return false
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
	if t, ok := v.builtText(f); ok {
		return t.li.toRange(t.text, r)
	}
	return asciiRange(r)
}

// builtText returns the text f was built from, if the open document or the
// disk still holds it (found once per view and file).
func (v *view) builtText(f *index.File) (openText, bool) {
	v.mu.Lock()
	t, ok := v.built[f]
	v.mu.Unlock()
	if ok {
		return t, t.li != nil
	}
	if d, ok := v.docs[f.Path]; ok && f.Built(d.text) {
		t = d
	} else if text, li, err := v.diskText(f.Path); err == nil && f.Built(text) {
		t = openText{text: text, li: li}
	}
	v.mu.Lock()
	if v.built == nil {
		v.built = map[*index.File]openText{}
	}
	v.built[f] = t
	v.mu.Unlock()
	return t, t.li != nil
}

// diskText is source for a file that is not open, or whose open text the
// index does not hold (a document over the size the server follows).
func (v *view) diskText(path string) ([]byte, *lineIndex, error) {
	if _, ok := v.docs[path]; !ok {
		return v.source(path)
	}
	if !v.insideWorkspace(path) {
		return nil, nil, fmt.Errorf("%s is outside the workspace", path)
	}
	return v.s.diskText(path)
}

// diskText returns the saved text of the file at path and its line table,
// through the server's cache of recently read files.
func (s *Server) diskText(path string) ([]byte, *lineIndex, error) {
	text, lines, err := s.texts.Get(path)
	if err != nil {
		return nil, nil, err
	}
	return text, &lineIndex{lines}, nil
}

// varFiles returns the variable files of root mod m.
func (v *view) varFiles(m *index.Mod) []string {
	for _, d := range v.dirs {
		if d.Root == m.Root {
			return d.VarFiles
		}
	}
	return nil
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
	if err != nil || tooLarge(text) {
		return nil, nil
	}
	return &docView{view: v, path: path, text: text, li: li}, nil
}
