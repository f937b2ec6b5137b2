package lsp

// This file defines the custom request modls/resources: the resource tree
// of outline.Level for editor tree views, one level at a time. Without a parent it returns the groups of every root
// mod; with a parent (a node's id), that node's children.

import (
	"context"
	"encoding/json"

	protocol "github.com/tliron/glsp/protocol_3_16"

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
	// The groups and their members (thousands of nodes in a big mod) are
	// made once per snapshot.
	cached := p.Parent == "" || outline.IsGroup(p.Parent)
	if b, ok := s.treeCache.Get(ix, p.Parent); cached && ok {
		return b, nil
	}
	// Titles of templates evaluated, with the variable files' values.
	nodes, ok := outline.Level(ix, p.Parent, vw.titles())
	if !ok {
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "modls/resources: no resource %q (the tree may be stale: ask for the roots again)", p.Parent)
	}
	out := make([]ResourceNode, len(nodes))
	for i, n := range nodes {
		out[i] = ResourceNode{ID: n.ID, Kind: n.Kind, Name: n.Name, Title: n.Title, Mod: n.Mod.Name, URI: fileuri.FromPath(n.Mod.Root), Children: n.Children}
		if e := n.Entry; e != nil {
			out[i].URI, out[i].Range = fileuri.FromPath(e.File().Path), vw.rangeOf(e.File(), e.NameRange)
		}
	}
	if !cached {
		return out, nil
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	s.treeCache.Put(ix, p.Parent, b)
	return json.RawMessage(b), nil
}
