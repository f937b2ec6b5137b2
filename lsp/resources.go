package lsp

// This file defines the custom request modls/resources: the resource tree
// for editor tree views, from the index alone. Without a parent it returns
// the groups of every root mod (not of dependencies): "Benchmarks" (those
// that no other benchmark lists as a child) and "Dashboards" (top-level
// ones). With a parent (a node's id) it returns that node's children: a
// group's members, a benchmark's children in the order it lists them, a
// dashboard's or container's panels in source order. Trees are fetched one level at a
// time, as tree views ask, so a 50,000-resource mod answers in
// milliseconds.

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
)

// The resource tree's groups kept per snapshot (see answerCache), by id,
// encoded.
type treeCache = answerCache[string, json.RawMessage]

// Bounds of the tree cache: a workspace has two groups for each root mod.
const (
	treeCacheSize  = 64
	treeCacheBytes = 16 << 20
)

// ResourcesParams are the params of modls/resources.
type ResourcesParams struct {
	// Parent is the id of the node whose children are wanted; empty for
	// the roots.
	Parent string `json:"parent,omitempty"`
}

// ResourceNode is one node of the resource tree.
type ResourceNode struct {
	// ID names the node in a later request's Parent.
	ID    string `json:"id"`
	Kind  string `json:"kind"` // block type: benchmark, control, dashboard, chart, …
	Name  string `json:"name"` // qualified name
	Title string `json:"title,omitempty"`
	// Mod is the name of the mod that defines the resource.
	Mod   string               `json:"mod"`
	URI   protocol.DocumentUri `json:"uri"`
	Range protocol.Range       `json:"range"` // of the name
	// Children counts the node's children (0: a leaf).
	Children int `json:"children"`
}

func (s *Server) resources(ctx context.Context, raw json.RawMessage) (any, error) {
	var p ResourcesParams
	if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, errorf(codeInvalidParams, "modls/resources: %v", err)
		}
	}
	ix, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	if kind, mod, ok := parseGroupID(p.Parent); ok || p.Parent == "" {
		// The groups and their members (thousands of nodes in a big mod):
		// made once per snapshot.
		if b, ok := s.treeCache.get(ix, p.Parent); ok {
			return b, nil
		}
		var v any
		if p.Parent == "" {
			v = resourceGroups(ix)
		} else {
			v = s.nodes(ix, groupMembers(ix, kind, mod))
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		s.treeCache.put(ix, p.Parent, b)
		return json.RawMessage(b), nil
	}
	e := entryByID(ix, p.Parent)
	if e == nil {
		return nil, errorf(codeInvalidParams, "modls/resources: no resource %q (the tree may be stale: ask for the roots again)", p.Parent)
	}
	return s.nodes(ix, resourceChildren(ix, e)), nil
}

func (s *Server) nodes(ix *index.Index, entries []*index.Entry) []ResourceNode {
	out := make([]ResourceNode, 0, len(entries))
	for _, e := range entries {
		out = append(out, ResourceNode{
			ID: entryID(e), Kind: e.Kind.BlockType(), Name: e.QualifiedName(), Title: e.Title(), Mod: e.Mod().Name,
			URI: pathToURI(e.File().Path), Range: s.lspRange(e.File(), e.NameRange),
			Children: len(resourceChildren(ix, e)),
		})
	}
	return out
}

// resourceGroups are the roots: for each root mod (not a dependency) with
// any, a "benchmark" group (its benchmarks that no other benchmark lists as
// a child) and a "dashboard" group (its top-level dashboards).
func resourceGroups(ix *index.Index) []ResourceNode {
	out := []ResourceNode{}
	for _, m := range ix.Mods() {
		if strings.Contains(filepath.ToSlash(m.Root), "/.powerpipe/mods/") {
			continue
		}
		for _, g := range []struct {
			kind  index.Kind
			title string
		}{{index.KindBenchmark, "Benchmarks"}, {index.KindDashboard, "Dashboards"}} {
			n := len(groupMembers(ix, g.kind, m.ID))
			if n == 0 {
				continue
			}
			out = append(out, ResourceNode{ID: fmt.Sprintf("group:%s:%d", g.kind, m.ID), Kind: "group", Name: g.kind.String(),
				Title: g.title, Mod: m.Name, URI: pathToURI(m.Root), Children: n})
		}
	}
	return out
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

// groupMembers are the root benchmarks or the top-level dashboards of mod.
func groupMembers(ix *index.Index, k index.Kind, mod index.ModID) []*index.Entry {
	var out []*index.Entry
	for _, e := range ix.OfKind(mod, k) {
		if e.Is(index.TopLevel) && (k != index.KindBenchmark || !isChild(ix, e)) {
			out = append(out, e)
		}
	}
	return out
}

// entryID is a node id: the file and the byte offset where the block
// starts, stable while the file is unchanged.
func entryID(e *index.Entry) string {
	return fmt.Sprintf("%s#%d", e.File().Path, e.Range.Start.Byte)
}

func entryByID(ix *index.Index, id string) *index.Entry {
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

// resourceChildren returns a benchmark's children in the order it lists
// them, or the panels nested directly in a dashboard or container.
func resourceChildren(ix *index.Index, e *index.Entry) []*index.Entry {
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
