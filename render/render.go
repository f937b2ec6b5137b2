package render

// This file defines the Renderer: the walk of an `sql` expression that
// builds its text and source map.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/eval"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// ErrNoSQL is returned for a resource that has no SQL: no sql, no query,
// no base with either.
var ErrNoSQL = errors.New("no SQL")

// maxDepth bounds how many definitions a rendering follows (locals
// interpolating locals, queries naming queries): deeper is a cycle or
// abuse, and renders as unknown.
const maxDepth = 64

// maxText bounds the rendered text; past it the rest is unknown.
const maxText = 4 << 20

// Unknown is a part of the SQL that could not be known statically: it
// stays as its source text.
type Unknown struct {
	Span   Span
	Reason string
}

// Result is a rendered SQL text and its source map.
type Result struct {
	Text string
	// Complete is false when some part could not be known (see Unknown).
	Complete bool
	Unknown  []Unknown
	// Source is the resource whose sql attribute was rendered (a control
	// with `query = query.x` renders query.x's sql), and Expr the range of
	// that attribute's expression.
	Source *index.Entry
	Expr   Span
	// Dialect is the database the SQL runs on.
	Dialect Dialect
	segs    []segment
}

// Locate returns where byte off of Text comes from.
func (r *Result) Locate(off int) (Loc, bool) {
	if off < 0 || off >= len(r.Text) {
		return Loc{}, false
	}
	return locate(r.segs, uint32(off))
}

// Place is where a range of rendered text stands in the sources.
type Place struct {
	// Outer is in the file of the rendered expression: the text itself, or
	// the interpolation that produced it.
	Outer Span
	// Inner is the exact place when the text came through interpolations
	// (in a local's definition, say); equal to Outer otherwise.
	Inner Span
	// Via are the interpolations crossed, outermost first.
	Via []Span
}

// PlaceOf maps Text[from:to] (to > from; an empty range is widened to one
// byte) back to the sources.
func (r *Result) PlaceOf(from, to int) (Place, bool) {
	if len(r.Text) == 0 {
		return Place{Outer: r.Expr, Inner: r.Expr}, true
	}
	from = min(max(from, 0), len(r.Text)-1)
	to = min(max(to, from+1), len(r.Text))
	a, ok := r.Locate(from)
	if !ok {
		return Place{}, false
	}
	b, _ := r.Locate(to - 1)
	inner := Span{a.Path, a.Start, a.End}
	if a.Exact && b.Exact && a.Path == b.Path && sameVia(a.Via, b.Via) && b.Start >= a.Start {
		inner.End = b.End
	}
	outer := inner
	if len(a.Via) > 0 {
		outer = a.Via[0]
	}
	return Place{Outer: outer, Inner: inner, Via: a.Via}, true
}

// Renderer renders the SQL of resources of one snapshot. It is safe for
// concurrent use; make one per snapshot.
type Renderer struct {
	ix       *index.Index
	c        *cache.Cache
	read     eval.Reader
	varFiles func(*index.Mod) []string

	mu       sync.Mutex
	scopes   map[index.ModID]*eval.Scope
	locals   map[*index.Entry]*text // locals rendered whole, places relative to them
	dialects map[index.ModID]Dialect
	scans    *lru.Cache[string, *scanned]      // texts read and scanned, by path
	results  *lru.Cache[*index.Entry, *Result] // SQL rendered, by resource
}

// What a renderer keeps, at the most: rendered locals, files read and
// scanned, rendered resources (a query is rendered again for every control
// that uses it).
const (
	maxLocals  = 4096
	maxScans   = 256
	maxResults = 2048
)

func (r *Renderer) cachedLocal(e *index.Entry) *text {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.locals[e]
}

func (r *Renderer) keepLocal(e *index.Entry, t *text) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.locals == nil {
		r.locals = map[*index.Entry]*text{}
	}
	if len(r.locals) < maxLocals {
		r.locals[e] = t
	}
}

// New returns a renderer on snapshot ix. read gives file contents (open
// documents as edited); varFiles, when not nil, lists the variable files a
// root mod loads (powerpipe.ppvars, *.auto.ppvars), whose values replace
// the defaults.
func New(ix *index.Index, c *cache.Cache, read eval.Reader, varFiles func(*index.Mod) []string) *Renderer {
	scans, _ := lru.New[string, *scanned](maxScans)
	results, _ := lru.New[*index.Entry, *Result](maxResults)
	return &Renderer{ix: ix, c: c, read: read, varFiles: varFiles, scopes: map[index.ModID]*eval.Scope{}, scans: scans, results: results}
}

// Index is the snapshot the renderer reads.
func (r *Renderer) Index() *index.Index { return r.ix }

// SQL renders the SQL that resource e runs: its sql attribute, or that of
// the query its query attribute (or `sql = query.x.sql`) names, or its
// base's. Returns ErrNoSQL when it has none.
func (r *Renderer) SQL(ctx context.Context, e *index.Entry) (*Result, error) {
	if res, ok := r.results.Get(e); ok {
		return res, nil
	}
	res, err := r.sql(ctx, e, 0)
	if err == nil && ctx.Err() == nil {
		r.results.Add(e, res)
	}
	return res, err
}

func (r *Renderer) sql(ctx context.Context, e *index.Entry, depth int) (*Result, error) {
	if depth > 8 {
		return nil, fmt.Errorf("%s: the query references form a cycle", e.UnqualifiedName())
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if res, ok, err := r.plainSQL(ctx, e, depth); ok || err != nil {
		return res, err
	}
	src, blk, err := r.block(e)
	if err != nil {
		return nil, err
	}
	if a := blk.Body.Attributes["sql"]; a != nil {
		if q := r.target(e, a.Expr, true); q != nil {
			return r.sql(ctx, q, depth+1)
		}
		return r.render(ctx, e, src, a.Expr)
	}
	for _, name := range []string{"query", "base"} {
		if a := blk.Body.Attributes[name]; a != nil {
			if q := r.target(e, a.Expr, false); q != nil {
				return r.sql(ctx, q, depth+1)
			}
		}
	}
	return nil, fmt.Errorf("%s: %w", e.UnqualifiedName(), ErrNoSQL)
}

// plainSQL renders, from the scanner's view of the file alone, the SQL of a
// resource whose sql is a plain string (no template sequence: most
// queries), and follows a plain `query = query.x` or `base = …`; ok is false
// when the full parse is needed.
func (r *Renderer) plainSQL(ctx context.Context, e *index.Entry, depth int) (*Result, bool, error) {
	sc, err := r.scanned(e.File().Path)
	if err != nil {
		return nil, false, err
	}
	src := sc.src
	pf, bi := r.Scan(e.File().Path, src, e)
	if bi < 0 {
		return nil, false, nil
	}
	attrs := r.Attrs(e.File().Path, pf, bi)
	if a, ok := attrs["sql"]; ok {
		v, ok := parse.StringValue(src, a)
		if !ok {
			if parts, quoted, ok := parse.Template(src, a); ok {
				res := r.renderParts(ctx, e, src, a, parts, quoted)
				return res, true, ctx.Err()
			}
			// Directives, or a reference: parse the expression alone.
			expr, diags := parse.AttrExpression(src, e.File().Path, a)
			if diags.HasErrors() {
				return nil, false, nil
			}
			if q := r.target(e, expr, true); q != nil {
				res, err := r.sql(ctx, q, depth+1)
				return res, true, err
			}
			res, err := r.render(ctx, e, src, expr)
			return res, true, err
		}
		start, end, quoted := stringBody(src, a.ExprRange)
		w := r.walker(ctx, e.Mod())
		w.out.addLiteral(v, src, start, end, quoted, e.File().Path, nil)
		res := w.result(e, Span{e.File().Path, a.ExprRange.Start.Byte, a.ExprRange.End.Byte})
		res.Dialect = r.Dialect(ctx, e)
		return res, true, nil
	}
	for _, name := range []string{"query", "base"} {
		a, ok := attrs[name]
		if !ok {
			continue
		}
		_, p := r.ix.At(e.File().Path, a.ExprRange.Start.Byte)
		if p == nil || p.Range.End.Byte != a.ExprRange.End.Byte {
			return nil, false, nil // not a plain reference
		}
		for _, q := range r.ix.Resolve(p) {
			if q != e && q.Kind != index.KindVar && q.Kind != index.KindLocal {
				res, err := r.sql(ctx, q, depth+1)
				return res, true, err
			}
		}
		return nil, false, nil
	}
	return nil, true, fmt.Errorf("%s: %w", e.UnqualifiedName(), ErrNoSQL)
}

// renderParts renders a template read by parse.Template: its literals
// mapped byte by byte, its interpolations parsed alone and rendered.
func (r *Renderer) renderParts(ctx context.Context, e *index.Entry, src []byte, a parse.Attr, parts []parse.TemplatePart, quoted bool) *Result {
	w := r.walker(ctx, e.Mod())
	v := env{path: e.File().Path, src: src}
	for _, p := range parts {
		if !p.Interp {
			w.out.addLiteral(p.Value, src, p.Start, p.End, quoted, v.path, nil)
			continue
		}
		if t := plainTraversal(src, p.Start, p.End); t != nil {
			w.expr(t, v) // ${local.x}: most interpolations, no parse needed
			continue
		}
		// Only byte offsets of the expression's ranges are read.
		start := hcl.Pos{Byte: int(p.Start), Line: 1, Column: 1}
		expr, diags := parse.ParseExpression(append(src[p.Start:p.End:p.End], '\n'), v.path, start)
		if diags.HasErrors() {
			w.unknownText(hcl.Range{Start: hcl.Pos{Byte: int(p.Start)}, End: hcl.Pos{Byte: int(p.End)}}, v, "the interpolation does not parse")
			continue
		}
		w.expr(expr, v)
	}
	res := w.result(e, Span{e.File().Path, a.ExprRange.Start.Byte, a.ExprRange.End.Byte})
	res.Dialect = r.Dialect(ctx, e)
	return res
}

// plainTraversal returns src[start:end] as a traversal expression when it
// is two or more dotted ASCII names (`local.x`, `var.y`), surrounding white
// space aside: what hclsyntax would parse it to, with the same byte ranges.
func plainTraversal(src []byte, start, end uint32) *hclsyntax.ScopeTraversalExpr {
	for start < end && (src[start] == ' ' || src[start] == '\t') {
		start++
	}
	for end > start && (src[end-1] == ' ' || src[end-1] == '\t') {
		end--
	}
	var tr hcl.Traversal
	for i := start; i < end; {
		j := i
		for j < end && (src[j] == '_' || src[j] == '-' && j > i || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9' && j > i) {
			j++
		}
		if j == i || src[i] == '-' {
			return nil
		}
		rng := hcl.Range{Start: hcl.Pos{Byte: int(i)}, End: hcl.Pos{Byte: int(j)}}
		if len(tr) == 0 {
			tr = append(tr, hcl.TraverseRoot{Name: string(src[i:j]), SrcRange: rng})
		} else {
			tr = append(tr, hcl.TraverseAttr{Name: string(src[i:j]), SrcRange: hcl.Range{Start: hcl.Pos{Byte: int(i) - 1}, End: rng.End}})
		}
		if j == end {
			break
		}
		if src[j] != '.' || j+1 >= end {
			return nil
		}
		i = j + 1
	}
	if len(tr) < 2 {
		return nil // a lone name may be a keyword (true, null): hclsyntax decides
	}
	return &hclsyntax.ScopeTraversalExpr{Traversal: tr, SrcRange: hcl.Range{Start: hcl.Pos{Byte: int(start)}, End: hcl.Pos{Byte: int(end)}}}
}

// stringBody returns the source range of a plain string's text: inside the
// quotes, or a heredoc's lines.
func stringBody(src []byte, r parse.Range) (start, end uint32, quoted bool) {
	expr := src[r.Start.Byte:r.End.Byte]
	if len(expr) >= 2 && expr[0] == '"' {
		return r.Start.Byte + 1, r.End.Byte - 1, true
	}
	first := bytes.IndexByte(expr, '\n')
	last := bytes.LastIndexByte(expr, '\n')
	if first < 0 || last < first {
		return r.Start.Byte, r.End.Byte, false
	}
	return r.Start.Byte + uint32(first) + 1, r.Start.Byte + uint32(last) + 1, false
}

// Scan returns the scanner's view of the file at path, whose text is src
// (kept for the renderer's life), and the index of entry e's block in it
// (-1 when there is none, e.g. for a local).
func (r *Renderer) Scan(path string, src []byte, e *index.Entry) (*parse.File, int) {
	sc, ok := r.scans.Get(path)
	if !ok || !sameText(sc.src, src) {
		sc = newScanned(src)
		r.scans.Add(path, sc)
	}
	if e == nil {
		return sc.f, -1
	}
	i, ok := sc.at[e.Range.Start.Byte]
	if !ok || sc.f.Blocks[i].Range.End.Byte != e.Range.End.Byte {
		return sc.f, -1
	}
	return sc.f, i
}

// scanned returns the text of the file at path, read once for the
// renderer's life, and its scan.
func (r *Renderer) scanned(path string) (*scanned, error) {
	if sc, ok := r.scans.Get(path); ok {
		return sc, nil
	}
	src, err := r.read(path)
	if err != nil {
		return nil, err
	}
	sc := newScanned(src)
	r.scans.Add(path, sc)
	return sc, nil
}

// source returns the text of the file at path (see scanned).
func (r *Renderer) source(path string) ([]byte, error) {
	sc, err := r.scanned(path)
	if err != nil {
		return nil, err
	}
	return sc.src, nil
}

// sameText reports whether a and b hold the same text, at once when they
// are the same slice.
func sameText(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	return len(a) == 0 || &a[0] == &b[0] || bytes.Equal(a, b)
}

func newScanned(src []byte) *scanned {
	sc := &scanned{src: src, f: parse.Scan(src), at: map[uint32]int{}}
	for i, b := range sc.f.Blocks {
		sc.at[b.Range.Start.Byte] = i
	}
	sc.attrs = make([][]int32, len(sc.f.Blocks))
	for i, a := range sc.f.Attrs {
		if a.Block >= 0 {
			sc.attrs[a.Block] = append(sc.attrs[a.Block], int32(i))
		}
	}
	return sc
}

type scanned struct {
	src   []byte
	f     *parse.File
	at    map[uint32]int // block index by start offset
	attrs [][]int32      // attribute indexes by block
}

// Attrs returns the attributes of block bi of f, the scan of the file at
// path that Scan returned, by name (the first of a name defined twice).
func (r *Renderer) Attrs(path string, f *parse.File, bi int) map[string]parse.Attr {
	sc, _ := r.scans.Get(path)
	m := map[string]parse.Attr{}
	if sc == nil || sc.f != f || bi < 0 || bi >= len(sc.attrs) {
		return m
	}
	for _, i := range sc.attrs[bi] {
		if a := f.Attrs[i]; m[a.Name].Name == "" {
			m[a.Name] = a
		}
	}
	return m
}

// Value renders the value of a local as text, with its map: what an
// interpolation of it produces.
func (r *Renderer) Value(ctx context.Context, e *index.Entry) (*Result, error) {
	src, err := r.source(e.File().Path)
	if err != nil {
		return nil, err
	}
	if e.Kind == index.KindLocal {
		expr := eval.LocalExpr(e, src)
		if expr == nil {
			return nil, fmt.Errorf("%s does not parse", e.UnqualifiedName())
		}
		return r.render(ctx, e, src, expr)
	}
	return nil, fmt.Errorf("%s has no value to render", e.UnqualifiedName())
}

func (r *Renderer) render(ctx context.Context, e *index.Entry, src []byte, expr hclsyntax.Expression) (*Result, error) {
	w := r.walker(ctx, e.Mod())
	w.expr(expr, env{path: e.File().Path, src: src})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rng := expr.Range()
	res := w.result(e, Span{e.File().Path, uint32(rng.Start.Byte), uint32(rng.End.Byte)})
	res.Dialect = r.Dialect(ctx, e)
	return res, nil
}

// Block parses the block of entry e from src, its file's text, through the
// parse cache.
func (r *Renderer) Block(e *index.Entry, src []byte) (*hclsyntax.Block, error) {
	if int(e.Range.End.Byte) > len(src) {
		return nil, fmt.Errorf("%s: the file changed", e.UnqualifiedName())
	}
	blk, _ := r.c.GetOrParseBlock(e.File().Path, src, e.Range)
	if blk == nil {
		return nil, fmt.Errorf("%s does not parse", e.UnqualifiedName())
	}
	return blk, nil
}

// block reads and parses the block of entry e.
func (r *Renderer) block(e *index.Entry) ([]byte, *hclsyntax.Block, error) {
	src, err := r.source(e.File().Path)
	if err != nil {
		return nil, nil, err
	}
	blk, err := r.Block(e, src)
	return src, blk, err
}

// target returns the query (or, for base, the resource) that expr names:
// `query.x`, `alias.query.x`, and with sqlProp `query.x.sql`.
func (r *Renderer) target(e *index.Entry, expr hclsyntax.Expression, sqlProp bool) *index.Entry {
	t, ok := expr.(*hclsyntax.ScopeTraversalExpr)
	if !ok {
		return nil
	}
	if sqlProp {
		last, ok := t.Traversal[len(t.Traversal)-1].(hcl.TraverseAttr)
		if !ok || last.Name != "sql" || len(t.Traversal) < 3 {
			return nil
		}
	}
	_, p := r.ix.At(e.File().Path, uint32(t.SrcRange.Start.Byte))
	if p == nil {
		return nil
	}
	for _, q := range r.ix.Resolve(p) {
		if q != e && q.Kind != index.KindVar && q.Kind != index.KindLocal {
			return q
		}
	}
	return nil
}

// Title returns the title of entry e's block as a run sees it: a title
// written as a template evaluated with the values of the variable files
// (see eval.Scope.Title); "" when ctx ends first.
func (r *Renderer) Title(ctx context.Context, e *index.Entry) string {
	if t := e.Title(); t != "" || !e.Is(index.ComputedTitle) {
		return t
	}
	return r.Scope(ctx, e.Mod()).Title(ctx, e)
}

// Scope returns the evaluation scope of mod m, with the values its
// variable files (a root mod) or its dependant's require args (a
// dependency) give: values as a run sees them. The scope is kept for the renderer's later
// calls unless ctx ended while the values were evaluated.
func (r *Renderer) Scope(ctx context.Context, m *index.Mod) *eval.Scope {
	r.mu.Lock()
	s := r.scopes[m.ID]
	r.mu.Unlock()
	if s != nil {
		return s
	}
	s = eval.WithValues(r.ix, r.c, m.ID, r.read, r.values(ctx, m))
	if ctx.Err() != nil {
		return s
	}
	r.mu.Lock()
	if old := r.scopes[m.ID]; old != nil {
		s = old
	} else {
		r.scopes[m.ID] = s
	}
	r.mu.Unlock()
	return s
}

// values are the variable values given to mod m from outside its text.
func (r *Renderer) values(ctx context.Context, m *index.Mod) map[string]cty.Value {
	vals := map[string]cty.Value{}
	if p := r.dependant(m); p != nil {
		for k, v := range r.requireArgs(ctx, p, m) {
			vals[k] = v
		}
		return vals
	}
	if r.varFiles == nil {
		return vals
	}
	for _, path := range r.varFiles(m) {
		src, err := r.read(path)
		if err != nil {
			continue
		}
		f, diags := parse.ParseConfig(src, path, hcl.InitialPos)
		if f == nil || diags.HasErrors() {
			continue
		}
		for name, a := range f.Body.(*hclsyntax.Body).Attributes {
			if v, diags := eval.Literal(a.Expr); !diags.HasErrors() && v.IsWhollyKnown() {
				vals[name] = v
			}
		}
	}
	return vals
}

// dependant returns the mod that requires m, nil for a root mod.
func (r *Renderer) dependant(m *index.Mod) *index.Mod {
	for _, p := range r.ix.Mods() {
		for _, d := range p.Deps {
			if d == m.ID && p != m {
				return p
			}
		}
	}
	return nil
}

// requireArgs evaluates, in p, the args of p's `require { mod "…" {} }`
// block that installs m.
func (r *Renderer) requireArgs(ctx context.Context, p, m *index.Mod) map[string]cty.Value {
	install, _, _ := m.Module()
	for _, e := range r.modEntries(p) {
		_, blk, err := r.block(e)
		if err != nil {
			continue
		}
		for _, req := range blk.Body.Blocks {
			if req.Type != "require" && req.Type != "requires" {
				continue
			}
			for _, mb := range req.Body.Blocks {
				if mb.Type != "mod" || len(mb.Labels) != 1 || mb.Labels[0] != install {
					continue
				}
				a := mb.Body.Attributes["args"]
				if a == nil {
					return nil
				}
				v, diags := r.Scope(ctx, p).Value(ctx, a.Expr)
				if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !(v.Type().IsObjectType() || v.Type().IsMapType()) {
					return nil
				}
				return v.AsValueMap()
			}
		}
	}
	return nil
}

// modEntries returns the mod blocks of mod p's definition file.
func (r *Renderer) modEntries(p *index.Mod) []*index.Entry {
	var out []*index.Entry
	for _, name := range []string{p.File, filepath.Join(p.Root, "mod.pp"), filepath.Join(p.Root, "mod.sp")} {
		f := r.ix.File(name)
		if name == "" || f == nil {
			continue
		}
		for i := range f.Entries() {
			if e := &f.Entries()[i]; e.Kind == index.KindMod {
				out = append(out, e)
			}
		}
		if len(out) > 0 {
			return out[:1]
		}
	}
	return nil
}

// walker renders one expression tree.
type walker struct {
	ctx      context.Context
	r        *Renderer
	mod      *index.Mod
	scope    *eval.Scope
	out      text
	unknown  []Unknown
	depth    int
	visiting map[*index.Entry]bool
	full     bool // the text reached maxText
}

func (r *Renderer) walker(ctx context.Context, m *index.Mod) *walker {
	return &walker{ctx: ctx, r: r, mod: m, scope: r.Scope(ctx, m), visiting: map[*index.Entry]bool{}}
}

func (w *walker) result(e *index.Entry, expr Span) *Result {
	return &Result{Text: w.out.b.String(), Complete: len(w.unknown) == 0, Unknown: w.unknown, Source: e, Expr: expr, segs: w.out.segs}
}

// env is where an expression stands: its file, the interpolations that
// led there, and the iteration variables of enclosing for directives.
type env struct {
	path string
	src  []byte
	via  []Span
	iter map[string]cty.Value
}

func (v env) span(r hcl.Range) Span { return Span{v.path, uint32(r.Start.Byte), uint32(r.End.Byte)} }

// expr appends the text of expr.
func (w *walker) expr(expr hclsyntax.Expression, v env) {
	if w.ctx.Err() != nil {
		return
	}
	if w.full {
		return
	}
	if w.out.len() > maxText {
		w.full = true
		w.unknown = append(w.unknown, Unknown{Span: v.span(expr.Range()), Reason: "the SQL is longer than 4 MB: the rest is left out"})
		return
	}
	switch x := expr.(type) {
	case *hclsyntax.TemplateExpr:
		quoted := x.SrcRange.Start.Byte < len(v.src) && v.src[x.SrcRange.Start.Byte] == '"'
		for _, part := range x.Parts {
			if lit, ok := part.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && lit.Val.IsKnown() && !lit.Val.IsNull() {
				w.out.addLiteral(lit.Val.AsString(), v.src, uint32(lit.SrcRange.Start.Byte), uint32(lit.SrcRange.End.Byte), quoted, v.path, v.via)
				continue
			}
			w.expr(part, v)
		}
	case *hclsyntax.TemplateWrapExpr:
		w.expr(x.Wrapped, v)
	case *hclsyntax.ConditionalExpr:
		c, diags := w.scope.ValueWith(w.ctx, x.Condition, v.iter)
		if !diags.HasErrors() && c.IsKnown() && !c.IsNull() {
			if b, err := convert.Convert(c, cty.Bool); err == nil {
				if b.True() {
					w.expr(x.TrueResult, v)
				} else {
					w.expr(x.FalseResult, v)
				}
				return
			}
		}
		w.unknownText(x.SrcRange, v, "the condition is not known until run time")
	case *hclsyntax.TemplateJoinExpr:
		w.join(x, v)
	case *hclsyntax.ScopeTraversalExpr:
		if w.local(x, v) || w.property(x, v) {
			return
		}
		w.evaluated(x, v)
	case *hclsyntax.FunctionCallExpr:
		if x.Name == "replace" && len(x.Args) == 3 && !x.ExpandFinal && w.replace(x, v) {
			return
		}
		w.evaluated(x, v)
	case *hclsyntax.LiteralValueExpr:
		w.evaluated(x, v)
	default:
		w.evaluated(x, v)
	}
}

// join renders a %{for} directive: its body once per element.
func (w *walker) join(x *hclsyntax.TemplateJoinExpr, v env) {
	f, ok := x.Tuple.(*hclsyntax.ForExpr)
	if !ok {
		w.evaluated(x, v)
		return
	}
	coll, diags := w.scope.ValueWith(w.ctx, f.CollExpr, v.iter)
	if diags.HasErrors() || !coll.IsWhollyKnown() || coll.IsNull() || !coll.CanIterateElements() {
		w.unknownText(x.Range(), v, "the collection of the for directive is not known until run time")
		return
	}
	it := coll.ElementIterator()
	for it.Next() && !w.full && w.ctx.Err() == nil {
		k, val := it.Element()
		inner := v
		inner.iter = map[string]cty.Value{}
		for name, iv := range v.iter {
			inner.iter[name] = iv
		}
		if f.KeyVar != "" {
			inner.iter[f.KeyVar] = k
		}
		inner.iter[f.ValVar] = val
		if f.CondExpr != nil {
			c, diags := w.scope.ValueWith(w.ctx, f.CondExpr, inner.iter)
			if diags.HasErrors() || !c.IsKnown() || c.IsNull() {
				w.unknownText(x.Range(), v, "the condition of the for directive is not known until run time")
				return
			}
			if b, err := convert.Convert(c, cty.Bool); err != nil || b.False() {
				continue
			}
		}
		w.expr(f.ValExpr, inner)
	}
}

// local renders `local.x` by rendering x's definition, through the
// interpolation; false when x is not a local of this mod.
func (w *walker) local(x *hclsyntax.ScopeTraversalExpr, v env) bool {
	if len(x.Traversal) != 2 || x.Traversal.RootName() != "local" {
		return false
	}
	if _, shadowed := v.iter["local"]; shadowed {
		return false
	}
	at, ok := x.Traversal[1].(hcl.TraverseAttr)
	if !ok {
		return false
	}
	var def *index.Entry
	for _, e := range w.r.ix.Lookup(w.mod.ID, "local."+at.Name) {
		if e.Mod() == w.mod && e.Kind == index.KindLocal {
			if def != nil {
				return false // declared twice: reported elsewhere
			}
			def = e
		}
	}
	if def == nil {
		return false
	}
	if w.visiting[def] || w.depth >= maxDepth {
		w.unknownText(x.SrcRange, v, def.UnqualifiedName()+" refers to itself")
		return true
	}
	prefix := append(append([]Span(nil), v.via...), v.span(x.SrcRange))
	if t := w.r.cachedLocal(def); t != nil {
		w.out.addTextVia(t, prefix)
		return true
	}
	src, err := w.r.source(def.File().Path)
	if err != nil {
		return false
	}
	expr := eval.LocalExpr(def, src)
	if expr == nil {
		return false
	}
	// Rendered on its own (places relative to the local), kept when whole,
	// then appended through this interpolation.
	w.visiting[def] = true
	sub := &walker{ctx: w.ctx, r: w.r, mod: w.mod, scope: w.scope, depth: w.depth + 1, visiting: w.visiting}
	sub.expr(expr, env{path: def.File().Path, src: src})
	delete(w.visiting, def)
	w.full = w.full || sub.full
	if len(sub.unknown) == 0 && !sub.full && w.ctx.Err() == nil {
		w.r.keepLocal(def, &sub.out)
	}
	w.unknown = append(w.unknown, sub.unknown...)
	w.out.addTextVia(&sub.out, prefix)
	return true
}

// property renders the properties of a resource that follow from its
// text: `query.x.sql` (rendered, through the reference), `dashboard.d.url_path`,
// `.name`, `.title`, `.description`; false for anything else.
func (w *walker) property(x *hclsyntax.ScopeTraversalExpr, v env) bool {
	last, ok := x.Traversal[len(x.Traversal)-1].(hcl.TraverseAttr)
	if !ok || len(x.Traversal) < 3 {
		return false
	}
	if _, shadowed := v.iter[x.Traversal.RootName()]; shadowed {
		return false
	}
	_, p := w.r.ix.At(v.path, uint32(x.SrcRange.Start.Byte))
	if p == nil {
		return false
	}
	ts := w.r.ix.Resolve(p)
	if len(ts) != 1 || ts[0].Kind == index.KindVar || ts[0].Kind == index.KindLocal || ts[0].Kind == index.KindMod {
		return false
	}
	e := ts[0]
	var val string
	switch last.Name {
	case "sql":
		if w.depth >= maxDepth || w.visiting[e] {
			return false
		}
		src, blk, err := w.r.block(e)
		if err != nil || blk.Body.Attributes["sql"] == nil {
			return false
		}
		w.visiting[e] = true
		w.depth++
		mod, scope := w.mod, w.scope
		w.mod, w.scope = e.Mod(), w.r.Scope(w.ctx, e.Mod()) // the query's own mod evaluates its SQL
		via := append(append([]Span(nil), v.via...), v.span(x.SrcRange))
		w.expr(blk.Body.Attributes["sql"].Expr, env{path: e.File().Path, src: src, via: via})
		w.mod, w.scope = mod, scope
		w.depth--
		delete(w.visiting, e)
		return true
	case "url_path":
		val = "/" + e.QualifiedName()
	case "name":
		val = e.QualifiedName()
	case "title":
		val = w.r.Scope(w.ctx, e.Mod()).Title(w.ctx, e) // a template's value too
	case "description":
		val = e.Description()
	default:
		return false
	}
	if val == "" {
		return false
	}
	w.out.add(val, segment{path: v.path, src: uint32(x.SrcRange.Start.Byte), end: uint32(x.SrcRange.End.Byte), via: v.via})
	return true
}

// replace renders replace(s, old, new) with a literal old: the bytes of s
// that stay keep their places.
func (w *walker) replace(x *hclsyntax.FunctionCallExpr, v env) bool {
	oldV, d1 := w.scope.ValueWith(w.ctx, x.Args[1], v.iter)
	newV, d2 := w.scope.ValueWith(w.ctx, x.Args[2], v.iter)
	if d1.HasErrors() || d2.HasErrors() || !oldV.IsKnown() || !newV.IsKnown() || oldV.IsNull() || newV.IsNull() ||
		oldV.Type() != cty.String || newV.Type() != cty.String {
		return false
	}
	old, repl := oldV.AsString(), newV.AsString()
	if old == "" || len(old) > 1 && old[0] == '/' && old[len(old)-1] == '/' {
		return false // a regular expression: evaluated as a whole
	}
	sub := &walker{ctx: w.ctx, r: w.r, mod: w.mod, scope: w.scope, depth: w.depth, visiting: w.visiting}
	sub.expr(x.Args[0], v)
	w.unknown = append(w.unknown, sub.unknown...)
	w.full = w.full || sub.full
	s := sub.out.b.String()
	from := 0
	for {
		i := strings.Index(s[from:], old)
		if i < 0 {
			break
		}
		w.out.addSlice(&sub.out, uint32(from), uint32(from+i))
		w.out.add(repl, segment{path: v.path, src: uint32(x.Range().Start.Byte), end: uint32(x.Range().End.Byte), via: v.via})
		from += i + len(old)
	}
	w.out.addSlice(&sub.out, uint32(from), uint32(len(s)))
	return true
}

// evaluated appends the value of expr, evaluated statically.
func (w *walker) evaluated(expr hclsyntax.Expression, v env) {
	val, diags := w.scope.ValueWith(w.ctx, expr, v.iter)
	if diags.HasErrors() {
		w.unknownText(expr.Range(), v, diags[0].Summary)
		return
	}
	w.value(val, expr.Range(), v, "")
}

// value appends val, produced by the expression at rng.
func (w *walker) value(val cty.Value, rng hcl.Range, v env, what string) {
	if !val.IsWhollyKnown() {
		w.unknownText(rng, v, unknownReason(v.src, rng, what))
		return
	}
	if val.IsNull() {
		return // a null interpolation is an error in HCL; a null sql is no SQL
	}
	s, err := convert.Convert(val, cty.String)
	if err != nil {
		w.unknownText(rng, v, "the value is a "+val.Type().FriendlyName()+", not text")
		return
	}
	w.out.add(s.AsString(), segment{path: v.path, src: uint32(rng.Start.Byte), end: uint32(rng.End.Byte), via: v.via})
}

// unknownText appends the source text of what could not be known: an
// interpolation whole, `${` and `}` included.
func (w *walker) unknownText(rng hcl.Range, v env, reason string) {
	sp := v.span(rng)
	if int(sp.End) > len(v.src) || sp.Start > sp.End {
		return
	}
	sp = widenInterpolation(v.src, sp)
	w.unknown = append(w.unknown, Unknown{Span: sp, Reason: reason})
	w.out.add(string(v.src[sp.Start:sp.End]), segment{path: v.path, src: sp.Start, exact: true, via: v.via})
}

func unknownReason(src []byte, rng hcl.Range, what string) string {
	if what == "" && rng.End.Byte <= len(src) && rng.Start.Byte <= rng.End.Byte {
		what = string(src[rng.Start.Byte:rng.End.Byte])
	}
	return "`" + what + "` is not known until run time"
}

// widenInterpolation returns the `${ … }` around sp when there is one.
func widenInterpolation(src []byte, sp Span) Span {
	i := int(sp.Start)
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '~') {
		i--
	}
	j := int(sp.End)
	for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '~') {
		j++
	}
	if i >= 2 && src[i-2] == '$' && src[i-1] == '{' && j < len(src) && src[j] == '}' {
		return Span{sp.Path, uint32(i - 2), uint32(j + 1)}
	}
	return sp
}
