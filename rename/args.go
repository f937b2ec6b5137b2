package rename

// This file renames a param where callers pass it by name: the keys of
// `args = { name = … }` in the resources whose `query` or `base` refers to
// the param's resource (or, through `base`, to a resource that inherits the
// param).

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

// argEdits returns the edits of the named arguments that pass param p (named
// old) to its resource, or a *Refusal when a caller passes an argument named
// newName already.
func argEdits(ix *index.Index, p *index.Entry, old, newName string, source func(string) ([]byte, error)) ([]span.Edit, error) {
	owner := p.Parent()
	if owner == nil {
		return nil, nil
	}
	var out []span.Edit
	seen := map[*index.Entry]bool{owner: true}
	done := map[*index.Entry]bool{}
	for work := []*index.Entry{owner}; len(work) > 0; work = work[1:] {
		for _, ref := range ix.References(work[0]) {
			attr := ref.Attr()
			caller := ref.From()
			if attr != "query" && attr != "base" || caller == nil || done[caller] {
				continue
			}
			done[caller] = true
			if attr == "base" && !seen[caller] && !hasParam(caller, old) {
				seen[caller] = true
				work = append(work, caller) // inherits the param: its callers pass it too
			}
			src, err := source(caller.File().Path)
			if err != nil {
				return nil, err
			}
			keys, err := argKeys(caller, src, old, newName)
			if err != nil {
				return nil, err
			}
			for _, k := range keys {
				out = append(out, span.Edit{Path: caller.File().Path, Start: k.Start.Byte, End: k.End.Byte, New: newName})
			}
		}
	}
	return out, nil
}

// hasParam reports whether e declares a param named name itself.
func hasParam(e *index.Entry, name string) bool {
	es := e.File().Entries()
	for i := range es {
		if c := &es[i]; c.Kind == index.KindParam && c.Parent() == e && c.Name() == name {
			return true
		}
	}
	return false
}

// argKeys returns the ranges of the keys named old in the `args` object of
// entry e (the key's name, without quotes), or a *Refusal when a key is
// named newName.
func argKeys(e *index.Entry, src []byte, old, newName string) ([]hcl.Range, error) {
	blk, _ := parse.ParseBlock(e.File().Path, src, e.Range)
	if blk == nil || blk.Body == nil {
		return nil, nil
	}
	a, ok := blk.Body.Attributes["args"]
	if !ok {
		return nil, nil
	}
	obj, ok := a.Expr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return nil, nil // positional arguments name nothing
	}
	var out []hcl.Range
	for _, item := range obj.Items {
		name, r, ok := keyName(item.KeyExpr)
		switch {
		case !ok:
		case name == newName:
			return nil, refuse("%s already passes an argument named `%s` (%s); pick another name", describe(e), newName, where(e.File(), parse.Range{Start: parse.Pos{Line: uint32(r.Start.Line)}}))
		case name == old:
			out = append(out, r)
		}
	}
	return out, nil
}

// keyName returns the name an object key spells (a bare name or a quoted
// literal string) and the range of that name without quotes.
func keyName(k hclsyntax.Expression) (string, hcl.Range, bool) {
	if w, ok := k.(*hclsyntax.ObjectConsKeyExpr); ok {
		if w.ForceNonLiteral {
			return "", hcl.Range{}, false
		}
		k = w.Wrapped
	}
	switch k := k.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		if len(k.Traversal) == 1 {
			return k.Traversal.RootName(), k.SrcRange, true
		}
	case *hclsyntax.TemplateExpr:
		if len(k.Parts) == 1 {
			if lit, ok := k.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && lit.Val.IsKnown() && !lit.Val.IsNull() {
				r := k.SrcRange
				r.Start.Byte++
				r.End.Byte--
				return lit.Val.AsString(), r, r.End.Byte-r.Start.Byte == len(lit.Val.AsString())
			}
		}
	}
	return "", hcl.Range{}, false
}

// describe names an entry in a message: `control.x`, or `a card in
// dashboard.d` for an anonymous one.
func describe(e *index.Entry) string {
	if e.Is(index.Anonymous) {
		for a := e.Parent(); a != nil; a = a.Parent() {
			if !a.Is(index.Anonymous) {
				return "a " + e.Kind.String() + " in " + a.UnqualifiedName()
			}
		}
		return "a " + e.Kind.String()
	}
	return e.UnqualifiedName()
}

// ArgKeys returns where the keys of `args = { … }` pass a value to param p
// by name — the places a rename of p rewrites — as edits that keep the
// name; source gives the current text of a file.
func ArgKeys(ix *index.Index, p *index.Entry, source func(string) ([]byte, error)) ([]span.Edit, error) {
	if p == nil || p.Kind != index.KindParam {
		return nil, nil
	}
	return argEdits(ix, p, p.Name(), "", source)
}
