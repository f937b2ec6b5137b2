package complete

// This file offers the candidates of an expression: documented values, the
// reference roots the attribute takes, dependency aliases and functions at
// the start of an expression; after `<root>.` the names the root reaches:
// resources, variables, locals, the inputs, withs and params in scope, and
// a dependency's types and names.

import (
	"slices"
	"strings"

	"github.com/modls/modls/index"
	"github.com/modls/modls/schema"
)

// accepts is what an attribute's expression may reference.
type accepts struct {
	roots     map[string]bool // reference roots by name
	aliases   bool            // dependency aliases
	functions bool
}

// acceptsOf returns what the expression of attribute a (nil: unknown or a
// local) of block d, whose `type` is typ, may reference.
func acceptsOf(d *schema.Block, a *schema.Attribute, typ string) accepts {
	acc := accepts{roots: map[string]bool{}}
	all := func(runtime bool) {
		for _, rt := range schema.Roots() {
			if rt.Name != "connection" && (!rt.Runtime || runtime) {
				acc.roots[rt.Name] = true
			}
		}
		acc.aliases, acc.functions = true, true
	}
	switch {
	case a == nil:
		all(false)
	case a.Type == schema.TypeExpr:
		acc.roots["connection"] = true // connection.<type>; type keywords are not references
	case a.Static:
		acc.roots["connection"], acc.functions = true, true
	case a.Type == schema.Reference || a.Type == schema.ReferenceList:
		targets := a.Targets
		if t, ok := a.TargetsByType[typ]; ok {
			targets = t
		}
		for _, t := range targets {
			if t == schema.SameType {
				t = d.Type
			}
			if rt, ok := schema.RootNamed(t); ok && rt.Resource {
				acc.roots[t], acc.aliases = true, true
			}
		}
	case a.Type == schema.Connection:
		for _, t := range append(slices.Clone(a.Targets), "var", "local") {
			acc.roots[t] = true
		}
		acc.functions = true
	default:
		all(a.Runtime)
	}
	return acc
}

// expr offers the candidates of an attribute's expression.
func (r *request) expr() {
	c := r.c
	word := string(r.src[c.start:c.off])
	if word != "" && '0' <= word[0] && word[0] <= '9' {
		return // a number
	}
	if c.start > 0 && (r.src[c.start-1] == ']' || r.src[c.start-1] == ')') {
		return // a step after an index or a call
	}
	d, a := r.attribute()
	typ := ""
	if d != nil {
		typ = r.typeValue()
	}
	acc := acceptsOf(d, a, typ)
	steps := strings.Split(word, ".")
	partial := steps[len(steps)-1]
	start, end := c.off-len(partial), r.wordEnd()
	if len(steps) == 1 {
		if c.depth == 0 && a != nil {
			r.values(a, start, end)
		}
		r.roots(acc, start, end)
		if acc.functions {
			r.functions(start, end)
		}
		return
	}
	r.names(acc, a, steps, start, end)
}

// attribute returns the innermost block's description and the attribute
// whose expression holds the cursor; either may be nil (a local, an unknown
// attribute or block).
func (r *request) attribute() (*schema.Block, *schema.Attribute) {
	d, ok := r.block()
	if !ok {
		return nil, nil
	}
	a, ok := d.Attribute(r.c.attr)
	if !ok {
		return d, nil
	}
	return d, a
}

// values offers an attribute's documented values, quoted, or true and false.
func (r *request) values(a *schema.Attribute, start, end int) {
	if a.Type == schema.Bool {
		for _, v := range []string{"true", "false"} {
			r.add(Item{Label: v, Kind: ItemValue, Detail: a.Name, Insert: v, Start: start, End: end})
		}
		return
	}
	for _, v := range a.Enum {
		q := `"` + v + `"`
		r.add(Item{Label: q, Kind: ItemValue, Detail: a.Name, Insert: q, Filter: v, Start: start, End: end})
	}
}

// roots offers the reference roots and dependency aliases acc accepts.
func (r *request) roots(acc accepts, start, end int) {
	for _, rt := range schema.Roots() {
		if acc.roots[rt.Name] {
			r.add(Item{Label: rt.Name, Kind: ItemRoot, Detail: rt.Form, Insert: rt.Name, Start: start, End: end,
				Ref: Ref{Kind: RefRoot, Name: rt.Name}})
		}
	}
	if !acc.aliases {
		return
	}
	for _, dep := range r.deps() {
		it := Item{Label: dep.Name, Kind: ItemMod, Detail: "dependency mod", Insert: dep.Name, Start: start, End: end}
		if e := r.modEntry(dep); e != nil {
			it.Ref = entryRef(e)
		}
		r.add(it)
	}
}

// functions offers the function table.
func (r *request) functions(start, end int) {
	for _, f := range schema.Functions() {
		it := Item{Label: f.Name, Kind: ItemFunction, Detail: f.Signature, Start: start, End: end,
			Ref: Ref{Kind: RefFunction, Name: f.Name}}
		it.Insert = f.Name + "()"
		if r.opt.Snippets {
			it.Insert, it.Snippet = f.Name+"($1)", true
		}
		r.add(it)
	}
}

// names offers what follows `<root>.` (steps holds the words before the
// cursor, the partial one last).
func (r *request) names(acc accepts, a *schema.Attribute, steps []string, start, end int) {
	root := steps[0]
	switch len(steps) {
	case 2:
		switch rt, ok := schema.RootNamed(root); {
		case ok && !acc.roots[root]:
			return
		case ok && rt.Resource:
			r.entries(r.mod, index.ParseKind(root), false, a, steps[1], start, end)
		case root == "var" || root == "local":
			r.entries(r.mod, index.ParseKind(root), false, a, steps[1], start, end)
		case root == "self":
			r.add(Item{Label: "input", Kind: ItemKeyword, Detail: "self.input.<name>.value", Insert: "input", Start: start, End: end,
				Ref: Ref{Kind: RefRoot, Name: "self"}})
		case root == "param":
			r.runtime(index.KindParam, start, end)
		case root == "with":
			r.runtime(index.KindWith, start, end)
		case !ok && acc.aliases:
			if r.dep(root) == nil {
				return
			}
			for _, rt := range schema.Roots() {
				if rt.Resource && acc.roots[rt.Name] || rt.Name == "var" && acc.roots["var"] {
					r.add(Item{Label: rt.Name, Kind: ItemRoot, Detail: root + "." + rt.Form, Insert: rt.Name, Start: start, End: end,
						Ref: Ref{Kind: RefRoot, Name: rt.Name}})
				}
			}
		}
	case 3:
		switch {
		case root == "with" && acc.roots["with"]:
			r.add(Item{Label: "rows", Kind: ItemKeyword, Detail: "with." + steps[1] + ".rows[0].<column>, .rows[*].<column>", Insert: "rows", Start: start, End: end,
				Ref: Ref{Kind: RefRoot, Name: "with"}})
			return
		case root == "self" && steps[1] == "input" && acc.roots["self"]:
			r.runtime(index.KindInput, start, end)
		case acc.aliases:
			dep := r.dep(root)
			if _, isRoot := schema.RootNamed(root); dep == nil || isRoot {
				return
			}
			if rt, ok := schema.RootNamed(steps[1]); ok && (rt.Resource || rt.Name == "var") && acc.roots[rt.Name] {
				r.entries(dep, index.ParseKind(steps[1]), true, a, steps[2], start, end)
			}
		}
	case 4:
		if root == "self" && steps[1] == "input" && acc.roots["self"] {
			r.add(Item{Label: "value", Kind: ItemKeyword, Detail: "self.input." + steps[2] + ".value", Insert: "value", Start: start, End: end,
				Ref: Ref{Kind: RefRoot, Name: "self"}})
		}
	}
}

// deps returns the file's mod's direct dependencies.
func (r *request) deps() []*index.Mod {
	if r.mod == nil {
		return nil
	}
	var out []*index.Mod
	for _, id := range r.mod.Deps {
		if m := r.ix.Mod(id); m != nil && m.Name != "" {
			out = append(out, m)
		}
	}
	return out
}

// dep returns the direct dependency whose alias is name, or nil.
func (r *request) dep(name string) *index.Mod {
	for _, m := range r.deps() {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// modEntry returns the mod block that names mod m.
func (r *request) modEntry(m *index.Mod) *index.Entry {
	for _, e := range r.ix.Lookup(m.ID, "mod."+m.Name) {
		if e.Mod().ID == m.ID {
			return e
		}
	}
	return nil
}

// entries offers the names of the entries of kind k in mod m (only the
// top-level ones of a dependency). It leaves out anonymous blocks (their
// names are made up), the block being written (a block is not its own
// base) and, in a list of references, the names the list holds already.
//
// It walks the files of the snapshot rather than asking for the kind's
// entries sorted by place, which costs a sort of thousands of entries on a
// large mod, and keeps only the best names as it goes (see selector).
func (r *request) entries(m *index.Mod, k index.Kind, dep bool, a *schema.Attribute, partial string, start, end int) {
	if m == nil || k == index.KindNone {
		return
	}
	self, _ := r.ix.At(r.path, uint32(r.c.off))
	listed := r.listed(a, dep)
	sel := newSelector(r.opt.Max, partial)
	for _, f := range r.ix.Files() {
		if f.Mod() == nil || f.Mod().ID != m.ID {
			continue
		}
		es := f.Entries()
		for i := range es {
			e := &es[i]
			if e.Kind != k || e.Is(index.Scoped) || e.Is(index.Anonymous) || dep && !e.Is(index.TopLevel) || e == self {
				continue
			}
			if n := e.Name(); n != "" && (len(listed) == 0 || !slices.Contains(listed, n)) {
				sel.add(e)
			}
		}
	}
	r.addSelected(sel, start, end)
}

// listed returns the names of the resources of the type being completed
// that the attribute's list (a ReferenceList) names already, in the
// innermost block; nil for other attributes. A list holds a few names: a
// slice is cheaper to ask than a map, for each of thousands of candidates.
func (r *request) listed(a *schema.Attribute, dep bool) []string {
	c := r.c
	if a == nil || a.Type != schema.ReferenceList || !c.known {
		return nil
	}
	var root, kind string
	steps := strings.Split(string(r.src[c.start:c.off]), ".")
	if dep {
		root, kind = steps[0], steps[1]
	} else {
		kind = steps[0]
	}
	var out []string
	for _, ref := range c.scan.Refs {
		at := c.scan.Attrs[ref.Attr]
		if at.Block != c.block || at.Name != a.Name || ref.Range.Contains(uint32(c.off)) {
			continue // not the list's, or the reference being typed
		}
		s := c.scan.StepsOf(ref)
		switch {
		case !dep && len(s) >= 2 && s[0].Name == kind:
			out = append(out, s[1].Name)
		case dep && len(s) >= 3 && s[0].Name == root && s[1].Name == kind:
			out = append(out, s[2].Name)
		}
	}
	return out
}

// runtime offers the inputs (of the enclosing dashboard), withs or params
// (declared directly in an enclosing entry) in scope at the cursor, the
// innermost first, as the index resolves them.
func (r *request) runtime(k index.Kind, start, end int) {
	if r.ix == nil {
		return
	}
	f := r.ix.File(r.path)
	at, _ := r.ix.At(r.path, uint32(r.c.off))
	if f == nil || at == nil {
		return
	}
	es := f.Entries()
	seen := map[string]bool{}
	sel := newSelector(r.opt.Max, "")
	for a := at; a != nil; a = a.Parent() {
		if k == index.KindInput && a.Kind != index.KindDashboard {
			continue
		}
		for i := range es {
			e := &es[i]
			if e.Kind != k || e.Name() == "" || seen[e.Name()] {
				continue
			}
			if e == at {
				continue // a param's default does not name the param
			}
			if k == index.KindInput && dashboardOf(e) == a || k != index.KindInput && e.Parent() == a {
				seen[e.Name()] = true
				sel.add(e)
			}
		}
	}
	r.addSelected(sel, start, end)
}

// dashboardOf returns the innermost dashboard holding e, or nil.
func dashboardOf(e *index.Entry) *index.Entry {
	for a := e.Parent(); a != nil; a = a.Parent() {
		if a.Kind == index.KindDashboard {
			return a
		}
	}
	return nil
}

// itemKind returns the kind of candidate an entry of kind k is.
func itemKind(k index.Kind) ItemKind {
	switch k {
	case index.KindVar:
		return ItemVariable
	case index.KindLocal:
		return ItemLocal
	case index.KindInput:
		return ItemInput
	case index.KindWith:
		return ItemWith
	case index.KindParam:
		return ItemParam
	case index.KindMod:
		return ItemMod
	}
	return ItemResource
}

// entryRef returns the Ref of entry e.
func entryRef(e *index.Entry) Ref {
	return Ref{Kind: RefEntry, Path: e.File().Path, Offset: e.Range.Start.Byte}
}
