package render

// This file finds the resource whose SQL a user asks for: by name, or at a
// position in a file.

import (
	"fmt"
	"strings"

	"github.com/modls/modls/index"
)

// HasSQL reports whether entries of kind k may run SQL: every query
// provider (mod-language.md §4, group Q).
func HasSQL(k index.Kind) bool {
	switch k {
	case index.KindQuery, index.KindControl, index.KindDetection, index.KindCard, index.KindChart,
		index.KindFlow, index.KindGraph, index.KindHierarchy, index.KindImage, index.KindInput,
		index.KindTable, index.KindNode, index.KindEdge, index.KindWith:
		return true
	}
	return false
}

// Find returns the resource called name (`query.x`, `alias.control.y`),
// looked up from the workspace's root mods first, then from every mod.
func Find(ix *index.Index, name string) (*index.Entry, error) {
	if _, ok := index.ParseName(name); !ok {
		return nil, fmt.Errorf("%q is not a resource name (like query.x or control.y)", name)
	}
	var found []*index.Entry
	seen := map[*index.Entry]bool{}
	for _, rootsOnly := range []bool{true, false} {
		for _, m := range ix.Mods() {
			if m.IsDependency() == rootsOnly {
				continue
			}
			for _, e := range ix.Lookup(m.ID, name) {
				if !seen[e] && HasSQL(e.Kind) {
					seen[e] = true
					found = append(found, e)
				}
			}
		}
		if len(found) > 0 {
			break
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("no resource %s with SQL in the workspace", name)
	case 1:
		return found[0], nil
	}
	var names []string
	for _, e := range found {
		names = append(names, e.QualifiedName())
	}
	return nil, fmt.Errorf("%s is ambiguous: %s", name, strings.Join(names, ", "))
}

// At returns the resource with SQL at byte offset off of the file at path:
// the one a reference there names, else the innermost block around the
// offset that has SQL (a param's query, a card's dashboard panel).
func At(ix *index.Index, path string, off uint32) (*index.Entry, error) {
	e, p := ix.At(path, off)
	if p != nil {
		for _, t := range ix.Resolve(p) {
			if HasSQL(t.Kind) {
				return t, nil
			}
		}
	}
	for ; e != nil; e = e.Parent() {
		if HasSQL(e.Kind) {
			return e, nil
		}
	}
	return nil, fmt.Errorf("no resource with SQL at this position")
}

// FlowsIntoSQL reports whether local e is interpolated, directly or through
// other locals, into an sql attribute.
func FlowsIntoSQL(ix *index.Index, e *index.Entry) bool {
	seen := map[*index.Entry]bool{}
	var flows func(e *index.Entry, depth int) bool
	flows = func(e *index.Entry, depth int) bool {
		if seen[e] || depth > maxDepth {
			return false
		}
		seen[e] = true
		for _, p := range ix.References(e) {
			if p.Attr() == "sql" {
				return true
			}
			if from := p.From(); from != nil && from.Kind == index.KindLocal && flows(from, depth+1) {
				return true
			}
		}
		return false
	}
	return e.Kind == index.KindLocal && flows(e, 0)
}
