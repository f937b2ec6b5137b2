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

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/schema"
	"github.com/modls/modls/span"
)

// referenceShapes reports reference attributes of f (desc from structure)
// whose value is not a resource: a string, or a resource's property. Most
// values are one traversal (`query = query.x`), read from the scanner's
// references; the others are parsed.
func referenceShapes(f *parse.File, src []byte, path string, desc []*schema.Block) []Diagnostic {
	return shapesOf(f, src, path, desc, true)
}

// shapesOf is referenceShapes; scanned says whether sole traversals are
// read from the scanner (the tests compare both ways).
func shapesOf(f *parse.File, src []byte, path string, desc []*schema.Block, scanned bool) []Diagnostic {
	var out []Diagnostic
	var refs [][]parse.Ref // by attribute
	for ai, a := range f.Attrs {
		if a.Block < 0 || desc[a.Block] == nil || f.Blocks[a.Block].Open {
			continue
		}
		at, ok := desc[a.Block].Attribute(a.Name)
		if !ok || at.Type != schema.Reference && at.Type != schema.ReferenceList || slices.Contains(at.Targets, "connection") {
			continue
		}
		if s, e := a.ExprRange.Start.Byte, a.ExprRange.End.Byte; s < e && int(e) <= len(src) && strings.IndexByte("[{(", src[s]) >= 0 {
			continue // a list, an object or parentheses: none of the shapes below
		}
		targets := strings.Join(at.Targets, " or ")
		if slices.Contains(at.Targets, schema.SameType) {
			targets = f.Blocks[a.Block].Type
		}
		if refs == nil {
			refs = make([][]parse.Ref, len(f.Attrs))
			for _, r := range f.Refs {
				refs[r.Attr] = append(refs[r.Attr], r)
			}
		}
		if rs := refs[ai]; scanned && len(rs) == 1 && rs[0].Range.Start.Byte == a.ExprRange.Start.Byte && rs[0].Range.End.Byte == a.ExprRange.End.Byte {
			// The whole value is one traversal.
			var steps []step
			for _, st := range f.StepsOf(rs[0]) {
				steps = append(steps, step{st.Name, st.Kind != parse.StepIndex, st.Range.End.Byte})
			}
			if d, ok := traversalShape(src, a.Name, at, targets, rs[0].Range.Start.Byte, steps); ok {
				d.Range = a.ExprRange
				out = append(out, d)
			}
			continue
		}
		expr, diags := parseExpr(src, path, a.ExprRange)
		if diags.HasErrors() {
			continue
		}
		r := expr.Range()
		rng := span.RangeOf(src, r.Start.Byte, r.End.Byte)
		switch x := expr.(type) {
		case *hclsyntax.TemplateExpr, *hclsyntax.LiteralValueExpr:
			msg := fmt.Sprintf("%s takes a %s itself, such as %s.<name>, not a string (Powerpipe: \"Unsuitable value: object required\")", a.Name, targets, strings.Split(targets, " ")[0])
			if at.Type == schema.ReferenceList {
				msg = fmt.Sprintf("%s must be a list of %s references, such as [%s.<name>], not a literal", a.Name, targets, at.Targets[0])
			}
			out = append(out, Diagnostic{Range: rng, Severity: Error, Code: CodeValue, Message: msg})
		case *hclsyntax.ScopeTraversalExpr:
			var steps []step
			for _, t := range x.Traversal {
				switch t := t.(type) {
				case hcl.TraverseRoot:
					steps = append(steps, step{t.Name, true, uint32(t.SrcRange.End.Byte)})
				case hcl.TraverseAttr:
					steps = append(steps, step{t.Name, true, uint32(t.SrcRange.End.Byte)})
				default:
					steps = append(steps, step{"", false, uint32(t.SourceRange().End.Byte)})
				}
			}
			if d, ok := traversalShape(src, a.Name, at, targets, uint32(r.Start.Byte), steps); ok {
				d.Range = rng
				out = append(out, d)
			}
		}
	}
	return out
}

// step is one step of a traversal: its name (empty for an index) and where
// it ends.
type step struct {
	name  string
	named bool
	end   uint32
}

// traversalShape checks a value that is one traversal, starting at start,
// of reference attribute name (at, its schema; targets, the types it takes
// in words): a list attribute takes a list, and an attribute takes a
// resource itself, not one of its properties. The diagnostic has no range.
func traversalShape(src []byte, name string, at *schema.Attribute, targets string, start uint32, steps []step) (Diagnostic, bool) {
	bad := func(msg string) (Diagnostic, bool) {
		return Diagnostic{Severity: Error, Code: CodeValue, Message: msg}, true
	}
	root, second := steps[0].name, ""
	if len(steps) > 1 && steps[1].named {
		second = steps[1].name
	}
	n := 0
	switch {
	case root == "var" || root == "local" || root == "self" || root == "with" || root == "param":
		return Diagnostic{}, false // may hold anything, or checked elsewhere
	case index.ParseKind(root) != index.KindNone:
		n = 2 // <type>.<name>
	case second != "" && second != "var" && second != "local" && index.ParseKind(second) != index.KindNone:
		n = 3 // <alias>.<type>.<name>
	default:
		return Diagnostic{}, false
	}
	if at.Type == schema.ReferenceList {
		return bad(fmt.Sprintf("%s must be a list: write [%s]", name, string(src[start:steps[len(steps)-1].end])))
	}
	if len(steps) > n {
		return bad(fmt.Sprintf("%s takes a %s itself, not one of its properties: write %s (Powerpipe: \"Unsuitable value: object required\")", name, targets, string(src[start:steps[n-1].end])))
	}
	return Diagnostic{}, false
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
func baseWithoutSQL(ix *index.Index, f *parse.File, path string, desc []*schema.Block) []Diagnostic {
	var out []Diagnostic
	var xf *index.File
	var l layout
	for bi, b := range f.Blocks {
		d := desc[bi]
		if d == nil || b.Parent < 0 || b.Open || d.QueryExempt != nil || d.Query != schema.QueryWhenNested && d.Query != schema.QueryOrNodesWhenNested {
			continue
		}
		if l.attrs == nil {
			l = layoutOf(f)
		}
		own := l.has(f, int32(bi), "sql") || l.has(f, int32(bi), "query")
		for _, k := range l.kids[bi] {
			own = own || f.Blocks[k].Type == "node" || f.Blocks[k].Type == "edge"
		}
		if !l.has(f, int32(bi), "base") || own {
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
		if t.Is(index.HasSQL) || t.Is(index.HasQuery) || t.Is(index.HasBase) {
			continue
		}
		nodes := false
		ds := t.Descendants()
		for i := range ds {
			c := &ds[i]
			nodes = nodes || c.Parent() == t && (c.Kind == index.KindNode || c.Kind == index.KindEdge)
		}
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
