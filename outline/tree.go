package outline

// This file defines the resource tree, from the index alone, one level at
// a time, as editors' tree views ask: the roots are groups of each root
// mod (not of dependencies), "Benchmarks" (those that no other benchmark
// lists as a child) and "Dashboards" (top-level ones); a group's children
// are its members, a benchmark's its children in the order it lists them,
// a dashboard's or container's the panels nested directly in it, in
// source order. A 50,000-resource mod answers in milliseconds.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/modls/modls/index"
)

// Group is a root of the resource tree: the benchmarks or the dashboards
// of a root mod.
type Group struct {
	ID      string // names the group in GroupMembers
	Kind    index.Kind
	Title   string // "Benchmarks", "Dashboards"
	Mod     *index.Mod
	Members int
}

// Groups returns the roots of the tree: for each root mod (not a
// dependency) with any, a benchmark group (its benchmarks that no other
// benchmark lists as a child) and a dashboard group (its top-level
// dashboards).
func Groups(ix *index.Index) []Group {
	var out []Group
	for _, m := range ix.Mods() {
		if m.IsDependency() {
			continue
		}
		for _, g := range []struct {
			kind  index.Kind
			title string
		}{{index.KindBenchmark, "Benchmarks"}, {index.KindDashboard, "Dashboards"}} {
			n := len(members(ix, g.kind, m.ID))
			if n == 0 {
				continue
			}
			out = append(out, Group{ID: fmt.Sprintf("group:%s:%d", g.kind, m.ID), Kind: g.kind, Title: g.title, Mod: m, Members: n})
		}
	}
	return out
}

// GroupMembers returns the members of the group id names; false when id
// names no group.
func GroupMembers(ix *index.Index, id string) ([]*index.Entry, bool) {
	k, mod, ok := parseGroupID(id)
	if !ok {
		return nil, false
	}
	return members(ix, k, mod), true
}

// IsGroup reports whether id names a group.
func IsGroup(id string) bool {
	_, _, ok := parseGroupID(id)
	return ok
}

func parseGroupID(id string) (index.Kind, index.ModID, bool) {
	parts := strings.Split(id, ":")
	if len(parts) != 3 || parts[0] != "group" {
		return 0, 0, false
	}
	n, err := strconv.ParseUint(parts[2], 10, 32)
	k := index.ParseKind(parts[1])
	if err != nil || (k != index.KindBenchmark && k != index.KindDashboard) {
		return 0, 0, false
	}
	return k, index.ModID(n), true
}

// members are the root benchmarks or the top-level dashboards of mod.
func members(ix *index.Index, k index.Kind, mod index.ModID) []*index.Entry {
	var out []*index.Entry
	for _, e := range ix.OfKind(mod, k) {
		if e.Is(index.TopLevel) && (k != index.KindBenchmark || !isChild(ix, e)) {
			out = append(out, e)
		}
	}
	return out
}

// EntryID is an entry's node id: the file and the byte offset where the
// block starts, stable while the file is unchanged.
func EntryID(e *index.Entry) string {
	return fmt.Sprintf("%s#%d", e.File().Path, e.Range.Start.Byte)
}

// EntryByID returns the entry (not a local) EntryID named, or nil.
func EntryByID(ix *index.Index, id string) *index.Entry {
	i := strings.LastIndexByte(id, '#')
	if i < 0 {
		return nil
	}
	off, err := strconv.ParseUint(id[i+1:], 10, 32)
	if err != nil {
		return nil
	}
	f := ix.File(id[:i])
	if f == nil {
		return nil
	}
	for j := range f.Entries() {
		if e := &f.Entries()[j]; e.Range.Start.Byte == uint32(off) && e.Kind != index.KindLocal {
			return e
		}
	}
	return nil
}

// isChild reports whether a benchmark lists e in its children.
func isChild(ix *index.Index, e *index.Entry) bool {
	for _, p := range ix.References(e) {
		if p.Attr() == "children" && p.From() != nil && p.From().Kind == index.KindBenchmark {
			return true
		}
	}
	return false
}

// Children returns a benchmark's children in the order it lists them, or
// the panels nested directly in a dashboard or container.
func Children(ix *index.Index, e *index.Entry) []*index.Entry {
	var out []*index.Entry
	f := e.File()
	switch e.Kind {
	case index.KindBenchmark:
		for i := range f.Postings() {
			p := &f.Postings()[i]
			if p.From() != e || p.Attr() != "children" {
				continue
			}
			if ts := ix.Resolve(p); len(ts) > 0 {
				out = append(out, ts[0])
			}
		}
	case index.KindDashboard, index.KindContainer:
		for i := range f.Entries() {
			if c := &f.Entries()[i]; c.Parent() == e {
				out = append(out, c)
			}
		}
	}
	return out
}

// Node is one node of the resource tree.
type Node struct {
	// ID names the node in a later Level's parent.
	ID   string
	Kind string // "group", else the block type: benchmark, control, dashboard, chart, …
	Name string // a group's kind, else the qualified name
	// Title is a group's title, else the entry's as Level's title gives it.
	Title string
	Mod   *index.Mod   // the mod that defines the resource, or the group's
	Entry *index.Entry // nil for a group
	// Children counts the node's children (0: a leaf).
	Children int
}

// Level returns the nodes below parent: with "", the groups of every root
// mod; with a group's id, its members; with an entry's id, its children.
// title gives an entry's title (nil: its literal one). It returns false
// when parent names nothing: the tree the caller holds is stale.
func Level(ix *index.Index, parent string, title func(*index.Entry) string) ([]Node, bool) {
	var entries []*index.Entry
	switch {
	case parent == "":
		out := []Node{}
		for _, g := range Groups(ix) {
			out = append(out, Node{ID: g.ID, Kind: "group", Name: g.Kind.String(), Title: g.Title, Mod: g.Mod, Children: g.Members})
		}
		return out, true
	case IsGroup(parent):
		entries, _ = GroupMembers(ix, parent)
	default:
		e := EntryByID(ix, parent)
		if e == nil {
			return nil, false
		}
		entries = Children(ix, e)
	}
	if title == nil {
		title = (*index.Entry).Title
	}
	out := make([]Node, 0, len(entries))
	for _, e := range entries {
		out = append(out, Node{ID: EntryID(e), Kind: e.Kind.BlockType(), Name: e.QualifiedName(), Title: title(e),
			Mod: e.Mod(), Entry: e, Children: len(Children(ix, e))})
	}
	return out, true
}
