package sqlcat

// This file defines Complete.

import (
	"sort"
	"strings"

	"github.com/modls/modls/catalog"
	"github.com/modls/modls/pgsql"
)

// Kind is what a candidate names.
type Kind uint8

const (
	Table Kind = iota + 1
	View
	Column
	Schema
)

// Item is a completion candidate.
type Item struct {
	Label  string
	Kind   Kind
	Detail string // a column's type and table; a table's schema and kind
	Doc    string // Markdown: the description
}

// Complete returns what may be typed at byte off of sql, and the range
// From..To it replaces (the word being typed). ok is false when nothing
// of the catalog fits there (inside a string or comment, after a number).
func Complete(cat *catalog.Catalog, sql string, off int) (items []Item, from, to int, ok bool) {
	if cat == nil || off < 0 || off > len(sql) {
		return nil, 0, 0, false
	}
	for _, t := range pgsql.Lex(sql) {
		switch t.Kind {
		case pgsql.Comment, pgsql.String, pgsql.Unterminated:
			lineComment := t.Kind == pgsql.Comment && strings.HasPrefix(sql[t.Offset:], "--")
			if t.Offset < off && (off < t.End || off == t.End && (lineComment || t.Kind == pgsql.Unterminated)) {
				return nil, 0, 0, false
			}
		}
	}
	ws := words(sql)
	// The word at the cursor, if any, and what stands before it.
	cur := -1
	for i, w := range ws {
		if w.Offset < off && off <= w.End || w.Offset == off && w.ident {
			cur = i
			break
		}
		if w.Offset >= off {
			break
		}
	}
	from, to = off, off
	prev := len(ws) // the index of the last word before the typed one
	for i, w := range ws {
		if w.Offset >= off {
			prev = i
			break
		}
	}
	if cur >= 0 {
		w := ws[cur]
		switch w.Kind {
		case pgsql.Ident, pgsql.QuotedIdent:
			from, to = w.Offset, w.End
			prev = cur
		case pgsql.Punctuation:
			prev = cur + 1 // a "." just typed: the word comes after it
		default:
			return nil, 0, 0, false // in a string, a comment, a number
		}
	}
	prefix := strings.ToLower(sql[from:off])
	before := func(k int) *word {
		if i := prev - k; i >= 0 && i < len(ws) {
			return &ws[i]
		}
		return nil
	}
	scope := inScope(cat, ws)
	add := func(it Item) {
		if strings.HasPrefix(strings.ToLower(it.Label), prefix) {
			items = append(items, it)
		}
	}
	if dot := before(1); dot != nil && dot.name == "." {
		q := before(2)
		if q == nil || !q.ident {
			return nil, 0, 0, false
		}
		if t := qualifier(scope, q.name); t != nil {
			for _, c := range t.Columns {
				add(columnItem(t, c))
			}
			return items, from, to, true
		}
		if s := cat.Schema(q.name); s != nil {
			for i := range s.Tables {
				add(tableItem(&s.Tables[i]))
			}
			return items, from, to, true
		}
		if t := cat.Table("", q.name); t != nil {
			for _, c := range t.Columns {
				add(columnItem(t, c))
			}
			return items, from, to, true
		}
		return nil, 0, 0, false
	}
	if w := before(1); w != nil && w.Kind == pgsql.Ident && (w.name == "from" || w.name == "join") || inFromList(ws, prev) {
		for _, t := range cat.Visible() {
			if t.Schema == "pg_catalog" || t.Schema == "information_schema" {
				continue // Steampipe's tables first: the system's are reached typed
			}
			add(tableItem(t))
		}
		for _, s := range cat.Schemas {
			if !strings.HasPrefix(s.Name, "pg_") && s.Name != "information_schema" {
				add(Item{Label: s.Name, Kind: Schema, Detail: "schema", Doc: s.Description})
			}
		}
		sortItems(items)
		return items, from, to, true
	}
	// Anywhere else: the columns of the tables in scope, then the tables'
	// names and aliases to qualify them.
	seen := map[string]bool{}
	for _, r := range scope {
		for _, c := range r.table.Columns {
			it := columnItem(r.table, c)
			if !seen[it.Label+"\x00"+it.Detail] {
				seen[it.Label+"\x00"+it.Detail] = true
				add(it)
			}
		}
	}
	if len(items) == 0 {
		return nil, 0, 0, false
	}
	sortItems(items)
	return items, from, to, true
}

// inFromList reports whether word i follows a comma of a FROM list.
func inFromList(ws []word, i int) bool {
	if i == 0 || i > len(ws) || ws[i-1].name != "," {
		return false
	}
	depth := 0
	for k := i - 2; k >= 0; k-- {
		switch w := ws[k]; {
		case w.name == ")":
			depth++
		case w.name == "(":
			if depth == 0 {
				return false
			}
			depth--
		case depth == 0 && w.Kind == pgsql.Ident && (w.name == "from" || w.name == "join"):
			return true
		case depth == 0 && w.Kind == pgsql.Ident && clauseEnds[w.name] && w.name != "as" && w.name != "lateral":
			return false
		}
	}
	return false
}

func tableItem(t *catalog.Table) Item {
	k := Table
	if strings.Contains(t.Kind, "view") {
		k = View
	}
	return Item{Label: t.Name, Kind: k, Detail: t.Schema + " · " + t.Kind, Doc: t.Description}
}

func columnItem(t *catalog.Table, c catalog.Column) Item {
	return Item{Label: c.Name, Kind: Column, Detail: c.Type + " · " + t.Name, Doc: c.Description}
}

func sortItems(items []Item) {
	sort.SliceStable(items, func(i, j int) bool { return items[i].Kind < items[j].Kind })
}
