package check

// This file checks argument binding (mod-language.md §4.5, §8.7): named
// args should be params of the query that runs (the block's own params when
// it has sql, those of the query its `query` names otherwise) — Powerpipe
// ignores others, so they are warnings unless a param is thereby left
// without a value; positional args may not outnumber the params when there
// are any; named args with no params at all cannot bind (Powerpipe only logs
// it: a warning); a param without a default that gets no arg fails where
// the block runs.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/modls/modls/eval"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/schema"
	"github.com/modls/modls/span"
)

// CodeArgs is the code of args that do not bind to the params of the query.
const CodeArgs = "unknown-param"

// CodeMissingArg is the code of a param that gets no value where the block
// runs.
const CodeMissingArg = "missing-arg"

// param is one param the args of a block bind to.
type param struct {
	name       string
	hasDefault bool
}

// arguments checks the args of every query provider of f, and the params
// left without a value where a block runs.
func arguments(ctx context.Context, ix *index.Index, f *parse.File, src []byte, path string, desc []*schema.Block, scope func() *eval.Scope) []Diagnostic {
	var out []Diagnostic
	var entries map[uint32]*index.Entry // by block start
	entryOf := func(bi int32) *index.Entry {
		if entries == nil {
			entries = map[uint32]*index.Entry{}
			if xf := ix.File(path); xf != nil {
				for i := range xf.Entries() {
					e := &xf.Entries()[i]
					if e.Kind != index.KindLocal {
						entries[e.Range.Start.Byte] = e
					}
				}
			}
		}
		return entries[f.Blocks[bi].Range.Start.Byte]
	}
	l := layoutOf(f)
	for bi, b := range f.Blocks {
		bi := int32(bi)
		if desc[bi] == nil || desc[bi].Query == schema.NoQuery || b.Open || b.Type == "query" {
			continue
		}
		ai, hasArgs := -1, false
		for _, i := range l.attrs[bi] {
			if f.Attrs[i].Name == "args" {
				ai, hasArgs = int(i), true // the last, as the map of them had
			}
		}
		e := entryOf(bi)
		if !hasArgs && !runs(e) {
			continue
		}
		params, of, ok := paramsOf(ix, f, l, bi, e)
		if !ok {
			continue
		}
		if !hasArgs {
			if d, ok := unbound(src, b, nil, params, of); ok {
				out = append(out, d)
			}
			continue
		}
		a := f.Attrs[ai]
		if len(params) == 0 && int(a.ExprRange.Start.Byte) < len(src) && src[a.ExprRange.Start.Byte] == '[' {
			continue // positional args bind without params
		}
		out = append(out, bind(ctx, src, b, a, params, of, runs(e), scope)...)
	}
	return out
}

// runs reports whether the block of entry e runs its SQL as it stands: a
// top-level control or detection (`powerpipe control run`), or a block
// inside a dashboard. A top-level panel runs only through what embeds it
// (as a base, with args of its own), so its missing values are not its
// own fault.
func runs(e *index.Entry) bool {
	if e == nil {
		return false
	}
	if e.Is(index.TopLevel) {
		return e.Kind == index.KindControl || e.Kind == index.KindDetection
	}
	for p := e.Parent(); p != nil; p = p.Parent() {
		if p.Kind == index.KindDashboard {
			return true
		}
	}
	return false
}

// paramsOf returns the params the args of block bi bind to, and what
// declares them; ok is false when that cannot be known (a base may bring
// the query, the query does not resolve).
func paramsOf(ix *index.Index, f *parse.File, l layout, bi int32, e *index.Entry) (params []param, of string, ok bool) {
	hasSQL, hasQuery := l.has(f, bi, "sql"), l.has(f, bi, "query")
	if !hasSQL && !hasQuery {
		// A base brings its SQL and its params (unless the block declares
		// params of its own).
		for _, k := range l.kids[bi] {
			if f.Blocks[k].Type == "param" {
				return nil, "", false
			}
		}
		t := baseOf(ix, e)
		if t == nil {
			return nil, "", false
		}
		if t.Is(index.HasArgs) && !l.has(f, bi, "args") {
			return nil, "", false // the base's args are inherited
		}
		if t.Is(index.HasQuery) {
			return queryParams(ix, t)
		}
		if !t.Is(index.HasSQL) {
			return nil, "", false
		}
		return declaredParams(t), t.UnqualifiedName() + " (its base)", true
	}
	switch {
	case hasQuery:
		return queryParams(ix, e)
	case hasSQL:
		for _, k := range l.kids[bi] {
			if b := f.Blocks[k]; b.Type == "param" && len(b.Labels) == 1 {
				params = append(params, param{b.Labels[0].Value, l.has(f, k, "default")})
			}
		}
		return params, "this " + f.Blocks[bi].Type, true
	}
	return nil, "", false
}

// baseOf returns the one entry the base of e names, or nil.
func baseOf(ix *index.Index, e *index.Entry) *index.Entry {
	if e == nil {
		return nil
	}
	ps := e.Postings()
	for i := range ps {
		if p := &ps[i]; p.From() == e && p.Attr() == "base" {
			if ts := ix.Resolve(p); len(ts) == 1 && ts[0].Kind == e.Kind {
				return ts[0]
			}
			return nil
		}
	}
	return nil
}

// queryParams returns the params of the query that the query attribute of
// e names.
func queryParams(ix *index.Index, e *index.Entry) (params []param, of string, ok bool) {
	if e == nil {
		return nil, "", false
	}
	ps := e.Postings()
	for i := range ps {
		p := &ps[i]
		if p.From() != e || p.Attr() != "query" {
			continue
		}
		ts := ix.Resolve(p)
		if len(ts) != 1 || ts[0].Kind != index.KindQuery {
			return nil, "", false
		}
		q := ts[0]
		params = declaredParams(q)
		of := q.QualifiedName()
		if q.Mod() == e.Mod() {
			of = q.UnqualifiedName()
		}
		return params, of, true
	}
	return nil, "", false
}

// declaredParams returns the params that e's own param blocks declare, in
// order, as the index has them.
func declaredParams(e *index.Entry) []param {
	var out []param
	ds := e.Descendants()
	for i := range ds {
		if c := &ds[i]; c.Kind == index.KindParam && c.Parent() == e && !c.Is(index.BadLabels) && c.Name() != "" {
			out = append(out, param{c.Name(), c.Is(index.HasDefault)})
		}
	}
	return out
}

// unbound reports the params without a default that get no value from
// given (the names that do): the block fails when it runs ("failed to
// resolve args").
func unbound(src []byte, b parse.Block, given map[string]bool, params []param, of string) (Diagnostic, bool) {
	var missing []string
	for _, p := range params {
		if !p.hasDefault && !given[p.name] {
			missing = append(missing, p.name)
		}
	}
	if len(missing) == 0 {
		return Diagnostic{}, false
	}
	at := b.TypeRange
	if len(b.Labels) > 0 {
		at = b.Labels[0].Range
	}
	return Diagnostic{Range: at, Severity: Error, Code: CodeMissingArg,
		Message: fmt.Sprintf("%s of %s %s no default and this %s gives %s no arg, so it fails when it runs (\"failed to resolve args\"): pass %s in args",
			choose(len(missing), "param", "params")+" "+strings.Join(missing, ", "), of, choose(len(missing), "has", "have"), b.Type, choose(len(missing), "it", "them"), choose(len(missing), "it", "them"))}, true
}

// bind checks one args attribute of block b against params; run says
// whether b runs as it stands, so that params left without a value fail.
func bind(ctx context.Context, src []byte, b parse.Block, a parse.Attr, params []param, of string, run bool, scope func() *eval.Scope) []Diagnostic {
	expr, diags := parseShared(src, a.ExprRange)
	if diags.HasErrors() {
		return nil
	}
	base := int(a.ExprRange.Start.Byte) // the parse's ranges start at 0
	type arg struct {
		name string
		rng  hcl.Range
		expr hcl.Expression // the key, when written in the args
	}
	var named []arg
	positional := -1
	var extra hcl.Range
	switch x := expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		for _, item := range x.Items {
			name := hcl.ExprAsKeyword(item.KeyExpr)
			if name == "" {
				v, d := scope().Value(ctx, item.KeyExpr)
				if d.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type().FriendlyName() != "string" {
					return nil // a computed key: cannot tell
				}
				name = v.AsString()
			}
			named = append(named, arg{name, item.KeyExpr.Range(), item.KeyExpr})
		}
	case *hclsyntax.TupleConsExpr:
		positional = len(x.Exprs)
		if len(params) > 0 && positional > len(params) {
			extra = hcl.RangeBetween(x.Exprs[len(params)].Range(), x.Exprs[positional-1].Range())
		}
	default:
		v, d := scope().Value(ctx, expr)
		if d.HasErrors() || !v.IsWhollyKnown() || v.IsNull() {
			return nil
		}
		switch t := v.Type(); {
		case t.IsObjectType():
			for name := range t.AttributeTypes() {
				named = append(named, arg{name, expr.Range(), nil})
			}
		case t.IsTupleType() || t.IsListType():
			positional = v.LengthInt()
			extra = expr.Range()
		default:
			return nil
		}
	}
	var out []Diagnostic
	at := func(r hcl.Range) parse.Range { return span.RangeOf(src, base+r.Start.Byte, base+r.End.Byte) }
	if positional > len(params) && len(params) > 0 {
		out = append(out, Diagnostic{Range: at(extra), Severity: Error, Code: CodeArgs,
			Message: fmt.Sprintf("%d positional args, but %s declares %d param(s): %s", positional, of, len(params), names(params))})
	}
	given := map[string]bool{}
	for i, p := range params {
		if i < positional {
			given[p.name] = true
		}
	}
	for _, n := range named {
		given[n.name] = true
	}
	var missing Diagnostic
	hasMissing := false
	if run {
		missing, hasMissing = unbound(src, b, given, params, of)
	}
	if len(named) == 0 {
		if hasMissing {
			out = append(out, missing)
		}
		return out
	}
	if len(params) == 0 {
		return append(out, Diagnostic{Range: span.RangeOf(src, int(a.ExprRange.Start.Byte), int(a.ExprRange.End.Byte)), Severity: Warning, Code: CodeArgs,
			Message: fmt.Sprintf("%s declares no params, so named args cannot bind: declare param blocks or pass the args as a list", of)})
	}
	declared := make([]string, len(params))
	for i, p := range params {
		declared[i] = p.name
	}
	stray := false
	for _, n := range named {
		if slices.Contains(declared, n.name) {
			continue
		}
		stray = true
		// Powerpipe ignores an arg that is no param; it is an error only
		// when a param that needs a value is thereby left without one.
		sev, msg := Warning, fmt.Sprintf("%s is not a param of %s (params: %s), so Powerpipe ignores it", n.name, of, names(params))
		if hasMissing {
			sev, msg = Error, fmt.Sprintf("%s is not a param of %s (params: %s): Powerpipe ignores it, and %s", n.name, of, names(params), missing.Message)
		}
		var fixes []Fix
		if s := closest(n.name, declared); s != "" {
			msg += fmt.Sprintf("; did you mean %s?", s)
			if n.expr != nil && hcl.ExprAsKeyword(n.expr) != "" {
				fixes = replaceFix(at(n.rng), s)
			}
		}
		out = append(out, Diagnostic{Range: at(n.rng), Severity: sev, Code: CodeArgs, Message: msg, Fixes: fixes})
	}
	if hasMissing && !stray {
		out = append(out, missing)
	}
	return out
}

// names lists the params' names.
func names(params []param) string {
	s := make([]string, len(params))
	for i, p := range params {
		s[i] = p.name
	}
	return strings.Join(s, ", ")
}

// choose returns one when n is 1, else many.
func choose(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
