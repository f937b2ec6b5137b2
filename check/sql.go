package check

// This file defines the checks of a resource's SQL, on the text render
// produces: syntax with PostgreSQL's own grammar (sql-syntax), $n
// placeholders against the params and args that supply them (sql-params),
// and the columns a control must return (control-columns). Each problem is
// mapped through the source map to the exact token of the .pp file, or to
// the interpolation that produced it with the exact place in the local's
// definition as related information.

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/pgsql"
	"github.com/modls/modls/render"
	"github.com/modls/modls/span"
)

// The SQL codes.
const (
	CodeSQLSyntax      = "sql-syntax"
	CodeSQLParams      = "sql-params"
	CodeControlColumns = "control-columns"
)

// parsed remembers PostgreSQL's verdicts by SQL text (its SHA-256: the
// texts themselves would be most of the memory): an edit re-renders the
// resources of its file, but parses again only the text that changed (the
// query edited), and a pass over a workspace parses each distinct text
// once.
var parsed, _ = lru.New[[sha256.Size]byte, sqlVerdict](4096)

type sqlVerdict struct {
	errs    []pgsql.Error
	columns []string
	known   bool // columns are known
}

func verdict(sql string) sqlVerdict {
	key := sha256.Sum256([]byte(sql))
	if v, ok := parsed.Get(key); ok {
		return v
	}
	errs, _ := pgsql.Check(sql)
	v := sqlVerdict{errs: errs}
	if len(errs) == 0 {
		v.columns, v.known = pgsql.Columns(sql)
	}
	parsed.Add(key, v)
	return v
}

// sqlChecks checks the SQL of every resource of file f whose SQL is its
// own or comes through its query attribute.
func sqlChecks(ctx context.Context, r *render.Renderer, f *index.File, src []byte, read func(string) ([]byte, error), dbOf func(*render.Renderer, *index.Entry) *Database) []Diagnostic {
	var out []Diagnostic
	for i := range f.Entries() {
		e := &f.Entries()[i]
		if !render.HasSQL(e.Kind) || ctx.Err() != nil {
			continue
		}
		// The scanner's view is enough to know what the block holds.
		pf, bi := r.Scan(f.Path, src, e)
		if bi < 0 {
			continue
		}
		attrs := r.Attrs(f.Path, pf, bi)
		via, ok := attrs["sql"]
		if !ok && e.Kind == index.KindControl {
			via, ok = attrs["query"] // its query's columns
		}
		if !ok {
			continue // no SQL of its own: checked where it is written
		}
		res, err := r.SQL(ctx, e)
		if err != nil || !res.Complete || res.Dialect != render.Postgres {
			continue // only what can be checked exactly
		}
		if res.Source == e {
			out = append(out, syntaxOf(res, f.Path, src, read)...)
			out = append(out, params(r, e, pf, bi, attrs, res, src, read)...)
			out = append(out, databaseChecks(ctx, databaseOf(dbOf, r, e), res, f.Path, src, read)...)
		}
		if e.Kind == index.KindControl {
			out = append(out, controlColumns(ctx, databaseOf(dbOf, r, e), res, int(via.ExprRange.Start.Byte), int(via.ExprRange.End.Byte), src, e)...)
		}
	}
	return out
}

// syntaxOf parses the rendered SQL with PostgreSQL's grammar.
func syntaxOf(res *render.Result, path string, src []byte, read func(string) ([]byte, error)) []Diagnostic {
	if !pgsql.Available() {
		return nil
	}
	var out []Diagnostic
	for _, pe := range verdict(res.Text).errs {
		d, ok := mapped(res, pe.Offset, pe.End, path, src, read)
		if !ok {
			continue
		}
		d.Severity, d.Code, d.Message = Error, CodeSQLSyntax, "SQL: "+pe.Message
		out = append(out, d)
	}
	return out
}

// mapped places rendered text [from, to) in the file at path: the token
// itself when it is the file's own text, else the interpolation that
// produced it with the exact place as related information.
func mapped(res *render.Result, from, to int, path string, src []byte, read func(string) ([]byte, error)) (Diagnostic, bool) {
	p, ok := res.PlaceOf(from, to)
	if !ok || p.Outer.Path != path || int(p.Outer.End) > len(src) {
		return Diagnostic{}, false
	}
	d := Diagnostic{Range: span.RangeOf(src, int(p.Outer.Start), int(p.Outer.End))}
	if p.Inner != p.Outer {
		if text, err := read(p.Inner.Path); err == nil && int(p.Inner.End) <= len(text) {
			d.Related = append(d.Related, Related{Path: p.Inner.Path, Range: span.RangeOf(text, int(p.Inner.Start), int(p.Inner.End)), Message: "the SQL there, as interpolated"})
		}
	}
	return d, true
}

// params reports $n placeholders beyond what every use of the resource
// supplies: its params (each gets a value, its default or an arg), else the
// positional args of its uses.
func params(r *render.Renderer, e *index.Entry, pf *parse.File, bi int, attrs map[string]parse.Attr, res *render.Result, src []byte, read func(string) ([]byte, error)) []Diagnostic {
	phs := pgsql.Placeholders(res.Text)
	if len(phs) == 0 {
		return nil
	}
	supply, why, known := supplied(r, e, pf, bi, attrs, src, read)
	if !known {
		return nil
	}
	var out []Diagnostic
	for _, ph := range phs {
		if ph.N <= supply {
			continue
		}
		d, ok := mapped(res, ph.Offset, ph.End, e.File().Path, src, read)
		if !ok {
			continue
		}
		d.Severity, d.Code = Error, CodeSQLParams
		d.Message = fmt.Sprintf("$%d: %s supplies %s", ph.N, e.UnqualifiedName(), why)
		out = append(out, d)
	}
	return out
}

// supplied counts the values the SQL of e gets: its param blocks, else the
// most positional args any use gives; known is false when a use's args are
// not a literal list or there is no use to count.
func supplied(r *render.Renderer, e *index.Entry, pf *parse.File, bi int, attrs map[string]parse.Attr, src []byte, read func(string) ([]byte, error)) (n int, why string, known bool) {
	for _, b := range pf.Blocks {
		if int(b.Parent) == bi && b.Type == "param" {
			n++
		}
	}
	if n > 0 {
		return n, plural(n, "param block", "param blocks"), true
	}
	// No params: each use passes its positional args through.
	uses := 0
	count := func(path string, text []byte, attrs map[string]parse.Attr) bool {
		a, ok := attrs["args"]
		if !ok {
			uses++
			return true
		}
		if int(a.ExprRange.End.Byte) > len(text) {
			return false
		}
		expr, diags := parse.AttrExpression(text, path, a)
		t, ok := expr.(*hclsyntax.TupleConsExpr)
		if diags.HasErrors() || !ok {
			return false
		}
		uses++
		n = max(n, len(t.Exprs))
		return true
	}
	if _, ok := attrs["args"]; ok && !count(e.File().Path, src, attrs) {
		return 0, "", false
	}
	if e.Kind == index.KindQuery {
		for _, p := range r.Index().References(e) {
			if p.Attr() != "query" {
				continue
			}
			from := p.From()
			if from == nil {
				return 0, "", false
			}
			text, err := read(from.File().Path)
			if err != nil || int(from.Range.End.Byte) > len(text) {
				return 0, "", false
			}
			fpf, fbi := r.Scan(from.File().Path, text, from)
			if fbi < 0 || !count(from.File().Path, text, r.Attrs(from.File().Path, fpf, fbi)) {
				return 0, "", false
			}
		}
	}
	if uses == 0 {
		return 0, "", false // nothing runs it here: a dependant may
	}
	return n, "no param block and at most " + plural(n, "positional arg", "positional args"), true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// controlColumns reports a control whose SQL, statically known, does not
// return resource, status and reason: the columns the text names, or, when
// it does not name them (`select *`), those the server describes.
func controlColumns(ctx context.Context, d *Database, res *render.Result, start, end int, src []byte, e *index.Entry) []Diagnostic {
	if !pgsql.Available() {
		return nil
	}
	v := verdict(res.Text)
	if len(v.errs) > 0 {
		return nil
	}
	columns := v.columns
	if !v.known {
		if d == nil || d.Describe == nil {
			return nil
		}
		var err error
		if columns, err = d.Describe(ctx, res.Text); err != nil {
			return nil
		}
	}
	var missing []string
	for _, want := range []string{"resource", "status", "reason"} {
		found := false
		for _, c := range columns {
			if c == want {
				found = true
			}
		}
		if !found {
			missing = append(missing, want)
		}
	}
	if len(missing) == 0 || end > len(src) {
		return nil
	}
	what := "its SQL"
	if res.Source != e {
		what = "the SQL of " + res.Source.UnqualifiedName()
	}
	return []Diagnostic{{Range: span.RangeOf(src, start, end), Severity: Warning, Code: CodeControlColumns,
		Message: fmt.Sprintf("a control's SQL must return the columns resource, status and reason; %s returns no %s (it returns %s)",
			what, strings.Join(missing, ", "), strings.Join(columns, ", "))}}
}
