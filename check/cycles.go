package check

// This file finds reference cycles, which Powerpipe cannot order
// ("required dependency order"): benchmarks whose children lead back to
// them, base chains that loop, locals that refer to each other in a ring,
// resources that read their own properties (`sql = query.x.sql` in
// query.x), and inputs of a dashboard whose args depend on each other.

import (
	"fmt"
	"sort"
	"strings"

	"github.com/modls/modls/index"
)

// CodeCycle is the code of a reference that closes a cycle.
const CodeCycle = "reference-cycle"

// isEdge reports whether posting p, made by from and resolving to to, is
// an ordering dependency that can form a cycle: Powerpipe decodes a block
// only after everything it refers to — a resource, a property of one
// (`sql = query.x.sql`), a local — so any such reference between top-level
// blocks and locals is one.
func isEdge(p *index.Posting, from, to *index.Entry) bool {
	switch {
	case p.Attr() == "children" && from.Kind == index.KindBenchmark && to.Kind == index.KindBenchmark,
		p.Attr() == "base" && to.Kind == from.Kind,
		from.Kind == index.KindLocal && to.Kind == index.KindLocal:
		return true
	}
	return (from.Is(index.TopLevel) || from.Kind == index.KindLocal) && (to.Is(index.TopLevel) || to.Kind == index.KindLocal) &&
		to.Kind != index.KindVar && from.Kind != index.KindVar
}

// cycles reports the references of file f that close a cycle: those whose
// target leads back to the entry that makes them. The search walks out
// from this file's references only, so its cost does not grow with the mod.
func cycles(ix *index.Index, f *index.File) []Diagnostic {
	adj := map[*index.Entry][]*index.Entry{}
	next := func(e *index.Entry) []*index.Entry {
		if out, ok := adj[e]; ok {
			return out
		}
		var out []*index.Entry
		// The postings of e lie within its range (postings are in source
		// order): a file's others are not looked at.
		ps := e.File().Postings()
		lo := sort.Search(len(ps), func(i int) bool { return ps[i].Range.Start.Byte >= e.Range.Start.Byte })
		for i := lo; i < len(ps) && ps[i].Range.Start.Byte < e.Range.End.Byte; i++ {
			q := &ps[i]
			if q.Flags&(index.Runtime|index.Link) != 0 {
				continue
			}
			from := q.From()
			if from != e && (from == nil || !e.Is(index.TopLevel) || topOf(from) != e) {
				continue
			}
			for _, to := range ix.Resolve(q) {
				if isEdge(q, from, to) || from != e && isEdge(q, e, to) {
					out = append(out, to)
				}
			}
		}
		adj[e] = out
		return out
	}
	// path returns the entries from start to goal, or nil.
	path := func(start, goal *index.Entry) []*index.Entry {
		seen := map[*index.Entry]bool{}
		var walk func(e *index.Entry) []*index.Entry
		walk = func(e *index.Entry) []*index.Entry {
			if e == goal {
				return []*index.Entry{e}
			}
			if seen[e] {
				return nil
			}
			seen[e] = true
			for _, n := range next(e) {
				if p := walk(n); p != nil {
					return append([]*index.Entry{e}, p...)
				}
			}
			return nil
		}
		return walk(start)
	}
	// component numbers the strongly connected components of the graph
	// (Tarjan's algorithm, over what is reachable from the nodes asked):
	// an edge from → to closes a cycle exactly when to reaches back to
	// from, that is when both are in one component. One pass over the
	// graph, where a walk for each reference repeated it.
	comp := map[*index.Entry]int{}
	index_ := map[*index.Entry]int{}
	low := map[*index.Entry]int{}
	onStack := map[*index.Entry]bool{}
	var stack []*index.Entry
	counter, comps := 0, 0
	var strong func(v *index.Entry)
	strong = func(v *index.Entry) {
		index_[v], low[v] = counter, counter
		counter++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range next(v) {
			if _, seen := index_[w]; !seen {
				strong(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index_[w])
			}
		}
		if low[v] == index_[v] {
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = comps
				if w == v {
					break
				}
			}
			comps++
		}
	}
	component := func(v *index.Entry) int {
		if _, seen := index_[v]; !seen {
			strong(v)
		}
		return comp[v]
	}
	var out []Diagnostic
	ps := f.Postings()
	for i := range ps {
		p := &ps[i]
		from := p.From()
		if from == nil || p.Flags&(index.Runtime|index.Link) != 0 {
			continue
		}
		for _, to := range ix.Resolve(p) {
			if !isEdge(p, from, to) {
				// A nested block is decoded with its top-level block, whose
				// dependency its references are.
				if top := topOf(from); top != from && top.Kind != index.KindLocal && isEdge(p, top, to) {
					from = top
				} else {
					continue
				}
			}
			if component(to) != component(from) {
				continue
			}
			loop := path(to, from)
			if loop == nil {
				continue
			}
			names := []string{from.UnqualifiedName()}
			for _, e := range loop {
				names = append(names, e.UnqualifiedName())
			}
			out = append(out, Diagnostic{Range: p.Range, Severity: Error, Code: CodeCycle,
				Message: fmt.Sprintf("%s closes a reference cycle (%s): Powerpipe cannot order it", p.Key(), strings.Join(names, " → "))})
			break
		}
	}
	return out
}

// topOf returns the top-level entry that holds e (e itself at the top).
func topOf(e *index.Entry) *index.Entry {
	for e.Parent() != nil {
		e = e.Parent()
	}
	return e
}
