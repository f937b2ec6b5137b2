package lsp

// This file defines textDocument/prepareRename and textDocument/rename: the
// rename package decides what to rename and computes the edits from one
// consistent view (the index snapshot and the open documents' texts and
// versions, taken together); this file turns them into a WorkspaceEdit.

import (
	"errors"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/discover"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/rename"
)

// codeRequestFailed is LSP's RequestFailed: a request that was valid but
// could not be carried out (a refused rename); clients show its message.
const codeRequestFailed = -32803

func (s *Server) prepareRename(g *glsp.Context, p *protocol.PrepareRenameParams) (any, error) {
	d, err := s.docView(g, p.TextDocument.URI)
	if d == nil {
		return nil, err
	}
	off := d.li.offset(d.text, p.Position)
	t, err := rename.Prepare(d.ix, d.path, uint32(off), d.text)
	if err != nil {
		return nil, renameError(err)
	}
	return protocol.RangeWithPlaceholder{Range: d.li.toRange(d.text, t.Range), Placeholder: t.Name}, nil
}

func (s *Server) rename(g *glsp.Context, p *protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	path, err := fileuri.ToPath(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	v, err := s.editView(g)
	if err != nil {
		return nil, err
	}
	text, li, err := v.source(path)
	if err != nil {
		return nil, nil
	}
	off := li.offset(text, p.Position)
	edits, err := rename.Rename(v.ix, path, uint32(off), p.NewName, rename.Options{
		Source:   func(path string) ([]byte, error) { t, _, err := v.source(path); return t, err },
		VarFiles: v.varFiles,
		Context:  s.contextOf(g),
	})
	if err != nil {
		return nil, renameError(err)
	}
	if len(edits) == 0 {
		return nil, nil
	}
	return v.workspaceEdit(edits), nil
}

// renameError turns a refusal or a stale file into an error the client
// shows.
func renameError(err error) error {
	var r *rename.Refusal
	var st *rename.Stale
	switch {
	case errors.As(err, &r):
		return errorf(codeRequestFailed, "%s", r.Reason)
	case errors.As(err, &st):
		return errorf(codeRequestFailed, "%s", st.Error())
	}
	return err
}

// editView is what a rename reads: the snapshot, the open documents as of
// that snapshot, and the texts of other files read during the request.
type editView struct {
	s        *Server
	ix       *index.Index
	open     map[string]openText
	read     map[string]openText // files not open, as read from disk
	dirs     []*discover.ModDir
	versions bool // the client takes versioned documentChanges
}

// openText is a file's text with its line index, and for an open document
// its URI and version.
type openText struct {
	uri     protocol.DocumentUri
	version protocol.Integer
	text    []byte
	li      *lineIndex
}

// editView takes the current snapshot and the open documents' texts and
// versions under the server's lock, where every edit updates both: the
// index's positions then match the texts exactly.
func (s *Server) editView(g *glsp.Context) (*editView, error) {
	if _, err := s.snapshot(s.contextOf(g)); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v := &editView{s: s, ix: s.snap, open: make(map[string]openText, len(s.docs)), read: map[string]openText{},
		dirs: s.dirs, versions: s.caps.documentChanges}
	for path, d := range s.docs {
		text, li := d.snapshot()
		d.mu.Lock()
		version := d.version
		d.mu.Unlock()
		v.open[path] = openText{uri: d.uri, version: version, text: text, li: li}
	}
	return v, nil
}

// source returns the text of the file at path: the open document's, else
// the disk's (read once per request).
func (v *editView) source(path string) ([]byte, *lineIndex, error) {
	if t, ok := v.open[path]; ok {
		return t.text, t.li, nil
	}
	if t, ok := v.read[path]; ok {
		return t.text, t.li, nil
	}
	text, li, err := v.s.texts.get(path)
	if err != nil {
		return nil, nil, err
	}
	v.read[path] = openText{text: text, li: li}
	return text, li, nil
}

// varFiles returns the variable files of the root mod m.
func (v *editView) varFiles(m *index.Mod) []string {
	for _, d := range v.dirs {
		if d.Root == m.Root {
			return d.VarFiles
		}
	}
	return nil
}

// workspaceEdit converts edits, sorted by file, to a WorkspaceEdit:
// versioned documentChanges when the client takes them (null version for a
// file that is not open), else changes.
//
// Precondition: every file of edits was read through v.source.
func (v *editView) workspaceEdit(edits []rename.Edit) *protocol.WorkspaceEdit {
	out := &protocol.WorkspaceEdit{}
	for i := 0; i < len(edits); {
		path := edits[i].Path
		text, li, _ := v.source(path)
		var tes []protocol.TextEdit
		for ; i < len(edits) && edits[i].Path == path; i++ {
			e := edits[i]
			tes = append(tes, protocol.TextEdit{
				Range:   protocol.Range{Start: li.position(text, e.Start), End: li.position(text, e.End)},
				NewText: e.New,
			})
		}
		uri := fileuri.FromPath(path)
		var version *protocol.Integer
		if t, ok := v.open[path]; ok {
			uri, version = t.uri, &t.version
		}
		if !v.versions {
			if out.Changes == nil {
				out.Changes = map[protocol.DocumentUri][]protocol.TextEdit{}
			}
			out.Changes[uri] = tes
			continue
		}
		anys := make([]any, len(tes))
		for j, te := range tes {
			anys[j] = te
		}
		out.DocumentChanges = append(out.DocumentChanges, protocol.TextDocumentEdit{
			TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{
				TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri},
				Version:                version,
			},
			Edits: anys,
		})
	}
	return out
}
