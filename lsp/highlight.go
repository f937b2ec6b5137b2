package lsp

// This file defines textDocument/documentHighlight: the declaration (Write)
// and the references (Read) in the current document of what the cursor
// designates.

import (
	"slices"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

func (s *Server) documentHighlight(g *glsp.Context, p *protocol.DocumentHighlightParams) ([]protocol.DocumentHighlight, error) {
	d, err := s.docView(g, p.TextDocument.URI)
	if d == nil {
		return nil, err
	}
	off := d.li.offset(d.text, p.Position)
	_, targets := d.ix.Definition(d.path, uint32(off))
	decls, refs := d.ix.RelatedIn(d.path, targets)
	write, read := protocol.DocumentHighlightKindWrite, protocol.DocumentHighlightKindRead
	var out []protocol.DocumentHighlight
	for _, e := range decls {
		out = append(out, protocol.DocumentHighlight{Range: d.li.toRange(d.text, e.NameRange), Kind: &write})
	}
	for _, r := range refs {
		out = append(out, protocol.DocumentHighlight{Range: d.li.toRange(d.text, refRange(r, targets)), Kind: &read})
	}
	slices.SortFunc(out, func(a, b protocol.DocumentHighlight) int { return compareHighlights(a.Range.Start, b.Range.Start) })
	return out, nil
}

// compareHighlights orders LSP positions.
func compareHighlights(a, b protocol.Position) int {
	switch {
	case a.Line != b.Line:
		return int(a.Line) - int(b.Line)
	default:
		return int(a.Character) - int(b.Character)
	}
}
