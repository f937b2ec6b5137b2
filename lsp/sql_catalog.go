package lsp

// This file answers completion and hover inside a resource's SQL from the
// database's catalog (package sqlcat), when there is one.

import (
	"context"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/sqlcat"
)

var sqlcatKinds = map[sqlcat.Kind]protocol.CompletionItemKind{
	sqlcat.Table:  protocol.CompletionItemKindClass,
	sqlcat.View:   protocol.CompletionItemKindInterface,
	sqlcat.Column: protocol.CompletionItemKindField,
	sqlcat.Schema: protocol.CompletionItemKindModule,
}

// sqlCompletion completes table and column names at off of d, in SQL.
func (s *Server) sqlCompletion(ctx context.Context, d *docView, off int) (*protocol.CompletionList, bool) {
	r := d.renderer()
	cat := s.dbs.CatalogAt(r, d.path, uint32(off))
	if cat == nil {
		return nil, false
	}
	items, from, to, ok := sqlcat.CompleteAt(ctx, r, cat, d.path, uint32(off))
	if !ok {
		return nil, false
	}
	rng := protocol.Range{Start: d.li.position(d.text, int(from)), End: d.li.position(d.text, int(to))}
	out := &protocol.CompletionList{Items: make([]protocol.CompletionItem, len(items))}
	for i, it := range items {
		kind := sqlcatKinds[it.Kind]
		out.Items[i] = protocol.CompletionItem{Label: it.Label, Kind: &kind, Detail: strPtr(it.Detail),
			SortText: strPtr(string(rune('0'+it.Kind)) + it.Label),
			TextEdit: protocol.TextEdit{Range: rng, NewText: it.Label}}
		if it.Doc != "" {
			out.Items[i].Documentation = protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: it.Doc}
		}
	}
	return out, true
}

// sqlHover describes the table or column at off of d, in SQL.
func (s *Server) sqlHover(ctx context.Context, d *docView, off int) (*protocol.Hover, bool) {
	r := d.renderer()
	cat := s.dbs.CatalogAt(r, d.path, uint32(off))
	if cat == nil {
		return nil, false
	}
	md, from, to, ok := sqlcat.HoverAt(ctx, r, cat, d.path, uint32(off))
	if !ok {
		return nil, false
	}
	rng := protocol.Range{Start: d.li.position(d.text, int(from)), End: d.li.position(d.text, int(to))}
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: md}, Range: &rng}, true
}
