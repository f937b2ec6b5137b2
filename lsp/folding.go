package lsp

// This file defines textDocument/foldingRange: blocks, bracketed values
// (lists, objects, calls) and heredocs that span lines, /* */ comments over
// several lines and runs of line comments. They come from the scanner alone
// (parse.Regions for brackets, heredocs and comments; parse.Scan for a block
// whose closing brace is missing), over the document's text, without the
// index.
//
// A fold is offered only if it hides at least one whole line. For a client
// that folds whole lines only (lineFoldingOnly), a bracketed fold or a
// heredoc ends on the line before its closing bracket or marker when only
// white space and other closing brackets precede that on its line, so the
// closer stays visible; for other clients a fold runs from after its opener
// to before its closer. When the client sets a rangeLimit, the outermost
// folds are kept.

import (
	"bytes"
	"sort"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/parse"
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

// fold is a folding range in byte offsets: the text between start and end
// is hidden.
type fold struct {
	start, end int
	// keepEnd says that end is a closer (bracket, heredoc marker) that a
	// line-only fold leaves visible when it begins its line (see
	// onlyClosersBefore).
	keepEnd bool
	kind    protocol.FoldingRangeKind // "" for code
}

// foldingRanges returns the folding ranges of text, sorted by start line,
// at most one per start line (the outermost), and at most limit of them
// (the outermost) if limit > 0.
func foldingRanges(text []byte, li *lineIndex, lineOnly bool, limit int) []protocol.FoldingRange {
	var folds []fold
	for _, r := range parse.Regions(text) {
		s, e := int(r.Range.Start.Byte), int(r.Range.End.Byte)
		switch r.Kind {
		case parse.RegionBrackets:
			folds = append(folds, fold{start: s + 1, end: e - 1, keepEnd: true})
		case parse.RegionHeredoc:
			folds = append(folds, fold{start: lineEnd(text, s), end: firstNonBlank(text, e), keepEnd: true, kind: protocol.FoldingRangeKindRegion})
		case parse.RegionComment:
			folds = append(folds, fold{start: lineEnd(text, s), end: e, kind: protocol.FoldingRangeKindComment})
		}
	}
	for _, b := range parse.Scan(text).Blocks {
		if b.Open { // no closing brace: fold what the scanner took as its body
			start := lineEnd(text, int(b.Range.Start.Byte))
			folds = append(folds, fold{start: start, end: max(start, trimSpace(text, start, int(b.Range.End.Byte)).end)})
		}
	}

	type ranged struct {
		r    protocol.FoldingRange
		last int // the last line hidden, as a line-only client folds it
	}
	var out []ranged
	for _, f := range folds {
		start, end := li.position(text, f.start), li.position(text, f.end)
		last := end.Line
		if f.keepEnd && onlyClosersBefore(text, f.end) {
			last-- // the closer begins its line: leave that line visible
		}
		if last <= start.Line || last == ^uint32(0) {
			continue // hides no whole line
		}
		fr := protocol.FoldingRange{StartLine: start.Line, EndLine: end.Line}
		if lineOnly {
			fr.EndLine = last
		} else {
			sc, ec := start.Character, end.Character
			fr.StartCharacter, fr.EndCharacter = &sc, &ec
		}
		if f.kind != "" {
			k := string(f.kind)
			fr.Kind = &k
		}
		out = append(out, ranged{fr, int(last)})
	}
	// Outermost first on each start line, then one per start line.
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.r.StartLine != b.r.StartLine {
			return a.r.StartLine < b.r.StartLine
		}
		return a.last > b.last
	})
	kept := out[:0]
	for i, o := range out {
		if i == 0 || o.r.StartLine != kept[len(kept)-1].r.StartLine {
			kept = append(kept, o)
		}
	}
	res := make([]protocol.FoldingRange, len(kept))
	for i, o := range kept {
		res[i] = o.r
	}
	if limit > 0 && len(res) > limit {
		res = outermost(res, limit)
	}
	return res
}

// outermost returns the limit folds of rs (sorted by start line) that are
// nested in the fewest others, in their order.
func outermost(rs []protocol.FoldingRange, limit int) []protocol.FoldingRange {
	depth := make([]int, len(rs))
	var stack []int // indexes of the folds enclosing the current one
	for i, r := range rs {
		for len(stack) > 0 && rs[stack[len(stack)-1]].EndLine < r.StartLine {
			stack = stack[:len(stack)-1]
		}
		depth[i] = len(stack)
		stack = append(stack, i)
	}
	order := make([]int, len(rs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return depth[order[a]] < depth[order[b]] })
	order = order[:limit]
	sort.Ints(order)
	out := make([]protocol.FoldingRange, limit)
	for i, k := range order {
		out[i] = rs[k]
	}
	return out
}

// lineEnd returns the offset of the end of off's line, before its line
// break.
func lineEnd(text []byte, off int) int {
	k := bytes.IndexByte(text[off:], '\n')
	if k < 0 {
		return len(text)
	}
	end := off + k
	if end > off && text[end-1] == '\r' {
		end--
	}
	return end
}

// lineStartOf returns the offset of the start of off's line.
func lineStartOf(text []byte, off int) int {
	return bytes.LastIndexByte(text[:off], '\n') + 1
}

// onlyClosersBefore reports whether only white space and closing brackets
// precede offset off on its line, as in "  }]".
func onlyClosersBefore(text []byte, off int) bool {
	for _, c := range text[lineStartOf(text, off):off] {
		if c != ' ' && c != '\t' && c != '}' && c != ']' && c != ')' {
			return false
		}
	}
	return true
}

// firstNonBlank returns the offset of the first byte of off's line that is
// not a space or a tab, or the end of the line's text.
func firstNonBlank(text []byte, off int) int {
	i := lineStartOf(text, off)
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i
}
