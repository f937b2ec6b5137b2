package outline

// This file defines Folds: blocks, bracketed values (lists, objects, calls)
// and heredocs that span lines, /* */ comments over several lines and runs
// of line comments. They come from the scanner alone (parse.Regions for
// brackets, heredocs and comments; parse.Scan for a block whose closing
// brace is missing).
//
// A fold is offered only if it hides at least one whole line. For a client
// that folds whole lines only (lineOnly), a bracketed fold or a heredoc
// ends on the line before its closing bracket or marker when only white
// space and other closing brackets precede that on its line, so the closer
// stays visible; for other clients a fold runs from after its opener to
// before its closer. With a limit, the outermost folds are kept.

import (
	"bytes"
	"sort"

	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

// FoldKind is what a fold hides.
type FoldKind uint8

const (
	FoldCode    FoldKind = iota // a block or a bracketed value
	FoldComment                 // a block comment or a run of line comments
	FoldRegion                  // a heredoc
)

// Fold is a folding range: the text between Start and End (byte offsets)
// is hidden.
type Fold struct {
	Start, End int
	// StartLine is the 0-based line of Start; EndLine that of End or, when
	// folding whole lines only, the last line hidden.
	StartLine, EndLine int
	Kind               FoldKind
}

// fold is a fold before its lines are known.
type fold struct {
	start, end int
	// keepEnd says that end is a closer (bracket, heredoc marker) that a
	// line-only fold leaves visible when it begins its line (see
	// onlyClosersBefore).
	keepEnd bool
	kind    FoldKind
}

// Folds returns the folding ranges of text, sorted by start line, at most
// one per start line (the outermost), and at most limit of them (the
// outermost) if limit > 0. With lineOnly, EndLine is the last line hidden.
func Folds(text []byte, lineOnly bool, limit int) []Fold {
	var folds []fold
	for _, r := range parse.Regions(text) {
		s, e := int(r.Range.Start.Byte), int(r.Range.End.Byte)
		switch r.Kind {
		case parse.RegionBrackets:
			folds = append(folds, fold{start: s + 1, end: e - 1, keepEnd: true})
		case parse.RegionHeredoc:
			folds = append(folds, fold{start: lineEnd(text, s), end: firstNonBlank(text, e), keepEnd: true, kind: FoldRegion})
		case parse.RegionComment:
			folds = append(folds, fold{start: lineEnd(text, s), end: e, kind: FoldComment})
		}
	}
	for _, b := range parse.Scan(text).Blocks {
		if b.Open { // no closing brace: fold what the scanner took as its body
			start := lineEnd(text, int(b.Range.Start.Byte))
			folds = append(folds, fold{start: start, end: max(start, trimSpace(text, start, int(b.Range.End.Byte)).End)})
		}
	}

	type ranged struct {
		f    Fold
		last int // the last line hidden, as a line-only client folds it
	}
	lines := span.New(text, span.UTF16)
	line := func(off int) int { return int(lines.Pos(text, off).Line) - 1 }
	var out []ranged
	for _, f := range folds {
		start, end := line(f.start), line(f.end)
		last := end
		if f.keepEnd && onlyClosersBefore(text, f.end) {
			last-- // the closer begins its line: leave that line visible
		}
		if last <= start {
			continue // hides no whole line
		}
		fo := Fold{Start: f.start, End: f.end, StartLine: start, EndLine: end, Kind: f.kind}
		if lineOnly {
			fo.EndLine = last
		}
		out = append(out, ranged{fo, last})
	}
	// Outermost first on each start line, then one per start line.
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.f.StartLine != b.f.StartLine {
			return a.f.StartLine < b.f.StartLine
		}
		return a.last > b.last
	})
	kept := out[:0]
	for i, o := range out {
		if i == 0 || o.f.StartLine != kept[len(kept)-1].f.StartLine {
			kept = append(kept, o)
		}
	}
	res := make([]Fold, len(kept))
	for i, o := range kept {
		res[i] = o.f
	}
	if limit > 0 && len(res) > limit {
		res = outermost(res, limit)
	}
	return res
}

// outermost returns the limit folds of fs (sorted by start line) that are
// nested in the fewest others, in their order.
func outermost(fs []Fold, limit int) []Fold {
	depth := make([]int, len(fs))
	var stack []int // indexes of the folds enclosing the current one
	for i, f := range fs {
		for len(stack) > 0 && fs[stack[len(stack)-1]].EndLine < f.StartLine {
			stack = stack[:len(stack)-1]
		}
		depth[i] = len(stack)
		stack = append(stack, i)
	}
	order := make([]int, len(fs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return depth[order[a]] < depth[order[b]] })
	order = order[:limit]
	sort.Ints(order)
	out := make([]Fold, limit)
	for i, k := range order {
		out[i] = fs[k]
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
