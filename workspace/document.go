package workspace

// This file defines the open documents: the text and version of each as the
// editor has it, and the content changes that move it forward.

import (
	"fmt"

	"github.com/modls/modls/span"
)

// A Change is one content change of an open document: the text between
// Start and End (positions of the text the previous changes of its batch
// produced) replaced by Text, or, when Whole, the whole text replaced.
type Change struct {
	Start, End span.Position
	Text       string
	Whole      bool
}

// document is one open document. The workspace's lock guards it.
//
// Invariant: text is never modified in place once it is set, and neither is
// lines, so a snapshot that holds them stays valid after later changes.
type document struct {
	version int32
	text    []byte
	lines   *span.Lines // for text; nil until needed after a whole-text change
}

// snapshot returns the document as a Doc, building its line table if a
// whole-text change left it out of date.
func (d *document) snapshot() Doc {
	if d.lines == nil {
		d.lines = span.New(d.text, span.UTF16)
	}
	return Doc{Text: Text{Text: d.text, Lines: d.lines}, Version: d.version}
}

// apply applies the content changes of one batch in order, each seeing the
// text the previous ones produced. version must be greater than the
// current one. A position out of bounds is clamped as span.Lines.Offset
// clamps; a range whose end precedes its start is an error. The batch is
// atomic: on error the document is unchanged.
//
// Cost: the first ranged change copies the text once (into a buffer with
// room to grow) and the line table once; later changes of the same batch edit
// those copies in place. Converting a position costs O(log lines + line
// length).
func (d *document) apply(version int32, changes []Change) error {
	if version <= d.version {
		return fmt.Errorf("version %d is not greater than the current version %d", version, d.version)
	}
	text, lines := d.text, d.lines
	// Whether text and lines are this batch's own copies, free to edit in place.
	textOwned, linesOwned := false, false
	for i, c := range changes {
		if c.Whole {
			text, lines, textOwned = []byte(c.Text), nil, true
			continue
		}
		if lines == nil {
			lines, linesOwned = span.New(text, span.UTF16), true
		}
		start, end := c.Start, c.End
		if end.Line < start.Line || end.Line == start.Line && end.Character < start.Character {
			return fmt.Errorf("change %d: range end %d:%d precedes its start %d:%d",
				i, end.Line, end.Character, start.Line, start.Character)
		}
		s, e := lines.Offset(text, start), lines.Offset(text, end)
		if e < s {
			// Unreachable: Offset is monotonic in the position.
			return fmt.Errorf("change %d: range %d:%d-%d:%d maps to bytes %d-%d",
				i, start.Line, start.Character, end.Line, end.Character, s, e)
		}
		text = span.Splice(text, s, e, c.Text, textOwned)
		lines = lines.Edit(text, s, e, len(c.Text), linesOwned)
		textOwned, linesOwned = true, true
	}
	d.text, d.lines, d.version = text, lines, version
	return nil
}
