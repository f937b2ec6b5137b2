package lsp

// This file defines textDocument/codeLens and codeLens/resolve: "N
// references" over each top-level resource, variable and local of a
// document, and "N controls" over each benchmark (the controls its children
// reach, transitively; "N detections" over a detection benchmark). textDocument/codeLens only places the lenses;
// codeLens/resolve, which clients send for the lenses in view, counts and
// lists: a name that every control uses has thousands of references, and a
// file of such names would otherwise cost a large answer at every change.
// Each resolved lens carries the command modls.showReferences with the
// arguments of VS Code's editor.action.showReferences: the document URI,
// the position of the name, and the locations to list.

import (
	"encoding/json"
	"fmt"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
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
	es := f.Entries()
	for i := range es {
		e := &es[i]
		if !lensed(e) {
			continue
		}
		rng := d.li.toRange(d.text, parse.Range{Start: e.Range.Start, End: e.NameRange.End})
		if rng.End.Line != rng.Start.Line {
			rng.End = rng.Start // a lens sits on one line
		}
		at := d.li.fromPos(d.text, e.NameRange.Start)
		out = append(out, protocol.CodeLens{Range: rng, Data: lensData{URI: p.TextDocument.URI, Position: at}})
		if e.Kind == index.KindBenchmark {
			out = append(out, protocol.CodeLens{Range: rng, Data: lensData{URI: p.TextDocument.URI, Position: at, Controls: true}})
		}
	}
	return out, nil
}

// lensed reports whether entry e gets lenses: a named top-level entry
// other than the mod.
func lensed(e *index.Entry) bool {
	return e.Is(index.TopLevel) && !e.Is(index.BadLabels) && e.Name() != "" && e.Kind != index.KindMod
}

func (s *Server) codeLensResolve(g *glsp.Context, l *protocol.CodeLens) (*protocol.CodeLens, error) {
	var data lensData
	if b, err := json.Marshal(l.Data); err != nil || json.Unmarshal(b, &data) != nil || data.URI == "" {
		return nil, errorf(codeInvalidParams, "codeLens/resolve: the lens does not carry modls's data: %v", l.Data)
	}
	d, err := s.docView(g, data.URI)
	if d == nil {
		return nil, err
	}
	out := *l
	off := uint32(d.li.offset(d.text, data.Position))
	e, _ := d.ix.At(d.path, off)
	if e == nil || !lensed(e) || e.NameRange.Start.Byte != off || data.Controls && e.Kind != index.KindBenchmark {
		// The document changed since the lens was made; the client asks
		// for new lenses after a change, so this one is about to go.
		out.Command = &protocol.Command{Title: "(changed)", Command: showReferencesCommand, Arguments: []any{data.URI, data.Position, []protocol.Location{}}}
		return &out, nil
	}
	var title string
	var locs []protocol.Location
	if data.Controls {
		controls := d.ix.Controls(e)
		detections := 0
		for _, c := range controls {
			if c.Kind == index.KindDetection {
				detections++
			}
		}
		switch n := len(controls) - detections; {
		case detections == 0:
			title = countLabel(n, "control", "controls")
		case n == 0:
			title = countLabel(detections, "detection", "detections")
		default:
			title = countLabel(n, "control", "controls") + ", " + countLabel(detections, "detection", "detections")
		}
		locs = s.locations(controls, nil)
	} else {
		locs = s.referenceLocations(d.ix, []*index.Entry{e}, false)
		title = countLabel(len(locs), "reference", "references")
	}
	if locs == nil {
		locs = []protocol.Location{}
	}
	out.Command = &protocol.Command{Title: title, Command: showReferencesCommand, Arguments: []any{data.URI, data.Position, locs}}
	return &out, nil
}

// countLabel formats n things: "0 references", "1 reference", "2
// references".
func countLabel(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
