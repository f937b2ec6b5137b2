package check

// This file checks runtime references — `self.input.<name>`, `with.<name>`,
// `param.<name>` (mod-language.md §4.4, §8.7): Powerpipe resolves them only
// in `args` and in a param's `default`, and only in the shape of a plain
// reference, a splat or a one-element list of one; anywhere else the mod
// fails to load. Where the block that holds one runs is known statically, a
// name that resolves to nothing there fails when the dashboard runs.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

// CodeRuntime is the code of a runtime reference Powerpipe cannot resolve.
const CodeRuntime = "runtime-reference"

// runtimeRefs reports the runtime references of f written where Powerpipe
// does not resolve them, and those that name nothing where they run.
func runtimeRefs(ix *index.Index, f *index.File) []Diagnostic {
	var out []Diagnostic
	ps := f.Postings()
	for i := range ps {
		p := &ps[i]
		if p.Flags&index.Runtime == 0 {
			continue
		}
		from := p.From()
		if from == nil {
			continue
		}
		inArgs := p.Attr() == "args" || p.Attr() == "default" && from.Kind == index.KindParam
		if !inArgs {
			out = append(out, Diagnostic{Range: p.Range, Severity: Error, Code: CodeRuntime,
				Message: fmt.Sprintf("%s is known only when the dashboard runs, and Powerpipe resolves it only in args or a param's default, not in %s (\"Failed to resolve dependencies\"): pass it in args and use it in the SQL as $1 (or declare a param and write args = { <param> = %s })",
					runtimeText(p), p.Attr(), runtimeText(p))})
			continue
		}
		if len(ix.Resolve(p)) > 0 {
			continue
		}
		if d, ok := unresolvedRuntime(ix, p, from); ok {
			out = append(out, d)
		}
	}
	return out
}

// runtimeText is the reference as written up to its name.
func runtimeText(p *index.Posting) string {
	if p.Kind == index.KindInput {
		return "self.input." + p.Name() + ".value"
	}
	return p.Kind.String() + "." + p.Name()
}

// unresolvedRuntime reports runtime reference p, made in entry from, that
// resolves to nothing where its block runs, when that place is known: an
// input of the dashboard holding the block, a with of a dashboard holding
// it, a param of its top-level resource (when that has no base to inherit
// params from). A reusable top-level resource resolves them against what
// embeds it, so it is not judged.
func unresolvedRuntime(ix *index.Index, p *index.Posting, from *index.Entry) (Diagnostic, bool) {
	top := from
	for top.Parent() != nil {
		top = top.Parent()
	}
	var candidates []string
	var where string
	sev := Error
	switch p.Kind {
	case index.KindInput:
		var dash *index.Entry
		for e := from; e != nil; e = e.Parent() {
			if e.Kind == index.KindDashboard {
				dash = e
				break
			}
		}
		if dash == nil {
			return Diagnostic{}, false
		}
		where = dash.UnqualifiedName() + " has no input " + p.Name()
		for _, e := range scopedIn(from.File(), index.KindInput, func(e *index.Entry) bool {
			for a := e.Parent(); a != nil; a = a.Parent() {
				if a.Kind == index.KindDashboard {
					return a == dash
				}
			}
			return false
		}) {
			candidates = append(candidates, e.Name())
		}
	case index.KindWith:
		switch top.Kind {
		case index.KindDashboard:
		case index.KindGraph, index.KindFlow, index.KindHierarchy:
			// A with of a graph is read only from inside it: a dashboard
			// that embeds the graph cannot supply one. Whether the graph
			// runs at all depends on whether a dashboard embeds it.
			if hasBase(top) {
				return Diagnostic{}, false
			}
			if !embedded(ix, top) {
				sev = Warning
			}
		default:
			return Diagnostic{}, false
		}
		where = "no with " + p.Name() + " is declared in " + top.UnqualifiedName() + " around this block"
		for _, e := range scopedIn(from.File(), index.KindWith, func(e *index.Entry) bool {
			for a := from; a != nil; a = a.Parent() {
				if e.Parent() == a {
					return true
				}
			}
			return false
		}) {
			candidates = append(candidates, e.Name())
		}
	case index.KindParam:
		if hasBase(top) {
			return Diagnostic{}, false
		}
		where = top.UnqualifiedName() + " declares no param " + p.Name()
		for _, e := range scopedIn(from.File(), index.KindParam, func(e *index.Entry) bool { return e.Parent() == top }) {
			candidates = append(candidates, e.Name())
		}
	default:
		return Diagnostic{}, false
	}
	msg := fmt.Sprintf("%s: %s, so the dashboard fails when it runs (\"cannot resolve runtime dependency\")", runtimeText(p), where)
	if sev == Warning {
		msg = fmt.Sprintf("%s: %s, so any dashboard that embeds it fails when it runs (\"cannot resolve runtime dependency\")", runtimeText(p), where)
	}
	var fixes []Fix
	if s := closest(p.Name(), candidates); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
		fixes = replaceFix(p.NameRange(), s)
	}
	return Diagnostic{Range: p.Range, Severity: sev, Code: CodeRuntime, Message: msg, Fixes: fixes}, true
}

// embedded reports whether a block inside a dashboard has top-level entry
// e as its base: then e runs when that dashboard does.
func embedded(ix *index.Index, e *index.Entry) bool {
	for _, r := range ix.References(e) {
		if r.Attr() != "base" {
			continue
		}
		for a := r.From(); a != nil; a = a.Parent() {
			if a.Kind == index.KindDashboard {
				return true
			}
		}
	}
	return false
}

// scopedIn returns the named entries of kind k of file f that keep.
func scopedIn(f *index.File, k index.Kind, keep func(*index.Entry) bool) []*index.Entry {
	var out []*index.Entry
	es := f.Entries()
	for i := range es {
		if e := &es[i]; e.Kind == k && !e.Is(index.Anonymous) && e.Name() != "" && keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// hasBase reports whether entry e has a base (its postings say so).
func hasBase(e *index.Entry) bool {
	ps := e.File().Postings()
	for i := range ps {
		if ps[i].From() == e && ps[i].Attr() == "base" {
			return true
		}
	}
	return false
}

// runtimeShapes reports the args values and param defaults of f that hold
// a runtime reference in a shape Powerpipe does not resolve: inside a
// function call, a template, an operation — anything but the reference
// itself, a splat of it, or a one-element list of one ("has invalid
// parameter config", or for a default "Failed to resolve dependencies").
func runtimeShapes(f *parse.File, src []byte) []Diagnostic {
	var out []Diagnostic
	for _, a := range f.Attrs {
		isDefault := a.Name == "default" && a.Block >= 0 && f.Blocks[a.Block].Type == "param"
		if a.Name != "args" && !isDefault || a.Block < 0 || f.Blocks[a.Block].Open || !mentionsRuntime(src, a.ExprRange) {
			continue
		}
		expr, diags := parseShared(src, a.ExprRange)
		if diags.HasErrors() {
			continue
		}
		base := int(a.ExprRange.Start.Byte) // the parse's ranges start at 0
		var values []hclsyntax.Expression
		switch x := expr.(type) {
		case *hclsyntax.ObjectConsExpr:
			if isDefault {
				values = []hclsyntax.Expression{x}
				break
			}
			for _, item := range x.Items {
				values = append(values, item.ValueExpr)
			}
		case *hclsyntax.TupleConsExpr:
			values = x.Exprs
			if isDefault {
				values = []hclsyntax.Expression{x}
			}
		default:
			if !isDefault {
				continue
			}
			values = []hclsyntax.Expression{x}
		}
		for _, v := range values {
			if !holdsRuntime(v) || runtimeShaped(v) {
				continue
			}
			r := v.Range()
			out = append(out, Diagnostic{Range: span.RangeOf(src, base+r.Start.Byte, base+r.End.Byte), Severity: Error, Code: CodeRuntime,
				Message: "Powerpipe resolves a runtime value (self.input, with, param) in args or a param's default only as it is — the reference, a splat of it, or a one-element list of one — not inside a call, a template or an operation (\"has invalid parameter config\"): pass the value as it is and transform it in the SQL"})
		}
	}
	return out
}

// mentionsRuntime is a quick test that the text at r may hold a runtime
// reference.
func mentionsRuntime(src []byte, r parse.Range) bool {
	if int(r.End.Byte) > len(src) {
		return false
	}
	t := string(src[r.Start.Byte:r.End.Byte])
	return strings.Contains(t, "self.input") || strings.Contains(t, "with.") || strings.Contains(t, "param.")
}

// isRuntime reports whether traversal t is a runtime reference.
func isRuntime(t hcl.Traversal) bool {
	switch t.RootName() {
	case "with", "param":
		return len(t) > 1
	case "self":
		if len(t) > 1 {
			if s, ok := t[1].(hcl.TraverseAttr); ok && s.Name == "input" {
				return true
			}
		}
	}
	return false
}

// holdsRuntime reports whether expression e holds a runtime reference.
func holdsRuntime(e hclsyntax.Expression) bool {
	for _, t := range e.Variables() {
		if isRuntime(t) {
			return true
		}
	}
	return false
}

// runtimeShaped reports whether e is a shape Powerpipe resolves: a
// traversal, a splat over one, or a one-element list of either.
func runtimeShaped(e hclsyntax.Expression) bool {
	switch x := e.(type) {
	case *hclsyntax.ScopeTraversalExpr, *hclsyntax.RelativeTraversalExpr, *hclsyntax.IndexExpr:
		return true
	case *hclsyntax.SplatExpr:
		return true
	case *hclsyntax.TupleConsExpr:
		if len(x.Exprs) == 1 {
			switch x.Exprs[0].(type) {
			case *hclsyntax.ScopeTraversalExpr, *hclsyntax.RelativeTraversalExpr, *hclsyntax.IndexExpr, *hclsyntax.SplatExpr:
				return true
			}
		}
	}
	return false
}

// inputCycles reports the args of inputs of f that close a cycle of inputs
// depending on each other, which Powerpipe cannot order ("input
// dependency order").
func inputCycles(ix *index.Index, f *index.File) []Diagnostic {
	ps := f.Postings()
	deps := map[*index.Entry][]*index.Entry{}
	type edge struct {
		p      *index.Posting
		from   *index.Entry
		target *index.Entry
	}
	var edges []edge
	for i := range ps {
		p := &ps[i]
		from := p.From()
		if p.Flags&index.Runtime == 0 || p.Kind != index.KindInput || from == nil || from.Kind != index.KindInput {
			continue
		}
		for _, to := range ix.Resolve(p) {
			deps[from] = append(deps[from], to)
			edges = append(edges, edge{p, from, to})
		}
	}
	var out []Diagnostic
	for _, e := range edges {
		seen := map[*index.Entry]bool{}
		var path []string
		var reaches func(n *index.Entry) bool
		reaches = func(n *index.Entry) bool {
			if n == e.from {
				return true
			}
			if seen[n] {
				return false
			}
			seen[n] = true
			for _, m := range deps[n] {
				if reaches(m) {
					path = append(path, m.Name())
					return true
				}
			}
			return false
		}
		if reaches(e.target) {
			slices.Reverse(path)
			names := append([]string{e.from.Name(), e.target.Name()}, path...)
			out = append(out, Diagnostic{Range: e.p.Range, Severity: Error, Code: CodeCycle,
				Message: fmt.Sprintf("%s closes a cycle of inputs (%s): Powerpipe cannot order them (\"input dependency order\")", runtimeText(e.p), strings.Join(names, " → "))})
		}
	}
	return out
}
