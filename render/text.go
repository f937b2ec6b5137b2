package render

// This file defines the rendered text and its source map: every byte of the
// text knows where it came from.

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Span is a byte range of a file.
type Span struct {
	Path       string
	Start, End uint32
}

// Loc is where a byte of rendered text comes from.
type Loc struct {
	// Path and Start..End: the source of the byte. When Exact, the byte is
	// the literal byte at Start (End = Start+1); otherwise it was produced
	// by the expression at Start..End (a variable's value, a function's
	// result).
	Path       string
	Start, End uint32
	Exact      bool
	// Via lists the interpolations the byte came through, outermost first:
	// `${local.x}` in the resource's own file, then `local.y` inside
	// local.x's definition, and so on. Empty for the resource's own text.
	Via []Span
}

// segment maps text[out:next segment's out] to its origin; an exact
// segment maps byte by byte from src.
type segment struct {
	out   uint32
	path  string
	src   uint32 // exact: the source of the segment's first byte; else the producing expression's start
	end   uint32 // not exact: the producing expression's end
	exact bool
	via   []Span
}

// text is a string being built with its source map.
type text struct {
	b    strings.Builder
	segs []segment
}

func (t *text) len() uint32 { return uint32(t.b.Len()) }

// add appends s produced by seg (out is set here); a segment continuing the
// previous one exactly is merged into it.
func (t *text) add(s string, seg segment) {
	if s == "" {
		return
	}
	seg.out = t.len()
	if !seg.exact && seg.end < seg.src {
		seg.end = seg.src // a broken expression's range
	}
	if n := len(t.segs); n > 0 {
		p := &t.segs[n-1]
		if seg.exact && p.exact && p.path == seg.path && sameVia(p.via, seg.via) && p.src+(seg.out-p.out) == seg.src {
			t.b.WriteString(s)
			return
		}
		if !seg.exact && !p.exact && p.path == seg.path && p.src == seg.src && p.end == seg.end && sameVia(p.via, seg.via) {
			t.b.WriteString(s)
			return
		}
	}
	t.segs = append(t.segs, seg)
	t.b.WriteString(s)
}

// addText appends u, keeping its map.
func (t *text) addText(u *text) {
	for i, seg := range u.segs {
		end := u.len()
		if i+1 < len(u.segs) {
			end = u.segs[i+1].out
		}
		s := u.b.String()[seg.out:end]
		t.add(s, seg)
	}
}

// addTextVia appends u, whose places are relative to an interpolation,
// through the interpolations prefix (outermost first).
func (t *text) addTextVia(u *text, prefix []Span) {
	if len(prefix) == 0 {
		t.addText(u)
		return
	}
	var lastVia, joined []Span
	for i, seg := range u.segs {
		end := u.len()
		if i+1 < len(u.segs) {
			end = u.segs[i+1].out
		}
		if joined == nil || !sameVia(seg.via, lastVia) {
			lastVia = seg.via
			joined = append(append(make([]Span, 0, len(prefix)+len(seg.via)), prefix...), seg.via...)
		}
		seg.via = joined
		t.add(u.b.String()[seg.out:end], seg)
	}
}

// addSlice appends u[from:to] with its map.
func (t *text) addSlice(u *text, from, to uint32) {
	if from >= to {
		return
	}
	str := u.b.String()
	i := sort.Search(len(u.segs), func(i int) bool { return u.segs[i].out > from }) - 1
	for ; i < len(u.segs) && from < to; i++ {
		seg := u.segs[i]
		end := u.len()
		if i+1 < len(u.segs) {
			end = u.segs[i+1].out
		}
		end = min(end, to)
		if seg.exact {
			seg.src += from - seg.out
		}
		t.add(str[from:end], seg)
		from = end
	}
}

// locate returns where byte off of a text comes from.
func locate(segs []segment, off uint32) (Loc, bool) {
	i := sort.Search(len(segs), func(i int) bool { return segs[i].out > off }) - 1
	if i < 0 {
		return Loc{}, false
	}
	s := segs[i]
	if s.exact {
		p := s.src + off - s.out
		return Loc{Path: s.path, Start: p, End: p + 1, Exact: true, Via: s.via}, true
	}
	return Loc{Path: s.path, Start: s.src, End: s.end, Via: s.via}, true
}

func sameVia(a, b []Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// addLiteral appends dec, the decoded value of a template literal whose
// source is src[start:end], mapping each byte of dec to its source byte.
// The decoding removed or rewrote only what HCL does: indentation of a
// flush heredoc and whitespace next to strip markers (`~`), `$${` and `%%{`
// escapes, and in a quoted string backslash escapes. A byte that cannot be
// aligned (never expected) maps to the whole literal.
func (t *text) addLiteral(dec string, src []byte, start, end uint32, quoted bool, path string, via []Span) {
	if int(end) > len(src) || start > end {
		t.add(dec, segment{path: path, src: start, end: start, via: via})
		return
	}
	s := src[start:end]
	i, j := 0, 0
	exact := func(n int, at int) {
		t.add(dec[i:i+n], segment{path: path, src: start + uint32(at), exact: true, via: via})
	}
	for i < len(dec) {
		if j >= len(s) {
			break
		}
		c, d := s[j], dec[i]
		switch {
		case quoted && c == '\\':
			n := escapeLen(s[j:])
			r := 1
			if i < len(dec) {
				_, r = utf8.DecodeRuneInString(dec[i:])
			}
			t.add(dec[i:i+r], segment{path: path, src: start + uint32(j), end: start + uint32(j+n), via: via})
			i += r
			j += n
		case (c == '$' || c == '%') && j+2 < len(s) && s[j+1] == c && s[j+2] == '{' && i+1 < len(dec) && dec[i] == c && dec[i+1] == '{':
			exact(2, j+1) // $${ → ${: the second $ and the brace
			i += 2
			j += 3
		case c == d:
			// A run of bytes that are their own source.
			k := 1
			for i+k < len(dec) && j+k < len(s) && s[j+k] == dec[i+k] && !(quoted && s[j+k] == '\\') && s[j+k] != '$' && s[j+k] != '%' {
				k++
			}
			exact(k, j)
			i += k
			j += k
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			j++ // removed indentation or stripped space
		default:
			t.add(dec[i:], segment{path: path, src: start, end: end, via: via})
			return
		}
	}
	if i < len(dec) {
		t.add(dec[i:], segment{path: path, src: start, end: end, via: via})
	}
}

// escapeLen is the length of the backslash escape at the start of s.
func escapeLen(s []byte) int {
	if len(s) < 2 {
		return len(s)
	}
	n := 2
	switch s[1] {
	case 'u':
		n = 6
	case 'U':
		n = 10
	}
	return min(n, len(s))
}
