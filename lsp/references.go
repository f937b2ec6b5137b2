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

// Find-references answers kept per snapshot (see answerCache): a name
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

type refsCache = answerCache[refsKey, []protocol.Location]

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
		if out, ok := s.refsCache.get(ix, k); ok {
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
	out := v.locations(ds, refs)
	if keep && len(out) >= refsCacheMin {
		s.refsCache.put(ix, k, out)
	}
	return out
}

// locations returns the names of decls and refs as locations, ordered by file
// and position. A reference to a mod entry is located at its alias, any other
// at its name step. decls and refs mostly come sorted (as Related returns
// them): then refs are read once, in one pass that merges decls in (16,000
// postings for a local that every control uses, all over the heap).
func (v *view) locations(decls []*index.Entry, refs []*index.Posting) []protocol.Location {
	dp := make([]place, len(decls))
	for i, e := range decls {
		dp[i] = place{e.File(), e.NameRange}
	}
	if !slices.IsSortedFunc(dp, comparePlaces) {
		slices.SortFunc(dp, comparePlaces)
	}
	out := make([]protocol.Location, 0, len(decls)+len(refs))
	var cv locationConverter
	var prev place
	all := dp
	for i, p := range refs {
		if i%4096 == 0 && v.ctx.Err() != nil {
			return nil // cancelled: nobody reads the answer
		}
		pl := place{p.File(), refRange(p, decls)}
		if i > 0 && comparePlaces(prev, pl) > 0 {
			return v.sortedLocations(all, refs, decls)
		}
		prev = pl
		for len(dp) > 0 && comparePlaces(dp[0], pl) < 0 {
			out = append(out, cv.location(v, dp[0]))
			dp = dp[1:]
		}
		out = append(out, cv.location(v, pl))
	}
	for _, pl := range dp {
		out = append(out, cv.location(v, pl))
	}
	return out
}

// sortedLocations is locations for refs out of order.
func (v *view) sortedLocations(dp []place, refs []*index.Posting, decls []*index.Entry) []protocol.Location {
	ps := make([]place, 0, len(dp)+len(refs))
	ps = append(ps, dp...)
	for _, p := range refs {
		ps = append(ps, place{p.File(), refRange(p, decls)})
	}
	slices.SortFunc(ps, comparePlaces)
	out := make([]protocol.Location, len(ps))
	var cv locationConverter
	for i, pl := range ps {
		out[i] = cv.location(v, pl)
	}
	return out
}

// locationConverter converts places to locations, each file's URI found
// once for a run of places in it.
type locationConverter struct {
	last *index.File
	uri  protocol.DocumentUri
}

func (c *locationConverter) location(v *view, pl place) protocol.Location {
	if pl.f != c.last {
		c.last, c.uri = pl.f, fileuri.FromPath(pl.f.Path)
	}
	return protocol.Location{URI: c.uri, Range: v.rangeOf(pl.f, pl.r)}
}

// place is one location to report.
type place struct {
	f *index.File
	r parse.Range
}

// comparePlaces orders places by file path, then position.
func comparePlaces(a, b place) int {
	if a.f != b.f {
		if c := strings.Compare(a.f.Path, b.f.Path); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.r.Start.Byte, b.r.Start.Byte)
}

// refRange returns the part of reference p that names what decls declare:
// the alias for a mod, else the name step.
func refRange(p *index.Posting, decls []*index.Entry) parse.Range {
	if len(decls) > 0 && decls[0].Kind == index.KindMod {
		return p.AliasRange()
	}
	return p.NameRange()
}
