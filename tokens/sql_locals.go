package tokens

// This file defines SQLLocals: the locals whose values are SQL text.

import (
	"slices"

	"github.com/modls/modls/index"
)

// SQLLocals returns the names of the locals declared in the file at path
// whose values are SQL text, sorted: a local referenced inside an `sql`
// attribute, or inside the value of such a local (common_dimensions_sql =
// replace(local.common_dimensions_qualifier_sql, …)), anywhere in its mod.
// It returns nil when ix is nil or does not hold the file.
func SQLLocals(ix *index.Index, path string) []string {
	var f *index.File
	if ix != nil {
		f = ix.File(path)
	}
	if f == nil || f.Mod() == nil {
		return nil
	}
	var out []string
	for _, e := range f.Entries() {
		if e.Kind == index.KindLocal && !slices.Contains(out, e.Name()) && sqlLocal(ix, f.Mod().ID, e.Name()) {
			out = append(out, e.Name())
		}
	}
	slices.Sort(out)
	return out
}

// sqlLocal reports whether the value of local name of mod ends up in SQL:
// whether a chain of references leads from it to an `sql` attribute, each
// reference in the value of the local the next one names.
func sqlLocal(ix *index.Index, mod index.ModID, name string) bool {
	seen := map[string]bool{name: true}
	for queue := []string{name}; len(queue) > 0; queue = queue[1:] {
		for _, p := range ix.Named(mod, index.KindLocal, queue[0]) {
			if p.Attr() == "sql" {
				return true
			}
			if e := p.From(); e != nil && e.Kind == index.KindLocal && !seen[e.Name()] {
				seen[e.Name()] = true
				queue = append(queue, e.Name())
			}
		}
	}
	return false
}
