package modgen

// This file defines the generator's state, the size plan and the order in
// which the parts of a mod are written.

import (
	"math/rand/v2"
)

// modName is the label of the generated mod block.
const modName = "acme_synthetic"

// generator holds everything one Write call needs.
//
// Invariant: every name in the pools below belongs to a block that has
// already been written (or is being written into the current file), so a
// later block may refer to it without creating a dangling reference or a
// cycle.
type generator struct {
	opt     Options
	rng     *rand.Rand
	w       *writer
	names   *registry
	folders map[string]*folder
	files   int // resource files started so far; every 7th is a .sp file

	vars       map[string]bool // declared variable names
	numberVars []string        // number variables usable as param defaults

	categories  []string
	nodes       []element
	edges       []element
	nodesByNoun map[string][]element // by "service/noun"
	edgesByNoun map[string][]element // by the source's "service/noun"
	panels      map[string][]panel   // by block type
	queries     []*query
	byNoun      map[string][]*query // shared queries by table
	controls    []*control
	benchmarks  []*benchmark
	bySection   map[int][]int // controls by the section of their home benchmark
	benchRoots  []string      // framework root benchmarks
	detRoot     string        // root detection benchmark, "" if none
	dashboards  []string
	overviews   int  // overview dashboards written so far
	embedded    bool // whether a dashboard embeds another one yet
}

// budget is the number of named blocks planned per part of the mod. The
// dashboards take whatever is left of Options.Resources.
type budget struct {
	variables, categories, nodes, edges, panels int
	queries, controls, detections, benchmarks   int
}

// newBudget splits n named blocks in proportions that mix the two reference
// corpora: a dashboard-heavy insights mod and a control-heavy compliance mod.
func newBudget(n int) budget {
	per := func(perMille int) int { return n * perMille / 1000 }
	return budget{
		variables:  max(3, min(per(5), 40)),
		categories: max(1, per(25)),
		nodes:      max(1, per(35)),
		edges:      max(1, per(40)),
		panels:     max(len(panelKinds), per(25)),
		queries:    max(1, per(220)),
		controls:   max(1, per(220)),
		detections: max(2, per(20)),
		benchmarks: max(2, per(75)),
	}
}

// run writes the whole mod, dependencies first.
func (g *generator) run() {
	b := newBudget(g.opt.Resources)
	g.writeModFile()
	g.writeVariables(b.variables)
	g.writeLocals()
	g.writeCategories(b.categories)
	g.writeNodes(b.nodes)
	g.writeEdges(b.edges)
	g.writeSharedQueries(b.queries)
	g.writePanels(b.panels)
	g.writeFrameworks(b.benchmarks, b.controls)
	g.writeDetections(b.detections)
	g.writeDashboards(g.opt.Resources - g.w.stats.Resources)
}

// intn returns a pseudo-random int in [0, n).
func (g *generator) intn(n int) int { return g.rng.IntN(n) }

// between returns a pseudo-random int in [lo, hi].
func (g *generator) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

// chance reports true with probability p.
func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

// pick returns a pseudo-random element of s.
func pick[T any](g *generator, s []T) T { return s[g.rng.IntN(len(s))] }

// folder returns the folder for base, creating it on first use.
func (g *generator) folder(base string) *folder {
	f := g.folders[base]
	if f == nil {
		f = &folder{base: base, perDir: g.opt.FilesPerDir}
		g.folders[base] = f
	}
	return f
}

// beginResourceFile starts a new mod source file called stem in folder
// base. Every seventh file uses the legacy .sp extension.
func (g *generator) beginResourceFile(base, stem string) string {
	g.files++
	ext := ".pp"
	if g.files%7 == 0 {
		ext = ".sp"
	}
	rel := g.folder(base).next(stem + ext)
	g.w.begin(rel)
	return rel
}

// writeDoc writes a Markdown document into folder base and returns the
// file() call that loads it. It does not disturb the current file.
func (g *generator) writeDoc(base, stem, title, body string) string {
	rel := g.folder(base).next(stem + ".md")
	g.w.writeFile(rel, "## "+title+"\n\n"+body+"\n")
	return `file("./` + rel + `")`
}

// named opens a labelled resource block and counts it.
func (g *generator) named(depth int, typ, label string) {
	g.w.open(depth, typ, label)
	g.w.named()
}

// service returns a pseudo-random service.
func (g *generator) service() *service { return &services[g.rng.IntN(len(services))] }
