package render

// This file reads which database a resource names: the value of its
// `database` attribute, or its mod's, for the connection a run uses.

import (
	"context"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// Database returns the database resource e names — its own `database`
// attribute, else its top-level resource's, else its mod's — as a
// connection string or a connection reference (`connection.steampipe.x`),
// and the entry whose block says it; ok is false when none says, or the
// value is not known statically.
func (r *Renderer) Database(ctx context.Context, e *index.Entry) (value string, from *index.Entry, ok bool) {
	for x := e; x != nil; x = x.Parent() {
		if v, ok := r.databaseValue(ctx, x); ok {
			return v, x, true
		}
	}
	for _, me := range r.modEntries(e.Mod()) {
		if v, ok := r.databaseValue(ctx, me); ok {
			return v, me, true
		}
	}
	return "", nil, false
}

// databaseValue reads the `database` attribute of entry e's block.
func (r *Renderer) databaseValue(ctx context.Context, e *index.Entry) (string, bool) {
	sc, err := r.scanned(e.File().Path)
	if err != nil {
		return "", false
	}
	f, bi := r.Scan(e.File().Path, sc.src, e)
	a, ok := r.Attrs(e.File().Path, f, bi)["database"]
	if !ok || int(a.ExprRange.End.Byte) > len(sc.src) {
		return "", false
	}
	expr, diags := parse.AttrExpression(sc.src, e.File().Path, a)
	if diags.HasErrors() {
		return "", false
	}
	return r.valueOfDatabase(ctx, e.Mod(), expr, 0)
}

// valueOfDatabase reads a database expression: a connection reference, a
// variable whose default is one, or a string.
func (r *Renderer) valueOfDatabase(ctx context.Context, m *index.Mod, expr hclsyntax.Expression, depth int) (string, bool) {
	if t, ok := expr.(*hclsyntax.ScopeTraversalExpr); ok {
		switch t.Traversal.RootName() {
		case "connection":
			if ref, ok := parse.ConnectionRef(t.Traversal); ok {
				return ref, true
			}
			return "", false
		case "var":
			if len(t.Traversal) == 2 && depth == 0 {
				if at, ok := t.Traversal[1].(hcl.TraverseAttr); ok {
					for _, e := range r.ix.Lookup(m.ID, "var."+at.Name) {
						if e.Mod() != m {
							continue
						}
						_, blk, err := r.block(e)
						if err != nil {
							return "", false
						}
						if a := blk.Body.Attributes["default"]; a != nil {
							return r.valueOfDatabase(ctx, m, a.Expr, 1)
						}
					}
					return "", false
				}
			}
		}
	}
	v, diags := r.Scope(ctx, m).Value(ctx, expr)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}
