package lsp

// This file defines textDocument/references: from a declaration's name or
// any reference to it, every reference in the workspace (and, when asked,
// the declarations), from the index's postings; for a param, also the keys
// of args objects that pass it a value by name.

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/rename"
	"github.com/modls/modls/workspace"
)

func (s *Server) references(g *glsp.Context, p *protocol.ReferenceParams) ([]protocol.Location, error) {
	d, err := s.docView(g, p.TextDocument.URI)
	if d == nil {
		return nil, err
	}
	off := d.li.offset(d.text, p.Position)
	_, targets := d.ix.Definition(d.path, uint32(off))
	out := d.referenceLocations(targets, p.Context.IncludeDeclaration)
	if len(targets) == 1 && targets[0].Kind == index.KindParam {
		out = append(slices.Clone(out), d.argKeyLocations(targets[0])...)
		slices.SortStableFunc(out, func(a, b protocol.Location) int {
			return cmp.Or(strings.Compare(string(a.URI), string(b.URI)), cmp.Compare(a.Range.Start.Line, b.Range.Start.Line), cmp.Compare(a.Range.Start.Character, b.Range.Start.Character))
		})
	}
	return out, nil
}

// argKeyLocations returns the keys of args objects that pass a value to
// param p by name, which rename rewrites with it.
func (v *view) argKeyLocations(p *index.Entry) []protocol.Location {
	edits, err := rename.ArgKeys(v.ix, p, func(path string) ([]byte, error) {
		text, _, err := v.source(path)
		return text, err
	})
	if err != nil {
		return nil
	}
	out := make([]protocol.Location, 0, len(edits))
	for _, e := range edits {
		text, li, err := v.source(e.Path)
		if err != nil {
			continue
		}
		r := li.toRange(text, parse.Range{Start: parse.Pos{Byte: uint32(e.Start)}, End: parse.Pos{Byte: uint32(e.End)}})
		out = append(out, protocol.Location{URI: fileuri.FromPath(e.Path), Range: r})
	}
	return out
}

// Find-references answers kept per snapshot (see workspace.Memo): a name
// every control uses has 16,000 references, and its code lens and its
// references are asked one after the other and again. Only answers worth
// keeping are kept — one of a few hundred locations takes a tenth of a
// millisecond to make again — so that the big ones stay.
const (
	refsCacheSize      = 32
	refsCacheLocations = 100_000 // about 5 MB
	refsCacheMin       = 1_000   // locations
)

// refsKey names a find-references answer: the entries asked about (those
// of one name; more than refsKeyTargets are not kept) and whether the
// declarations are in it.
type refsKey struct {
	targets [refsKeyTargets]*index.Entry
	n       int
	decls   bool
}

const refsKeyTargets = 4

type refsCache = workspace.Memo[refsKey, []protocol.Location]

// referenceLocations returns the references of targets, and their
// declarations when decls is set, as locations (see Related); nil when
// targets is empty.
func (v *view) referenceLocations(targets []*index.Entry, decls bool) []protocol.Location {
	s, ix := v.s, v.ix
	if len(targets) == 0 {
		return nil
	}
	k := refsKey{n: len(targets), decls: decls}
	keep := len(targets) <= refsKeyTargets
	if keep {
		copy(k.targets[:], targets)
		if out, ok := s.refsCache.Get(ix, k); ok {
			return out
		}
	}
	ds, refs := ix.Related(targets)
	if len(ds) == 0 {
		return nil
	}
	if !decls {
		ds = nil
	}
	places := index.Places(v.ctx, ds, refs)
	if v.ctx.Err() != nil {
		return nil // cancelled: nobody reads the answer
	}
	out := v.locations(places)
	if keep && len(out) >= refsCacheMin {
		s.refsCache.Put(ix, k, out)
	}
	return out
}

// locations converts places, each file's URI found once for a run of
// places in it.
func (v *view) locations(places []index.Place) []protocol.Location {
	out := make([]protocol.Location, len(places))
	var last *index.File
	var uri protocol.DocumentUri
	for i, pl := range places {
		if pl.File != last {
			last, uri = pl.File, fileuri.FromPath(pl.File.Path)
		}
		out[i] = protocol.Location{URI: uri, Range: v.rangeOf(pl.File, pl.Range)}
	}
	return out
}
