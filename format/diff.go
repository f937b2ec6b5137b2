package format

// This file defines the diff: texts split into lines, the lines numbered
// so that lines equal but for white space compare as equal integers, a
// longest common subsequence of those (myers.go) pairing old and new lines,
// and each paired line that differs and each run of unpaired lines turned
// into byte edits trimmed to what differs.

import (
	"bytes"
	"unicode/utf8"

	"github.com/modls/modls/span"
)

// Diff returns edits that turn a into b, sorted and non-overlapping, with
// offsets in a.
//
// The edits follow a line diff that ignores white space: lines are paired
// along a longest common subsequence of the lines with their spaces, tabs
// and line breaks removed — what a formatter changes. A paired line that
// differs gets an edit of its own; a run of unpaired lines replaced by as
// many lines gives one edit per line, any other run one edit. Each edit is
// trimmed of the bytes its old and new text share at either end, never
// splitting a UTF-8 character or a "\r\n". So reformatting a file touches
// only the white space that changes, line by line, and a line that moved
// is a deletion and an insertion.
func Diff(a, b []byte) []span.Edit {
	if bytes.Equal(a, b) {
		return nil
	}
	la, lb := splitLines(a), splitLines(b)
	n := numberer{ids: map[string]int32{}}
	ia, ib := n.number(a, la), n.number(b, lb)
	var edits []span.Edit
	pa, pb := 0, 0 // lines before these are done
	for _, m := range commonLines(ia, ib) {
		edits = appendHunk(edits, a, b, la, lb, pa, m.a, pb, m.b)
		edits = appendTrimmed(edits, a, b, la[m.a], la[m.a+1], lb[m.b], lb[m.b+1])
		pa, pb = m.a+1, m.b+1
	}
	return appendHunk(edits, a, b, la, lb, pa, len(ia), pb, len(ib))
}

// splitLines returns the start offset of each line of text, plus len(text)
// as a sentinel. A line ends after "\n"; a text not ending in "\n" has a
// last line without one, and an empty text has no lines.
func splitLines(text []byte) []int {
	starts := make([]int, 0, bytes.Count(text, []byte{'\n'})+2)
	for i := 0; i < len(text); {
		starts = append(starts, i)
		k := bytes.IndexByte(text[i:], '\n')
		if k < 0 {
			break
		}
		i += k + 1
	}
	return append(starts, len(text))
}

// numberer gives each distinct line, white space ignored, an id.
type numberer struct {
	ids map[string]int32
	key []byte
}

// number returns the id of each line of text: lines of either text that are
// equal once spaces, tabs, "\r" and "\n" are removed get equal ids.
func (n *numberer) number(text []byte, starts []int) []int32 {
	out := make([]int32, len(starts)-1)
	for i := range out {
		n.key = n.key[:0]
		for _, c := range text[starts[i]:starts[i+1]] {
			if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
				n.key = append(n.key, c)
			}
		}
		id, ok := n.ids[string(n.key)]
		if !ok {
			id = int32(len(n.ids))
			n.ids[string(n.key)] = id
		}
		out[i] = id
	}
	return out
}

// appendHunk appends the edits that turn lines [a0, a1) of a into lines
// [b0, b1) of b.
func appendHunk(edits []span.Edit, a, b []byte, la, lb []int, a0, a1, b0, b1 int) []span.Edit {
	if a0 == a1 && b0 == b1 {
		return edits
	}
	if a1-a0 == b1-b0 {
		for k := 0; k < a1-a0; k++ {
			edits = appendTrimmed(edits, a, b, la[a0+k], la[a0+k+1], lb[b0+k], lb[b0+k+1])
		}
		return edits
	}
	return appendTrimmed(edits, a, b, la[a0], la[a1], lb[b0], lb[b1])
}

// appendTrimmed appends the edit that replaces a[as:ae] by b[bs:be], without
// the bytes the two share at either end; nothing if they are equal.
func appendTrimmed(edits []span.Edit, a, b []byte, as, ae, bs, be int) []span.Edit {
	x, y := a[as:ae], b[bs:be]
	p := 0
	for p < len(x) && p < len(y) && x[p] == y[p] {
		p++
	}
	if p == len(x) && p == len(y) {
		return edits
	}
	p = boundary(x, p)
	s := 0
	for s < len(x)-p && s < len(y)-p && x[len(x)-1-s] == y[len(y)-1-s] {
		s++
	}
	// The suffix starts at len(x)-s in x; move it right until that is a
	// boundary there (the bytes before it are equal in x and y, so the same
	// shift keeps it a boundary in y).
	for s > 0 && boundary(x, len(x)-s) != len(x)-s {
		s--
	}
	return append(edits, span.Edit{Start: as + p, End: ae - s, New: string(y[p : len(y)-s])})
}

// boundary returns the greatest offset at or before i in text that does not
// split a UTF-8 character or a "\r\n".
func boundary(text []byte, i int) int {
	for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
		i--
	}
	if i > 0 && i < len(text) && text[i-1] == '\r' && text[i] == '\n' {
		i--
	}
	return i
}
