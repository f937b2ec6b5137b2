package lsp

// This file defines textDocument/selectionRange: outline.Selections over
// the document's text, without the index, each chain sent as nested
// ranges.

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/outline"
)

func (s *Server) selectionRange(g *glsp.Context, p *protocol.SelectionRangeParams) ([]protocol.SelectionRange, error) {
	text, li, err := s.textOf(p.TextDocument.URI)
	if text == nil {
		return nil, err
	}
	offs := make([]int, len(p.Positions))
	for i, pos := range p.Positions {
		offs[i] = li.offset(text, pos)
	}
	out := make([]protocol.SelectionRange, len(p.Positions))
	for i, chain := range outline.Selections(text, offs) {
		var parent *protocol.SelectionRange
		for k := len(chain) - 1; k >= 0; k-- {
			parent = &protocol.SelectionRange{
				Range:  protocol.Range{Start: li.position(text, chain[k].Start), End: li.position(text, chain[k].End)},
				Parent: parent,
			}
		}
		out[i] = *parent
	}
	return out, nil
}
