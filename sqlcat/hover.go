package sqlcat

// This file defines Hover.

import (
	"fmt"
	"strings"

	"github.com/modls/modls/catalog"
)

// maxColumns bounds the columns a table's hover lists.
const maxColumns = 60

// Hover describes the table or column named at byte off of sql, as
// Markdown, with the range of the name; ok is false when the name there is
// not one of the catalog's.
func Hover(cat *catalog.Catalog, sql string, off int) (md string, from, to int, ok bool) {
	if cat == nil {
		return "", 0, 0, false
	}
	ws := words(sql)
	at := -1
	for i, w := range ws {
		if w.ident && w.Offset <= off && off < w.End {
			at = i
		}
	}
	if at < 0 {
		return "", 0, 0, false
	}
	w := ws[at]
	scope := inScope(cat, ws)
	// A relation's own name.
	for _, r := range scope {
		if at == r.last {
			return TableDoc(r.table), w.Offset, w.End, true
		}
		if at == r.at && r.schema != "" {
			if s := cat.Schema(r.schema); s != nil {
				return schemaDoc(s), w.Offset, w.End, true
			}
		}
	}
	// q.name: a column of the table or alias q.
	if at >= 2 && ws[at-1].name == "." && ws[at-2].ident {
		if t := qualifier(scope, ws[at-2].name); t != nil {
			if c := t.Column(w.name); c != nil {
				return columnDoc(t, c), w.Offset, w.End, true
			}
		}
		return "", 0, 0, false
	}
	// The qualifier itself: an alias or a table of the scope.
	if at+1 < len(ws) && ws[at+1].name == "." {
		if t := qualifier(scope, w.name); t != nil {
			return TableDoc(t), w.Offset, w.End, true
		}
	}
	// A bare column of the tables in scope.
	var docs []string
	for _, r := range scope {
		if c := r.table.Column(w.name); c != nil {
			docs = append(docs, columnDoc(r.table, c))
		}
	}
	if len(docs) == 0 {
		return "", 0, 0, false
	}
	return strings.Join(docs, "\n\n---\n\n"), w.Offset, w.End, true
}

// TableDoc is the Markdown of a table: its name, kind, description and
// columns.
func TableDoc(t *catalog.Table) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s.%s** (%s)\n", t.Schema, t.Name, t.Kind)
	if t.Description != "" {
		fmt.Fprintf(&b, "\n%s\n", t.Description)
	}
	if len(t.Columns) > 0 {
		b.WriteString("\n| column | type | description |\n| --- | --- | --- |\n")
		for i, c := range t.Columns {
			if i == maxColumns {
				fmt.Fprintf(&b, "| … | | %d more columns |\n", len(t.Columns)-maxColumns)
				break
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", c.Name, c.Type, cellText(c.Description))
		}
	}
	return b.String()
}

func columnDoc(t *catalog.Table, c *catalog.Column) string {
	s := fmt.Sprintf("**%s** `%s` — column of %s.%s", c.Name, c.Type, t.Schema, t.Name)
	if c.Description != "" {
		s += "\n\n" + c.Description
	}
	return s
}

func schemaDoc(s *catalog.Schema) string {
	out := fmt.Sprintf("**%s** (schema, %d tables)", s.Name, len(s.Tables))
	if s.Description != "" {
		out += "\n\n" + s.Description
	}
	return out
}

// cellText makes text fit in a Markdown table cell.
func cellText(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
