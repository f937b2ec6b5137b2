package modgen

// This file writes the reusable top-level panels (charts, cards, tables,
// inputs, graphs, flows, hierarchies, texts and images) that dashboards
// embed with `base`.

import "fmt"

// panel is a reusable top-level panel. param is the name of its only
// param block, or "" if it has none.
type panel struct {
	typ   string
	name  string
	param string
	svc   *service
	noun  string
}

// panelKinds are the panel types, written round-robin.
var panelKinds = []string{"chart", "card", "table", "input", "graph", "flow", "hierarchy", "text", "image"}

func (g *generator) writePanels(n int) {
	g.panels = map[string][]panel{}
	for i := range n {
		g.beginChunk(i, "components/panels", "panels", "# Reusable panels. Dashboards embed them with base and pass args.")
		svc := g.service()
		noun := pick(g, svc.nouns)
		p := panel{typ: panelKinds[i%len(panelKinds)], svc: svc, noun: noun}
		switch p.typ {
		case "chart":
			g.writeChartPanel(&p)
		case "card":
			g.writeCardPanel(&p)
		case "table":
			g.writeTablePanel(&p)
		case "input":
			g.writeInputPanel(&p)
		case "graph":
			g.writeGraphPanel(&p)
		case "flow":
			g.writeFlowPanel(&p)
		case "hierarchy":
			g.writeHierarchyPanel(&p)
		case "text":
			p.name = g.names.unique("text", svc.name+"_"+noun+"_notes")
			g.named(0, "text", p.name)
			g.w.attrs(1, "type", quote("markdown"))
			g.w.heredoc(1, "value", []string{
				"### " + titleCase(plural(svc.name+"_"+noun)),
				"",
				"Data comes from the `" + table(svc, noun) + "` table and is refreshed hourly.",
				"Numbers can lag behind the ACME console by up to ${var.max_age_days} minutes.",
			}[:g.textLines()])
			g.w.close(0)
		case "image":
			p.name = g.names.unique("image", svc.name+"_"+noun+"_diagram")
			g.named(0, "image", p.name)
			g.w.attrs(1,
				"src", quote("https://assets.acme.example/diagrams/"+svc.name+"/"+noun+".svg"),
				"alt", quote(titleCase(svc.name+"_"+noun)+" diagram"),
				"width", "4",
			)
			g.w.close(0)
		}
		g.panels[p.typ] = append(g.panels[p.typ], p)
	}
}

// textLines returns how many lines of the text panel body to keep; the
// last line interpolates a variable that might not be declared.
func (g *generator) textLines() int {
	if g.vars["max_age_days"] {
		return 4
	}
	return 3
}

func (g *generator) writeChartPanel(p *panel) {
	by := pick(g, []string{"region", "account_id", "type"})
	p.name = g.names.unique("chart", p.svc.name+"_"+p.noun+"_by_"+by)
	g.named(0, "chart", p.name)
	g.w.attrs(1,
		"title", quote(titleCase(plural(p.noun))+" by "+humanize(by)),
		"type", quote(pick(g, []string{"column", "bar", "donut", "pie", "line"})),
		"width", "4",
	)
	g.w.heredoc(1, "sql", countSQL(p.svc, p.noun, by))
	g.w.blank()
	g.w.line(1, `legend { position = "bottom" }`)
	if g.chance(0.5) {
		g.w.blank()
		g.w.open(1, "axes", "")
		g.w.open(2, "y", "")
		g.w.attrs(3, "min", "0")
		g.w.open(3, "title", "")
		g.w.attrs(4, "value", quote("Total"))
		g.w.close(3)
		g.w.close(2)
		g.w.close(1)
	}
	g.w.blank()
	g.w.open(1, "series", "Total")
	g.w.attrs(2, "title", quote(titleCase(plural(p.noun))), "color", quote(pick(g, colors)))
	g.w.close(1)
	g.w.close(0)
}

func (g *generator) writeCardPanel(p *panel) {
	p.name = g.names.unique("card", p.svc.name+"_"+p.noun+"_count")
	p.param = "owner"
	g.named(0, "card", p.name)
	g.w.attrs(1, "title", quote(titleCase(plural(p.noun))), "icon", quote(pick(g, icons)), "width", "2")
	g.w.heredoc(1, "sql", []string{
		"select",
		"  count(*) as value,",
		"  '" + titleCase(plural(p.noun)) + "' as label",
		"from",
		"  " + table(p.svc, p.noun),
		"where",
		"  tags ->> 'owner' = $1 or $1 = 'all';",
	})
	g.writeParams(1, []param{{name: "owner", def: quote("all")}})
	g.w.close(0)
}

func (g *generator) writeTablePanel(p *panel) {
	p.name = g.names.unique("table", p.svc.name+"_"+p.noun+"_inventory")
	p.param = "owner"
	g.named(0, "table", p.name)
	g.w.attrs(1, "title", quote(titleCase(p.noun)+" inventory"), "width", "12")
	g.w.heredoc(1, "sql", []string{
		"select",
		"  title as \"Name\",",
		"  arn as \"ARN\",",
		"  region as \"Region\",",
		"  created_at as \"Created\"",
		"from",
		"  " + table(p.svc, p.noun),
		"where",
		"  tags ->> 'owner' = $1 or $1 = 'all'",
		"order by",
		"  created_at desc;",
	})
	g.writeParams(1, []param{{name: "owner", def: quote("all")}})
	g.w.blank()
	g.w.open(1, "column", "ARN")
	g.w.attrs(2, "display", quote("none"))
	g.w.close(1)
	g.w.blank()
	g.w.open(1, "column", "Name")
	g.w.attrs(2, "href", quote(fmt.Sprintf("/%s.dashboard.%s_%s_detail?input.arn={{.'ARN' | @uri}}", modName, p.svc.name, p.noun)))
	g.w.close(1)
	g.w.close(0)
}

func (g *generator) writeInputPanel(p *panel) {
	p.name = g.names.unique("input", p.svc.name+"_owner_picker")
	g.named(0, "input", p.name)
	g.w.attrs(1, "title", quote("Owner"), "type", quote("select"), "width", "3", "placeholder", quote("Select an owner"))
	for _, o := range []string{"all", "platform-team", "data-team", "security-team"} {
		g.w.blank()
		g.w.open(1, "option", o)
		g.w.attrs(2, "label", quote(titleCase(o)))
		g.w.close(1)
	}
	g.w.close(0)
}

func (g *generator) writeGraphPanel(p *panel) {
	p.name = g.names.unique("graph", p.svc.name+"_"+p.noun+"_relationships")
	p.param = p.noun + "_arn"
	g.named(0, "graph", p.name)
	g.w.attrs(1, "title", quote("Relationships"), "type", quote("graph"), "direction", quote("TD"))
	g.writeParams(1, []param{{name: p.param}})

	other := g.service()
	otherNoun := pick(g, other.nouns)
	with := g.names.unique("with:"+p.name, plural(otherNoun)+"_for_"+p.noun)
	col := otherNoun + "_arn"
	g.w.blank()
	g.named(1, "with", with)
	g.w.heredoc(2, "sql", withSQL(p.svc, p.noun, other, otherNoun, col))
	g.w.attrs(2, "args", "[param."+p.param+"]")
	g.w.close(1)

	n1 := elementFor(g, g.nodesByNoun, g.nodes, p.svc, p.noun)
	n2 := elementFor(g, g.nodesByNoun, g.nodes, other, otherNoun)
	g.w.blank()
	g.w.open(1, "node", "")
	g.w.attrs(2, "base", "node."+n1.name, "args", "{ "+n1.param+" = [param."+p.param+"] }")
	g.w.close(1)
	g.w.blank()
	g.w.open(1, "node", "")
	g.w.attrs(2, "base", "node."+n2.name)
	g.w.line(2, "args = {")
	g.w.attrs(3, n2.param, "with."+with+".rows[*]."+col)
	g.w.line(2, "}")
	g.w.close(1)
	e := elementFor(g, g.edgesByNoun, g.edges, p.svc, p.noun)
	g.w.blank()
	g.w.open(1, "edge", "")
	g.w.attrs(2, "base", "edge."+e.name, "args", "{ "+e.param+" = [param."+p.param+"] }")
	g.w.close(1)
	g.w.blank()
	g.named(1, "category", "unknown_"+otherNoun)
	g.w.attrs(2, "title", quote("Unknown "+humanize(otherNoun)), "color", quote("#9ca3af"))
	g.w.close(1)
	g.w.close(0)
}

func (g *generator) writeFlowPanel(p *panel) {
	p.name = g.names.unique("flow", p.svc.name+"_"+p.noun+"_flow")
	g.named(0, "flow", p.name)
	g.w.attrs(1, "title", quote(titleCase(plural(p.noun))+" by region"), "type", quote("sankey"))
	g.w.blank()
	g.w.open(1, "node", "")
	g.w.attrs(2, "category", "category."+pick(g, g.categories))
	g.w.attrs(2, "sql", quote("select distinct region as id, region as title from "+table(p.svc, p.noun)))
	g.w.close(1)
	g.w.blank()
	g.w.open(1, "node", "")
	g.w.attrs(2, "sql", quote("select arn as id, title from "+table(p.svc, p.noun)))
	g.w.close(1)
	g.w.blank()
	g.w.open(1, "edge", "")
	g.w.attrs(2, "sql", quote("select region as from_id, arn as to_id from "+table(p.svc, p.noun)))
	g.w.close(1)
	g.w.close(0)
}

func (g *generator) writeHierarchyPanel(p *panel) {
	p.name = g.names.unique("hierarchy", p.svc.name+"_"+p.noun+"_tree")
	g.named(0, "hierarchy", p.name)
	g.w.attrs(1, "title", quote(titleCase(p.noun)+" tree"), "type", quote("tree"))
	g.w.heredoc(1, "sql", []string{
		"select arn as id, parent_arn as from_id, title, 'resource' as category",
		"from " + table(p.svc, p.noun) + ";",
	})
	g.w.blank()
	g.named(1, "category", "resource")
	g.w.attrs(2, "color", quote(pick(g, colors)))
	g.w.close(1)
	g.w.close(0)
}
