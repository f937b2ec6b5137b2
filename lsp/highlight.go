package lsp

// This file defines textDocument/documentHighlight: the declaration (Write)
// and the references (Read) in the current document of what the cursor
// designates.

import (
	"github.com/modls/modls/index"
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
	write, read := protocol.DocumentHighlightKindWrite, protocol.DocumentHighlightKindRead
	var out []protocol.DocumentHighlight
	decls, refs := d.ix.RelatedIn(d.path, targets)
	for _, pl := range index.Places(d.ctx, decls, refs) {
		kind := &read
		if pl.Decl {
			kind = &write
		}
		out = append(out, protocol.DocumentHighlight{Range: d.li.toRange(d.text, pl.Range), Kind: kind})
	}
	return out, nil
}
