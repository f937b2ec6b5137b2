package lsp

// This file defines textDocument/documentLink: the links package finds them
// (files named by file functions, dependencies' repositories, dashboard
// links in href strings).

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/links"
)

func (s *Server) documentLink(g *glsp.Context, p *protocol.DocumentLinkParams) ([]protocol.DocumentLink, error) {
	d, err := s.docView(g, p.TextDocument.URI)
	if d == nil {
		return nil, err
	}
	ls := links.In(d.ix, d.path, d.text)
	out := make([]protocol.DocumentLink, 0, len(ls))
	for _, l := range ls {
		out = append(out, protocol.DocumentLink{
			Range:   protocol.Range{Start: d.li.position(d.text, l.Start), End: d.li.position(d.text, l.End)},
			Target:  &l.Target,
			Tooltip: &l.Tooltip,
		})
	}
	return out, nil
}
