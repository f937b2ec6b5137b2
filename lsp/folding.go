package lsp

// This file defines textDocument/foldingRange: outline.Folds over the
// document's text, without the index, converted to the client's columns.
// The client's capabilities say whether folds are whole lines
// (lineFoldingOnly) and how many it takes (rangeLimit).

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/outline"
)

func (s *Server) foldingRange(g *glsp.Context, p *protocol.FoldingRangeParams) ([]protocol.FoldingRange, error) {
	text, li, err := s.textOf(p.TextDocument.URI)
	if text == nil {
		return nil, err
	}
	s.mu.Lock()
	lineOnly, limit := s.caps.lineFoldingOnly, int(s.caps.foldingLimit)
	s.mu.Unlock()
	variant := limit << 1
	if lineOnly {
		variant |= 1
	}
	k := newTextKey("foldingRange", string(p.TextDocument.URI), text, nil, variant)
	return textAnswer(s, k, func() []protocol.FoldingRange { return foldingRanges(text, li, lineOnly, limit) }), nil
}

// foldKinds are the LSP kinds of outline's folds; code has none.
var foldKinds = [...]protocol.FoldingRangeKind{
	outline.FoldComment: protocol.FoldingRangeKindComment,
	outline.FoldRegion:  protocol.FoldingRangeKindRegion,
}

// foldingRanges returns the folding ranges of text (see outline.Folds).
func foldingRanges(text []byte, li *lineIndex, lineOnly bool, limit int) []protocol.FoldingRange {
	folds := outline.Folds(text, lineOnly, limit)
	out := make([]protocol.FoldingRange, len(folds))
	for i, f := range folds {
		fr := protocol.FoldingRange{StartLine: uint32(f.StartLine), EndLine: uint32(f.EndLine)}
		if !lineOnly {
			sc, ec := li.position(text, f.Start).Character, li.position(text, f.End).Character
			fr.StartCharacter, fr.EndCharacter = &sc, &ec
		}
		if k := foldKinds[f.Kind]; k != "" {
			ks := string(k)
			fr.Kind = &ks
		}
		out[i] = fr
	}
	return out
}
