package span

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/modls/modls/parse"
)

// Encoding is the unit of a Position's Character.
type Encoding uint8

const (
	UTF16 Encoding = iota // UTF-16 code units: LSP's default
	UTF8                  // bytes of UTF-8
)

// Position is a line and a character on it, both from 0.
type Position struct {
	Line, Character uint32
}

// Lines indexes the line starts of a text, built once per document
// version (or updated by edit). It does not keep the text: every method takes
// the text it was built for, which is shorter than 4 GiB (as parse.Pos
// assumes).
//
// Invariant: lines[0].start == 0; starts increase; lines[i+1].start is one
// past the i-th "\n"; there is one more line than "\n" bytes.
type Lines struct {
	lines []lineInfo
	enc   Encoding
}

// lineInfo describes one line.
type lineInfo struct {
	start uint32 // byte offset of the line's first byte
	// ascii is the number of the line's leading bytes, its "\n" included,
	// before its first non-ASCII byte: up to there a byte column is a
	// character in any Encoding.
	ascii uint32
}

var newline = []byte{'\n'}

// New indexes the lines of text for positions in enc.
func New(text []byte, enc Encoding) *Lines {
	li := &Lines{lines: make([]lineInfo, 0, bytes.Count(text, newline)+1), enc: enc}
	li.lines = appendLines(li.lines, text, 0, len(text), true)
	return li
}

// appendLines appends the lines that start in text[from:to]. from is a line
// start; to is a line start, or len(text) if last, in which case the text's
// last line (possibly empty) is appended too.
func appendLines(lines []lineInfo, text []byte, from, to int, last bool) []lineInfo {
	for i := from; ; {
		j := bytes.IndexByte(text[i:to], '\n')
		if j < 0 {
			if last {
				lines = append(lines, lineInfo{start: uint32(i), ascii: uint32(asciiPrefix(text[i:to]))})
			}
			return lines
		}
		end := i + j + 1
		lines = append(lines, lineInfo{start: uint32(i), ascii: uint32(asciiPrefix(text[i:end]))})
		i = end
	}
}

// asciiPrefix returns the number of leading bytes of b below 0x80.
func asciiPrefix(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			break
		}
	}
	return i
}

// Bounds returns where line l starts and where its content ends (before
// "\r\n" or "\n").
//
// Precondition: 0 <= l < len(li.lines).
func (li *Lines) Bounds(text []byte, l int) (start, end int) {
	start = int(li.lines[l].start)
	if l+1 == len(li.lines) {
		return start, len(text)
	}
	end = int(li.lines[l+1].start) - 1
	if end > start && text[end-1] == '\r' {
		end--
	}
	return start, end
}

// lineOf returns the line containing byte offset off (the last line for an
// offset past the end).
func (li *Lines) lineOf(off int) int {
	return sort.Search(len(li.lines), func(i int) bool { return int(li.lines[i].start) > off }) - 1
}

// Offset converts a position (a line and a character in the Lines'
// encoding, both from 0) to a byte offset in text. A character past
// the end of its line clamps to the line end (before "\r\n" or "\n"); a line
// past the end clamps to len(text); a position inside a surrogate pair or
// inside a multi-byte character rounds to the character's start. It never
// panics.
func (li *Lines) Offset(text []byte, p Position) int {
	if int64(p.Line) >= int64(len(li.lines)) {
		return len(text)
	}
	start, end := li.Bounds(text, int(p.Line))
	ascii := int(li.lines[p.Line].ascii)
	c := int64(p.Character)
	if c <= int64(ascii) {
		return min(start+int(c), end)
	}
	if li.enc == UTF8 {
		return roundDown(text, start+ascii, start+int(min(c, int64(end-start))))
	}
	// Walk the non-ASCII part of the line, counting UTF-16 units.
	units := int64(ascii)
	i := start + ascii
	for i < end {
		r, size := utf8.DecodeRune(text[i:end])
		w := int64(1)
		if r >= 0x10000 {
			w = 2
		}
		if units+w > c {
			return i
		}
		units += w
		i += size
	}
	return end
}

// roundDown returns the start of the character containing off, decoding
// from from (a character boundary at or before off).
func roundDown(text []byte, from, off int) int {
	i := from
	for i < off {
		_, size := utf8.DecodeRune(text[i:])
		if i+size > off {
			return i
		}
		i += size
	}
	return i
}

// Position converts a byte offset in text to a position. An offset
// inside a multi-byte character (or between the "\r" and "\n" of a line
// break) rounds down to its start; an offset outside the text clamps.
func (li *Lines) Position(text []byte, off int) Position {
	off = max(0, min(off, len(text)))
	l := li.lineOf(off)
	start, end := li.Bounds(text, l)
	off = min(off, end)
	return Position{Line: uint32(l), Character: uint32(li.Character(text, l, start, off))}
}

// Character returns the character of byte offset off on line l, which
// starts at start; off lies within the line's content or at its end.
func (li *Lines) Character(text []byte, l, start, off int) int {
	ascii := int(li.lines[l].ascii)
	if off-start <= ascii {
		return off - start
	}
	if li.enc == UTF8 {
		return roundDown(text, start+ascii, off) - start
	}
	units := ascii
	for i := start + ascii; i < off; {
		r, size := utf8.DecodeRune(text[i:])
		if i+size > off {
			break // off is inside this character: round down
		}
		units++
		if r >= 0x10000 {
			units++
		}
		i += size
	}
	return units
}

// FromPos converts a parse.Pos whose Line and byte Col are relative to text
// to a position. It uses Line and Col directly, and reads the line's
// bytes only when the line has non-ASCII bytes before Col. A Pos whose Line
// is out of range falls back to its Byte offset.
func (li *Lines) FromPos(text []byte, p parse.Pos) Position {
	if p.Line == 0 || int64(p.Line) > int64(len(li.lines)) || p.Col == 0 {
		return li.Position(text, int(p.Byte))
	}
	l := int(p.Line - 1)
	start, end := li.Bounds(text, l)
	c := min(int(p.Col-1), end-start)
	if c <= int(li.lines[l].ascii) {
		return Position{Line: uint32(l), Character: uint32(c)}
	}
	return Position{Line: uint32(l), Character: uint32(li.Character(text, l, start, start+c))}
}

// Edit returns the index of the text that replacing old[s:e] by n bytes
// produced; text is that new text. If owned, li's line table may be reused
// in place; otherwise li is left untouched (readers of the old text may
// still hold it). The work is a scan of the affected lines plus one pass over
// the line table.
func (li *Lines) Edit(text []byte, s, e, n int, owned bool) *Lines {
	ls, le := li.lineOf(s), li.lineOf(e)
	delta := n - (e - s)
	from := int(li.lines[ls].start)
	to, last := len(text), le+1 == len(li.lines)
	if !last {
		to = int(li.lines[le+1].start) + delta
	}
	mid := appendLines(nil, text, from, to, last)
	var out []lineInfo
	if owned {
		out = slices.Replace(li.lines, ls, le+1, mid...)
	} else {
		out = make([]lineInfo, 0, len(li.lines)-(le+1-ls)+len(mid))
		out = append(out, li.lines[:ls]...)
		out = append(out, mid...)
		out = append(out, li.lines[le+1:]...)
	}
	if delta != 0 {
		for i := ls + len(mid); i < len(out); i++ {
			out[i].start = uint32(int(out[i].start) + delta)
		}
	}
	return &Lines{lines: out, enc: li.enc}
}

// Len returns the number of lines (one more than the "\n" bytes).
func (li *Lines) Len() int { return len(li.lines) }

// Pos returns the parse.Pos of byte offset off (clamped to the text): its
// line and byte column, from 1.
func (li *Lines) Pos(text []byte, off int) parse.Pos {
	off = max(0, min(off, len(text)))
	l := li.lineOf(off)
	return parse.Pos{Byte: uint32(off), Line: uint32(l + 1), Col: uint32(off-int(li.lines[l].start)) + 1}
}

// Range returns the parse.Range of the bytes start..end.
func (li *Lines) Range(text []byte, start, end int) parse.Range {
	return parse.Range{Start: li.Pos(text, start), End: li.Pos(text, end)}
}

// Splice returns text with text[s:e] replaced by ins. If owned, text's
// backing array may be reused; otherwise the result is a new slice with room
// for later splices.
func Splice(text []byte, s, e int, ins string, owned bool) []byte {
	n := len(text) - (e - s) + len(ins)
	if !owned || n > cap(text) {
		out := make([]byte, n, n+n/16+64)
		copy(out, text[:s])
		copy(out[s:], ins)
		copy(out[s+len(ins):], text[e:])
		return out
	}
	old := text
	text = text[:n]
	copy(text[s+len(ins):], old[e:]) // a memmove: the two may overlap
	copy(text[s:], ins)
	return text
}

// Start returns the byte offset where line l starts.
//
// Precondition: 0 <= l < li.Len().
func (li *Lines) Start(l int) int { return int(li.lines[l].start) }

// Edit replaces the bytes Start..End of a file's text with New: the one
// edit of every analysis (a check's fix, a rename, formatting). Path names
// the file when edits of several files travel together (a rename); it is
// empty for edits of the one file at hand.
type Edit struct {
	Path       string
	Start, End int
	New        string
}

// PosOf returns the parse.Pos of byte offset off of text (clamped) without
// a Lines: a count of the lines before it, for a position or two of a text
// (a diagnostic); Lines answers many.
func PosOf(text []byte, off int) parse.Pos {
	off = max(0, min(off, len(text)))
	line := bytes.Count(text[:off], newline) + 1
	lineStart := bytes.LastIndexByte(text[:off], '\n') + 1
	return parse.Pos{Byte: uint32(off), Line: uint32(line), Col: uint32(off-lineStart) + 1}
}

// RangeOf returns the parse.Range of the bytes start..end of text (see
// PosOf).
func RangeOf(text []byte, start, end int) parse.Range {
	return parse.Range{Start: PosOf(text, start), End: PosOf(text, end)}
}
