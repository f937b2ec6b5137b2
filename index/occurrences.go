package index

// This file defines the lookups behind find-references, document highlights
// and rename: everything that names what a position designates, the
// references written with a given target, resolved or not, and the places
// where they write the name.

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/modls/modls/parse"
)

// Occurrences returns what the byte offset in the file at path designates
// (the entry whose name is there, or the entries the reference there
// resolves to) together with everything that names the same thing; see
// Related. Both results are nil when the offset is on neither an entry's name
// nor a reference that resolves.
func (ix *Index) Occurrences(path string, offset uint32) (decls []*Entry, refs []*Posting) {
	_, targets := ix.Definition(path, offset)
	return ix.Related(targets)
}

// Related returns targets with the postings that refer to any of them, and
// closes the set: an entry that one of those postings also resolves to (the
// same name declared twice) is added with its own references. decls are
// sorted by file and position, as are refs, each once. For a mod entry, refs
// are the references written with its alias, and decls is the mod entry
// alone.
func (ix *Index) Related(targets []*Entry) (decls []*Entry, refs []*Posting) {
	if set, ok := ix.nameSet(targets); ok {
		return set, ix.References(set[0])
	}
	seenE := make(map[*Entry]bool, len(targets))
	for _, e := range targets {
		if !seenE[e] {
			seenE[e] = true
			decls = append(decls, e)
		}
	}
	seenP := map[*Posting]bool{}
	for i := 0; i < len(decls); i++ {
		e := decls[i]
		for _, p := range ix.References(e) {
			if seenP[p] {
				continue
			}
			seenP[p] = true
			refs = append(refs, p)
			if e.Kind == KindMod {
				continue // the posting names a resource of the mod, not the mod
			}
			for _, o := range ix.Resolve(p) {
				if !seenE[o] {
					seenE[o] = true
					decls = append(decls, o)
				}
			}
		}
	}
	slices.SortFunc(decls, compareEntries)
	slices.SortFunc(refs, comparePostings)
	return decls, refs
}

// RelatedIn is Related restricted to the file at path: the declarations and
// references that lie in it. For a name of the mod's namespace it reads only
// that file's postings, however many references the name has elsewhere.
func (ix *Index) RelatedIn(path string, targets []*Entry) (decls []*Entry, refs []*Posting) {
	set, ok := ix.nameSet(targets)
	if !ok {
		ds, rs := ix.Related(targets)
		for _, d := range ds {
			if d.file.Path == path {
				decls = append(decls, d)
			}
		}
		for _, r := range rs {
			if r.file.Path == path {
				refs = append(refs, r)
			}
		}
		return decls, refs
	}
	f := ix.File(path)
	if f == nil {
		return nil, nil
	}
	for _, d := range set {
		if d.file == f {
			decls = append(decls, d)
		}
	}
	e := set[0]
	k, name, mod := e.Kind, e.Name(), e.file.mod.ID
	for i := range f.postings {
		p := &f.postings[i]
		if p.Flags&Runtime == 0 && p.Kind == k && p.Name() == name {
			if m := ix.targetMod(p); m != nil && m.ID == mod {
				refs = append(refs, p)
			}
		}
	}
	return decls, refs
}

// nameSet returns, when targets are entries of one name in a mod's
// namespace that references to the name resolve to, every entry they
// resolve to (sorted by file and position), and true. It returns false for
// anything else: runtime scopes, mods, a nested entry shadowed by a
// top-level one of the same name.
func (ix *Index) nameSet(targets []*Entry) ([]*Entry, bool) {
	if len(targets) == 0 {
		return nil, false
	}
	e := targets[0]
	if !registered(e) || e.Kind == KindMod {
		return nil, false
	}
	for _, t := range targets[1:] {
		if !registered(t) || t.Kind != e.Kind || t.Name() != e.Name() || t.file.mod.ID != e.file.mod.ID {
			return nil, false
		}
	}
	set := preferTopLevel(ix.byName(e.file.mod.ID, e.Kind, e.Name()))
	for _, t := range targets {
		if !slices.Contains(set, t) {
			return nil, false
		}
	}
	return set, true
}

// Named returns the references written in any mod that target the name
// `<kind>.<name>` of mod: those without alias made in mod, and those whose
// alias resolves to mod, whether or not an entry of that name exists. Runtime
// references (`with.x`, `param.x`, `self.input.x`) are not included. They are
// sorted by file and position. References reads an entry's references with
// it; rename finds with it the references that a new name would capture.
func (ix *Index) Named(mod ModID, k Kind, name string) []*Posting {
	t, stale, fresh := ix.view()
	key := keyOf(mod, k, name)
	tks := search(t.targets, key, key+1)
	var out []*Posting
	if len(tks) > 0 {
		out = make([]*Posting, 0, len(tks)) // 16,000 for a local every control uses
	}
	for _, tk := range tks {
		f := t.files[tk.slot]
		if p := &f.postings[tk.i]; !stale[f] && p.Name() == name {
			out = append(out, p)
		}
	}
	for _, f := range fresh {
		for i := range f.postings {
			p := &f.postings[i]
			if p.Flags&Runtime == 0 && p.Kind == k && p.Name() == name {
				if m := ix.targetMod(p); m != nil && m.ID == mod {
					out = append(out, p)
				}
			}
		}
	}
	slices.SortFunc(out, comparePostings)
	return out
}

// Controls returns the controls and detections (the children of a
// detection benchmark) that benchmark b reaches through its `children`,
// directly or through the benchmarks among them, transitively, each once,
// in the order a depth-first walk finds them. A benchmark met again (a
// cycle, or one shared by two parents) is walked once. It returns nil when b
// is not a benchmark.
func (ix *Index) Controls(b *Entry) []*Entry {
	if b == nil || b.Kind != KindBenchmark {
		return nil
	}
	var out []*Entry
	seen := map[*Entry]bool{b: true}
	var walk func(*Entry)
	walk = func(b *Entry) {
		for _, p := range ChildRefs(b) {
			for _, c := range ix.Resolve(p) {
				if seen[c] {
					continue
				}
				seen[c] = true
				switch c.Kind {
				case KindControl, KindDetection:
					out = append(out, c)
				case KindBenchmark:
					walk(c)
				}
			}
		}
	}
	walk(b)
	return out
}

// ChildRefs returns the references in the `children` attribute of e itself
// (not of the entries nested in it), in source order.
func ChildRefs(e *Entry) []*Posting {
	f := e.file
	ps := e.Postings()
	var out []*Posting
	for i := range ps {
		p := &ps[i]
		if p.from >= 0 && &f.entries[p.from] == e && p.Attr() == "children" {
			out = append(out, p)
		}
	}
	return out
}

// Place is where a name is written: a declaration's name, or the part of a
// reference that names what its declarations declare.
type Place struct {
	File  *File
	Range parse.Range
	Decl  bool // a declaration's name, not a reference
}

// Places returns where decls and refs (as Related or RelatedIn give them)
// write the name, ordered by file path, then position: a declaration at
// its name, a reference to a mod at its alias, any other at its name step.
// It is nil when ctx ends first. decls and refs mostly come sorted: then
// refs are read once, in one pass that merges decls in (16,000 postings for
// a local that every control uses, all over the heap).
func Places(ctx context.Context, decls []*Entry, refs []*Posting) []Place {
	dp := make([]Place, len(decls))
	for i, e := range decls {
		dp[i] = Place{e.file, e.NameRange, true}
	}
	if !slices.IsSortedFunc(dp, comparePlaces) {
		slices.SortFunc(dp, comparePlaces)
	}
	out := make([]Place, 0, len(decls)+len(refs))
	alias := len(decls) > 0 && decls[0].Kind == KindMod
	for i, p := range refs {
		if i%4096 == 0 && ctx.Err() != nil {
			return nil // cancelled: nobody reads the answer
		}
		pl := Place{File: p.file, Range: p.NameRange()}
		if alias {
			pl.Range = p.AliasRange()
		}
		if i > 0 && comparePlaces(out[len(out)-1], pl) > 0 {
			out = append(out, pl)
			out = append(out, dp...)
			for _, p := range refs[i+1:] {
				pl := Place{File: p.file, Range: p.NameRange()}
				if alias {
					pl.Range = p.AliasRange()
				}
				out = append(out, pl)
			}
			slices.SortStableFunc(out, comparePlaces)
			return out
		}
		for len(dp) > 0 && comparePlaces(dp[0], pl) < 0 {
			out = append(out, dp[0])
			dp = dp[1:]
		}
		out = append(out, pl)
	}
	return append(out, dp...)
}

// comparePlaces orders places by file path, then position.
func comparePlaces(a, b Place) int {
	if a.File != b.File {
		if c := strings.Compare(a.File.Path, b.File.Path); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.Range.Start.Byte, b.Range.Start.Byte)
}
