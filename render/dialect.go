package render

// This file decides the SQL dialect a resource runs on.

import (
	"context"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// Dialect is the SQL dialect of a database.
type Dialect uint8

const (
	// Postgres is Steampipe's and Postgres's dialect, the default.
	Postgres Dialect = iota
	// DuckDB is Tailpipe's.
	DuckDB
	SQLite
	MySQL
)

func (d Dialect) String() string {
	return [...]string{"postgres", "duckdb", "sqlite", "mysql"}[d]
}

// Title is the dialect's name for people.
func (d Dialect) Title() string {
	return [...]string{"PostgreSQL", "DuckDB", "SQLite", "MySQL"}[d]
}

// Dialect returns the dialect of the database resource e runs on: its own
// `database` attribute, else its top-level resource's, else its mod's;
// Steampipe (PostgreSQL) when none says.
func (r *Renderer) Dialect(ctx context.Context, e *index.Entry) Dialect {
	for x := e; x != nil; x = x.Parent() {
		if d, ok := r.databaseOf(ctx, x); ok {
			return d
		}
	}
	return r.modDialect(ctx, e.Mod())
}

// modDialect is the dialect of mod m's own database, remembered (unless
// ctx ended meanwhile).
func (r *Renderer) modDialect(ctx context.Context, m *index.Mod) Dialect {
	r.mu.Lock()
	d, ok := r.dialects[m.ID]
	r.mu.Unlock()
	if ok {
		return d
	}
	d = Postgres
	for _, me := range r.modEntries(m) {
		if md, ok := r.databaseOf(ctx, me); ok {
			d = md
		}
	}
	if ctx.Err() != nil {
		return d
	}
	r.mu.Lock()
	if r.dialects == nil {
		r.dialects = map[index.ModID]Dialect{}
	}
	r.dialects[m.ID] = d
	r.mu.Unlock()
	return d
}

// databaseOf reads the `database` attribute of entry e's block, from the
// scanner's view of its file and the attribute's expression alone.
func (r *Renderer) databaseOf(ctx context.Context, e *index.Entry) (Dialect, bool) {
	sc, err := r.scanned(e.File().Path)
	if err != nil {
		return Postgres, false
	}
	f, bi := r.Scan(e.File().Path, sc.src, e)
	a, ok := r.Attrs(e.File().Path, f, bi)["database"]
	if !ok || int(a.ExprRange.End.Byte) > len(sc.src) {
		return Postgres, false
	}
	expr, diags := parse.AttrExpression(sc.src, e.File().Path, a)
	if diags.HasErrors() {
		return Postgres, false
	}
	return r.dialectOf(ctx, e.Mod(), expr, 0)
}

// dialectOf reads a database expression: `connection.<type>.<name>`, a
// variable of type `connection.<type>` (or with such a default), or a
// connection string.
func (r *Renderer) dialectOf(ctx context.Context, m *index.Mod, expr hclsyntax.Expression, depth int) (Dialect, bool) {
	if t, ok := expr.(*hclsyntax.ScopeTraversalExpr); ok {
		switch t.Traversal.RootName() {
		case "connection":
			if len(t.Traversal) >= 2 {
				if at, ok := t.Traversal[1].(hcl.TraverseAttr); ok {
					return connectionDialect(at.Name)
				}
			}
			return Postgres, false
		case "var":
			if len(t.Traversal) == 2 && depth == 0 {
				if at, ok := t.Traversal[1].(hcl.TraverseAttr); ok {
					return r.varDialect(ctx, m, at.Name)
				}
			}
		}
	}
	v, diags := r.Scope(ctx, m).Value(ctx, expr)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return Postgres, false
	}
	return urlDialect(v.AsString())
}

// varDialect reads the type, then the default, of variable name of mod m.
func (r *Renderer) varDialect(ctx context.Context, m *index.Mod, name string) (Dialect, bool) {
	for _, e := range r.ix.Lookup(m.ID, "var."+name) {
		if e.Mod() != m {
			continue
		}
		_, blk, err := r.block(e)
		if err != nil {
			return Postgres, false
		}
		if a := blk.Body.Attributes["type"]; a != nil {
			if t, ok := a.Expr.(*hclsyntax.ScopeTraversalExpr); ok && t.Traversal.RootName() == "connection" && len(t.Traversal) == 2 {
				if at, ok := t.Traversal[1].(hcl.TraverseAttr); ok {
					return connectionDialect(at.Name)
				}
			}
		}
		if a := blk.Body.Attributes["default"]; a != nil {
			return r.dialectOf(ctx, m, a.Expr, 1)
		}
	}
	return Postgres, false
}

func connectionDialect(typ string) (Dialect, bool) {
	switch typ {
	case "steampipe", "postgres":
		return Postgres, true
	case "tailpipe", "duckdb":
		return DuckDB, true
	case "sqlite":
		return SQLite, true
	case "mysql":
		return MySQL, true
	}
	return Postgres, false
}

func urlDialect(s string) (Dialect, bool) {
	scheme, _, ok := strings.Cut(s, "://")
	if !ok {
		return Postgres, false
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql", "steampipe":
		return Postgres, true
	case "duckdb", "tailpipe":
		return DuckDB, true
	case "sqlite", "sqlite3":
		return SQLite, true
	case "mysql":
		return MySQL, true
	}
	return Postgres, false
}
