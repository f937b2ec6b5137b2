package dbwork

// This file finds what a Run lens offers to run.

import (
	"context"

	"github.com/modls/modls/index"
	"github.com/modls/modls/render"
)

// Runnable is a resource of a file that can run on its database.
type Runnable struct {
	Entry *index.Entry
	// Resource is the name modls.run and render.Find take: unqualified for
	// the workspace's own, qualified for a dependency's.
	Resource string
}

// Runnable returns the queries, controls and detections of file f of r's
// snapshot that run on PostgreSQL and have a database configured; it stops
// early when ctx ends.
func (d *Databases) Runnable(ctx context.Context, r *render.Renderer, f *index.File) []Runnable {
	var out []Runnable
	for i := range f.Entries() {
		e := &f.Entries()[i]
		switch e.Kind {
		case index.KindQuery, index.KindControl, index.KindDetection:
		default:
			continue
		}
		if ctx.Err() != nil {
			return out
		}
		if !e.Is(index.TopLevel) || e.Name() == "" || r.Dialect(ctx, e) != render.Postgres {
			continue
		}
		if _, err := d.Target(r, e); err != nil {
			continue // no database: nothing to run on
		}
		name := e.UnqualifiedName()
		if e.Mod().IsDependency() {
			name = e.QualifiedName()
		}
		out = append(out, Runnable{Entry: e, Resource: name})
	}
	return out
}
