package check

// This file finds reference cycles, which Powerpipe cannot order
// ("required dependency order"): benchmarks whose children lead back to
// them, base chains that loop, locals that refer to each other in a ring,
// resources that read their own properties (`sql = query.x.sql` in
// query.x), and inputs of a dashboard whose args depend on each other.

import (
	"fmt"
	"strings"
	"sync"

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

// Graph is the ordering graph of a snapshot's entries (see isEdge) with its
// strongly connected components, computed as far as checks ask and kept.
// The checks of a pass over many files of one snapshot share one
// (Options.Graph): each entry's edges are then read once, not once for every
// file whose references reach it (5× on a generated 50k-resource mod).
// Its methods are safe for concurrent use.
type Graph struct {
	ix      *index.Index
	mu      sync.Mutex
	nodes   map[*index.Entry]*node
	stack   []*index.Entry
	counter int
	comps   int
}

// node is what Graph knows of one entry: its edges once read, and its
// place in Tarjan's algorithm once visited.
type node struct {
	next             []*index.Entry
	read             bool
	visited, onStack bool
	num, low, comp   int
}

// NewGraph returns the (empty, lazily filled) graph of snapshot ix.
func NewGraph(ix *index.Index) *Graph {
	return &Graph{ix: ix, nodes: map[*index.Entry]*node{}}
}

// node returns the node of e. Precondition: g.mu is held.
func (g *Graph) node(e *index.Entry) *node {
	n := g.nodes[e]
	if n == nil {
		n = &node{}
		g.nodes[e] = n
	}
	return n
}

// next returns the entries e has an edge to. Precondition: g.mu is held.
func (g *Graph) next(e *index.Entry) []*index.Entry {
	n := g.node(e)
	if n.read {
		return n.next
	}
	n.read = true
	// The postings of e lie within its range: a file's others are not
	// looked at.
	ps := e.Postings()
	for i := range ps {
		q := &ps[i]
		if q.Flags&(index.Runtime|index.Link) != 0 {
			continue
		}
		from := q.From()
		if from != e && (from == nil || !e.Is(index.TopLevel) || topOf(from) != e) {
			continue
		}
		for _, to := range g.ix.Resolve(q) {
			if isEdge(q, from, to) || from != e && isEdge(q, e, to) {
				n.next = append(n.next, to)
			}
		}
	}
	return n.next
}

// component returns the number of the strongly connected component of v
// (Tarjan's algorithm, over what is reachable from the entries asked): an
// edge from → to closes a cycle exactly when both are in one component.
// Precondition: g.mu is held.
func (g *Graph) component(v *index.Entry) int {
	if n := g.node(v); !n.visited {
		g.strong(v, n)
	}
	return g.nodes[v].comp
}

func (g *Graph) strong(v *index.Entry, nv *node) {
	nv.visited, nv.onStack = true, true
	nv.num, nv.low = g.counter, g.counter
	g.counter++
	g.stack = append(g.stack, v)
	for _, w := range g.next(v) {
		nw := g.node(w)
		if !nw.visited {
			g.strong(w, nw)
			nv.low = min(nv.low, nw.low)
		} else if nw.onStack {
			nv.low = min(nv.low, nw.num)
		}
	}
	if nv.low == nv.num {
		for {
			w := g.stack[len(g.stack)-1]
			g.stack = g.stack[:len(g.stack)-1]
			nw := g.nodes[w]
			nw.onStack = false
			nw.comp = g.comps
			if w == v {
				break
			}
		}
		g.comps++
	}
}

// path returns the entries from start to goal, or nil. Precondition: g.mu
// is held.
func (g *Graph) path(start, goal *index.Entry) []*index.Entry {
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
		for _, n := range g.next(e) {
			if p := walk(n); p != nil {
				return append([]*index.Entry{e}, p...)
			}
		}
		return nil
	}
	return walk(start)
}

// loop returns the entries of a cycle from to back to from when the edge
// from → to closes one, else nil.
func (g *Graph) loop(from, to *index.Entry) []*index.Entry {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.component(to) != g.component(from) {
		return nil
	}
	return g.path(to, from)
}

// cycles reports the references of file f that close a cycle: those whose
// target leads back to the entry that makes them. The search walks out
// from this file's references only, so its cost does not grow with the mod;
// g (nil for a graph of this call alone) keeps what it read for the next
// file.
func cycles(ix *index.Index, f *index.File, g *Graph) []Diagnostic {
	if g == nil || g.ix != ix {
		g = NewGraph(ix)
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
			loop := g.loop(from, to)
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
