package lsp

// This file defines the custom request modls/resources: the resource tree
// of outline (Groups, GroupMembers, Children) for editor tree views, one
// level at a time. Without a parent it returns the groups of every root
// mod; with a parent (a node's id), that node's children.

import (
	"context"
	"encoding/json"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/outline"
	"github.com/modls/modls/workspace"
)

// The resource tree's groups kept per snapshot (see workspace.Memo), by id,
// encoded.
type treeCache = workspace.Memo[string, json.RawMessage]

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
			return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "modls/resources: %v", err)
		}
	}
	vw, err := s.view(ctx)
	if err != nil {
		return nil, err
	}
	ix := vw.ix
	if p.Parent == "" || outline.IsGroup(p.Parent) {
		// The groups and their members (thousands of nodes in a big mod):
		// made once per snapshot.
		if b, ok := s.treeCache.Get(ix, p.Parent); ok {
			return b, nil
		}
		var v any
		if p.Parent == "" {
			v = groupNodes(outline.Groups(ix))
		} else {
			members, _ := outline.GroupMembers(ix, p.Parent)
			v = vw.nodes(members)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		s.treeCache.Put(ix, p.Parent, b)
		return json.RawMessage(b), nil
	}
	e := outline.EntryByID(ix, p.Parent)
	if e == nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "modls/resources: no resource %q (the tree may be stale: ask for the roots again)", p.Parent)
	}
	return vw.nodes(outline.Children(ix, e)), nil
}

func (v *view) nodes(entries []*index.Entry) []ResourceNode {
	out := make([]ResourceNode, 0, len(entries))
	title := v.titles()
	for _, e := range entries {
		out = append(out, ResourceNode{
			ID: outline.EntryID(e), Kind: e.Kind.BlockType(), Name: e.QualifiedName(), Title: title(e), Mod: e.Mod().Name,
			URI: fileuri.FromPath(e.File().Path), Range: v.rangeOf(e.File(), e.NameRange),
			Children: len(outline.Children(v.ix, e)),
		})
	}
	return out
}

// groupNodes returns the nodes of the tree's groups.
func groupNodes(gs []outline.Group) []ResourceNode {
	out := []ResourceNode{}
	for _, g := range gs {
		out = append(out, ResourceNode{ID: g.ID, Kind: "group", Name: g.Kind.String(),
			Title: g.Title, Mod: g.Mod.Name, URI: fileuri.FromPath(g.Mod.Root), Children: g.Members})
	}
	return out
}
