package dbwork

// This file resolves the database of a resource.

import (
	"context"

	"github.com/modls/modls/db"
	"github.com/modls/modls/index"
	"github.com/modls/modls/render"
)

// Resolve resolves, as Powerpipe does, the database of resource e of r's
// snapshot — nil: of the workspace's first root mod; r nil: of no mod —
// from in (the override, the environment, the user's configuration, trust)
// and the database the resource or its mod names (in.Mod, when not set),
// evaluated under ctx.
func Resolve(ctx context.Context, in db.Inputs, r *render.Renderer, e *index.Entry) (db.Target, error) {
	if r != nil && e == nil {
		e = firstRootMod(r.Index())
	}
	if r != nil && e != nil && in.Mod == "" {
		if v, from, ok := r.Database(ctx, e); ok {
			in.Mod, in.ModFrom = v, from.QualifiedName()
		}
	}
	return db.Resolve(in)
}

// firstRootMod returns the mod block of ix's first root mod, if any.
func firstRootMod(ix *index.Index) *index.Entry {
	for _, m := range ix.Mods() {
		if m.IsDependency() {
			continue
		}
		if mods := ix.OfKind(m.ID, index.KindMod); len(mods) > 0 {
			return mods[0]
		}
		return nil
	}
	return nil
}
