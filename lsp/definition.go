package lsp

// This file defines textDocument/definition: every reference form the index
// records (resources, dependency resources, var., local., param., with.,
// self.input.) resolves to its declaration, in any file of the workspace or
// its dependency mods.

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

func (s *Server) definition(g *glsp.Context, p *protocol.DefinitionParams) (any, error) {
	d, err := s.docView(g, p.TextDocument.URI)
	if d == nil {
		return nil, err
	}
	path, ix, text, li := d.path, d.ix, d.text, d.li
	off := li.offset(text, p.Position)
	posting, targets := ix.Definition(path, uint32(off))
	if len(targets) == 0 {
		return nil, nil
	}
	s.mu.Lock()
	links := s.caps.linkSupport
	s.mu.Unlock()
	if !links {
		out := make([]protocol.Location, 0, len(targets))
		for _, t := range targets {
			out = append(out, protocol.Location{URI: pathToURI(t.File().Path), Range: s.lspRange(t.File(), t.NameRange)})
		}
		return out, nil
	}
	var origin *protocol.Range
	if posting != nil {
		r := li.toRange(text, posting.Range)
		origin = &r
	}
	out := make([]protocol.LocationLink, 0, len(targets))
	for _, t := range targets {
		out = append(out, protocol.LocationLink{
			OriginSelectionRange: origin,
			TargetURI:            pathToURI(t.File().Path),
			TargetRange:          s.lspRange(t.File(), t.Range),
			TargetSelectionRange: s.lspRange(t.File(), t.NameRange),
		})
	}
	return out, nil
}
