package modgen

// This file writes the shared queries that controls and detections use, one
// folder per service under queries/.

import "fmt"

// query is a generated query block.
type query struct {
	name   string
	svc    *service
	noun   string
	asp    aspect
	params []param
}

// queriesPerFile is the number of shared queries per file.
const queriesPerFile = 40

func (g *generator) writeSharedQueries(n int) {
	g.byNoun = map[string][]*query{}
	for si := range services {
		svc := &services[si]
		count := n / len(services)
		if si < n%len(services) {
			count++
		}
		for i := range count {
			if i%queriesPerFile == 0 {
				stem := svc.name
				if i > 0 {
					stem = fmt.Sprintf("%s_%d", svc.name, i/queriesPerFile+1)
				}
				g.beginResourceFile("queries/"+svc.name, stem)
				g.w.line(0, "# "+svc.title+" queries shared by controls and detections.")
			}
			g.w.blank()
			q := g.newQuery(svc)
			g.writeQuery(0, q, controlSQL(q.svc, q.noun, q.asp, q.params))
			g.queries = append(g.queries, q)
			key := svc.name + "/" + q.noun
			g.byNoun[key] = append(g.byNoun[key], q)
		}
	}
}

// newQuery plans a control query for a random table of svc.
func (g *generator) newQuery(svc *service) *query {
	q := &query{svc: svc, noun: pick(g, svc.nouns), asp: pick(g, aspects)}
	q.name = g.names.unique("query", svc.name+"_"+q.noun+"_"+q.asp.name)
	switch r := g.intn(20); {
	case r < 7:
		q.params = []param{g.newParam(g.intn(3))}
	case r < 10:
		k := g.intn(3)
		q.params = []param{g.newParam(k), g.newParam(k + 1)}
	}
	return q
}

// writeQuery writes a query block with the given SQL and q's params.
func (g *generator) writeQuery(depth int, q *query, sql []string) {
	g.named(depth, "query", q.name)
	if g.chance(0.3) {
		g.w.attrs(depth+1, "title", quote(titleCase(q.svc.name+"_"+q.noun)+" "+humanize(q.asp.name)))
	}
	g.w.heredoc(depth+1, "sql", sql)
	g.writeParams(depth+1, q.params)
	g.w.close(depth)
}

// writeParams writes param blocks.
func (g *generator) writeParams(depth int, params []param) {
	for _, p := range params {
		g.w.blank()
		if p.def == "" {
			g.w.empty(depth, "param", p.name)
			continue
		}
		g.w.open(depth, "param", p.name)
		g.w.attrs(depth+1, "description", quote(titleCase(p.name)+" to include."), "default", p.def)
		g.w.close(depth)
	}
}

// queryFor returns a shared query on the same table as svc/noun if there is
// one, else any shared query.
func (g *generator) queryFor(svc *service, noun string) *query {
	if qs := g.byNoun[svc.name+"/"+noun]; len(qs) > 0 {
		return pick(g, qs)
	}
	return pick(g, g.queries)
}

// argsFor renders args for q's params, by name or by position.
func (g *generator) argsFor(q *query, named bool) string {
	vals := make([]string, len(q.params))
	for i, p := range q.params {
		switch p.name {
		case "regions":
			vals[i] = quotedList("eu-west-3")
			if g.vars["regions"] && g.chance(0.5) {
				vals[i] = "var.regions"
			}
		case "max_age_days":
			vals[i] = fmt.Sprint(g.between(3, 36) * 10)
		default:
			vals[i] = quote("platform-team")
		}
	}
	if !named {
		return list(vals)
	}
	s := "{ "
	for i, p := range q.params {
		if i > 0 {
			s += ", "
		}
		s += p.name + " = " + vals[i]
	}
	return s + " }"
}
