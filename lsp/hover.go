package lsp

// This file defines textDocument/hover: the hover package says what is
// under the cursor; this file converts the position and the range.

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/hover"
	"github.com/modls/modls/internal/source"
)

func (s *Server) hover(g *glsp.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	d, err := s.docView(g, p.TextDocument.URI)
	if d == nil {
		return nil, err
	}
	if h, ok := s.sqlHover(s.contextOf(g), d, d.li.offset(d.text, p.Position)); ok {
		return h, nil // a table or column of the catalog
	}
	env := &hover.Env{
		Index:    d.ix,
		Cache:    s.cache,
		Source:   func(path string) ([]byte, error) { text, _, err := d.source(path); return text, err },
		Renderer: d.renderer(),
		ReadDoc:  source.ReadPrefix,
	}
	r := hover.At(s.contextOf(g), env, d.path, d.text, uint32(d.li.offset(d.text, p.Position)))
	if r == nil {
		return nil, nil
	}
	h := &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: r.Markdown}}
	if r.HasRange {
		rng := d.li.toRange(d.text, r.Range)
		h.Range = &rng
	}
	return h, nil
}
