package sqlcat

// This file applies Complete and Hover to a resource's SQL in a .pp file:
// the cursor is mapped into the rendered text, the answer's range back.

import (
	"context"

	"github.com/modls/modls/catalog"
	"github.com/modls/modls/index"
	"github.com/modls/modls/render"
)

// sqlAt renders the SQL of the resource around byte off of the file at
// path and returns it with the cursor's offset in it, when the cursor is
// in the resource's own SQL text on PostgreSQL.
func sqlAt(ctx context.Context, r *render.Renderer, path string, off uint32) (*render.Result, int, bool) {
	e, err := render.At(r.Index(), path, off)
	if err != nil || e.Kind == index.KindLocal {
		return nil, 0, false
	}
	res, err := r.SQL(ctx, e)
	if err != nil || res.Dialect != render.Postgres {
		return nil, 0, false
	}
	at, ok := res.OffsetOf(path, off)
	return res, at, ok
}

// back maps res.Text[from:to] to the file at path, when it is the file's
// own text there.
func back(res *render.Result, path string, from, to int) (uint32, uint32, bool) {
	if from == to {
		// An empty range: the place of the cursor itself.
		if from > 0 {
			if l, ok := res.Locate(from - 1); ok && l.Exact && l.Path == path && len(l.Via) == 0 {
				return l.Start + 1, l.Start + 1, true
			}
		}
		if l, ok := res.Locate(from); ok && l.Exact && l.Path == path && len(l.Via) == 0 {
			return l.Start, l.Start, true
		}
		return 0, 0, false
	}
	p, ok := res.PlaceOf(from, to)
	if !ok || p.Outer != p.Inner || p.Outer.Path != path || len(p.Via) > 0 || p.Outer.End-p.Outer.Start != uint32(to-from) {
		return 0, 0, false
	}
	return p.Outer.Start, p.Outer.End, true
}

// CompleteAt completes the SQL of the resource at byte off of the file at
// path from cat, with r's rendering; from..to is the range of the file the
// items replace.
func CompleteAt(ctx context.Context, r *render.Renderer, cat *catalog.Catalog, path string, off uint32) (items []Item, from, to uint32, ok bool) {
	res, at, ok := sqlAt(ctx, r, path, off)
	if !ok {
		return nil, 0, 0, false
	}
	items, f, t, ok := Complete(cat, res.Text, at)
	if !ok {
		return nil, 0, 0, false
	}
	if from, to, ok = back(res, path, f, t); !ok {
		return nil, 0, 0, false
	}
	return items, from, to, true
}

// HoverAt describes the table or column at byte off of the file at path.
func HoverAt(ctx context.Context, r *render.Renderer, cat *catalog.Catalog, path string, off uint32) (md string, from, to uint32, ok bool) {
	res, at, ok := sqlAt(ctx, r, path, off)
	if !ok {
		return "", 0, 0, false
	}
	md, f, t, ok := Hover(cat, res.Text, at)
	if !ok {
		return "", 0, 0, false
	}
	if from, to, ok = back(res, path, f, t); !ok {
		return "", 0, 0, false
	}
	return md, from, to, true
}
