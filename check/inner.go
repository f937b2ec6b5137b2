package check

// This file checks names that must be unique inside one block rather than
// in the mod (mod-language.md §8.2): the withs of one provider, the inputs
// of one dashboard (its containers included), the categories of one graph,
// flow or hierarchy, and the children of one benchmark.

import (
	"fmt"

	"github.com/modls/modls/index"
)

// innerDuplicates reports the second and later declarations of a with,
// input or nested category whose name is taken in its scope, and a
// benchmark child listed twice.
func innerDuplicates(f *index.File) []Diagnostic {
	type key struct {
		scope *index.Entry
		kind  index.Kind
		name  string
	}
	first := map[key]*index.Entry{}
	var out []Diagnostic
	es := f.Entries()
	for i := range es {
		e := &es[i]
		if !e.Is(index.Scoped) || e.Is(index.Anonymous) || e.Name() == "" || e.Parent() == nil {
			continue
		}
		var scope *index.Entry
		var what string
		switch e.Kind {
		case index.KindWith:
			scope, what = e.Parent(), fmt.Sprintf("%s has two with blocks named %s (Powerpipe: \"duplicate with block\")", e.Parent().UnqualifiedName(), e.Name())
		case index.KindInput:
			for p := e.Parent(); p != nil; p = p.Parent() {
				if p.Kind == index.KindDashboard {
					scope = p
					break
				}
			}
			if scope != nil {
				what = fmt.Sprintf("%s has two inputs named %s, counting those in its containers (Powerpipe: \"duplicate input names\")", scope.UnqualifiedName(), e.Name())
			}
		case index.KindCategory:
			scope, what = e.Parent(), fmt.Sprintf("%s has two categories named %s (Powerpipe: \"duplicate category\")", e.Parent().UnqualifiedName(), e.Name())
		}
		if scope == nil {
			continue
		}
		k := key{scope, e.Kind, e.Name()}
		if o, ok := first[k]; ok {
			out = append(out, Diagnostic{Range: e.NameRange, Severity: Error, Code: CodeDuplicate, Message: what,
				Related: []Related{{Path: f.Path, Range: o.NameRange, Message: "the first " + e.Kind.BlockType() + " of that name"}}})
			continue
		}
		first[k] = e
	}
	seen := map[*index.Entry]map[index.Key]*index.Posting{}
	ps := f.Postings()
	for i := range ps {
		p := &ps[i]
		from := p.From()
		if p.Attr() != "children" || from == nil || from.Kind != index.KindBenchmark || p.Flags&index.Runtime != 0 {
			continue
		}
		if seen[from] == nil {
			seen[from] = map[index.Key]*index.Posting{}
		}
		if o, ok := seen[from][p.Key()]; ok {
			out = append(out, Diagnostic{Range: p.Range, Severity: Error, Code: CodeDuplicate,
				Message: fmt.Sprintf("%s lists %s twice in its children (Powerpipe: \"duplicate child name\")", from.UnqualifiedName(), p.Key()),
				Related: []Related{{Path: f.Path, Range: o.Range, Message: "listed first here"}}})
			continue
		}
		seen[from][p.Key()] = p
	}
	return out
}
