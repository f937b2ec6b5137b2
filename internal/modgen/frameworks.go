package modgen

// This file writes the compliance frameworks: one folder per framework, a
// root benchmark in <framework>.pp and one file per top-level section with
// the section's benchmark subtree and the controls defined there. Benchmark
// children often point at controls of other sections and frameworks.

import (
	"fmt"
	"slices"
	"strconv"
)

// control is a planned control.
type control struct {
	name  string
	svc   *service
	noun  string
	asp   aspect
	query *query // the query it is named after, or nil
	home  int    // index in generator.benchmarks of the benchmark that defines it
}

// benchmark is a planned benchmark of a framework tree.
//
// Invariant: a benchmark's children have larger indices than the benchmark
// itself, so the trees are acyclic.
type benchmark struct {
	name     string
	title    string
	parent   int // -1 for a framework root
	root     int // index of the framework root
	section  int // index of the depth-1 ancestor; the root's own index for a root
	itemID   string
	children []int
	controls []int
}

func (g *generator) writeFrameworks(nBench, nCtrl int) {
	g.planBenchmarks(nBench)
	g.planControls(nCtrl)
	for i, b := range g.benchmarks {
		if b.parent == -1 {
			g.writeFramework(i)
		}
	}
}

// planBenchmarks splits n benchmarks into frameworks of random size and
// shapes each framework as a random tree.
func (g *generator) planBenchmarks(n int) {
	for round := 0; n > 0; round++ {
		size := min(n, g.between(6, 40))
		if n-size < 3 {
			size = n
		}
		n -= size
		fw := frameworks[round%len(frameworks)]
		version := round/len(frameworks) + 1
		root := len(g.benchmarks)
		g.benchmarks = append(g.benchmarks, &benchmark{
			name:    g.names.unique("benchmark", fmt.Sprintf("%s_v%d", fw.prefix, version)),
			title:   fmt.Sprintf("%s v%d", fw.title, version),
			parent:  -1,
			root:    root,
			section: root,
		})
		g.benchRoots = append(g.benchRoots, g.benchmarks[root].name)
		sections := min(size-1, g.between(2, 8))
		for j := 1; j < size; j++ {
			parent := root
			if j > sections {
				parent = root + 1 + g.intn(j-1)
			}
			p := g.benchmarks[parent]
			idx := strconv.Itoa(len(p.children) + 1)
			b := &benchmark{parent: parent, root: root, itemID: idx}
			if parent != root {
				b.itemID = p.itemID + "." + idx
			}
			b.name = g.names.unique("benchmark", p.name+"_"+idx)
			b.title = b.itemID + " " + titleCase(pick(g, services).name) + " " + pick(g, []string{"Controls", "Configuration", "Monitoring", "Access", "Data Protection", "Logging"})
			b.section = len(g.benchmarks)
			if parent != root {
				b.section = p.section
			}
			p.children = append(p.children, len(g.benchmarks))
			g.benchmarks = append(g.benchmarks, b)
		}
	}
}

// planControls plans n controls and hangs each under a benchmark, mostly
// leaves; some controls are also listed by a second benchmark.
func (g *generator) planControls(n int) {
	var leaves, inner []int
	for i, b := range g.benchmarks {
		switch {
		case len(b.children) == 0:
			leaves = append(leaves, i)
		case b.parent != -1:
			inner = append(inner, i)
		}
	}
	g.bySection = map[int][]int{}
	for i := range n {
		svc := g.service()
		c := &control{svc: svc, noun: pick(g, svc.nouns), asp: pick(g, aspects)}
		if len(g.queries) > 0 && g.chance(0.6) {
			// Most controls are named after the query they run.
			c.query = pick(g, g.queries)
			c.svc, c.noun, c.asp = c.query.svc, c.query.noun, c.query.asp
		}
		c.name = g.names.unique("control", c.svc.name+"_"+c.noun+"_"+c.asp.name)
		c.home = pick(g, leaves)
		if len(inner) > 0 && g.chance(0.15) {
			c.home = pick(g, inner)
		}
		g.benchmarks[c.home].controls = append(g.benchmarks[c.home].controls, i)
		sec := g.benchmarks[c.home].section
		g.bySection[sec] = append(g.bySection[sec], i)
		g.controls = append(g.controls, c)
	}
	// Reuse: some controls also appear in a second benchmark, and leaves
	// that got no control borrow one.
	for i, c := range g.controls {
		if g.chance(0.1) {
			if other := pick(g, leaves); other != c.home {
				g.benchmarks[other].controls = append(g.benchmarks[other].controls, i)
			}
		}
	}
	for _, l := range leaves {
		if b := g.benchmarks[l]; len(b.controls) == 0 && len(g.controls) > 0 {
			b.controls = append(b.controls, g.intn(len(g.controls)))
		}
	}
}

// tagsLocal returns the locals name holding the tags of benchmark i's file.
func (g *generator) tagsLocal(i int) string { return g.benchmarks[i].name + "_common_tags" }

// writeFramework writes the folder of the framework rooted at benchmark r.
func (g *generator) writeFramework(r int) {
	root := g.benchmarks[r]
	base := "frameworks/" + root.name
	g.beginResourceFile(base, root.name)
	g.w.open(0, "locals", "")
	g.w.attrs(1, g.tagsLocal(r), `merge(local.common_tags, { type = "Benchmark", framework = "`+root.name+`" })`)
	g.w.close(0)
	g.w.blank()
	g.writeBenchmark(r, base)
	g.writeControlsOf(r)

	for _, s := range root.children {
		sec := g.benchmarks[s]
		g.beginResourceFile(base, root.name+"_"+sec.itemID)
		g.w.open(0, "locals", "")
		g.w.line(1, g.tagsLocal(s)+" = merge(local."+g.tagsLocal(r)+", {")
		g.w.attrs(2, root.name+"_section_id", quote(sec.itemID))
		g.w.line(1, "})")
		g.w.close(0)
		// The framework's benchmarks follow its root; those whose section
		// is s form the subtree of s, parents before children.
		for i := s; i < len(g.benchmarks) && g.benchmarks[i].root == r; i++ {
			if g.benchmarks[i].section == s {
				g.w.blank()
				g.writeBenchmark(i, base)
			}
		}
		g.writeControlsOf(s)
	}
}

// writeBenchmark writes benchmark i; roots and sections get documentation.
func (g *generator) writeBenchmark(i int, base string) {
	b := g.benchmarks[i]
	kv := []string{"title", quote(b.title)}
	if b.parent == -1 || g.benchmarks[b.parent].parent == -1 {
		doc := g.writeDoc(base+"/docs", b.name, b.title,
			"This benchmark groups the controls of section "+b.itemID+" of "+g.benchmarks[b.root].title+".")
		kv = append(kv, "documentation", doc)
	}
	g.named(0, "benchmark", b.name)
	g.w.attrs(1, kv...)
	g.w.line(1, "children = [")
	seen := map[string]bool{}
	for _, c := range b.children {
		g.w.line(2, "benchmark."+g.benchmarks[c].name+",")
	}
	for _, c := range b.controls {
		name := g.controls[c].name
		if !seen[name] {
			seen[name] = true
			g.w.line(2, "control."+name+",")
		}
	}
	g.w.line(1, "]")
	g.w.blank()
	g.w.line(1, "tags = merge(local."+g.tagsLocal(b.section)+", {")
	g.w.attrs(2, "type", quote("Benchmark"))
	g.w.line(1, "})")
	g.w.close(0)
}

// writeControlsOf writes the controls defined in the section (or root) s.
func (g *generator) writeControlsOf(s int) {
	for _, ci := range g.bySection[s] {
		g.w.blank()
		g.writeControl(ci)
	}
}

// writeControl writes control ci in one of the forms real mods use.
func (g *generator) writeControl(ci int) {
	c := g.controls[ci]
	home := g.benchmarks[c.home]
	root := g.benchmarks[home.root]
	item := home.itemID + "." + strconv.Itoa(slices.Index(home.controls, ci)+1)
	if home.parent == -1 {
		item = strconv.Itoa(slices.Index(home.controls, ci) + 1)
	}
	kv := []string{
		"title", quote(item + " Ensure each " + humanize(c.noun) + " " + c.asp.good),
		"description", quote("This control checks whether each ACME " + c.svc.title + " " + humanize(c.noun) + " " + c.asp.good + ". " + c.asp.why),
		"severity", quote(pick(g, severities)),
	}
	var sql []string
	switch r := g.intn(20); {
	case r < 11 && c.query != nil:
		kv = append(kv, "query", "query."+c.query.name)
		if len(c.query.params) > 0 && g.chance(0.7) {
			kv = append(kv, "args", g.argsFor(c.query, g.chance(0.5)))
		}
	case r < 15:
		sql = controlSQL(c.svc, c.noun, c.asp, nil)
	case r < 17:
		q := g.queryFor(c.svc, c.noun)
		kv = append(kv, "sql", "query."+q.name+".sql")
		if len(q.params) > 0 {
			kv = append(kv, "args", g.argsFor(q, false))
		}
	case r < 19 && ci > 0:
		kv = append(kv, "base", "control."+g.controls[g.intn(ci)].name)
	default:
		kv = append(kv, "sql", inline(controlSQL(c.svc, c.noun, c.asp, nil)[:10]))
	}
	g.named(0, "control", c.name)
	g.w.attrs(1, kv...)
	if sql != nil {
		g.w.heredoc(1, "sql", sql)
	}
	g.w.blank()
	g.w.line(1, "tags = merge(local."+g.tagsLocal(home.section)+", {")
	g.w.attrs(2, root.name+"_item_id", quote(item), "service", quote("ACME/"+c.svc.title))
	g.w.line(1, "})")
	g.w.close(0)
}
