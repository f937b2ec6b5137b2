package outline

// This file defines where code lenses sit and what a benchmark's lens
// counts: "N references" over each named top-level resource, variable and
// local, and "N controls" over each benchmark (the controls its children
// reach, transitively; "N detections" over a detection benchmark).

import (
	"fmt"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// Lens is one code lens of a file.
type Lens struct {
	Entry *index.Entry
	// Range is where the lens sits: from the start of the declaration to
	// the end of its name, or just its start when those are on different
	// lines (a lens sits on one line).
	Range parse.Range
	// Controls marks a benchmark's lens that counts its controls; the
	// others count references.
	Controls bool
}

// Lenses returns the lenses of file f, in source order: one for each entry
// that Lensed admits, and for a benchmark a second that counts controls.
func Lenses(f *index.File) []Lens {
	var out []Lens
	es := f.Entries()
	for i := range es {
		e := &es[i]
		if !Lensed(e) {
			continue
		}
		r := parse.Range{Start: e.Range.Start, End: e.NameRange.End}
		if r.End.Line != r.Start.Line {
			r.End = r.Start
		}
		out = append(out, Lens{Entry: e, Range: r})
		if e.Kind == index.KindBenchmark {
			out = append(out, Lens{Entry: e, Range: r, Controls: true})
		}
	}
	return out
}

// Lensed reports whether entry e gets lenses: a named top-level entry
// other than the mod.
func Lensed(e *index.Entry) bool {
	return e.Is(index.TopLevel) && !e.Is(index.BadLabels) && e.Name() != "" && e.Kind != index.KindMod
}

// Controls returns the controls and detections benchmark b reaches through
// its children, transitively, and the lens title that counts them: "3
// controls", "1 detection", "2 controls, 1 detection".
func Controls(ix *index.Index, b *index.Entry) (string, []*index.Entry) {
	controls := ix.Controls(b)
	detections := 0
	for _, c := range controls {
		if c.Kind == index.KindDetection {
			detections++
		}
	}
	var title string
	switch n := len(controls) - detections; {
	case detections == 0:
		title = Count(n, "control", "controls")
	case n == 0:
		title = Count(detections, "detection", "detections")
	default:
		title = Count(n, "control", "controls") + ", " + Count(detections, "detection", "detections")
	}
	return title, controls
}

// Count formats n things: "0 references", "1 reference", "2 references".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
