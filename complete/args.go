package complete

// This file offers the keys of `args = { … }`: the params of the query that
// runs — the block's own param blocks, those of the query its `query`
// names, or those its `base` brings.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/modls/modls/index"
)

// argKeys offers the params the args of the innermost block bind to, but
// those the object names already.
func (r *request) argKeys() {
	c := r.c
	if r.ix == nil || !c.known || r.mod == nil {
		return
	}
	params, of := r.params()
	if n := len(c.path); n >= 2 && c.path[n-1] == "mod" && (c.path[n-2] == "require" || c.path[n-2] == "requires") {
		params, of = r.dependencyVariables()
	}
	if len(params) == 0 {
		return
	}
	given := r.givenKeys()
	end := r.wordEnd()
	for _, p := range params {
		if given[p.Name()] {
			continue
		}
		kind, detail := ItemParam, "param of "+of
		if p.Kind == index.KindVar {
			kind, detail = ItemVariable, "variable of "+of
		}
		r.add(Item{Label: p.Name(), Kind: kind, Detail: detail, Insert: p.Name() + " = ",
			Start: c.start, End: end, Ref: entryRef(p)})
	}
}

// params returns the param entries the args of the innermost block bind
// to, in order, and what declares them.
func (r *request) params() ([]*index.Entry, string) {
	c := r.c
	var query, base string
	hasSQL := false
	for _, a := range c.scan.Attrs {
		if a.Block != c.block || int(a.ExprRange.End.Byte) > len(r.src) {
			continue
		}
		text := strings.TrimSpace(string(r.src[a.ExprRange.Start.Byte:a.ExprRange.End.Byte]))
		switch a.Name {
		case "query":
			query = text
		case "base":
			base = text
		case "sql":
			hasSQL = true
		}
	}
	own := r.ownParams()
	switch {
	case query != "":
		if q := r.lookup(query, index.KindQuery); q != nil {
			return childParams(q), q.UnqualifiedName()
		}
	case len(own) > 0 || hasSQL:
		return own, "this " + c.path[len(c.path)-1]
	case base != "":
		b := r.lookup(base, index.ParseKind(c.path[len(c.path)-1]))
		if b == nil {
			return nil, ""
		}
		if ps := childParams(b); len(ps) > 0 {
			return ps, b.UnqualifiedName()
		}
		// The base's query.
		bf := b.File()
		for i := range bf.Postings() {
			p := &bf.Postings()[i]
			if p.From() == b && p.Attr() == "query" {
				if ts := r.ix.Resolve(p); len(ts) == 1 {
					return childParams(ts[0]), ts[0].UnqualifiedName()
				}
			}
		}
	}
	return nil, ""
}

// ownParams returns the param entries declared in the innermost block, as
// the index has them.
func (r *request) ownParams() []*index.Entry {
	f := r.ix.File(r.path)
	if f == nil || r.c.block < 0 {
		return nil
	}
	start := r.c.scan.Blocks[r.c.block].Range.Start.Byte
	es := f.Entries()
	for i := range es {
		if e := &es[i]; e.Range.Start.Byte == start && e.Kind != index.KindLocal {
			return childParams(e)
		}
	}
	return nil
}

// lookup finds the one entry of kind k that a reference text names
// (`query.q`, `alias.query.q`).
func (r *request) lookup(text string, k index.Kind) *index.Entry {
	steps := strings.Split(text, ".")
	m := r.mod
	switch len(steps) {
	case 2:
	case 3:
		if m = r.dep(steps[0]); m == nil {
			return nil
		}
		steps = steps[1:]
	default:
		return nil
	}
	if index.ParseKind(steps[0]) != k {
		return nil
	}
	for _, e := range r.ix.Lookup(m.ID, fmt.Sprintf("%s.%s", steps[0], steps[1])) {
		if e.Mod() == m && e.Kind == k {
			return e
		}
	}
	return nil
}

// childParams returns the params declared directly in e, in source order.
func childParams(e *index.Entry) []*index.Entry {
	var out []*index.Entry
	es := e.Descendants()
	for i := range es {
		if p := &es[i]; p.Kind == index.KindParam && p.Parent() == e && p.Name() != "" {
			out = append(out, p)
		}
	}
	return out
}

// givenKeys returns the keys the args object already names, but the one
// at the cursor.
func (r *request) givenKeys() map[string]bool {
	c := r.c
	given := map[string]bool{}
	for _, a := range c.scan.Attrs {
		if a.Block != c.block || a.Name != "args" || int(a.ExprRange.End.Byte) > len(r.src) {
			continue
		}
		text := r.src[a.ExprRange.Start.Byte:a.ExprRange.End.Byte]
		depth := 0
		for i := 0; i < len(text); i++ {
			switch ch := text[i]; {
			case ch == '{' || ch == '[' || ch == '(':
				depth++
			case ch == '}' || ch == ']' || ch == ')':
				depth--
			case depth == 1 && isIdentStart(ch) && (i == 0 || !isIdentByte(text[i-1])):
				j := i
				for j < len(text) && isIdentByte(text[j]) {
					j++
				}
				k := j
				for k < len(text) && (text[k] == ' ' || text[k] == '\t') {
					k++
				}
				at := int(a.ExprRange.Start.Byte) + i
				if k < len(text) && (text[k] == '=' || text[k] == ':') && (k+1 >= len(text) || text[k+1] != '=') && !(at <= c.off && c.off <= at+j-i) {
					given[string(text[i:j])] = true
				}
				i = j - 1
			}
		}
	}
	return given
}

// ArgKey is a key of `args = { key = … }` and what it binds to.
type ArgKey struct {
	Name       string
	Start, End int // the key's byte range
	// Target is the param the key passes a value to — or, in the args of a
	// dependency's `require { mod … { args = { … } } }`, the variable it
	// sets —, nil when the key names none of Targets.
	Target *index.Entry
	// Targets are the params (or the dependency's variables) the args bind
	// to, in order; Of names what declares them ("query.q", "this card",
	// a dependency's name).
	Targets []*index.Entry
	Of      string
}

// ArgKeyAt returns the key of `args = { key = … }` at byte offset off of
// src (the text of the file at path) and what it binds to; ok is false
// elsewhere, or when what the args bind to cannot be known (the query does
// not resolve, a base brings it from elsewhere).
func ArgKeyAt(ix *index.Index, path string, src []byte, off int) (k ArgKey, ok bool) {
	if ix == nil {
		return ArgKey{}, false
	}
	r := &request{ix: ix, path: path, src: src, c: locate(src, off)}
	if f := ix.File(path); f != nil {
		r.mod = f.Mod()
	}
	if r.c.place != placeArgKey || !r.c.known || r.mod == nil {
		return ArgKey{}, false
	}
	k.Start, k.End = r.c.start, r.wordEnd()
	if k.Start >= k.End {
		return ArgKey{}, false
	}
	k.Name = string(src[k.Start:k.End])
	k.Targets, k.Of = r.params()
	if n := len(r.c.path); n >= 2 && r.c.path[n-1] == "mod" && (r.c.path[n-2] == "require" || r.c.path[n-2] == "requires") {
		k.Targets, k.Of = r.dependencyVariables()
	}
	if k.Of == "" {
		return ArgKey{}, false
	}
	for _, e := range k.Targets {
		if e.Name() == k.Name {
			k.Target = e
		}
	}
	return k, true
}

// ArgParam returns the param that the key of `args = { key = … }` at byte
// offset off of src (the text of the file at path) passes a value to (in a
// dependency's require args, the variable it sets), and the key's byte
// range; ok is false elsewhere or when the key names no param of the query
// that runs.
func ArgParam(ix *index.Index, path string, src []byte, off int) (p *index.Entry, start, end int, ok bool) {
	k, ok := ArgKeyAt(ix, path, src, off)
	if !ok || k.Target == nil {
		return nil, 0, 0, false
	}
	return k.Target, k.Start, k.End, true
}

// dependencyVariables returns the variables of the installed dependency
// that the innermost `require { mod "<module path>" { … } }` names, sorted
// by name, and the dependency's name.
func (r *request) dependencyVariables() ([]*index.Entry, string) {
	c := r.c
	b := c.scan.Blocks[c.block]
	if len(b.Labels) != 1 {
		return nil, ""
	}
	want := b.Labels[0].Value
	for _, m := range r.deps() {
		p, _, ok := m.Module()
		if !ok || p != want {
			continue
		}
		var out []*index.Entry
		for _, e := range r.ix.OfKind(m.ID, index.KindVar) {
			if e.Mod() == m && e.Is(index.TopLevel) && e.Name() != "" {
				out = append(out, e)
			}
		}
		slices.SortFunc(out, func(a, b *index.Entry) int { return strings.Compare(a.Name(), b.Name()) })
		return out, m.Name
	}
	return nil, ""
}
