package lsp

// This file defines textDocument/formatting and textDocument/rangeFormatting:
// hclwrite's layout, computed in-process as minimal edits (format.Edits).
// Neither waits for the index or for another request: they read the open
// document's text (or the disk's) and nothing else, so formatting on save
// answers at once even while a large workspace is being indexed. A document
// with syntax errors is left as it is: the answer is null and the reason
// goes to the log. The client's tab size and spaces options are not read:
// HCL's layout is fixed (two spaces).

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/format"
	"github.com/modls/modls/span"
)

func (s *Server) formatting(g *glsp.Context, p *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	return s.formatEdits(p.TextDocument.URI, nil)
}

func (s *Server) rangeFormatting(g *glsp.Context, p *protocol.DocumentRangeFormattingParams) ([]protocol.TextEdit, error) {
	return s.formatEdits(p.TextDocument.URI, &p.Range)
}

// formatEdits formats the document at uri, or only the lines of r when r is
// not nil (see format.RangeEdits).
func (s *Server) formatEdits(uri protocol.DocumentUri, r *protocol.Range) ([]protocol.TextEdit, error) {
	text, li, err := s.textOf(uri) // never waits for the index
	if text == nil {
		return nil, err
	}
	var edits []span.Edit
	if r == nil {
		edits, err = format.Edits(text)
	} else {
		edits, err = format.RangeEdits(text, li.offset(text, r.Start), li.offset(text, r.End))
	}
	if err != nil {
		s.log.Info("formatting declined", "uri", uri, "reason", err.Error())
		return nil, nil
	}
	return textEdits(text, li, edits), nil
}
