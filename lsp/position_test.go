package lsp

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

func lspPos(line, char uint32) protocol.Position {
	return protocol.Position{Line: line, Character: char}
}

// positionCases are texts with expected conversions both ways. In offsets,
// every position maps to a byte offset; in positions, every byte offset maps
// to a position (rounded down).
var positionCases = []struct {
	name      string
	text      string
	offsets   map[protocol.Position]int
	positions map[int]protocol.Position
}{
	{
		name: "empty",
		text: "",
		offsets: map[protocol.Position]int{
			lspPos(0, 0): 0, lspPos(0, 5): 0, lspPos(1, 0): 0, lspPos(99, 99): 0,
		},
		positions: map[int]protocol.Position{0: lspPos(0, 0), -1: lspPos(0, 0), 7: lspPos(0, 0)},
	},
	{
		name: "ascii",
		text: "ab\ncd\n",
		offsets: map[protocol.Position]int{
			lspPos(0, 0): 0, lspPos(0, 2): 2, lspPos(0, 3): 2, lspPos(1, 0): 3, lspPos(1, 1): 4, lspPos(1, 9): 5,
			lspPos(2, 0): 6, lspPos(2, 4): 6, lspPos(3, 0): 6,
		},
		positions: map[int]protocol.Position{
			0: lspPos(0, 0), 2: lspPos(0, 2), 3: lspPos(1, 0), 5: lspPos(1, 2), 6: lspPos(2, 0), 100: lspPos(2, 0),
		},
	},
	{
		name: "2-byte",
		text: "é=1\nxé",
		offsets: map[protocol.Position]int{
			lspPos(0, 0): 0, lspPos(0, 1): 2, lspPos(0, 2): 3, lspPos(0, 3): 4, lspPos(0, 4): 4,
			lspPos(1, 1): 6, lspPos(1, 2): 8, lspPos(1, 3): 8,
		},
		positions: map[int]protocol.Position{
			0: lspPos(0, 0), 1: lspPos(0, 0), 2: lspPos(0, 1), 3: lspPos(0, 2), 4: lspPos(0, 3),
			5: lspPos(1, 0), 6: lspPos(1, 1), 7: lspPos(1, 1), 8: lspPos(1, 2),
		},
	},
	{
		name: "3-byte",
		text: "€中x\n",
		offsets: map[protocol.Position]int{
			lspPos(0, 1): 3, lspPos(0, 2): 6, lspPos(0, 3): 7, lspPos(0, 4): 7, lspPos(1, 0): 8,
		},
		positions: map[int]protocol.Position{
			1: lspPos(0, 0), 2: lspPos(0, 0), 3: lspPos(0, 1), 4: lspPos(0, 1), 5: lspPos(0, 1), 6: lspPos(0, 2), 7: lspPos(0, 3), 8: lspPos(1, 0),
		},
	},
	{
		name: "4-byte counts as 2",
		text: "a😀b",
		offsets: map[protocol.Position]int{
			lspPos(0, 1): 1,
			lspPos(0, 2): 1, // inside the surrogate pair: rounds to the emoji's start
			lspPos(0, 3): 5, lspPos(0, 4): 6, lspPos(0, 5): 6,
		},
		positions: map[int]protocol.Position{
			1: lspPos(0, 1), 2: lspPos(0, 1), 3: lspPos(0, 1), 4: lspPos(0, 1), 5: lspPos(0, 3), 6: lspPos(0, 4),
		},
	},
	{
		name: "CRLF",
		text: "ab\r\ncd\r\n\r\nx",
		offsets: map[protocol.Position]int{
			lspPos(0, 2): 2, lspPos(0, 3): 2, lspPos(0, 4): 2, lspPos(1, 0): 4, lspPos(1, 2): 6, lspPos(1, 3): 6,
			lspPos(2, 0): 8, lspPos(2, 1): 8, lspPos(3, 0): 10, lspPos(3, 1): 11, lspPos(4, 0): 11,
		},
		positions: map[int]protocol.Position{
			2: lspPos(0, 2), 3: lspPos(0, 2), // between "\r" and "\n": the line's end
			4: lspPos(1, 0), 7: lspPos(1, 2), 8: lspPos(2, 0), 9: lspPos(2, 0), 10: lspPos(3, 0), 11: lspPos(3, 1),
		},
	},
	{
		name: "lone CR is a character",
		text: "a\rb\nc\r",
		offsets: map[protocol.Position]int{
			lspPos(0, 1): 1, lspPos(0, 2): 2, lspPos(0, 3): 3, lspPos(0, 4): 3, lspPos(1, 0): 4, lspPos(1, 1): 5, lspPos(1, 2): 6, lspPos(1, 3): 6,
		},
		positions: map[int]protocol.Position{
			1: lspPos(0, 1), 2: lspPos(0, 2), 3: lspPos(0, 3), 4: lspPos(1, 0), 5: lspPos(1, 1), 6: lspPos(1, 2),
		},
	},
	{
		name: "empty lines",
		text: "\n\n\n",
		offsets: map[protocol.Position]int{
			lspPos(0, 0): 0, lspPos(0, 1): 0, lspPos(1, 0): 1, lspPos(2, 3): 2, lspPos(3, 0): 3, lspPos(4, 0): 3,
		},
		positions: map[int]protocol.Position{0: lspPos(0, 0), 1: lspPos(1, 0), 2: lspPos(2, 0), 3: lspPos(3, 0)},
	},
	{
		name: "last line without newline",
		text: "x\nlast",
		offsets: map[protocol.Position]int{
			lspPos(1, 4): 6, lspPos(1, 5): 6, lspPos(2, 0): 6,
		},
		positions: map[int]protocol.Position{6: lspPos(1, 4), 5: lspPos(1, 3)},
	},
	{
		name: "invalid UTF-8 counts 1 per byte",
		text: "a\xff\xe2\x82b\xf0\x9f\x98\x80",
		offsets: map[protocol.Position]int{
			lspPos(0, 1): 1, lspPos(0, 2): 2, lspPos(0, 3): 3, lspPos(0, 4): 4, lspPos(0, 5): 5, lspPos(0, 6): 5, lspPos(0, 7): 9, lspPos(0, 8): 9,
		},
		positions: map[int]protocol.Position{
			1: lspPos(0, 1), 2: lspPos(0, 2), 3: lspPos(0, 3), 4: lspPos(0, 4), 5: lspPos(0, 5), 7: lspPos(0, 5), 9: lspPos(0, 7),
		},
	},
	{
		name: "non-ASCII after a long ASCII prefix",
		text: "0123456789abcdefé😀\n",
		offsets: map[protocol.Position]int{
			lspPos(0, 16): 16, lspPos(0, 17): 18, lspPos(0, 18): 18, lspPos(0, 19): 22, lspPos(0, 20): 22,
		},
		positions: map[int]protocol.Position{16: lspPos(0, 16), 17: lspPos(0, 16), 18: lspPos(0, 17), 21: lspPos(0, 17), 22: lspPos(0, 19)},
	},
}

func TestPositionTable(t *testing.T) {
	for _, tc := range positionCases {
		t.Run(tc.name, func(t *testing.T) {
			text := []byte(tc.text)
			li := newLineIndex(text)
			for p, want := range tc.offsets {
				if got := li.offset(text, p); got != want {
					t.Errorf("offset(%d:%d) = %d, want %d", p.Line, p.Character, got, want)
				}
			}
			for off, want := range tc.positions {
				if got := li.position(text, off); got != want {
					t.Errorf("position(%d) = %d:%d, want %d:%d", off, got.Line, got.Character, want.Line, want.Character)
				}
			}
		})
	}
}

// TestPositionUTF8 checks the UTF-8 encoding: characters are bytes, and a
// byte inside a character rounds down to its start.
func TestPositionUTF8(t *testing.T) {
	text := []byte("a😀é\r\nb")
	li := newLineIndexEnc(text, span.UTF8)
	for p, want := range map[protocol.Position]int{
		lspPos(0, 1): 1, lspPos(0, 2): 1, lspPos(0, 4): 1, lspPos(0, 5): 5, lspPos(0, 6): 5, lspPos(0, 7): 7, lspPos(0, 8): 7, lspPos(0, 99): 7,
		lspPos(1, 0): 9, lspPos(1, 1): 10, lspPos(1, 2): 10, lspPos(2, 0): 10,
	} {
		if got := li.offset(text, p); got != want {
			t.Errorf("offset(%d:%d) = %d, want %d", p.Line, p.Character, got, want)
		}
	}
	for off, want := range map[int]protocol.Position{
		1: lspPos(0, 1), 3: lspPos(0, 1), 5: lspPos(0, 5), 6: lspPos(0, 5), 7: lspPos(0, 7), 8: lspPos(0, 7), 9: lspPos(1, 0),
	} {
		if got := li.position(text, off); got != want {
			t.Errorf("position(%d) = %d:%d, want %d:%d", off, got.Line, got.Character, want.Line, want.Character)
		}
	}
	if got := li.fromPos(text, parse.Pos{Byte: 5, Line: 1, Col: 6}); got != lspPos(0, 5) {
		t.Errorf("fromPos = %v, want 0:5", got)
	}
}

// refBoundary is one character boundary of a text as an independent
// reference computes it.
type refBoundary struct {
	off          int
	line         int
	char16, col8 int // UTF-16 character; byte column (= UTF-8 character)
}

// refBoundaries lists every character boundary of text in order: the start
// of every character of every line's content, every line's end (before
// "\r\n" or "\n"), and len(text).
func refBoundaries(text []byte) []refBoundary {
	var out []refBoundary
	line, start := 0, 0
	for {
		end := len(text)
		next := -1
		if j := strings.IndexByte(string(text[start:]), '\n'); j >= 0 {
			next = start + j + 1
			end = start + j
			if end > start && text[end-1] == '\r' {
				end--
			}
		}
		c16 := 0
		for i := start; ; {
			out = append(out, refBoundary{off: i, line: line, char16: c16, col8: i - start})
			if i >= end {
				break
			}
			r, size := utf8.DecodeRune(text[i:end])
			c16++
			if r >= 0x10000 {
				c16++
			}
			i += size
		}
		if next < 0 {
			return out
		}
		line, start = line+1, next
	}
}

// roundedDown returns the last boundary at or before off (clamped).
func roundedDown(bs []refBoundary, off int) refBoundary {
	best := bs[0]
	for _, b := range bs {
		if b.off <= off {
			best = b
		}
	}
	return best
}

func (b refBoundary) position(enc span.Encoding) protocol.Position {
	if enc == span.UTF8 {
		return lspPos(uint32(b.line), uint32(b.col8))
	}
	return lspPos(uint32(b.line), uint32(b.char16))
}

var roundTripTexts = []string{
	"",
	"resource \"x\" {\n  title = \"é€😀中\"\r\n}\n",
	"a\r\r\n\rb\n\n😀😀\n\xff\xfe\xe2\x82\n\xf0\x9f",
	"no newline at end é",
	strings.Repeat("x", 40) + "😀" + strings.Repeat("y", 10) + "\r\n",
}

// TestPositionRoundTrip checks, for every character boundary, that position
// and offset invert each other, and that fromPos agrees with position.
func TestPositionRoundTrip(t *testing.T) {
	texts := append([]string(nil), roundTripTexts...)
	for _, tc := range positionCases {
		texts = append(texts, tc.text)
	}
	for _, s := range texts {
		text := []byte(s)
		for _, enc := range []span.Encoding{span.UTF16, span.UTF8} {
			li := newLineIndexEnc(text, enc)
			for _, b := range refBoundaries(text) {
				p := b.position(enc)
				if got := li.position(text, b.off); got != p {
					t.Errorf("%q %v: position(%d) = %v, want %v", s, enc, b.off, got, p)
				}
				if got := li.offset(text, p); got != b.off {
					t.Errorf("%q %v: offset(%v) = %d, want %d", s, enc, p, got, b.off)
				}
				pp := parse.Pos{Byte: uint32(b.off), Line: uint32(b.line + 1), Col: uint32(b.col8 + 1)}
				if got := li.fromPos(text, pp); got != p {
					t.Errorf("%q %v: fromPos(%+v) = %v, want %v", s, enc, pp, got, p)
				}
			}
		}
	}
}

// TestPositionFromScan converts every range parse.Scan reports, on a file
// with non-ASCII strings and CRLF lines, and compares with position.
func TestPositionFromScan(t *testing.T) {
	src := []byte("dashboard \"é😀\" {\r\n  title = \"中文 😀 ${var.x}\"\r\n  card \"c\" {\n    sql = \"select 'é' as x\"\n    width = var.w😀\n  }\n}\n" +
		"locals {\n  a = \"😀\"\n  b = local.a\n}\n")
	f := parse.Scan(src)
	li := newLineIndex(src)
	var ranges []parse.Range
	for _, b := range f.Blocks {
		ranges = append(ranges, b.Range, b.TypeRange)
		for _, l := range b.Labels {
			ranges = append(ranges, l.Range)
		}
	}
	for _, a := range f.Attrs {
		ranges = append(ranges, a.NameRange, a.Range, a.ExprRange)
	}
	for _, s := range f.Steps {
		ranges = append(ranges, s.Range)
	}
	if len(ranges) < 10 {
		t.Fatalf("scan found only %d ranges", len(ranges))
	}
	for _, r := range ranges {
		got := li.toRange(src, r)
		want := protocol.Range{Start: li.position(src, int(r.Start.Byte)), End: li.position(src, int(r.End.Byte))}
		if got != want {
			t.Errorf("toRange(%+v) = %v, want %v", r, got, want)
		}
	}
	// A Pos whose line is out of range falls back to its byte offset.
	if got := li.fromPos(src, parse.Pos{Byte: 3, Line: 999, Col: 1}); got != lspPos(0, 3) {
		t.Errorf("fromPos(bad line) = %v, want 0:3", got)
	}
	if got := li.fromPos(src, parse.Pos{}); got != lspPos(0, 0) {
		t.Errorf("fromPos(zero) = %v, want 0:0", got)
	}
}

// FuzzPositions checks, on any text and offset, in both encodings, that
// offset→position→offset returns the offset rounded down to a character
// boundary, that fromPos agrees, and that arbitrary positions convert to
// boundaries without panicking.
func FuzzPositions(f *testing.F) {
	for _, s := range roundTripTexts {
		f.Add([]byte(s), len(s)/2)
	}
	for _, tc := range positionCases {
		f.Add([]byte(tc.text), 3)
	}
	f.Fuzz(func(t *testing.T, text []byte, off int) {
		bs := refBoundaries(text)
		isBoundary := make(map[int]bool, len(bs))
		for _, b := range bs {
			isBoundary[b.off] = true
		}
		want := roundedDown(bs, off)
		for _, enc := range []span.Encoding{span.UTF16, span.UTF8} {
			li := newLineIndexEnc(text, enc)
			p := li.position(text, off)
			if p != want.position(enc) {
				t.Fatalf("%v: position(%d) = %v, want %v", enc, off, p, want.position(enc))
			}
			if got := li.offset(text, p); got != want.off {
				t.Fatalf("%v: offset(position(%d)) = %d, want %d", enc, off, got, want.off)
			}
			pp := parse.Pos{Byte: uint32(want.off), Line: uint32(want.line + 1), Col: uint32(want.col8 + 1)}
			if got := li.fromPos(text, pp); got != p {
				t.Fatalf("%v: fromPos(%+v) = %v, want %v", enc, pp, got, p)
			}
			// Any position at all lands on a boundary.
			u := uint32(off)
			for _, q := range []protocol.Position{lspPos(u%7, u>>3), lspPos(u>>16, u&0xffff), lspPos(0, u), lspPos(u, 0)} {
				if got := li.offset(text, q); !isBoundary[got] {
					t.Fatalf("%v: offset(%v) = %d, not a character boundary", enc, q, got)
				}
			}
		}
	})
}

// benchText returns a file of n lines of about 40 bytes, every tenth with
// non-ASCII characters in the middle.
func benchText(n int) []byte {
	var b strings.Builder
	for i := range n {
		if i%10 == 0 {
			fmt.Fprintf(&b, "  title = \"Überblick 😀 %06d €\" # line\r\n", i)
		} else {
			fmt.Fprintf(&b, "  sql   = \"select * from table_%06d\"\n", i)
		}
	}
	return []byte(b.String())
}

func BenchmarkPosition(b *testing.B) {
	for _, n := range []int{300, 3000, 30000} {
		text := benchText(n)
		li := newLineIndex(text)
		ps := make([]protocol.Position, 0, n)
		offs := make([]int, 0, n)
		for l := range n {
			p := lspPos(uint32(l), 25)
			ps = append(ps, p)
			offs = append(offs, li.offset(text, p))
		}
		b.Run(fmt.Sprintf("offset/lines=%d", n), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				li.offset(text, ps[i%n])
			}
		})
		b.Run(fmt.Sprintf("position/lines=%d", n), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				li.position(text, offs[i%n])
			}
		})
		b.Run(fmt.Sprintf("fromPos/lines=%d", n), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				l := i % n
				li.fromPos(text, parse.Pos{Byte: uint32(offs[l]), Line: uint32(l + 1), Col: 30})
			}
		})
		b.Run(fmt.Sprintf("newLineIndex/lines=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				newLineIndex(text)
			}
		})
	}
}
