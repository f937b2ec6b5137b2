package check

// This file checks the shape of references (mod-language.md §8.7): an
// attribute that takes a resource (query, base, category) takes the
// resource itself, not a string or one of its properties; `children` is a
// list; a property read from a resource (`control.c.title`) must be one
// that resources have, or Powerpipe never resolves it ("Failed to resolve
// dependencies").

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

// referenceShapes reports reference attributes of f (desc from structure)
// whose value is not a resource: a string, or a resource's property.
func referenceShapes(f *parse.File, src []byte, path string, desc []*schema.Block) []Diagnostic {
	var out []Diagnostic
	for _, a := range f.Attrs {
		if a.Block < 0 || desc[a.Block] == nil || f.Blocks[a.Block].Open {
			continue
		}
		at, ok := desc[a.Block].Attribute(a.Name)
		if !ok || at.Type != schema.Reference && at.Type != schema.ReferenceList || slices.Contains(at.Targets, "connection") {
			continue
		}
		expr, diags := parseExpr(src, path, a.ExprRange)
		if diags.HasErrors() {
			continue
		}
		r := expr.Range()
		bad := func(msg string) {
			out = append(out, Diagnostic{Range: byteRange(src, r.Start.Byte, r.End.Byte), Severity: Error, Code: CodeValue, Message: msg})
		}
		targets := strings.Join(at.Targets, " or ")
		if slices.Contains(at.Targets, schema.SameType) {
			targets = f.Blocks[a.Block].Type
		}
		switch x := expr.(type) {
		case *hclsyntax.TemplateExpr, *hclsyntax.LiteralValueExpr:
			if at.Type == schema.ReferenceList {
				bad(fmt.Sprintf("%s must be a list of %s references, such as [%s.<name>], not a literal", a.Name, targets, at.Targets[0]))
			} else {
				bad(fmt.Sprintf("%s takes a %s itself, such as %s.<name>, not a string (Powerpipe: \"Unsuitable value: object required\")", a.Name, targets, strings.Split(targets, " ")[0]))
			}
		case *hclsyntax.ScopeTraversalExpr:
			root, second := x.Traversal.RootName(), stepName(x, 1)
			steps := 0
			switch {
			case root == "var" || root == "local" || root == "self" || root == "with" || root == "param":
				continue // may hold anything, or checked elsewhere
			case index.ParseKind(root) != index.KindNone:
				steps = 2 // <type>.<name>
			case second != "" && second != "var" && second != "local" && index.ParseKind(second) != index.KindNone:
				steps = 3 // <alias>.<type>.<name>
			default:
				continue
			}
			if at.Type == schema.ReferenceList {
				bad(fmt.Sprintf("%s must be a list: write [%s]", a.Name, string(src[r.Start.Byte:r.End.Byte])))
				continue
			}
			if len(x.Traversal) > steps {
				bad(fmt.Sprintf("%s takes a %s itself, not one of its properties: write %s (Powerpipe: \"Unsuitable value: object required\")", a.Name, targets, traversalText(src, x, steps)))
			}
		}
	}
	return out
}

// stepName returns the name of attribute step i of x's traversal, or "".
func stepName(x *hclsyntax.ScopeTraversalExpr, i int) string {
	if i < len(x.Traversal) {
		if a, ok := x.Traversal[i].(hcl.TraverseAttr); ok {
			return a.Name
		}
	}
	return ""
}

// traversalText is the source of the first n steps of x.
func traversalText(src []byte, x *hclsyntax.ScopeTraversalExpr, n int) string {
	r := x.Traversal[n-1].SourceRange()
	start := x.SrcRange.Start.Byte
	return string(src[start:r.End.Byte])
}

// propertyNames are the properties of resources that references can read:
// the cty names Powerpipe serialises resources with (pipe-fittings
// modconfig), with every attribute name of the schema added.
var propertyNames = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`align alt args args_list axes base branch categories category children child_names
		child_name_strings color column_list columns database default depth description direction display documentation
		edge_list edges fold format from full_name grouping href icon input_name inputs label labels legend max min mod
		name node_list nodes options params path placeholder points position properties property_list property_order
		query search_path search_path_prefix series series_list severity short_name source sql src tags text threshold
		title to transform type unqualified_name url_path value width wrap x y display_columns
		mod_name file_name start_line_number end_line_number source_definition resource_name qualified_name
		is_anonymous auto_generated dashboard`) {
		m[n] = true
	}
	var walk func(b *schema.Block, depth int)
	walk = func(b *schema.Block, depth int) {
		for _, a := range b.Attributes {
			m[a.Name] = true
		}
		if depth < 3 {
			for _, t := range b.Blocks {
				if c, ok := b.Child(t); ok {
					walk(c, depth+1)
				}
			}
		}
	}
	for _, b := range schema.TopLevel() {
		walk(b, 0)
	}
	return m
}()

// propertyRefs reports references of f (src) that read a property no
// resource has (`control.c.titel`), with a did-you-mean.
func propertyRefs(f *index.File, src []byte) []Diagnostic {
	var out []Diagnostic
	ps := f.Postings()
	for i := range ps {
		p := &ps[i]
		if p.Flags&(index.Runtime|index.Link) != 0 || p.Kind == index.KindVar || p.Kind == index.KindLocal || p.Kind == index.KindMod {
			continue
		}
		end := p.TargetRange().End.Byte
		if int(p.Range.End.Byte) > len(src) || end >= p.Range.End.Byte || src[end] != '.' {
			continue
		}
		rest := string(src[end+1 : p.Range.End.Byte])
		name := rest
		if j := strings.IndexAny(rest, ".[ \t\n"); j >= 0 {
			name = rest[:j]
		}
		if name == "" || propertyNames[name] {
			continue
		}
		var known []string
		if d, ok := schema.BlockIn(nil, p.Kind.BlockType()); ok {
			for _, a := range d.Attributes {
				known = append(known, a.Name)
			}
		}
		known = append(known, "name", "short_name", "unqualified_name", "full_name")
		msg := fmt.Sprintf("%s has no property %s, so Powerpipe never resolves this reference (\"Failed to resolve dependencies\")", p.Key(), name)
		var fixes []Fix
		start := posFrom(src, p.TargetRange().End, int(end)+1)
		nr := parse.Range{Start: start, End: posFrom(src, start, int(end)+1+len(name))}
		if s := closest(name, known); s != "" {
			msg += fmt.Sprintf("; did you mean %s?", s)
			fixes = replaceFix(nr, s)
		}
		out = append(out, Diagnostic{Range: nr, Severity: Error, Code: CodeUnresolved, Message: msg, Fixes: fixes})
	}
	return out
}

// baseWithoutSQL reports nested blocks that must run SQL and define none
// themselves, whose base defines none either (nor a base of its own):
// Powerpipe refuses them as if they had no base ("does not define a query").
func baseWithoutSQL(ix *index.Index, f *parse.File, path string, desc []*schema.Block, scope func() *eval.Scope) []Diagnostic {
	var out []Diagnostic
	var xf *index.File
	for bi, b := range f.Blocks {
		d := desc[bi]
		if d == nil || b.Parent < 0 || b.Open || d.QueryExempt != nil || d.Query != schema.QueryWhenNested && d.Query != schema.QueryOrNodesWhenNested {
			continue
		}
		hasBase := false
		own := false
		for _, a := range f.Attrs {
			if int(a.Block) == bi {
				hasBase = hasBase || a.Name == "base"
				own = own || a.Name == "sql" || a.Name == "query"
			}
		}
		for _, c := range f.Blocks {
			own = own || int(c.Parent) == bi && (c.Type == "node" || c.Type == "edge")
		}
		if !hasBase || own {
			continue
		}
		if xf == nil {
			if xf = ix.File(path); xf == nil {
				return nil
			}
		}
		var e *index.Entry
		for i := range xf.Entries() {
			if c := &xf.Entries()[i]; c.Range.Start.Byte == b.Range.Start.Byte && c.Kind != index.KindLocal {
				e = c
			}
		}
		t := baseOf(ix, e)
		if t == nil {
			continue
		}
		o, ok := scope().Outline(t)
		if !ok || o.Attrs["sql"] || o.Attrs["query"] || o.Attrs["base"] {
			continue
		}
		nodes := o.Blocks["node"] || o.Blocks["edge"]
		if nodes && d.Query == schema.QueryOrNodesWhenNested {
			continue
		}
		at := b.TypeRange
		if len(b.Labels) > 0 {
			at = b.Labels[0].Range
		}
		out = append(out, Diagnostic{Range: at, Severity: Error, Code: CodeMissingQuery,
			Message: fmt.Sprintf("a nested %s must define sql or query, and its base %s defines neither (Powerpipe: \"does not define a query\")", b.Type, t.UnqualifiedName())})
	}
	return out
}
