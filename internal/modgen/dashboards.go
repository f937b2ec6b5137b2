package modgen

// This file writes dashboards, one per file under dashboards/<service>/,
// together with the queries only that dashboard uses. Dashboards come in
// three shapes modelled on real mods: a detail page for one resource
// (input, with blocks, cards, a relationship graph, tables), an overview
// (cards, charts, reusable panels) and a benchmark page.

import (
	"fmt"
	"strconv"
)

// detailPlan is the number of named blocks of each kind a detail dashboard
// gets; cost is their total, including the dashboard itself.
type detailPlan struct {
	withs, cards, tables, namedContainers int
}

func (p detailPlan) cost() int {
	// dashboard + input + input query + (with + its query) per with +
	// a query per card and table + named containers.
	return 3 + 2*p.withs + p.cards + p.tables + p.namedContainers
}

// overviewPlan is the same for an overview dashboard.
type overviewPlan struct {
	input, chartQueries, namedContainers int
}

func (p overviewPlan) cost() int { return 1 + p.input + p.chartQueries + p.namedContainers }

func (g *generator) writeDashboards(budget int) {
	for budget > 0 {
		start := g.w.stats.Resources
		switch r := g.intn(20); {
		case r < 11 && budget >= 3:
			g.writeDetailDashboard(budget)
		case r < 17 || len(g.benchRoots) == 0:
			g.writeOverviewDashboard(budget)
		default:
			g.writeBenchmarkDashboard(budget)
		}
		budget -= g.w.stats.Resources - start
	}
}

// dashboardHeader starts the dashboard's file and writes its first lines.
func (g *generator) dashboardHeader(svc *service, name, title, kind string) {
	base := "dashboards/" + svc.name
	g.beginResourceFile(base, name)
	g.named(0, "dashboard", name)
	g.w.blank()
	kv := []string{"title", quote(title)}
	if g.chance(0.4) {
		kv = append(kv, "documentation", g.writeDoc(base+"/docs", name, title,
			"Use this dashboard to review ACME "+svc.title+" resources."))
	}
	g.w.attrs(1, kv...)
	g.w.blank()
	g.w.line(1, "tags = merge(local."+svc.name+"_common_tags, {")
	g.w.attrs(2, "type", quote(kind))
	g.w.line(1, "})")
	g.dashboards = append(g.dashboards, name)
}

// openContainer opens a nested container; now and then at column 0, as
// hand-edited mods sometimes have it.
func (g *generator) openContainer(depth int, name string) {
	g.w.blank()
	if name != "" {
		g.named(depth, "container", name)
		return
	}
	if g.chance(0.05) {
		g.w.open(0, "container", "")
		return
	}
	g.w.open(depth, "container", "")
}

func (g *generator) writeDetailDashboard(budget int) {
	p := detailPlan{withs: g.between(1, 4), cards: g.between(2, 6), tables: g.between(1, 2)}
	if g.chance(0.2) {
		p.namedContainers = 1
	}
	for p.cost() > budget {
		switch {
		case p.cards > 0:
			p.cards--
		case p.withs > 0:
			p.withs--
		case p.tables > 0:
			p.tables--
		default:
			p.namedContainers = 0
		}
	}

	svc := g.service()
	noun := pick(g, svc.nouns)
	name := g.names.unique("dashboard", svc.name+"_"+noun+"_detail")
	g.dashboardHeader(svc, name, "ACME "+titleCase(svc.name+"_"+noun)+" Detail", "Detail")

	input := noun + "_arn"
	self := "[self.input." + input + ".value]"
	var queries []func()

	inputQ := g.names.unique("query", name+"_input")
	queries = append(queries, func() { g.writeLocalQuery(inputQ, inputSQL(svc, noun), nil) })
	g.w.blank()
	g.named(1, "input", input)
	g.w.attrs(2, "title", quote("Select a "+humanize(noun)+":"), "query", "query."+inputQ, "width", "4")
	g.w.close(1)

	if p.cards > 0 {
		g.openContainer(1, "")
		order := g.rng.Perm(len(aspects))
		for i := range p.cards {
			a := aspects[order[i%len(order)]]
			q := g.names.unique("query", svc.name+"_"+noun+"_"+a.name)
			queries = append(queries, func() { g.writeLocalQuery(q, cardSQL(svc, noun, a), []string{"arn"}) })
			g.w.blank()
			g.w.open(2, "card", "")
			g.w.attrs(3, "width", "2", "query", "query."+q, "args", self)
			g.w.close(2)
		}
		g.w.blank()
		g.w.close(1)
	}

	type withInfo struct {
		name, col string
		svc       *service
		noun      string
	}
	var withs []withInfo
	for range p.withs {
		other := g.service()
		otherNoun := pick(g, other.nouns)
		wname := g.names.unique("with:"+name, plural(otherNoun)+"_for_"+noun)
		col := otherNoun + "_arn"
		q := g.names.unique("query", wname+"_"+svc.name)
		queries = append(queries, func() { g.writeLocalQuery(q, withSQL(svc, noun, other, otherNoun, col), []string{"arn"}) })
		g.w.blank()
		g.named(1, "with", wname)
		g.w.attrs(2, "query", "query."+q, "args", self)
		g.w.close(1)
		withs = append(withs, withInfo{wname, col, other, otherNoun})
	}

	g.openContainer(1, "")
	g.w.blank()
	if gp := g.panels["graph"]; len(gp) > 0 && g.chance(0.3) {
		pn := pick(g, gp)
		g.w.open(2, "graph", "")
		g.w.attrs(3, "title", quote("Relationships"), "base", "graph."+pn.name)
		g.w.line(3, "args = {")
		g.w.attrs(4, pn.param, "self.input."+input+".value")
		g.w.line(3, "}")
	} else {
		g.w.open(2, "graph", "")
		g.w.attrs(3, "title", quote("Relationships"), "type", quote("graph"), "direction", quote("TD"))
		for _, w := range withs {
			n := elementFor(g, g.nodesByNoun, g.nodes, w.svc, w.noun)
			g.w.blank()
			g.w.open(3, "node", "")
			g.w.attrs(4, "base", "node."+n.name)
			g.w.line(4, "args = {")
			g.w.attrs(5, n.param, "with."+w.name+".rows[*]."+w.col)
			g.w.line(4, "}")
			g.w.close(3)
		}
		n := elementFor(g, g.nodesByNoun, g.nodes, svc, noun)
		g.w.blank()
		g.w.open(3, "node", "")
		g.w.attrs(4, "base", "node."+n.name, "args", "{ "+n.param+" = "+self+" }")
		g.w.close(3)
		for range g.between(1, 3) {
			e := elementFor(g, g.edgesByNoun, g.edges, svc, noun)
			g.w.blank()
			g.w.open(3, "edge", "")
			g.w.attrs(4, "base", "edge."+e.name)
			g.w.line(4, "args = {")
			g.w.attrs(5, e.param, self)
			g.w.line(4, "}")
			g.w.close(3)
		}
	}
	g.w.close(2)
	g.w.blank()
	g.w.close(1)

	if p.tables > 0 {
		cname := ""
		if p.namedContainers > 0 {
			cname = g.names.unique("container", name+"_details")
		}
		g.openContainer(1, cname)
		for t := range p.tables {
			q := g.names.unique("query", svc.name+"_"+noun+"_tags")
			sql := tagsSQL(svc, noun)
			title := "Tags"
			if t > 0 {
				sql = controlSQL(svc, noun, pick(g, aspects), []param{{cond: "r.arn = %s"}})
				title = "Configuration"
			}
			queries = append(queries, func() { g.writeLocalQuery(q, sql, []string{"arn"}) })
			g.w.blank()
			g.w.open(2, "table", "")
			g.w.attrs(3, "title", quote(title), "width", "6", "query", "query."+q, "args", self)
			if t > 0 {
				g.w.blank()
				g.w.open(3, "column", "resource")
				g.w.attrs(4, "display", quote("none"))
				g.w.close(3)
			}
			g.w.close(2)
		}
		g.w.blank()
		g.w.close(1)
	} else if p.namedContainers > 0 {
		g.openContainer(1, g.names.unique("container", name+"_notes"))
		g.w.attrs(2, "width", "12")
		g.w.close(1)
	}
	g.w.blank()
	g.w.close(0)

	for _, q := range queries {
		g.w.blank()
		q()
	}
}

// writeLocalQuery writes a query that belongs to one dashboard, with a
// param block per name in params.
// basedPanel writes, inside a container, an anonymous panel of type typ
// based on one of the top-level panels of that type (if there are any),
// passing args when not empty.
func (g *generator) basedPanel(typ, args string) {
	panels := g.panels[typ]
	if len(panels) == 0 {
		return
	}
	g.w.blank()
	g.w.open(2, typ, "")
	kv := []string{"base", typ + "." + pick(g, panels).name}
	if args != "" {
		kv = append(kv, "args", args)
	}
	g.w.attrs(3, kv...)
	g.w.close(2)
}

func (g *generator) writeLocalQuery(name string, sql []string, params []string) {
	g.named(0, "query", name)
	g.w.heredoc(1, "sql", sql)
	for _, p := range params {
		g.w.blank()
		g.w.empty(1, "param", p)
	}
	g.w.close(0)
}

func (g *generator) writeOverviewDashboard(budget int) {
	p := overviewPlan{chartQueries: g.between(0, 3)}
	if len(g.panels["input"]) > 0 && g.chance(0.5) {
		p.input = 1
	}
	if g.chance(0.3) {
		p.namedContainers = 1
	}
	for p.cost() > budget {
		switch {
		case p.chartQueries > 0:
			p.chartQueries--
		case p.namedContainers > 0:
			p.namedContainers--
		default:
			p.input = 0
		}
	}

	g.overviews++
	svc := g.service()
	noun := pick(g, svc.nouns)
	name := g.names.unique("dashboard", svc.name+"_"+noun+"_dashboard")
	g.dashboardHeader(svc, name, "ACME "+titleCase(svc.name+"_"+noun)+" Dashboard", "Dashboard")
	args := ""
	if p.input > 0 {
		g.w.blank()
		g.named(1, "input", "owner")
		g.w.attrs(2, "base", "input."+pick(g, g.panels["input"]).name)
		g.w.close(1)
		args = "{ owner = self.input.owner.value }"
	}

	g.w.blank()
	g.w.line(1, "# Analysis")
	g.openContainer(1, "")
	g.basedPanel("card", args)
	order := g.rng.Perm(len(aspects))
	for i := range g.between(2, 4) {
		a := aspects[order[i]]
		g.w.blank()
		g.w.open(2, "card", "")
		g.w.attrs(3,
			"label", quote(titleCase(a.name)),
			"width", "2",
			"type", quote(pick(g, []string{"info", "alert", "ok", "plain"})),
			"sql", inline([]string{"select count(*) as value from " + table(svc, noun) + " as r where not (" + a.cond + ")"}),
		)
		g.w.close(2)
	}
	g.w.blank()
	g.w.close(1)

	cname := ""
	if p.namedContainers > 0 {
		cname = g.names.unique("container", name+"_analysis")
	}
	g.openContainer(1, cname)
	var queries []func()
	if charts := g.panels["chart"]; len(charts) > 0 {
		g.w.blank()
		g.w.open(2, "chart", "")
		g.w.attrs(3, "base", "chart."+pick(g, charts).name, "width", "4")
		g.w.close(2)
	}
	for i := range p.chartQueries + 1 {
		by := []string{"region", "account_id", "type", "status"}[i%4]
		g.w.blank()
		g.w.open(2, "chart", "")
		g.w.attrs(3, "title", quote(titleCase(plural(noun))+" by "+humanize(by)), "type", quote(pick(g, []string{"column", "donut", "bar"})), "width", "4")
		if i < p.chartQueries {
			q := g.names.unique("query", name+"_by_"+by)
			queries = append(queries, func() { g.writeLocalQuery(q, countSQL(svc, noun, by), nil) })
			g.w.attrs(3, "query", "query."+q)
		} else {
			g.w.heredoc(3, "sql", countSQL(svc, noun, by))
		}
		g.w.blank()
		g.w.line(3, `legend { display = "auto" }`)
		g.w.blank()
		g.w.open(3, "series", "Total")
		g.w.attrs(4, "color", quote(pick(g, colors)))
		g.w.close(3)
		g.w.close(2)
	}
	g.w.blank()
	g.w.close(1)

	g.openContainer(1, "")
	g.basedPanel("table", args)
	// Every overview embeds one of these panels in turn, and some more.
	extras := []string{"flow", "hierarchy", "text", "image"}
	always := extras[g.overviews%len(extras)]
	for _, typ := range extras {
		if ps := g.panels[typ]; len(ps) > 0 && (typ == always || g.chance(0.3)) {
			g.w.blank()
			g.w.open(2, typ, "")
			g.w.attrs(3, "base", typ+"."+pick(g, ps).name, "width", strconv.Itoa(pick(g, []int{4, 6, 12})))
			g.w.close(2)
		}
	}
	g.w.blank()
	g.w.open(2, "text", "")
	g.w.attrs(3, "value", quote(fmt.Sprintf("Counts include every %s the `%s` table returns.", humanize(noun), table(svc, noun))))
	g.w.close(2)
	g.w.blank()
	g.w.close(1)

	if len(g.dashboards) > 1 && (!g.embedded || g.chance(0.1)) {
		g.embedded = true
		g.w.blank()
		g.w.open(1, "dashboard", "")
		g.w.attrs(2, "base", "dashboard."+g.dashboards[g.intn(len(g.dashboards)-1)])
		g.w.close(1)
	}
	g.w.blank()
	g.w.close(0)
	for _, q := range queries {
		g.w.blank()
		q()
	}
}

func (g *generator) writeBenchmarkDashboard(budget int) {
	root := pick(g, g.benchRoots)
	svc := g.service()
	name := g.names.unique("dashboard", root+"_dashboard")
	g.dashboardHeader(svc, name, "ACME "+titleCase(root)+" Benchmark", "Benchmark")
	g.w.blank()
	g.w.open(1, "text", "")
	g.w.attrs(2, "value", quote("Results of the "+titleCase(root)+" benchmark across all ACME accounts."))
	g.w.close(1)

	cname := ""
	if budget >= 2 && g.chance(0.4) {
		cname = g.names.unique("container", name+"_results")
	}
	g.openContainer(1, cname)
	g.w.blank()
	g.w.open(2, "card", "")
	g.w.attrs(3, "label", quote("Controls"), "width", "3", "sql", quote("select count(*) as value from acme_audit_control_result"))
	g.w.close(2)
	g.w.blank()
	g.w.open(2, "benchmark", "")
	g.w.attrs(3, "base", "benchmark."+root)
	g.w.close(2)
	g.w.blank()
	g.w.close(1)
	if g.detRoot != "" && g.chance(0.5) {
		g.openContainer(1, "")
		g.w.blank()
		g.w.open(2, "benchmark", "")
		g.w.attrs(3, "base", "benchmark."+g.detRoot)
		g.w.close(2)
		g.w.blank()
		g.w.close(1)
	}
	g.w.blank()
	g.w.close(0)
}
