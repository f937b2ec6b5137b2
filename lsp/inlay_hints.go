package lsp

// This file defines textDocument/inlayHint (LSP 3.17; glsp v0.2.2 knows
// only 3.16, so the method is served as a custom one and its capability
// added to initialize's answer by hand): outline.Hints, each shown as the
// title of the control or benchmark a reference in a benchmark's children
// names.

import (
	"context"
	"encoding/json"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/hover"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/outline"
)

// inlayHintParams are LSP 3.17's InlayHintParams.
type inlayHintParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        protocol.Range                  `json:"range"`
}

// inlayHint is LSP 3.17's InlayHint, with a string label.
type inlayHint struct {
	Position    protocol.Position `json:"position"`
	Label       string            `json:"label"`
	Tooltip     string            `json:"tooltip,omitempty"`
	PaddingLeft bool              `json:"paddingLeft,omitempty"`
}

// maxHintTitle bounds the length of a hint, in runes.
const maxHintTitle = 60

func (s *Server) inlayHints(ctx context.Context, raw json.RawMessage) (any, error) {
	var p inlayHintParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "textDocument/inlayHint: %v", err)
	}
	if _, err := fileuri.ToPath(p.TextDocument.URI); err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "textDocument/inlayHint: %v", err)
	}
	d, err := s.viewOf(ctx, p.TextDocument.URI)
	if d == nil {
		if err != nil {
			return nil, err
		}
		return []inlayHint{}, nil
	}
	f := d.ix.File(d.path)
	if f == nil {
		return []inlayHint{}, nil
	}
	text, li := d.text, d.li
	start, end := uint32(li.offset(text, p.Range.Start)), uint32(li.offset(text, p.Range.End))
	out := []inlayHint{}
	for _, h := range outline.Hints(d.ix, f, start, end, d.titles()) {
		out = append(out, inlayHint{
			Position: li.position(text, int(h.End)), Label: hover.Truncate(h.Title, maxHintTitle),
			Tooltip: h.Target.QualifiedName(), PaddingLeft: true,
		})
	}
	return out, nil
}

// withInlayHints adds the inlayHintProvider capability, which glsp's 3.16
// types cannot express, to initialize's answer.
func withInlayHints(res protocol.InitializeResult) any {
	b, err := json.Marshal(res)
	if err != nil {
		return res
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return res
	}
	if caps, ok := m["capabilities"].(map[string]any); ok {
		caps["inlayHintProvider"] = true
	}
	return m
}
