//go:build cgo

package pgsql

// This file defines Relations: the tables and views a statement reads by
// name, from libpg_query's parse tree.

import "encoding/json"

// Relation is a table or view named in a FROM clause (a RangeVar):
// Offset..End covers its possibly qualified name in the SQL text.
type Relation struct {
	Schema, Name string // as PostgreSQL folds them (unquoted names in lower case)
	Alias        string
	Offset, End  int
}

// Relations returns the relations the statements of sql read by name, in
// text order, without the names a WITH clause of the statement defines
// (common table expressions), which are not tables; ok is false when sql
// does not parse (or the build has no parser).
func Relations(sql string) (rels []Relation, ok bool) {
	if tooDeep(sql) {
		return nil, false
	}
	tree, perr := parseJSON(sql)
	if perr != nil {
		return nil, false
	}
	var root any
	if json.Unmarshal([]byte(tree), &root) != nil {
		return nil, false
	}
	ctes := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if rv, ok := x["RangeVar"].(map[string]any); ok {
				r := Relation{}
				r.Schema, _ = rv["schemaname"].(string)
				r.Name, _ = rv["relname"].(string)
				if a, ok := rv["alias"].(map[string]any); ok {
					r.Alias, _ = a["aliasname"].(string)
				}
				loc, _ := rv["location"].(float64)
				r.Offset = int(loc)
				if r.Name != "" && r.Offset >= 0 && r.Offset < len(sql) {
					r.End = qualifiedEnd(sql, r.Offset)
					rels = append(rels, r)
				}
			}
			if c, ok := x["CommonTableExpr"].(map[string]any); ok {
				if n, ok := c["ctename"].(string); ok {
					ctes[n] = true
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(root)
	out := rels[:0]
	for _, r := range rels {
		if r.Schema == "" && ctes[r.Name] {
			continue
		}
		out = append(out, r)
	}
	sortRelations(out)
	return out, true
}
