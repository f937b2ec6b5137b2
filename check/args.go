package check

// This file checks argument binding (mod-language.md §4.5): named args must
// be params of the query that runs (the block's own params when it has
// sql, those of the query its `query` names otherwise); positional args may
// not outnumber the params when there are any; named args with no params at
// all cannot bind (Powerpipe only logs it: a warning).

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/modls/modls/eval"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/schema"
)

// CodeArgs is the code of args that do not bind to the params of the query.
const CodeArgs = "unknown-param"

// arguments checks the args of every query provider of f.
func arguments(ix *index.Index, f *parse.File, src []byte, path string, desc []*schema.Block, scope func() *eval.Scope) []Diagnostic {
	var out []Diagnostic
	var entries map[uint32]*index.Entry // by block start
	for _, a := range f.Attrs {
		if a.Name != "args" || a.Block < 0 || desc[a.Block] == nil || desc[a.Block].Query == schema.NoQuery || f.Blocks[a.Block].Open {
			continue
		}
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
		params, of, ok := paramsOf(ix, f, a.Block, entries[f.Blocks[a.Block].Range.Start.Byte])
		if !ok || len(params) == 0 && int(a.ExprRange.Start.Byte) < len(src) && src[a.ExprRange.Start.Byte] == '[' {
			continue // positional args bind without params
		}
		out = append(out, bind(src, path, a, params, of, scope)...)
	}
	return out
}

// paramsOf returns the names of the params the args of block bi bind to,
// and what declares them; ok is false when that cannot be known (a base
// may bring the query, the query does not resolve).
func paramsOf(ix *index.Index, f *parse.File, bi int32, e *index.Entry) (params []string, of string, ok bool) {
	hasSQL, hasQuery := false, false
	for _, a := range f.Attrs {
		if a.Block == bi {
			hasSQL = hasSQL || a.Name == "sql"
			hasQuery = hasQuery || a.Name == "query"
		}
	}
	switch {
	case hasQuery:
		if e == nil {
			return nil, "", false
		}
		xf := e.File()
		for i := range xf.Postings() {
			p := &xf.Postings()[i]
			if p.From() != e || p.Attr() != "query" {
				continue
			}
			ts := ix.Resolve(p)
			if len(ts) != 1 || ts[0].Kind != index.KindQuery {
				return nil, "", false
			}
			q := ts[0]
			qf := q.File()
			for j := range qf.Entries() {
				if c := &qf.Entries()[j]; c.Kind == index.KindParam && c.Parent() == q {
					params = append(params, c.Name())
				}
			}
			of := q.QualifiedName()
			if q.Mod() == e.Mod() {
				of = q.UnqualifiedName()
			}
			return params, of, true
		}
		return nil, "", false
	case hasSQL:
		for _, b := range f.Blocks {
			if b.Parent == bi && b.Type == "param" && len(b.Labels) == 1 {
				params = append(params, b.Labels[0].Value)
			}
		}
		return params, "this " + f.Blocks[bi].Type, true
	}
	return nil, "", false
}

// bind checks one args attribute against params.
func bind(src []byte, path string, a parse.Attr, params []string, of string, scope func() *eval.Scope) []Diagnostic {
	expr, diags := parseExpr(src, path, a.ExprRange)
	if diags.HasErrors() {
		return nil
	}
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
				v, d := scope().Value(item.KeyExpr)
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
		v, d := scope().Value(expr)
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
		}
	}
	var out []Diagnostic
	at := func(r hcl.Range) parse.Range { return byteRange(src, r.Start.Byte, r.End.Byte) }
	if positional > len(params) && len(params) > 0 {
		out = append(out, Diagnostic{Range: at(extra), Severity: Error, Code: CodeArgs,
			Message: fmt.Sprintf("%d positional args, but %s declares %d param(s): %s", positional, of, len(params), strings.Join(params, ", "))})
	}
	if len(named) == 0 {
		return out
	}
	if len(params) == 0 {
		return append(out, Diagnostic{Range: byteRange(src, int(a.ExprRange.Start.Byte), int(a.ExprRange.End.Byte)), Severity: Warning, Code: CodeArgs,
			Message: fmt.Sprintf("%s declares no params, so named args cannot bind: declare param blocks or pass the args as a list", of)})
	}
	for _, n := range named {
		if slices.Contains(params, n.name) {
			continue
		}
		msg := fmt.Sprintf("%s is not a param of %s (params: %s)", n.name, of, strings.Join(params, ", "))
		var fixes []Fix
		if s := closest(n.name, params); s != "" {
			msg += fmt.Sprintf("; did you mean %s?", s)
			if n.expr != nil && hcl.ExprAsKeyword(n.expr) != "" {
				fixes = replaceFix(at(n.rng), s)
			}
		}
		out = append(out, Diagnostic{Range: at(n.rng), Severity: Error, Code: CodeArgs, Message: msg, Fixes: fixes})
	}
	return out
}
