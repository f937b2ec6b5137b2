package lsp

// This file defines the cache of answers that follow from a document's text
// alone (and the client's capabilities): folding ranges, document symbols,
// semantic tokens. Editors ask them again for text that has not changed —
// VS Code asks for document symbols for the outline, the breadcrumbs and
// sticky scroll, and for folding ranges whenever an editor comes back into
// view — and each answer scans the whole document. Answers are keyed by a
// hash of the text, so they stay true across snapshots, whatever else
// changes in the workspace.

import (
	"hash/maphash"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/workspace"
)

// Bounds of the text-answer cache.
const (
	textAnswersSize  = 256
	textAnswersBytes = 8 << 20 // estimated
)

// textKey names a text answer: the method, the document, its text (hash and
// length), the index file the answer also reads (document symbols), a
// variant for the client's capabilities, and the locals of the document
// whose values are SQL (semantic tokens: the rest of the mod decides them).
type textKey struct {
	method    string
	path      string
	sum       uint64
	n         int
	file      *index.File
	variant   int
	sqlLocals string
}

var textSeed = maphash.MakeSeed()

func newTextKey(method, path string, text []byte, file *index.File, variant int) textKey {
	return textKey{method: method, path: path, sum: maphash.Bytes(textSeed, text), n: len(text), file: file, variant: variant}
}

// textAnswers is the cache: a workspace.Memo that no snapshot empties (its
// snapshot is always nil).
type textAnswers = workspace.Memo[textKey, any]

func newTextAnswers() textAnswers {
	return textAnswers{Max: textAnswersSize, MaxWeight: textAnswersBytes, Weight: answerBytes}
}

// answerBytes estimates the memory an answer holds.
func answerBytes(v any) int {
	switch a := v.(type) {
	case []protocol.FoldingRange:
		return 64 + 48*len(a)
	case *protocol.SemanticTokens:
		return 64 + 4*len(a.Data)
	case []protocol.DocumentSymbol:
		n := 64
		for i := range a {
			n += 160 + len(a[i].Name) + answerBytes(a[i].Children)
		}
		return n
	case []protocol.SymbolInformation:
		n := 64
		for i := range a {
			n += 160 + len(a[i].Name) + len(a[i].Location.URI)
		}
		return n
	}
	return 1 << 10
}

// textAnswer returns the answer kept under k, or computes it with make and
// keeps it.
func textAnswer[V any](s *Server, k textKey, make func() V) V {
	if v, ok := s.textAnswers.Get(nil, k); ok {
		if a, ok := v.(V); ok {
			return a
		}
	}
	a := make()
	s.textAnswers.Put(nil, k, a)
	return a
}
