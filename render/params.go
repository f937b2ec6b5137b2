package render

// This file finds what a $n placeholder of a resource's SQL refers to.

import (
	"context"

	"github.com/modls/modls/index"
	"github.com/modls/modls/pgsql"
)

// Placeholder is a $n of a resource's SQL, where it stands in its file and
// the param that supplies it.
type Placeholder struct {
	N    int
	Span Span // the $n in the file
	// Query is the resource whose SQL holds it, Param its n-th param block
	// (nil when it has fewer: positional args then supply the value).
	Query *index.Entry
	Param *index.Entry
}

// PlaceholderAt returns the $n at byte offset off of the file at path,
// found in the rendered SQL of the resource around the offset and mapped
// back through the source map.
func (r *Renderer) PlaceholderAt(ctx context.Context, path string, off uint32) (*Placeholder, bool) {
	e, _ := r.ix.At(path, off)
	for ; e != nil && !HasSQL(e.Kind); e = e.Parent() {
	}
	if e == nil {
		return nil, false
	}
	res, err := r.SQL(ctx, e)
	if err != nil || res.Source != e {
		return nil, false
	}
	for _, ph := range pgsql.Placeholders(res.Text) {
		p, ok := res.PlaceOf(ph.Offset, ph.End)
		if !ok || p.Outer.Path != path || off < p.Outer.Start || off >= p.Outer.End || len(p.Via) > 0 {
			continue
		}
		out := &Placeholder{N: ph.N, Span: p.Outer, Query: e}
		n := 0
		for i := range e.File().Entries() {
			c := &e.File().Entries()[i]
			if c.Kind == index.KindParam && c.Parent() == e {
				if n++; n == ph.N {
					out.Param = c
					break
				}
			}
		}
		return out, true
	}
	return nil, false
}
