package check

// This file checks a file's structure against the schema — block types in
// their context, label counts, attribute names, top-level attributes — and
// finds the schema's description of the attribute or block at a position
// (for hover). Both read the scanner's flat block list: no full parse.

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/modls/modls/parse"
	"github.com/modls/modls/schema"
)

// structure reports block types not accepted where they stand, wrong label
// counts, unknown attributes, and attributes at the top level. Blocks
// inside a block the schema does not know are not checked again. It returns
// the schema's description of each block of f (nil: unknown).
func structure(f *parse.File, src []byte) ([]Diagnostic, []*schema.Block) {
	var out []Diagnostic
	problem := func(r parse.Range, code, msg string, fixes ...Fix) {
		out = append(out, Diagnostic{Range: r, Severity: Error, Code: code, Message: msg, Fixes: fixes})
	}
	desc := make([]*schema.Block, len(f.Blocks)) // nil: unknown, children unchecked
	paths := make([][]string, len(f.Blocks))
	for i, b := range f.Blocks {
		var path []string
		if b.Parent >= 0 {
			if desc[b.Parent] == nil {
				continue
			}
			path = append(append([]string(nil), paths[b.Parent]...), f.Blocks[b.Parent].Type)
		}
		paths[i] = path
		d, ok := schema.BlockIn(path, b.Type)
		if !ok {
			msg, rejected := schema.RejectedBlock(path, b.Type)
			if !rejected {
				where := "at the top level"
				if len(path) > 0 {
					where = "inside " + path[len(path)-1]
				}
				msg = fmt.Sprintf("a %s block is not expected %s", b.Type, where)
			}
			var fixes []Fix
			if b.Type == "detection_benchmark" && len(path) == 0 {
				fixes = detectionBenchmarkFix(src, b)
			}
			problem(b.TypeRange, CodeUnknownBlock, msg, fixes...)
			continue
		}
		desc[i] = d
		// The nodes and edges of a flow, graph or hierarchy are decoded
		// with it, and their names are not checked.
		inProvider := (b.Type == "node" || b.Type == "edge") && len(path) > 0
		if n := len(b.Labels); n > 0 && namedResources[b.Type] && !inProvider && !hclsyntax.ValidIdentifier(b.Labels[0].Value) {
			problem(b.Labels[0].Range, CodeInvalidName, fmt.Sprintf("%q is not a valid name: a name starts with a letter or an underscore and holds only letters, digits, underscores and dashes (Powerpipe: \"Invalid name\")", b.Labels[0].Value))
		}
		n := len(b.Labels)
		switch {
		case n == d.Labels:
		case n == 0 && d.LabelOptional && b.Parent >= 0:
		default:
			r := b.TypeRange
			if n > 0 {
				r = b.Labels[n-1].Range
			}
			problem(r, CodeLabels, labelMessage(b.Type, d, n))
		}
	}
	out = append(out, rules(f, src, desc)...)
	for _, a := range f.Attrs {
		if a.Block < 0 {
			problem(a.NameRange, CodeTopAttribute, fmt.Sprintf("%s: attributes are not allowed at the top level of a file, only blocks", a.Name))
			continue
		}
		d := desc[a.Block]
		if d == nil || d.FreeAttributes {
			continue
		}
		if _, ok := d.Attribute(a.Name); ok {
			continue
		}
		msg, rejected := d.RejectedAttribute(a.Name)
		var fixes []Fix
		if !rejected {
			msg = fmt.Sprintf("%s is not an attribute of %s", a.Name, f.Blocks[a.Block].Type)
			if s := suggest(a.Name, d); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
				fixes = replaceFix(a.NameRange, s)
			}
		}
		problem(a.NameRange, CodeUnknownAttribute, msg, fixes...)
	}
	return out, desc
}

// CodeInvalidName is the code of a resource label that is not a name.
const CodeInvalidName = "invalid-name"

// namedResources are the block types whose label Powerpipe checks is a
// name when it decodes them (pipe-fittings ValidateName): every resource,
// nested ones included, and variables — not the mod block, params, or the
// labels that name SQL columns (series, column, property, option) or module
// paths.
var namedResources = map[string]bool{
	"variable": true, "query": true, "control": true, "detection": true, "benchmark": true, "dashboard": true,
	"container": true, "card": true, "chart": true, "flow": true, "graph": true, "hierarchy": true, "image": true,
	"input": true, "table": true, "text": true, "node": true, "edge": true, "category": true, "with": true,
}

func labelMessage(typ string, d *schema.Block, n int) string {
	switch {
	case d.Labels == 0:
		return fmt.Sprintf("a %s block takes no label", typ)
	case n == 0:
		return fmt.Sprintf("a %s block needs a %s label", typ, d.LabelName)
	default:
		return fmt.Sprintf("a %s block takes %d label(s) (%s), not %d", typ, d.Labels, d.LabelName, n)
	}
}

// suggest returns the attribute of d closest to name, when it is a likely
// typo (at most two edits away and shorter than name itself).
func suggest(name string, d *schema.Block) string {
	var names []string
	for _, a := range d.Attributes {
		if !a.Hidden {
			names = append(names, a.Name)
		}
	}
	return closest(name, names)
}

// closest returns the one of names nearest to name when it is a likely
// typo: at most two edits away, and fewer edits than name has letters. It
// is behind every did-you-mean of the checks.
func closest(name string, names []string) string {
	best, bestDist := "", 3
	for _, n := range names {
		if d := editDistance(name, n); d < bestDist && d < len(name) {
			best, bestDist = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, counting a
// swap of two neighbours as one edit.
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// rules applies the schema's semantic rules to each known block: mutually
// exclusive alternatives (sql and query, require and requires, …) and the
// blocks that must define SQL (§8.4). A block with a base may inherit its
// SQL, so it always passes.
func rules(f *parse.File, src []byte, desc []*schema.Block) []Diagnostic {
	l := layoutOf(f)
	attrs, kids := l.attrs, l.kids
	children := make([][]string, len(f.Blocks))
	for _, b := range f.Blocks {
		if b.Parent >= 0 {
			children[b.Parent] = append(children[b.Parent], b.Type)
		}
	}
	var out []Diagnostic
	for i, b := range f.Blocks {
		d := desc[i]
		if d == nil || b.Open {
			continue // unknown, or damaged: its body is incomplete
		}
		has := func(name string) bool {
			for _, ai := range attrs[i] {
				if f.Attrs[ai].Name == name {
					return true
				}
			}
			return slices.Contains(children[i], name)
		}
		at := b.TypeRange
		if len(b.Labels) > 0 {
			at = b.Labels[0].Range
		}
		for _, ex := range d.Exclusive {
			// counts is has, but a block named in ex.PresentWhen counts
			// only with one of the blocks listed there inside it.
			counts := func(name string) bool {
				inner, ok := ex.PresentWhen[name]
				if !ok {
					return has(name)
				}
				for _, k := range kids[i] {
					if f.Blocks[k].Type != name {
						continue
					}
					for _, g := range kids[k] {
						if slices.Contains(inner, f.Blocks[g].Type) {
							return true
						}
					}
				}
				return false
			}
			present := 0
			for _, alt := range ex.Alternatives {
				if slices.ContainsFunc(alt, counts) {
					present++
				}
			}
			if present > 1 || ex.Required && present == 0 {
				var fixes []Fix
				if present == 0 && len(ex.Alternatives) > 0 && len(ex.Alternatives[0]) > 0 {
					if a, ok := d.Attribute(ex.Alternatives[0][0]); ok {
						fixes = insertFix(src, b, "Add "+a.Name, false, a.Name+" = "+placeholder(a.Type))
					}
				}
				out = append(out, Diagnostic{Range: at, Severity: severityOf(ex.Severity), Code: CodeExclusive, Message: ex.Message, Fixes: fixes})
			}
		}
		for _, a := range d.Attributes {
			if a.Required && !has(a.Name) {
				out = append(out, Diagnostic{Range: at, Severity: Error, Code: CodeMissingAttribute,
					Message: fmt.Sprintf("a %s block needs %s: %s", b.Type, a.Name, a.Doc),
					Fixes:   insertFix(src, b, "Add "+a.Name, false, a.Name+" = "+placeholder(a.Type))})
			}
		}
		if len(b.Labels) == 0 && d.AnonymousWarning != "" {
			out = append(out, Diagnostic{Range: b.TypeRange, Severity: Warning, Code: CodeAnonymous, Message: d.AnonymousWarning})
		}
		if p := b.Parent; p >= 0 {
			parent := f.Blocks[p]
			if msg, ok := desc[p].Warnings[b.Type]; desc[p] != nil && ok {
				out = append(out, Diagnostic{Range: b.TypeRange, Severity: Warning, Code: CodeMisplaced, Message: msg})
			} else if c := d.InNestedResource; c != nil && parent.Parent >= 0 && parent.Type != "container" {
				out = append(out, Diagnostic{Range: b.TypeRange, Severity: severityOf(c.Severity), Code: CodeMisplaced, Message: c.Message})
			}
		}
		hasSQL := has("sql") || has("query") || has("base")
		nested := b.Parent >= 0
		var missing string
		switch d.Query {
		case schema.QueryAlways:
			if !hasSQL {
				missing = fmt.Sprintf("a %s must define sql or query", b.Type)
			}
		case schema.QueryWhenNested:
			if nested && !hasSQL && !exempt(f, src, attrs[i], d.QueryExempt, has) {
				missing = fmt.Sprintf("a nested %s must define sql or query (or a base that does)", b.Type)
			}
		case schema.QueryOrNodesWhenNested:
			if nested && !hasSQL && !has("node") && !has("edge") {
				missing = fmt.Sprintf("a nested %s needs sql or query, or node and edge blocks", b.Type)
			}
		}
		if missing != "" {
			out = append(out, Diagnostic{Range: at, Severity: Error, Code: CodeMissingQuery, Message: missing,
				Fixes: insertFix(src, b, "Add sql", false, "sql = <<-EOQ", "  select 1", "EOQ")})
		}
	}
	return out
}

// exempt reports whether an exemption spares a block its SQL requirement.
func exempt(f *parse.File, src []byte, attrs []int32, e *schema.Exemption, has func(string) bool) bool {
	if e == nil {
		return false
	}
	if slices.ContainsFunc(e.Attributes, has) || slices.ContainsFunc(e.Blocks, has) {
		return true
	}
	for _, ai := range attrs {
		if a := f.Attrs[ai]; a.Name == "type" {
			v, ok := parse.StringValue(src, a)
			return ok && slices.Contains(e.Types, v)
		}
	}
	return false
}

// placeholder is a value of type t to fill in.
func placeholder(t schema.Type) string {
	switch t {
	case schema.Number:
		return "0"
	case schema.Bool:
		return "false"
	case schema.ListOfString, schema.List, schema.ReferenceList:
		return "[]"
	case schema.MapOfString, schema.Object, schema.ObjectOrTuple:
		return "{}"
	}
	return `""`
}

func severityOf(s schema.Severity) Severity {
	switch s {
	case schema.Warning:
		return Warning
	case schema.Hint:
		return Hint
	}
	return Error
}

// layout is where the attributes and nested blocks of a scanned file's
// blocks are: attrs[b] the indexes in f.Attrs of block b's attributes,
// kids[b] the indexes in f.Blocks of its nested blocks, in source order.
type layout struct {
	attrs, kids [][]int32
}

// layoutOf returns the layout of f, in one pass over it.
func layoutOf(f *parse.File) layout {
	l := layout{attrs: make([][]int32, len(f.Blocks)), kids: make([][]int32, len(f.Blocks))}
	for i, a := range f.Attrs {
		if a.Block >= 0 {
			l.attrs[a.Block] = append(l.attrs[a.Block], int32(i))
		}
	}
	for i, b := range f.Blocks {
		if b.Parent >= 0 {
			l.kids[b.Parent] = append(l.kids[b.Parent], int32(i))
		}
	}
	return l
}

// has reports whether block b of f sets attribute name.
func (l layout) has(f *parse.File, b int32, name string) bool {
	for _, ai := range l.attrs[b] {
		if f.Attrs[ai].Name == name {
			return true
		}
	}
	return false
}
