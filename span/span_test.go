package span

import (
	"fmt"
	"testing"

	"github.com/modls/modls/parse"
)

// TestLinesEdit checks that edit yields the index that indexing the
// edited text from scratch yields, for every replacement of every range of
// a few small texts.
func TestLinesEdit(t *testing.T) {
	inserts := []string{"", "x", "\n", "\r\n", "é\n😀", "a\nb\nc"}
	for _, s := range []string{"", "a", "ab\ncd\r\né\n", "\n\n", "😀\r\n\r\nx"} {
		text := []byte(s)
		li := New(text, UTF16)
		for i := 0; i <= len(text); i++ {
			for j := i; j <= len(text); j++ {
				for _, ins := range inserts {
					next := []byte(s[:i] + ins + s[j:])
					want := New(next, UTF16).lines
					if got := li.Edit(next, i, j, len(ins), false).lines; fmt.Sprint(got) != fmt.Sprint(want) {
						t.Errorf("%q: replace [%d,%d) by %q: lines %v, want %v", s, i, j, ins, got, want)
					}
					own := &Lines{lines: append([]lineInfo(nil), li.lines...)}
					if got := own.Edit(next, i, j, len(ins), true).lines; fmt.Sprint(got) != fmt.Sprint(want) {
						t.Errorf("%q: replace [%d,%d) by %q in place: lines %v, want %v", s, i, j, ins, got, want)
					}
				}
			}
		}
		if fmt.Sprint(li.lines) != fmt.Sprint(New(text, UTF16).lines) {
			t.Errorf("%q: edit without ownership changed the index", s)
		}
	}
}

// TestLines: Lines.Pos equals a count from the start of the text, at every
// offset, the text's end and past it.
func TestLines(t *testing.T) {
	for _, src := range []string{"", "a", "\n", "ab\ncd\n\nef", "x\r\ny\n", "é\nü"} {
		l := New([]byte(src), UTF16)
		for off := 0; off <= len(src)+2; off++ {
			o := min(off, len(src))
			line, start := 1, 0
			for i := 0; i < o; i++ {
				if src[i] == '\n' {
					line, start = line+1, i+1
				}
			}
			want := parse.Pos{Byte: uint32(o), Line: uint32(line), Col: uint32(o-start) + 1}
			if got := l.Pos([]byte(src), off); got != want {
				t.Errorf("%q at %d: %+v, want %+v", src, off, got, want)
			}
		}
	}
}

// TestPosOf: the one-off conversion agrees with Lines at every offset.
func TestPosOf(t *testing.T) {
	for _, src := range []string{"", "a", "\n", "ab\ncd\n\nef", "x\r\ny\n", "é\nü"} {
		l := New([]byte(src), UTF16)
		for off := -1; off <= len(src)+2; off++ {
			if got, want := PosOf([]byte(src), off), l.Pos([]byte(src), off); got != want {
				t.Errorf("%q at %d: %+v, want %+v", src, off, got, want)
			}
		}
	}
}
