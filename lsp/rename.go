package lsp

// This file defines textDocument/prepareRename and textDocument/rename: the
// rename package decides what to rename and computes the edits from one
// consistent view (the index snapshot and the open documents' texts and
// versions, taken together); this file turns them into a WorkspaceEdit.

import (
	"errors"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/rename"
	"github.com/modls/modls/span"
)

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
	v, err := s.view(s.contextOf(g))
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
		VarFiles: v.VarFiles,
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
		return jsonrpc2.Errorf(jsonrpc2.CodeRequestFailed, "%s", r.Reason)
	case errors.As(err, &st):
		return jsonrpc2.Errorf(jsonrpc2.CodeRequestFailed, "%s", st.Error())
	}
	return err
}

// workspaceEdit converts edits, sorted by file, to a WorkspaceEdit:
// versioned documentChanges when the client takes them (null version for a
// file that is not open), else changes.
//
// Precondition: every file of edits was read through v.source.
func (v *view) workspaceEdit(edits []span.Edit) *protocol.WorkspaceEdit {
	out := &protocol.WorkspaceEdit{}
	for i := 0; i < len(edits); {
		path := edits[i].Path
		text, li, _ := v.source(path)
		j := i
		for j < len(edits) && edits[j].Path == path {
			j++
		}
		tes := textEdits(text, li, edits[i:j])
		i = j
		uri := v.uri(path)
		var version *protocol.Integer
		if t, ok := v.Doc(path); ok {
			version = &t.Version
		}
		if !v.caps.documentChanges {
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
