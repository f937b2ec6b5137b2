package parse

// This file defines Regions: the spans of a file that an editor folds or
// selects besides blocks and attributes — comments, heredocs and pairs of
// brackets — found from the tokens alone.

import (
	"bytes"
	"sort"
)

// RegionKind tells what a Region spans.
type RegionKind uint8

const (
	// RegionComment is a /* */ comment, or a run of line comments (# or
	// //) on consecutive lines with nothing else on them. A line comment
	// after code on its line is a region of its own.
	RegionComment RegionKind = iota + 1
	// RegionHeredoc is a heredoc, from its `<<EOT` or `<<-EOT` to the end
	// of its closing marker.
	RegionHeredoc
	// RegionBrackets is a pair of matching brackets and what they enclose:
	// the braces of a block body or an object, the square brackets of a
	// tuple, the parentheses of a call or of a parenthesized expression.
	RegionBrackets
)

// Region is one span of a file.
type Region struct {
	Kind RegionKind
	// Range spans the region: for brackets from the opening one to after
	// the closing one, for line comments from the first comment marker to
	// the end of the last comment's text (before its line break).
	Range Range
}

// Regions returns the comments, heredocs and matched brackets of src, in
// order of their start (an enclosing region before the regions it holds).
//
// Like Scan it never fails and keeps no reference to src. On broken input
// it returns what it can pair: a closing bracket closes the nearest open
// bracket of its kind (the brackets opened after that one stay unpaired),
// a closing bracket with no open bracket of its kind is ignored, and an
// unterminated heredoc or bracket is not a region; an unterminated /* */
// comment reaches the end of the file.
func Regions(src []byte) []Region {
	l := lexer{src: src}
	l.lex()
	lines := lineStarts(src, nil)
	var out []Region
	add := func(kind RegionKind, start, end uint32) {
		out = append(out, Region{Kind: kind, Range: Range{Start: posAt(lines, start), End: posAt(lines, end)}})
	}
	var open []int        // token indexes of unpaired opening brackets
	var heredocs []int    // token indexes of unclosed heredoc openers
	run := [2]int{-1, -1} // the current run of line comments: first and last token
	endRun := func() {
		if run[0] >= 0 {
			add(RegionComment, l.toks[run[0]].start, commentEnd(src, l.toks[run[1]]))
			run = [2]int{-1, -1}
		}
	}
	for j, t := range l.toks {
		switch t.typ {
		case tComment:
			if src[t.start] == '/' && t.end-t.start >= 2 && src[t.start+1] == '*' {
				endRun()
				add(RegionComment, t.start, t.end)
				continue
			}
			if !aloneOnLine(src, t.start) {
				endRun()
				add(RegionComment, t.start, commentEnd(src, t))
				continue
			}
			if run[0] >= 0 && l.toks[run[1]].flag&fNewline != 0 && l.toks[run[1]].end == lineStart(src, t.start) {
				run[1] = j
				continue
			}
			endRun()
			run = [2]int{j, j}
			continue
		case tNewline:
			continue // a blank line ends a run below, at the next token
		case tOBrace, tOBrack, tOParen:
			open = append(open, j)
		case tCBrace, tCBrack, tCParen:
			for k := len(open) - 1; k >= 0; k-- {
				if pairs(l.toks[open[k]].typ, t.typ) {
					add(RegionBrackets, l.toks[open[k]].start, t.end)
					open = open[:k]
					break
				}
			}
		case tOHeredoc:
			heredocs = append(heredocs, j)
		case tCHeredoc:
			if n := len(heredocs); n > 0 {
				add(RegionHeredoc, l.toks[heredocs[n-1]].start, t.end)
				heredocs = heredocs[:n-1]
			}
		}
		endRun()
	}
	endRun()
	sort.SliceStable(out, func(a, b int) bool {
		x, y := out[a].Range, out[b].Range
		if x.Start.Byte != y.Start.Byte {
			return x.Start.Byte < y.Start.Byte
		}
		return x.End.Byte > y.End.Byte
	})
	return out
}

// pairs reports whether the closing bracket c closes the opening bracket o.
func pairs(o, c tokType) bool {
	return o == tOBrace && c == tCBrace || o == tOBrack && c == tCBrack || o == tOParen && c == tCParen
}

// commentEnd returns the end of a comment's text: before the line break a
// line comment absorbed.
func commentEnd(src []byte, t token) uint32 {
	end := t.end
	if t.flag&fNewline != 0 {
		end--
		if end > t.start && src[end-1] == '\r' {
			end--
		}
	}
	return end
}

// aloneOnLine reports whether only spaces and tabs (or a byte order mark at
// the start of the file) precede offset off on its line.
func aloneOnLine(src []byte, off uint32) bool {
	before := src[lineStart(src, off):off]
	if lineStart(src, off) == 0 {
		before = bytes.TrimPrefix(before, utf8BOM)
	}
	return len(bytes.Trim(before, " \t")) == 0
}

// lineStart returns the offset of the start of off's line.
func lineStart(src []byte, off uint32) uint32 {
	return uint32(bytes.LastIndexByte(src[:off], '\n') + 1)
}

// posAt returns the position of byte offset off, given the offsets of the
// line starts.
func posAt(lines []uint32, off uint32) Pos {
	l := sort.Search(len(lines), func(i int) bool { return lines[i] > off }) - 1
	return Pos{Byte: off, Line: uint32(l + 1), Col: off - lines[l] + 1}
}
