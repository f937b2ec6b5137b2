package outline

// This file defines Hints: after each reference in a benchmark's children,
// the control or benchmark it names — a list of bare names becomes
// readable.

import "github.com/modls/modls/index"

// Hint is one inlay hint: the entry named by the reference that ends at
// byte offset End.
type Hint struct {
	End    uint32
	Target *index.Entry
}

// Hints returns the hints of the references in a `children` attribute of
// file f that touch the byte range [start, end], in source order: each
// names a control or benchmark with a title.
func Hints(ix *index.Index, f *index.File, start, end uint32) []Hint {
	var out []Hint
	for i := range f.Postings() {
		ps := &f.Postings()[i]
		if ps.Attr() != "children" || ps.Range.End.Byte < start || ps.Range.Start.Byte > end {
			continue
		}
		ts := ix.Resolve(ps)
		if len(ts) == 0 || ts[0].Title() == "" {
			continue
		}
		out = append(out, Hint{End: ps.Range.End.Byte, Target: ts[0]})
	}
	return out
}
