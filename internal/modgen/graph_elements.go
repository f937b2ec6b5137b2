package modgen

// This file writes the top-level categories, nodes and edges that graphs,
// flows and hierarchies reuse.

import "fmt"

// element is a top-level node or edge: its name and the param that takes
// the ARNs to draw.
type element struct {
	name  string
	param string
	svc   *service
	noun  string
}

// elementsPerFile is the number of categories, nodes or edges per file.
const elementsPerFile = 40

var edgeVerbs = []string{"encrypted with", "attached to", "member of", "routes to", "logs to", "uses", "contains", "replicates to"}

// beginChunk starts a new file in base every elementsPerFile blocks.
func (g *generator) beginChunk(i int, base, stem, comment string) {
	if i%elementsPerFile != 0 {
		g.w.blank()
		return
	}
	if i > 0 {
		stem = fmt.Sprintf("%s_%d", stem, i/elementsPerFile+1)
	}
	g.beginResourceFile(base, stem)
	g.w.line(0, comment)
	g.w.blank()
}

func (g *generator) writeCategories(n int) {
	for i := range n {
		g.beginChunk(i, "components/graph", "categories", "# Categories shared by graphs, flows and hierarchies.")
		svc := g.service()
		noun := pick(g, svc.nouns)
		name := g.names.unique("category", svc.name+"_"+noun)
		g.named(0, "category", name)
		kv := []string{
			"title", quote(titleCase(svc.name + "_" + noun)),
			"color", quote(pick(g, colors)),
			"icon", quote(pick(g, icons)),
		}
		if g.chance(0.4) {
			kv = append(kv, "href", quote(fmt.Sprintf("/%s.dashboard.%s_%s_detail?input.%s_arn={{.properties.'ARN' | @uri}}", modName, svc.name, noun, noun)))
		}
		g.w.attrs(1, kv...)
		if g.chance(0.3) {
			g.w.blank()
			g.w.open(1, "fold", "")
			g.w.attrs(2, "title", quote(titleCase(plural(svc.name+"_"+noun))), "icon", quote(pick(g, icons)), "threshold", fmt.Sprint(g.between(2, 10)))
			g.w.close(1)
		}
		g.w.close(0)
		g.categories = append(g.categories, name)
	}
}

func (g *generator) writeNodes(n int) {
	g.nodesByNoun = map[string][]element{}
	for i := range n {
		g.beginChunk(i, "components/graph", "nodes", "# Nodes: one resource kind each, selected by ARN.")
		svc := g.service()
		noun := pick(g, svc.nouns)
		e := element{name: g.names.unique("node", svc.name+"_"+noun), svc: svc, noun: noun}
		e.param = e.name + "_arns"
		g.named(0, "node", e.name)
		g.w.attrs(1, "category", "category."+pick(g, g.categories))
		g.w.blank()
		g.w.heredoc(1, "sql", []string{
			"select",
			"  arn as id,",
			"  title as title,",
			"  jsonb_build_object(",
			"    'ARN', arn,",
			"    'Account ID', account_id,",
			"    'Region', region,",
			"    'Created', created_at",
			"  ) as properties",
			"from",
			"  " + table(svc, noun),
			"  join unnest($1::text[]) as a on arn = a;",
		})
		g.w.blank()
		g.w.empty(1, "param", e.param)
		g.w.close(0)
		g.nodes = append(g.nodes, e)
		g.nodesByNoun[svc.name+"/"+noun] = append(g.nodesByNoun[svc.name+"/"+noun], e)
	}
}

func (g *generator) writeEdges(n int) {
	g.edgesByNoun = map[string][]element{}
	for i := range n {
		g.beginChunk(i, "components/graph", "edges", "# Edges between resource kinds, selected by the ARN of the source.")
		svc := g.service()
		noun := pick(g, svc.nouns)
		other := g.service()
		otherNoun := pick(g, other.nouns)
		e := element{svc: svc, noun: noun}
		e.name = g.names.unique("edge", svc.name+"_"+noun+"_to_"+other.name+"_"+otherNoun)
		e.param = svc.name + "_" + noun + "_arns"
		g.named(0, "edge", e.name)
		g.w.attrs(1, "title", quote(pick(g, edgeVerbs)))
		g.w.blank()
		g.w.heredoc(1, "sql", []string{
			"select",
			"  r.arn as from_id,",
			"  o.arn as to_id",
			"from",
			"  " + table(svc, noun) + " as r",
			"  join " + table(other, otherNoun) + " as o on o.arn = any(r.related_arns)",
			"where",
			"  r.arn = any($1);",
		})
		g.w.blank()
		g.w.empty(1, "param", e.param)
		g.w.close(0)
		g.edges = append(g.edges, e)
		g.edgesByNoun[svc.name+"/"+noun] = append(g.edgesByNoun[svc.name+"/"+noun], e)
	}
}

// elementFor returns an element drawn from svc/noun if there is one in
// byNoun, else any element of all.
func elementFor(g *generator, byNoun map[string][]element, all []element, svc *service, noun string) element {
	if es := byNoun[svc.name+"/"+noun]; len(es) > 0 {
		return pick(g, es)
	}
	return pick(g, all)
}
