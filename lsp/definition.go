package lsp

// This file defines textDocument/definition: every reference form the index
// records (resources, dependency resources, var., local., param., with.,
// self.input.) resolves to its declaration, in any file of the workspace or
// its dependency mods; a key of args = { … } and a $n placeholder in SQL to
// their param block (a key of a dependency's require args to its variable).

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/complete"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/parse"
)

func (s *Server) definition(g *glsp.Context, p *protocol.DefinitionParams) (any, error) {
	d, err := s.docView(g, p.TextDocument.URI)
	if d == nil {
		return nil, err
	}
	path, ix, text, li := d.path, d.ix, d.text, d.li
	off := li.offset(text, p.Position)
	posting, targets := ix.Definition(path, uint32(off))
	var origin *protocol.Range
	if posting != nil {
		r := li.toRange(text, posting.Range)
		origin = &r
	}
	if len(targets) == 0 {
		// A key of args = { … }: the param it passes a value to.
		if param, start, end, ok := complete.ArgParam(ix, path, text, off); ok {
			targets = append(targets, param)
			r := li.toRange(text, parse.Range{Start: parse.Pos{Byte: uint32(start)}, End: parse.Pos{Byte: uint32(end)}})
			origin = &r
		}
	}
	if len(targets) == 0 {
		// $n in SQL: the n-th param block.
		ph, ok := d.renderer().PlaceholderAt(s.contextOf(g), path, uint32(off))
		if !ok || ph.Param == nil {
			return nil, nil
		}
		targets = append(targets, ph.Param)
		r := li.toRange(text, parse.Range{Start: parse.Pos{Byte: ph.Span.Start}, End: parse.Pos{Byte: ph.Span.End}})
		origin = &r
	}
	if !d.caps.linkSupport {
		out := make([]protocol.Location, 0, len(targets))
		for _, t := range targets {
			out = append(out, protocol.Location{URI: fileuri.FromPath(t.File().Path), Range: d.rangeOf(t.File(), t.NameRange)})
		}
		return out, nil
	}
	out := make([]protocol.LocationLink, 0, len(targets))
	for _, t := range targets {
		out = append(out, protocol.LocationLink{
			OriginSelectionRange: origin,
			TargetURI:            fileuri.FromPath(t.File().Path),
			TargetRange:          d.rangeOf(t.File(), t.Range),
			TargetSelectionRange: d.rangeOf(t.File(), t.NameRange),
		})
	}
	return out, nil
}
