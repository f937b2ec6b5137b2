package lsp

// This file converts between LSP positions and byte offsets or parse.Pos,
// through span.Lines (the one conversion; see package span for the rules:
// lines end at "\n" or "\r\n" only, UTF-16 code units).
//
// LSP 3.16 knows only UTF-16 positions; glsp's protocol_3_16 cannot read a
// 3.17 client's general.positionEncodings offer, so the server speaks UTF-16
// (span.Lines converts UTF-8 positions too, for when it can).

import (
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

// lineIndex is a span.Lines that speaks protocol positions.
type lineIndex struct{ *span.Lines }

// newLineIndex indexes text for UTF-16 positions.
func newLineIndex(text []byte) *lineIndex { return newLineIndexEnc(text, span.UTF16) }

// newLineIndexEnc indexes text for positions in enc.
func newLineIndexEnc(text []byte, enc span.Encoding) *lineIndex {
	return &lineIndex{span.New(text, enc)}
}

// offset converts an LSP position to a byte offset in text (clamped; see
// span.Lines.Offset).
func (li *lineIndex) offset(text []byte, p protocol.Position) int {
	return li.Offset(text, span.Position{Line: p.Line, Character: p.Character})
}

// position converts a byte offset in text to an LSP position.
func (li *lineIndex) position(text []byte, off int) protocol.Position {
	return toProtocol(li.Position(text, off))
}

// fromPos converts a parse.Pos of text to an LSP position.
func (li *lineIndex) fromPos(text []byte, p parse.Pos) protocol.Position {
	return toProtocol(li.FromPos(text, p))
}

// toRange converts a parse.Range of text to an LSP range.
func (li *lineIndex) toRange(text []byte, r parse.Range) protocol.Range {
	return protocol.Range{Start: li.fromPos(text, r.Start), End: li.fromPos(text, r.End)}
}

func toProtocol(p span.Position) protocol.Position {
	return protocol.Position{Line: p.Line, Character: p.Character}
}

// textEdits converts edits of text to LSP text edits.
func textEdits(text []byte, li *lineIndex, edits []span.Edit) []protocol.TextEdit {
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, protocol.TextEdit{Range: protocol.Range{Start: li.position(text, e.Start), End: li.position(text, e.End)}, NewText: e.New})
	}
	return out
}
