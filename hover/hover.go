package hover

// This file defines At and the Markdown of each thing a hover shows.

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/complete"
	"github.com/modls/modls/config"
	"github.com/modls/modls/eval"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/pgsql"
	"github.com/modls/modls/render"
)

// MaxDocBytes bounds how much of a documentation file a hover shows.
const MaxDocBytes = 8 << 10

// Env is what a hover reads besides the hovered file's text: one index
// snapshot and the ways to read other files.
type Env struct {
	Index *index.Index
	Cache *cache.Cache
	// Source returns the text of a workspace file (an open document's as
	// edited, else the disk's), or an error for a file it may not read.
	Source func(path string) ([]byte, error)
	// Renderer renders SQL on Index.
	Renderer *render.Renderer
	// ReadDoc returns at most n bytes of the regular file at path, a
	// documentation file that At has already confined to its mod's folder.
	ReadDoc func(path string, n int) ([]byte, error)
}

// Result is what a hover shows.
type Result struct {
	Markdown string
	// Range is the byte range of the text the hover is about, when HasRange;
	// its positions may carry only byte offsets.
	Range    parse.Range
	HasRange bool
}

// At returns the hover at byte offset off of the file at path, whose
// current text is text (the text env.Index was built from): a reference
// or a declaration's name or type, a `$n` placeholder, an attribute or
// block the schema documents, the directive or a code of a suppression
// comment, or what the configuration file (.modls.hcl) sets. It returns nil
// when there is nothing to say.
func At(ctx context.Context, env *Env, path string, text []byte, off uint32) *Result {
	if r := configAt(path, text, off); r != nil || config.IsFile(path) {
		return r // a suppression comment, or the configuration file
	}
	ix := env.Index
	entry, posting := ix.At(path, off)
	var target *index.Entry
	var rng parse.Range
	switch {
	case posting != nil:
		ts := ix.Resolve(posting)
		if len(ts) == 0 {
			return nil
		}
		target, rng = ts[0], posting.Range
	case entry != nil && (entry.NameRange.Contains(off) || entry.TypeRange().Contains(off)):
		target, rng = entry, entry.NameRange
	default:
		if k, ok := complete.ArgKeyAt(ix, path, text, int(off)); ok {
			r := parse.Range{Start: parse.Pos{Byte: uint32(k.Start)}, End: parse.Pos{Byte: uint32(k.End)}}
			return &Result{Markdown: argKey(ctx, env, k), Range: r, HasRange: true}
		}
		if ph, ok := env.Renderer.PlaceholderAt(ctx, path, off); ok {
			r := parse.Range{Start: parse.Pos{Byte: ph.Span.Start}, End: parse.Pos{Byte: ph.Span.End}}
			return &Result{Markdown: placeholder(ctx, env, ph), Range: r, HasRange: true}
		}
		// An attribute name or a structural block: the schema's words, as
		// completion documents them.
		if md := schemaAt(env.Index, parse.Scan(text), off); md != "" {
			return &Result{Markdown: md}
		}
		return nil
	}
	return &Result{Markdown: describe(ctx, env, target), Range: rng, HasRange: true}
}

// describe renders an entry as Markdown.
func describe(ctx context.Context, env *Env, e *index.Entry) string {
	var b strings.Builder
	scope := env.Renderer.Scope(ctx, e.Mod()) // values as a run sees them
	complete.WriteHeading(&b, e, scope.Title(ctx, e))
	src, err := env.Source(e.File().Path)
	if err == nil {
		if e.Kind == index.KindLocal {
			local(&b, src, e)
		} else if blk, _ := env.Cache.GetOrParseBlock(e.File().Path, src, e.Range); blk != nil {
			block(ctx, env, scope, &b, e, blk, src)
		}
	}
	if e.Kind == index.KindLocal || e.Kind == index.KindVar {
		value(ctx, env, scope, &b, e, src)
	}
	rel := e.File().Path
	if r, err := filepath.Rel(e.Mod().Root, rel); err == nil {
		rel = r
	}
	fmt.Fprintf(&b, "\n*%s:%d* · mod `%s`", filepath.ToSlash(rel), e.NameRange.Start.Line, e.Mod().Name)
	if path, version, ok := e.Mod().Module(); ok {
		// A dependency's resource: which module, in which version.
		fmt.Fprintf(&b, " · `%s`", path)
		if version != "" {
			fmt.Fprintf(&b, " %s installed", version)
		}
	}
	return b.String()
}

// value shows the value of a variable's default or a local when static
// evaluation knows it and it says more than the source does; a local that
// flows into SQL as its rendered SQL.
func value(ctx context.Context, env *Env, scope *eval.Scope, b *strings.Builder, e *index.Entry, src []byte) {
	if e.Kind == index.KindLocal && render.FlowsIntoSQL(env.Index, e) {
		if res, err := env.Renderer.Value(ctx, e); err == nil {
			b.WriteString("\nvalue, as SQL:\n")
			writeSQL(b, res)
			return
		}
	}
	v := scope.Local(ctx, e.Name())
	if e.Kind == index.KindVar {
		v = scope.Var(ctx, e.Name())
	}
	if !v.IsWhollyKnown() {
		return
	}
	text := strings.TrimSpace(string(hclwrite.TokensForValue(v).Bytes()))
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if r := e.Range; int(r.End.Byte) <= len(src) && strings.Contains(squeeze(string(src[r.Start.Byte:r.End.Byte])), squeeze(text)) {
		return // a literal: the source says it already
	}
	if strings.Contains(text, "\n") {
		fmt.Fprintf(b, "\nvalue:\n```hcl\n%s\n```\n", Truncate(text, 1500))
		return
	}
	fmt.Fprintf(b, "\nvalue: `%s`\n", Truncate(text, 300))
}

// local shows a local's source.
func local(b *strings.Builder, src []byte, e *index.Entry) {
	r := e.Range
	if int(r.End.Byte) > len(src) {
		return
	}
	fmt.Fprintf(b, "\n```hcl\n%s\n```\n", Truncate(string(src[r.Start.Byte:r.End.Byte]), 1500))
}

// block shows what a block's attributes say: a variable's type and
// default, tags and severity (evaluated), a detection's display columns,
// the SQL that runs, params, documentation.
func block(ctx context.Context, env *Env, scope *eval.Scope, b *strings.Builder, e *index.Entry, blk *hclsyntax.Block, src []byte) {
	attrs := blk.Body.Attributes
	if e.Kind == index.KindVar {
		for _, name := range []string{"type", "default"} {
			if a := attrs[name]; a != nil {
				fmt.Fprintf(b, "\n%s: `%s`", name, Truncate(exprText(src, a.Expr), 300))
			}
		}
		b.WriteString("\n")
	}
	if a := attrs["tags"]; a != nil {
		fmt.Fprintf(b, "\ntags: %s\n", renderTags(ctx, scope, src, a.Expr))
	}
	if a := attrs["severity"]; a != nil {
		fmt.Fprintf(b, "\nseverity: %s\n", evaluated(ctx, scope, src, a.Expr, 40))
	}
	if a := attrs["display_columns"]; a != nil {
		fmt.Fprintf(b, "\ndisplay columns: %s\n", columns(ctx, scope, src, a.Expr))
	}
	if render.HasSQL(e.Kind) {
		if res, err := env.Renderer.SQL(ctx, e); err == nil {
			if q := res.Source; q != e {
				name := q.UnqualifiedName()
				if q.Mod() != e.Mod() {
					name = q.QualifiedName()
				}
				fmt.Fprintf(b, "\nSQL of `%s`:\n", name)
			}
			writeSQL(b, res)
		}
	}
	var params []string
	for _, nb := range blk.Body.Blocks {
		if nb.Type != "param" || len(nb.Labels) != 1 {
			continue
		}
		line := "- `" + nb.Labels[0] + "`"
		if d := nb.Body.Attributes["default"]; d != nil {
			line += " = `" + Truncate(exprText(src, d.Expr), 80) + "`"
		}
		if d := nb.Body.Attributes["description"]; d != nil {
			if v, ok := staticString(d.Expr); ok {
				line += " — " + v
			}
		}
		params = append(params, line)
	}
	if len(params) > 0 {
		fmt.Fprintf(b, "\nparams:\n%s\n", strings.Join(params, "\n"))
	}
	if a := attrs["documentation"]; a != nil {
		if doc := documentation(env, e, a.Expr); doc != "" {
			fmt.Fprintf(b, "\n---\n%s\n", doc)
		}
	}
}

// schemaAt returns the schema's documentation of the attribute name or
// block type keyword at byte offset off of f, or "".
func schemaAt(ix *index.Index, f *parse.File, off uint32) string {
	// enclosing returns the types of the blocks around block bi, outermost
	// first.
	enclosing := func(bi int32) []string {
		var p []string
		for b := f.Blocks[bi].Parent; b >= 0; b = f.Blocks[b].Parent {
			p = append([]string{f.Blocks[b].Type}, p...)
		}
		return p
	}
	for _, a := range f.Attrs {
		if a.Block >= 0 && a.NameRange.Contains(off) {
			ctx := append(enclosing(a.Block), f.Blocks[a.Block].Type)
			return complete.Resolve(ix, complete.Ref{Kind: complete.RefAttribute, Context: ctx, Name: a.Name})
		}
	}
	for i, b := range f.Blocks {
		if b.TypeRange.Contains(off) {
			return complete.Resolve(ix, complete.Ref{Kind: complete.RefBlock, Context: enclosing(int32(i)), Name: b.Type})
		}
	}
	return ""
}

// placeholder says which param supplies a $n.
func placeholder(ctx context.Context, env *Env, ph *render.Placeholder) string {
	var b strings.Builder
	if ph.Param == nil {
		fmt.Fprintf(&b, "`$%d` of `%s`: no param block supplies it; the positional `args` of each use do\n", ph.N, ph.Query.UnqualifiedName())
		return b.String()
	}
	fmt.Fprintf(&b, "`$%d` is param `%s` of `%s`\n", ph.N, ph.Param.Name(), ph.Query.UnqualifiedName())
	paramDetails(ctx, &b, env, ph.Param)
	return b.String()
}

// writeSQL shows rendered SQL in a fence, with what could not be known
// and the dialect when it is not checked.
func writeSQL(b *strings.Builder, res *render.Result) {
	fmt.Fprintf(b, "\n```sql\n%s\n```\n", Truncate(strings.Trim(res.Text, "\n"), 4000))
	if !res.Complete {
		var why []string
		for _, u := range res.Unknown {
			if !slices.Contains(why, u.Reason) {
				why = append(why, u.Reason)
			}
		}
		fmt.Fprintf(b, "\n*not fully known:* %s\n", Truncate(strings.Join(why, "; "), 400))
	}
	switch {
	case res.Dialect != render.Postgres:
		fmt.Fprintf(b, "\n*not checked: %s*\n", res.Dialect.Title())
	case !pgsql.Available():
		b.WriteString("\n*SQL syntax not checked: this modls was built without cgo (libpg_query)*\n")
	}
}

// documentation reads a `file("…")` documentation from the mod root, never
// outside the mod's folder, or returns a static string's value.
func documentation(env *Env, e *index.Entry, expr hclsyntax.Expression) string {
	if v, ok := staticString(expr); ok {
		return Truncate(v, MaxDocBytes)
	}
	call, ok := expr.(*hclsyntax.FunctionCallExpr)
	if !ok || call.Name != "file" || len(call.Args) != 1 {
		return ""
	}
	rel, ok := staticString(call.Args[0])
	if !ok {
		return ""
	}
	path, err := eval.Resolve(e.Mod().Root, rel) // inside the mod only, links resolved
	if err != nil {
		return ""
	}
	b, err := env.ReadDoc(path, MaxDocBytes+1)
	if err != nil {
		return ""
	}
	return Truncate(string(b), MaxDocBytes)
}

// staticString returns the value of a string expression with no
// references or function calls.
func staticString(expr hclsyntax.Expression) (string, bool) {
	if len(expr.Variables()) > 0 {
		return "", false
	}
	v, diags := eval.Literal(expr)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// renderTags shows a tags object as `key = value` pairs, evaluated
// (`merge(local.common_tags, {…})` included), or the expression's source
// when static evaluation does not know it.
func renderTags(ctx context.Context, scope *eval.Scope, src []byte, expr hclsyntax.Expression) string {
	if v, diags := scope.Value(ctx, expr); !diags.HasErrors() && v.IsKnown() && !v.IsNull() && (v.Type().IsObjectType() || v.Type().IsMapType()) {
		var pairs []string
		for k, val := range v.AsValueMap() {
			if s, ok := asString(val); ok {
				pairs = append(pairs, fmt.Sprintf("`%s = %s`", k, s))
			}
		}
		sort.Strings(pairs)
		return strings.Join(pairs, " ")
	}
	return "`" + Truncate(strings.Join(strings.Fields(exprText(src, expr)), " "), 200) + "`"
}

// evaluated shows the value of a string attribute: `value`, with the
// source after it when that says something else (`high` (var.severity)),
// or the source alone when static evaluation does not know it.
func evaluated(ctx context.Context, scope *eval.Scope, src []byte, expr hclsyntax.Expression, n int) string {
	text := Truncate(strings.Join(strings.Fields(exprText(src, expr)), " "), n)
	v, diags := scope.Value(ctx, expr)
	s, ok := asString(v)
	if diags.HasErrors() || !ok {
		return "`" + text + "`"
	}
	if _, static := staticString(expr); static {
		return "`" + Truncate(s, n) + "`"
	}
	return fmt.Sprintf("`%s` (`%s`)", Truncate(s, n), text)
}

// columns shows a list of column names, evaluated, or its source.
func columns(ctx context.Context, scope *eval.Scope, src []byte, expr hclsyntax.Expression) string {
	v, diags := scope.Value(ctx, expr)
	if !diags.HasErrors() && v.IsWhollyKnown() && !v.IsNull() && v.CanIterateElements() {
		var names []string
		for it := v.ElementIterator(); it.Next(); {
			_, c := it.Element()
			s, ok := asString(c)
			if !ok {
				names = nil
				break
			}
			names = append(names, "`"+s+"`")
		}
		if names != nil {
			return Truncate(strings.Join(names, ", "), 300)
		}
	}
	return "`" + Truncate(strings.Join(strings.Fields(exprText(src, expr)), " "), 200) + "`"
}

// asString returns a known string value (a number or bool converted).
func asString(v cty.Value) (string, bool) {
	if !v.IsWhollyKnown() || v.IsNull() {
		return "", false
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil {
		return "", false
	}
	return s.AsString(), true
}

// exprText returns the source of an expression.
func exprText(src []byte, expr hcl.Expression) string {
	r := expr.Range()
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	return string(src[r.Start.Byte:r.End.Byte])
}

// Truncate cuts s to at most n bytes, keeping UTF-8 whole, and marks the
// cut with "…".
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut-- // keep UTF-8 whole
	}
	return s[:cut] + "…"
}
