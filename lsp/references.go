package lsp

// This file defines textDocument/references: from a declaration's name or
// any reference to it, every reference in the workspace (and, when asked,
// the declarations), from the index's postings.

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

func (s *Server) references(g *glsp.Context, p *protocol.ReferenceParams) ([]protocol.Location, error) {
	d, err := s.docView(g, p.TextDocument.URI)
	if d == nil {
		return nil, err
	}
	off := d.li.offset(d.text, p.Position)
	decls, refs := d.ix.Occurrences(d.path, uint32(off))
	if len(decls) == 0 {
		return nil, nil
	}
	if !p.Context.IncludeDeclaration {
		decls = nil
	}
	return s.locations(decls, refs), nil
}

// namePlace is one location to report, with what orders it.
type namePlace struct {
	f *index.File
	r parse.Range
}

// locations returns the names of decls and refs as locations, ordered by file
// and position. A reference to a mod entry is located at its alias, any other
// at its name step.
func (s *Server) locations(decls []*index.Entry, refs []*index.Posting) []protocol.Location {
	ps := make([]namePlace, 0, len(decls)+len(refs))
	for _, e := range decls {
		ps = append(ps, namePlace{e.File(), e.NameRange})
	}
	for _, p := range refs {
		ps = append(ps, namePlace{p.File(), refRange(p, decls)})
	}
	slices.SortFunc(ps, func(a, b namePlace) int {
		return cmp.Or(strings.Compare(a.f.Path, b.f.Path), cmp.Compare(a.r.Start.Byte, b.r.Start.Byte))
	})
	out := make([]protocol.Location, 0, len(ps))
	var last *index.File
	var uri protocol.DocumentUri
	var text []byte
	var li *lineIndex
	for _, pl := range ps {
		if pl.f != last {
			// Each file once: its URI, and its text when positions need
			// converting (a file with non-ASCII text).
			last, uri, li = pl.f, pathToURI(pl.f.Path), nil
			if !pl.f.ASCII() {
				text, li, _ = s.source(pl.f.Path)
			}
		}
		r := asciiRange(pl.r)
		if li != nil {
			r = li.toRange(text, pl.r)
		}
		out = append(out, protocol.Location{URI: uri, Range: r})
	}
	return out
}

// refRange returns the part of reference p that names what decls declare:
// the alias for a mod, else the name step.
func refRange(p *index.Posting, decls []*index.Entry) parse.Range {
	if len(decls) > 0 && decls[0].Kind == index.KindMod {
		return p.AliasRange()
	}
	return p.NameRange()
}
