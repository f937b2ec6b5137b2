package sqlcat

// This file reads a SQL text's tokens: words, and the relations its FROM
// clauses name with their aliases.

import (
	"strings"

	"github.com/modls/modls/catalog"
	"github.com/modls/modls/pgsql"
)

// word is a token with its folded name (lower case unless quoted).
type word struct {
	pgsql.Token
	name  string
	ident bool // an identifier, quoted or not
}

func words(sql string) []word {
	var out []word
	for _, t := range pgsql.Lex(sql) {
		w := word{Token: t}
		switch t.Kind {
		case pgsql.Comment:
			continue
		case pgsql.Ident:
			w.name, w.ident = strings.ToLower(sql[t.Offset:t.End]), true
		case pgsql.QuotedIdent:
			w.name, w.ident = strings.ReplaceAll(strings.Trim(sql[t.Offset:t.End], `"`), `""`, `"`), true
		default:
			w.name = sql[t.Offset:t.End]
		}
		out = append(out, w)
	}
	return out
}

// clauseEnds are the keywords that end a FROM list (or its item).
var clauseEnds = map[string]bool{
	"where": true, "group": true, "order": true, "having": true, "limit": true, "offset": true, "union": true,
	"intersect": true, "except": true, "on": true, "using": true, "window": true, "fetch": true, "for": true,
	"join": true, "left": true, "right": true, "inner": true, "full": true, "cross": true, "natural": true,
	"select": true, "from": true, "returning": true, "as": true, "lateral": true, "tablesample": true, "with": true,
}

// relation is a table named in a FROM clause.
type relation struct {
	schema, name, alias string
	at                  int // index of its first word
	last                int // index of its last name word (before an alias)
}

// relations finds the relations of ws: after FROM, JOIN, or a comma in a
// FROM list, a name (schema.name), then an optional AS and alias.
func relations(ws []word) []relation {
	var out []relation
	inFrom := false
	depth, fromDepth := 0, 0
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		switch {
		case w.name == "(":
			depth++
			continue
		case w.name == ")":
			depth--
			if depth < fromDepth {
				inFrom = false
			}
			continue
		case w.Kind == pgsql.Ident && (w.name == "from" || w.name == "join"):
			inFrom, fromDepth = true, depth
		case w.name == "," && inFrom && depth == fromDepth:
		case w.Kind == pgsql.Ident && clauseEnds[w.name] && depth == fromDepth:
			inFrom = false
			continue
		default:
			continue
		}
		// A relation may start at i+1.
		j := i + 1
		if j < len(ws) && ws[j].Kind == pgsql.Ident && (ws[j].name == "only" || ws[j].name == "lateral") {
			j++
		}
		if j >= len(ws) || !ws[j].ident || (ws[j].Kind == pgsql.Ident && clauseEnds[ws[j].name]) {
			continue
		}
		r := relation{name: ws[j].name, at: j, last: j}
		if j+2 < len(ws) && ws[j+1].name == "." && ws[j+2].ident {
			r.schema, r.name, r.last = ws[j].name, ws[j+2].name, j+2
		}
		k := r.last + 1
		if k < len(ws) && ws[k].Kind == pgsql.Ident && ws[k].name == "as" {
			k++
		}
		if k < len(ws) && ws[k].ident && !(ws[k].Kind == pgsql.Ident && clauseEnds[ws[k].name]) && !(k+1 < len(ws) && ws[k+1].name == "(") {
			r.alias = ws[k].name
		}
		if k < len(ws) && ws[k].name == "(" {
			continue // a function call: generate_series(…), jsonb_array_elements(…)
		}
		out = append(out, r)
	}
	return out
}

// resolved is a relation found in the catalog.
type resolved struct {
	relation
	table *catalog.Table
}

// inScope returns the relations of ws the catalog has.
func inScope(cat *catalog.Catalog, ws []word) []resolved {
	var out []resolved
	for _, r := range relations(ws) {
		if t := cat.Table(r.schema, r.name); t != nil {
			out = append(out, resolved{r, t})
		}
	}
	return out
}

// qualifier finds the table or alias q names among the relations in scope.
func qualifier(scope []resolved, q string) *catalog.Table {
	for _, r := range scope {
		if r.alias == q {
			return r.table
		}
	}
	for _, r := range scope {
		if r.alias == "" && r.name == q {
			return r.table
		}
	}
	return nil
}
