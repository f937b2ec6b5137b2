package lsp

// This file defines textDocument/codeLens and codeLens/resolve: "N
// references" over each top-level resource, variable and local of a
// document, and "N controls" over each benchmark (outline.Lenses,
// outline.Controls). textDocument/codeLens only places the lenses;
// codeLens/resolve, which clients send for the lenses in view, counts and
// lists: a name that every control uses has thousands of references, and a
// file of such names would otherwise cost a large answer at every change.
// Each resolved lens carries the command modls.showReferences with the
// arguments of VS Code's editor.action.showReferences: the document URI,
// the position of the name, and the locations to list.

import (
	"encoding/json"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/outline"
)

// showReferencesCommand is the client command a lens runs; the VS Code
// extension registers it and forwards to editor.action.showReferences.
const showReferencesCommand = "modls.showReferences"

// lensData is what a lens carries from textDocument/codeLens to
// codeLens/resolve: the document, the position of the entry's name, and
// what to count.
type lensData struct {
	URI      protocol.DocumentUri `json:"uri"`
	Position protocol.Position    `json:"position"`
	Controls bool                 `json:"controls,omitempty"` // the controls of a benchmark, not its references
}

func (s *Server) codeLens(g *glsp.Context, p *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	d, err := s.docView(g, p.TextDocument.URI)
	if d == nil {
		return nil, err
	}
	f := d.ix.File(d.path)
	if f == nil {
		return nil, nil
	}
	var out []protocol.CodeLens
	for _, l := range outline.Lenses(f) {
		at := d.li.fromPos(d.text, l.Entry.NameRange.Start)
		out = append(out, protocol.CodeLens{Range: d.li.toRange(d.text, l.Range), Data: lensData{URI: p.TextDocument.URI, Position: at, Controls: l.Controls}})
	}
	out = append(out, s.runLenses(d)...)
	return out, nil
}

func (s *Server) codeLensResolve(g *glsp.Context, l *protocol.CodeLens) (*protocol.CodeLens, error) {
	var data lensData
	if b, err := json.Marshal(l.Data); err != nil || json.Unmarshal(b, &data) != nil || data.URI == "" {
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "codeLens/resolve: the lens does not carry modls's data: %v", l.Data)
	}
	d, err := s.docView(g, data.URI)
	if d == nil {
		return nil, err
	}
	out := *l
	off := uint32(d.li.offset(d.text, data.Position))
	e, _ := d.ix.At(d.path, off)
	if e == nil || !outline.Lensed(e) || e.NameRange.Start.Byte != off || data.Controls && e.Kind != index.KindBenchmark {
		// The document changed since the lens was made; the client asks
		// for new lenses after a change, so this one is about to go.
		out.Command = &protocol.Command{Title: "(changed)", Command: showReferencesCommand, Arguments: []any{data.URI, data.Position, []protocol.Location{}}}
		return &out, nil
	}
	var title string
	var locs []protocol.Location
	if data.Controls {
		var controls []*index.Entry
		title, controls = outline.Controls(d.ix, e)
		locs = d.locations(index.Places(d.ctx, controls, nil))
	} else {
		locs = d.referenceLocations([]*index.Entry{e}, false)
		title = outline.Count(len(locs), "reference", "references")
	}
	if locs == nil {
		locs = []protocol.Location{}
	}
	out.Command = &protocol.Command{Title: title, Command: showReferencesCommand, Arguments: []any{data.URI, data.Position, locs}}
	return &out, nil
}
