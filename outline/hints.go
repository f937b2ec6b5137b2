package outline

// This file defines Hints: after each reference in a benchmark's children,
// the control or benchmark it names — a list of bare names becomes
// readable.

import "github.com/modls/modls/index"

// Hint is one inlay hint: the entry named by the reference that ends at
// byte offset End, and its title.
type Hint struct {
	End    uint32
	Target *index.Entry
	Title  string
}

// Hints returns the hints of the references in a `children` attribute of
// file f that touch the byte range [start, end], in source order: each
// names a control or benchmark with a title. title gives an entry's title
// (render.Renderer.Title: a template's value too); nil takes the index's.
func Hints(ix *index.Index, f *index.File, start, end uint32, title func(*index.Entry) string) []Hint {
	if title == nil {
		title = (*index.Entry).Title
	}
	var out []Hint
	for i := range f.Postings() {
		ps := &f.Postings()[i]
		if ps.Attr() != "children" || ps.Range.End.Byte < start || ps.Range.Start.Byte > end {
			continue
		}
		ts := ix.Resolve(ps)
		if len(ts) == 0 {
			continue
		}
		if t := title(ts[0]); t != "" {
			out = append(out, Hint{End: ps.Range.End.Byte, Target: ts[0], Title: t})
		}
	}
	return out
}
