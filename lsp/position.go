package lsp

// This file defines the one conversion between LSP positions (a line and a
// character counted in UTF-16 code units, or in bytes once a client may
// negotiate UTF-8) and byte offsets or parse.Pos.
//
// Lines end at "\n" or "\r\n" only. The LSP specification also ends a line
// at a lone "\r"; modls deliberately does not, because the HCL scanner does
// not, and every position the server sends must agree with the lines of
// parse.Pos. A lone "\r" is an ordinary character of its line.
//
// Characters outside the Basic Multilingual Plane (emoji) count as two UTF-16
// code units; each byte of invalid UTF-8 counts as one unit, as
// utf8.DecodeRune reports it.

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sort"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/parse"
)

// encoding is the unit of protocol.Position.Character.
//
// LSP 3.16 knows only UTF-16. LSP 3.17 lets a client offer others in
// general.positionEncodings and the server choose one in
// capabilities.positionEncoding; glsp's protocol_3_16 has neither field, so
// modls speaks UTF-16 until it can read the offer (see chooseEncoding).
type encoding uint8

const (
	encUTF16 encoding = iota // UTF-16 code units: LSP's default and 3.16's only encoding
	encUTF8                  // bytes of UTF-8
)

// String returns the encoding's LSP PositionEncodingKind.
func (e encoding) String() string {
	if e == encUTF8 {
		return "utf-8"
	}
	return "utf-16"
}

// chooseEncoding picks the position encoding from a client's
// general.positionEncodings offer: UTF-8 when offered, since offsets are
// bytes already; UTF-16 otherwise, which every client must support.
func chooseEncoding(offered []string) encoding {
	for _, kind := range offered {
		if kind == "utf-8" {
			return encUTF8
		}
	}
	return encUTF16
}

// lineIndex indexes the line starts of a text, built once per document
// version (or updated by edit). It does not keep the text: every method takes
// the text it was built for, which is shorter than 4 GiB (as parse.Pos
// assumes).
//
// Invariant: lines[0].start == 0; starts increase; lines[i+1].start is one
// past the i-th "\n"; there is one more line than "\n" bytes.
type lineIndex struct {
	lines []lineInfo
	enc   encoding
}

// lineInfo describes one line.
type lineInfo struct {
	start uint32 // byte offset of the line's first byte
	// ascii is the number of the line's leading bytes, its "\n" included,
	// before its first non-ASCII byte: up to there a byte column is a
	// character in any encoding.
	ascii uint32
}

var newline = []byte{'\n'}

// newLineIndex indexes text for UTF-16 positions.
func newLineIndex(text []byte) *lineIndex { return newLineIndexEnc(text, encUTF16) }

// newLineIndexEnc indexes text for positions in enc.
func newLineIndexEnc(text []byte, enc encoding) *lineIndex {
	li := &lineIndex{lines: make([]lineInfo, 0, bytes.Count(text, newline)+1), enc: enc}
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

// bounds returns where line l starts and where its content ends (before
// "\r\n" or "\n").
//
// Precondition: 0 <= l < len(li.lines).
func (li *lineIndex) bounds(text []byte, l int) (start, end int) {
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
func (li *lineIndex) lineOf(off int) int {
	return sort.Search(len(li.lines), func(i int) bool { return int(li.lines[i].start) > off }) - 1
}

// offset converts an LSP position to a byte offset in text. A character past
// the end of its line clamps to the line end (before "\r\n" or "\n"); a line
// past the end clamps to len(text); a position inside a surrogate pair or
// inside a multi-byte character rounds to the character's start. It never
// panics.
func (li *lineIndex) offset(text []byte, p protocol.Position) int {
	if int64(p.Line) >= int64(len(li.lines)) {
		return len(text)
	}
	start, end := li.bounds(text, int(p.Line))
	ascii := int(li.lines[p.Line].ascii)
	c := int64(p.Character)
	if c <= int64(ascii) {
		return min(start+int(c), end)
	}
	if li.enc == encUTF8 {
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

// position converts a byte offset in text to an LSP position. An offset
// inside a multi-byte character (or between the "\r" and "\n" of a line
// break) rounds down to its start; an offset outside the text clamps.
func (li *lineIndex) position(text []byte, off int) protocol.Position {
	off = max(0, min(off, len(text)))
	l := li.lineOf(off)
	start, end := li.bounds(text, l)
	off = min(off, end)
	return protocol.Position{Line: uint32(l), Character: uint32(li.character(text, l, start, off))}
}

// character returns the character of byte offset off on line l, which
// starts at start; off lies within the line's content or at its end.
func (li *lineIndex) character(text []byte, l, start, off int) int {
	ascii := int(li.lines[l].ascii)
	if off-start <= ascii {
		return off - start
	}
	if li.enc == encUTF8 {
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

// fromPos converts a parse.Pos whose Line and byte Col are relative to text
// to an LSP position. It uses Line and Col directly, and reads the line's
// bytes only when the line has non-ASCII bytes before Col. A Pos whose Line
// is out of range falls back to its Byte offset.
func (li *lineIndex) fromPos(text []byte, p parse.Pos) protocol.Position {
	if p.Line == 0 || int64(p.Line) > int64(len(li.lines)) || p.Col == 0 {
		return li.position(text, int(p.Byte))
	}
	l := int(p.Line - 1)
	start, end := li.bounds(text, l)
	c := min(int(p.Col-1), end-start)
	if c <= int(li.lines[l].ascii) {
		return protocol.Position{Line: uint32(l), Character: uint32(c)}
	}
	return protocol.Position{Line: uint32(l), Character: uint32(li.character(text, l, start, start+c))}
}

// toRange converts a parse.Range to an LSP range; see fromPos.
func (li *lineIndex) toRange(text []byte, r parse.Range) protocol.Range {
	return protocol.Range{Start: li.fromPos(text, r.Start), End: li.fromPos(text, r.End)}
}

// edit returns the index of the text that replacing old[s:e] by n bytes
// produced; text is that new text. If owned, li's line table may be reused
// in place; otherwise li is left untouched (readers of the old text may
// still hold it). The work is a scan of the affected lines plus one pass over
// the line table.
func (li *lineIndex) edit(text []byte, s, e, n int, owned bool) *lineIndex {
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
	return &lineIndex{lines: out, enc: li.enc}
}
