package lsp

// This file defines textDocument/completion and completionItem/resolve:
// complete.Complete finds the candidates at the cursor, this file turns
// them into LSP items (UTF-16 text edits, kinds, sort order, snippet or
// plain text as the client supports) and carries each item's complete.Ref
// in its data, so that resolve can document just the item shown.

import (
	"encoding/json"
	"fmt"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/complete"
)

// completionTriggers are the characters after which clients ask for
// completion unprompted: a reference step, and a string's opening quote.
var completionTriggers = []string{".", `"`}

func (s *Server) completion(g *glsp.Context, p *protocol.CompletionParams) (any, error) {
	d, err := s.docView(g, p.TextDocument.URI)
	if d == nil {
		return nil, err
	}
	snippets := d.caps.snippets
	off := d.li.offset(d.text, p.Position)
	if l, ok := s.sqlCompletion(s.contextOf(g), d, off); ok {
		return l, nil // in SQL, with a catalog: its tables and columns
	}
	l := complete.Complete(d.ix, d.path, d.text, off, complete.Options{Snippets: snippets, Title: d.titles(), Context: s.contextOf(g)})
	items := make([]protocol.CompletionItem, len(l.Items))
	for i, it := range l.Items {
		format := protocol.InsertTextFormatPlainText
		if it.Snippet {
			format = protocol.InsertTextFormatSnippet
		}
		kind := completionKinds[it.Kind]
		items[i] = protocol.CompletionItem{
			Label:            it.Label,
			Kind:             &kind,
			SortText:         strPtr(fmt.Sprintf("%04d", i)),
			InsertTextFormat: &format,
			TextEdit: protocol.TextEdit{
				Range:   protocol.Range{Start: d.li.position(d.text, it.Start), End: d.li.position(d.text, it.End)},
				NewText: it.Insert,
			},
		}
		if it.Detail != "" {
			items[i].Detail = strPtr(it.Detail)
		}
		if it.Filter != "" {
			items[i].FilterText = strPtr(it.Filter)
		}
		if it.Deprecated {
			items[i].Tags = []protocol.CompletionItemTag{protocol.CompletionItemTagDeprecated}
		}
		if it.Ref.Kind != complete.RefNone {
			items[i].Data = completionData{Kind: it.Ref.Kind, Path: it.Ref.Path, Offset: it.Ref.Offset, Context: it.Ref.Context, Name: it.Ref.Name}
		}
	}
	return protocol.CompletionList{IsIncomplete: l.Incomplete, Items: items}, nil
}

// completionData is an item's data: its complete.Ref, with short keys.
type completionData struct {
	Kind    complete.RefKind `json:"k"`
	Path    string           `json:"p,omitempty"`
	Offset  uint32           `json:"o,omitempty"`
	Context []string         `json:"c,omitempty"`
	Name    string           `json:"n,omitempty"`
}

func (s *Server) completionResolve(g *glsp.Context, it *protocol.CompletionItem) (*protocol.CompletionItem, error) {
	if it.Data == nil {
		return it, nil
	}
	raw, err := json.Marshal(it.Data)
	if err != nil {
		return it, nil
	}
	var data completionData
	if json.Unmarshal(raw, &data) != nil {
		return it, nil
	}
	ix, err := s.snapshot(s.contextOf(g))
	if err != nil {
		return nil, err
	}
	ref := complete.Ref{Kind: data.Kind, Path: data.Path, Offset: data.Offset, Context: data.Context, Name: data.Name}
	if md := complete.Resolve(ix, ref); md != "" {
		it.Documentation = protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: md}
	}
	return it, nil
}

// completionKinds maps the kinds of candidates to LSP's.
var completionKinds = map[complete.ItemKind]protocol.CompletionItemKind{
	complete.ItemBlock:     protocol.CompletionItemKindClass,
	complete.ItemAttribute: protocol.CompletionItemKindProperty,
	complete.ItemValue:     protocol.CompletionItemKindEnumMember,
	complete.ItemFunction:  protocol.CompletionItemKindFunction,
	complete.ItemRoot:      protocol.CompletionItemKindModule,
	complete.ItemMod:       protocol.CompletionItemKindModule,
	complete.ItemResource:  protocol.CompletionItemKindReference,
	complete.ItemVariable:  protocol.CompletionItemKindVariable,
	complete.ItemLocal:     protocol.CompletionItemKindConstant,
	complete.ItemInput:     protocol.CompletionItemKindField,
	complete.ItemWith:      protocol.CompletionItemKindVariable,
	complete.ItemParam:     protocol.CompletionItemKindTypeParameter,
	complete.ItemKeyword:   protocol.CompletionItemKindKeyword,
}
