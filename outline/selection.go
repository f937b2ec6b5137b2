package outline

// This file defines Selections: for each cursor, the chain of ever larger
// spans an editor's "expand selection" steps through — the word (an
// identifier, a traversal step's name), the traversal up to that step, the
// whole traversal, the bracketed values around it (their contents, then
// with their brackets), the attribute's expression, the attribute, the
// enclosing block's body, the block, the blocks around it, and the whole
// file. Comments and heredocs are steps too. Everything comes from the
// scanner (parse.Scan, parse.Regions); the index is not needed.

import (
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/modls/modls/parse"
)

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Contains reports whether o lies within s.
func (s Span) Contains(o Span) bool { return s.Start <= o.Start && o.End <= s.End }

// Selections returns, for each byte offset of offs, the spans around it in
// text, innermost first, each strictly containing the one before; the last
// is the whole text. The text is scanned once.
func Selections(text []byte, offs []int) [][]Span {
	f, regions := parse.Scan(text), parse.Regions(text)
	out := make([][]Span, len(offs))
	for i, off := range offs {
		out[i] = selection(text, f, regions, off)
	}
	return out
}

// selection returns the spans around offset off of text; f and regions are
// the scanner's view of text.
func selection(text []byte, f *parse.File, regions []parse.Region, off int) []Span {
	off = max(0, min(off, len(text)))
	var cands []Span
	at := func(r parse.Range) bool { return int(r.Start.Byte) <= off && off <= int(r.End.Byte) }
	add := func(r parse.Range) { cands = append(cands, Span{int(r.Start.Byte), int(r.End.Byte)}) }

	if w := wordAt(text, off); w.End > w.Start {
		cands = append(cands, w)
	}
	for _, ref := range f.Refs {
		if !at(ref.Range) {
			continue
		}
		for _, st := range f.StepsOf(ref) {
			if at(st.Range) {
				cands = append(cands, Span{int(ref.Range.Start.Byte), int(st.Range.End.Byte)})
				break
			}
		}
		add(ref.Range)
	}
	for _, r := range regions {
		if !at(r.Range) {
			continue
		}
		add(r.Range)
		if r.Kind == parse.RegionBrackets {
			// The contents, without the brackets and the space around them.
			if in := trimSpace(text, int(r.Range.Start.Byte)+1, int(r.Range.End.Byte)-1); in.End > in.Start {
				cands = append(cands, in)
			}
		}
	}
	for _, a := range f.Attrs {
		if at(a.Range) {
			add(a.ExprRange)
			add(a.Range)
		}
	}
	for _, b := range f.Blocks {
		if !at(b.Range) {
			continue
		}
		add(b.Range)
		for _, l := range b.Labels {
			if at(l.Range) {
				add(l.Range)
			}
		}
	}
	cands = append(cands, Span{0, len(text)})

	// The chain: from the smallest span, each next one that contains the
	// last kept and is larger. Every candidate contains off, so nested
	// spans sort by size.
	sort.SliceStable(cands, func(i, j int) bool {
		return cands[i].End-cands[i].Start < cands[j].End-cands[j].Start
	})
	var chain []Span
	for _, c := range cands {
		if c.Start > off || c.End < off {
			continue
		}
		if n := len(chain); n > 0 && (!c.Contains(chain[n-1]) || c == chain[n-1]) {
			continue
		}
		chain = append(chain, c)
	}
	return chain
}

// wordAt returns the identifier-like word at or just before off: letters,
// digits, "_" and "-" (HCL identifiers may hold dashes). It is empty when
// there is none.
func wordAt(text []byte, off int) Span {
	isWord := func(r rune) bool {
		return r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
	}
	s := off
	for s > 0 {
		r, n := utf8.DecodeLastRune(text[:s])
		if !isWord(r) {
			break
		}
		s -= n
	}
	e := off
	for e < len(text) {
		r, n := utf8.DecodeRune(text[e:])
		if !isWord(r) {
			break
		}
		e += n
	}
	return Span{s, e}
}

// trimSpace returns [start, end) without the white space at either end.
func trimSpace(text []byte, start, end int) Span {
	for start < end && isSpace(text[start]) {
		start++
	}
	for end > start && isSpace(text[end-1]) {
		end--
	}
	return Span{start, end}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
