package eval

// This file defines Scope: the lazily evaluated variables and locals of one
// mod, and the evaluation of expressions that use them.

import (
	"context"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// Reader returns the current content of a file of the workspace (the open
// document's text when there is one).
type Reader func(path string) ([]byte, error)

// Scope evaluates expressions in one mod.
type Scope struct {
	ix    *index.Index
	c     *cache.Cache
	mod   *index.Mod
	read  Reader
	funcs map[string]function.Function

	// given are values set for variables from outside the mod's text
	// (variable files, a dependant's require args): see WithValues.
	given map[string]cty.Value

	mu     sync.Mutex
	vars   map[string]cty.Value
	locals map[string]cty.Value
	memo   map[string]cty.Value // by expression text: see ValueOf
}

// maxMemo bounds the expressions a Scope remembers.
const maxMemo = 1 << 16

// NewChecking returns a scope for checks: its file functions only check
// that their file exists (a check needs the type of file("doc.md"), not
// the megabytes of a mod's docs) and return an unknown string.
func NewChecking(ix *index.Index, c *cache.Cache, id index.ModID, read Reader) *Scope {
	return newScope(ix, c, id, read, true)
}

// WithValues returns a scope that evaluates variable name to values[name]
// (converted to its declared type; unknown when it does not convert) instead
// of its default: what a run would see with those values given. Checks
// never use it (a value from a variable file is not the mod's text); the
// renderer does (render.Renderer.Scope), for the SQL and the values hover
// shows.
func WithValues(ix *index.Index, c *cache.Cache, id index.ModID, read Reader, values map[string]cty.Value) *Scope {
	s := newScope(ix, c, id, read, false)
	s.given = values
	return s
}

func newScope(ix *index.Index, c *cache.Cache, id index.ModID, read Reader, statOnly bool) *Scope {
	s := &Scope{ix: ix, c: c, mod: ix.Mod(id), read: read,
		vars: map[string]cty.Value{}, locals: map[string]cty.Value{}, memo: map[string]cty.Value{}}
	root := ""
	if s.mod != nil {
		root = s.mod.Root
	}
	s.funcs = functions(root, read, statOnly)
	return s
}

// Value evaluates expr in the scope. Unknown parts of the result are those
// that depend on run time (see the package doc). The diagnostics are
// evaluation errors: a call to an unknown function, a function refusing its
// arguments, an operator applied to the wrong types. When ctx ends, the
// variables and locals not yet evaluated are unknown (and not remembered):
// the caller discards a cancelled result.
func (s *Scope) Value(ctx context.Context, expr hcl.Expression) (cty.Value, hcl.Diagnostics) {
	return evaluate(expr, s.context(ctx, expr.Variables(), nil).Variables, s.funcs)
}

// ValueOf parses and evaluates the expression text, which starts at pos of
// file path. The value of a text that evaluated without error before is
// remembered: mods repeat the same expressions (tags = merge(local.x, …),
// args = [self.input.y.value]) thousands of times.
func (s *Scope) ValueOf(ctx context.Context, text []byte, path string, pos hcl.Pos) (cty.Value, hcl.Diagnostics) {
	s.mu.Lock()
	v, ok := s.memo[string(text)]
	s.mu.Unlock()
	if ok {
		return v, nil
	}
	expr, diags := parse.ParseExpression(text, path, pos)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	v, diags = s.Value(ctx, expr)
	if !diags.HasErrors() && ctx.Err() == nil {
		s.mu.Lock()
		if len(s.memo) < maxMemo {
			s.memo[string(text)] = v
		}
		s.mu.Unlock()
	}
	return v, diags
}

// ValueWith evaluates expr like Value, with the names of extra (the
// iteration variables of a for directive) bound to their values.
func (s *Scope) ValueWith(ctx context.Context, expr hcl.Expression, extra map[string]cty.Value) (cty.Value, hcl.Diagnostics) {
	vars := s.context(ctx, expr.Variables(), nil).Variables
	for k, v := range extra {
		vars[k] = v
	}
	return evaluate(expr, vars, s.funcs)
}

// Static evaluates a variable default: only literals and functions, as in
// Powerpipe's variables pass (§6.1).
func (s *Scope) Static(expr hcl.Expression) (cty.Value, hcl.Diagnostics) {
	return evaluate(expr, unknownRoots(expr.Variables()), s.funcs)
}

// Var returns the value of variable name: its default converted to its
// type, an unknown value of its type without a default, cty.DynamicVal when
// the mod declares no such variable or the default does not evaluate, or
// ctx has ended (a value then not remembered).
func (s *Scope) Var(ctx context.Context, name string) cty.Value {
	s.mu.Lock()
	v, ok := s.vars[name]
	s.mu.Unlock()
	if ok {
		return v
	}
	if ctx.Err() != nil {
		return cty.DynamicVal
	}
	v = s.evalVar(name)
	s.mu.Lock()
	s.vars[name] = v
	s.mu.Unlock()
	return v
}

// Local returns the value of local name, cty.DynamicVal when it is not
// declared (or twice), does not evaluate, is part of a cycle, or ctx has
// ended before it was evaluated.
func (s *Scope) Local(ctx context.Context, name string) cty.Value { return s.local(ctx, name, nil) }

// local evaluates a local; visiting holds the locals this evaluation is
// inside of, so that a cycle evaluates to unknown. Two goroutines may
// evaluate the same local at once: both get the same value, and either
// caches it. Each local evaluated first checks ctx: a chain of a thousand
// locals, each with its own budget, stops at the next one when the request
// is cancelled, and what was evaluated after the end is not remembered.
func (s *Scope) local(ctx context.Context, name string, visiting map[string]bool) cty.Value {
	s.mu.Lock()
	v, ok := s.locals[name]
	s.mu.Unlock()
	if ok {
		return v
	}
	if ctx.Err() != nil {
		return cty.DynamicVal
	}
	if visiting[name] || len(visiting) >= maxLocalChain {
		// A cycle, or a chain too long to follow (see limits.go): cut. The
		// locals above a cut are unknown, and remembered so, whichever
		// was asked for first.
		return cty.DynamicVal
	}
	if visiting == nil {
		visiting = map[string]bool{}
	}
	visiting[name] = true
	v, cyclic := s.evalLocal(ctx, name, visiting)
	delete(visiting, name)
	if cyclic && len(visiting) > 0 || ctx.Err() != nil {
		// Inside a cycle that an outer local closes, or evaluated with
		// locals cut short by the end of ctx: the value is not final.
		return v
	}
	s.mu.Lock()
	s.locals[name] = v
	s.mu.Unlock()
	return v
}

func (s *Scope) evalVar(name string) cty.Value {
	blk := s.block("var." + name)
	if blk == nil {
		return cty.DynamicVal
	}
	ty := cty.DynamicPseudoType
	if a := blk.Body.Attributes["type"]; a != nil {
		if t, diags := typeexpr.TypeConstraint(a.Expr); !diags.HasErrors() {
			ty = t
		}
	}
	if v, ok := s.given[name]; ok {
		if cv, err := convert.Convert(v, ty); err == nil {
			return cv
		}
		return cty.UnknownVal(ty)
	}
	a := blk.Body.Attributes["default"]
	if a == nil {
		return cty.UnknownVal(ty)
	}
	v, diags := s.Static(a.Expr)
	if diags.HasErrors() {
		return cty.UnknownVal(ty)
	}
	if cv, err := convert.Convert(v, ty); err == nil {
		return cv
	}
	return cty.UnknownVal(ty)
}

// block parses the one block named name (a variable) of the scope's mod.
func (s *Scope) block(name string) *hclsyntax.Block {
	e := s.entry(name)
	if e == nil {
		return nil
	}
	src, err := s.read(e.File().Path)
	if err != nil || int(e.Range.End.Byte) > len(src) {
		return nil
	}
	blk, _ := s.c.GetOrParseBlock(e.File().Path, src, e.Range)
	return blk
}

// entry returns the one declaration of name in the scope's mod, nil when
// there is none or more than one (a duplicate is reported elsewhere).
func (s *Scope) entry(name string) *index.Entry {
	if s.mod == nil {
		return nil
	}
	var found *index.Entry
	for _, e := range s.ix.Lookup(s.mod.ID, name) {
		if e.Mod() != s.mod || !e.Is(index.TopLevel) && e.Kind != index.KindLocal {
			continue
		}
		if found != nil {
			return nil
		}
		found = e
	}
	return found
}

// evalLocal evaluates the declaration of a local; cyclic reports that it
// met a local already being evaluated.
func (s *Scope) evalLocal(ctx context.Context, name string, visiting map[string]bool) (v cty.Value, cyclic bool) {
	e := s.entry("local." + name)
	if e == nil {
		return cty.DynamicVal, false
	}
	src, err := s.read(e.File().Path)
	if err != nil {
		return cty.DynamicVal, false
	}
	expr := LocalExpr(e, src)
	if expr == nil {
		return cty.DynamicVal, false
	}
	vars := expr.Variables()
	for _, t := range vars {
		if step := t.SimpleSplit().Rel; t.RootName() == "local" && len(step) > 0 {
			if at, ok := step[0].(hcl.TraverseAttr); ok && visiting[at.Name] {
				cyclic = true
			}
		}
	}
	v, diags := evaluate(expr, s.context(ctx, vars, visiting).Variables, s.funcs)
	if diags.HasErrors() {
		return cty.DynamicVal, cyclic
	}
	return v, cyclic
}

// LocalExpr parses the expression of local e from src, its file's text
// (nil when it does not parse). The local's range ends with its
// expression: a heredoc needs the line break after its closing marker.
func LocalExpr(e *index.Entry, src []byte) hclsyntax.Expression {
	r := e.Range
	if int(r.End.Byte) > len(src) || r.Start.Byte > r.End.Byte {
		return nil
	}
	start := hcl.Pos{Byte: int(r.Start.Byte), Line: int(r.Start.Line), Column: int(r.Start.Col)}
	text := append(src[r.Start.Byte:r.End.Byte:r.End.Byte], '\n')
	f, diags := parse.ParseConfig(text, e.File().Path, start)
	if diags.HasErrors() {
		return nil
	}
	a := f.Body.(*hclsyntax.Body).Attributes[e.Name()]
	if a == nil {
		return nil
	}
	return a.Expr
}

// context builds the evaluation context of an expression that uses vars:
// var.* and local.* from the scope, every other root unknown.
func (s *Scope) context(ctx context.Context, vars []hcl.Traversal, visiting map[string]bool) *hcl.EvalContext {
	ec := &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: s.funcs}
	named := map[string]map[string]cty.Value{"var": nil, "local": nil}
	for _, t := range vars {
		root := t.RootName()
		if _, ok := named[root]; !ok {
			ec.Variables[root] = cty.DynamicVal
			continue
		}
		step := t.SimpleSplit().Rel
		if len(step) == 0 {
			ec.Variables[root] = cty.DynamicVal
			continue
		}
		attr, ok := step[0].(hcl.TraverseAttr)
		if !ok {
			ec.Variables[root] = cty.DynamicVal
			continue
		}
		if named[root] == nil {
			named[root] = map[string]cty.Value{}
		}
		if root == "var" {
			named[root][attr.Name] = s.Var(ctx, attr.Name)
		} else {
			named[root][attr.Name] = s.local(ctx, attr.Name, visiting)
		}
	}
	for root, m := range named {
		if _, unknown := ec.Variables[root]; unknown || m == nil {
			continue
		}
		ec.Variables[root] = cty.ObjectVal(m)
	}
	return ec
}

// unknownRoots makes every root an expression uses an unknown value.
func unknownRoots(vars []hcl.Traversal) map[string]cty.Value {
	m := map[string]cty.Value{}
	for _, t := range vars {
		m[t.RootName()] = cty.DynamicVal
	}
	return m
}

// Scopes hands out one Scope per mod of a snapshot, for callers that
// evaluate in many files (a check of the whole mod): each local is then
// evaluated once.
type Scopes struct {
	ix   *index.Index
	c    *cache.Cache
	read Reader
	mu   sync.Mutex
	m    map[index.ModID]*Scope
}

// NewScopes returns the scopes of the mods of snapshot ix, for checks
// (see NewChecking).
func NewScopes(ix *index.Index, c *cache.Cache, read Reader) *Scopes {
	return &Scopes{ix: ix, c: c, read: read, m: map[index.ModID]*Scope{}}
}

// Of returns the scope of mod id.
func (ss *Scopes) Of(id index.ModID) *Scope {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s := ss.m[id]
	if s == nil {
		s = NewChecking(ss.ix, ss.c, id, ss.read)
		ss.m[id] = s
	}
	return s
}

// Index is the snapshot the scopes evaluate on.
func (ss *Scopes) Index() *index.Index { return ss.ix }

// Title returns the title of entry e's block: the index's when it is a
// plain string; for a title written as an expression (index.ComputedTitle:
// "${local.service} buckets", var.title) its value when static evaluation
// knows it wholly and it is a string (a number or bool converted); else ""
// (and when ctx has ended).
func (s *Scope) Title(ctx context.Context, e *index.Entry) string {
	if t := e.Title(); t != "" || !e.Is(index.ComputedTitle) {
		return t
	}
	src, err := s.read(e.File().Path)
	r := e.Range
	if err != nil || int(r.End.Byte) > len(src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	f := parse.Scan(src[r.Start.Byte:r.End.Byte])
	for _, a := range f.Attrs {
		if a.Block != 0 || a.Name != "title" {
			continue
		}
		x := a.ExprRange // in the block's text
		start := hcl.Pos{Byte: int(r.Start.Byte + x.Start.Byte), Line: int(r.Start.Line + x.Start.Line - 1), Column: int(x.Start.Col)}
		if x.Start.Line == 1 {
			start.Column += int(r.Start.Col) - 1
		}
		v, diags := s.ValueOf(ctx, src[r.Start.Byte+x.Start.Byte:r.Start.Byte+x.End.Byte], e.File().Path, start)
		if diags.HasErrors() || ctx.Err() != nil || !v.IsWhollyKnown() || v.IsNull() {
			return ""
		}
		if v, err := convert.Convert(v, cty.String); err == nil {
			return v.AsString()
		}
		return ""
	}
	return ""
}
