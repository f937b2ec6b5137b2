package lsp

// This file defines the open-document overlays: the text and version of each
// document as the editor has it, the didChange edits that move it forward,
// (file:// URIs convert to paths through internal/fileuri).

import (
	"errors"
	"fmt"
	"sync"

	"github.com/modls/modls/span"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// document is one open text document: its text and version as the editor
// has it.
//
// uri and path never change; mu guards the rest, so apply and snapshot may
// run concurrently.
//
// Invariant: text is never modified in place once it is set, and neither is
// the line index, so the pair snapshot returns stays valid after later edits.
type document struct {
	uri  protocol.DocumentUri
	path string // file path from the file:// URI

	mu      sync.Mutex
	version protocol.Integer
	text    []byte
	lines   *lineIndex    // for text; nil until needed after a whole-text change
	enc     span.Encoding // unit of the client's positions; the zero value is UTF-16
}

// snapshot returns the current text and its line index, building the index
// if a whole-text change left it out of date. Neither is ever modified.
func (d *document) snapshot() ([]byte, *lineIndex) {
	text, li, _ := d.versioned()
	return text, li
}

// versioned is snapshot with the version the text has.
func (d *document) versioned() ([]byte, *lineIndex, protocol.Integer) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.lines == nil {
		d.lines = newLineIndexEnc(d.text, d.enc)
	}
	return d.text, d.lines, d.version
}

// apply applies the content changes of one didChange in order: each is a
// range (in the client's position encoding) and its replacement, or a
// whole-text replacement, and each sees the text the previous ones produced.
// changes holds protocol.TextDocumentContentChangeEvent or
// protocol.TextDocumentContentChangeEventWhole values, as glsp decodes
// DidChangeTextDocumentParams, pointers to them, or the map[string]any of a
// generic JSON decoding.
//
// version must be greater than the current one. A range out of bounds is
// clamped as lineIndex.offset clamps; a range whose end precedes its start is
// an error. The batch is atomic: on error the document is unchanged.
//
// Cost: the first ranged change copies the text once (into a buffer with
// room to grow) and the line table once; later changes of the same batch edit
// those copies in place. Converting a range costs O(log lines + line length).
func (d *document) apply(version protocol.Integer, changes []any) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if version <= d.version {
		return fmt.Errorf("document %s: version %d is not greater than the current version %d", d.uri, version, d.version)
	}
	text, lines := d.text, d.lines
	// Whether text and lines are this batch's own copies, free to edit in place.
	textOwned, linesOwned := false, false
	for i, ch := range changes {
		c, err := decodeChange(ch)
		if err != nil {
			return fmt.Errorf("document %s: change %d: %w", d.uri, i, err)
		}
		if c.rng == nil {
			text, lines, textOwned = []byte(c.text), nil, true
			continue
		}
		if lines == nil {
			lines, linesOwned = newLineIndexEnc(text, d.enc), true
		}
		start, end := c.rng.Start, c.rng.End
		if end.Line < start.Line || end.Line == start.Line && end.Character < start.Character {
			return fmt.Errorf("document %s: change %d: range end %d:%d precedes its start %d:%d",
				d.uri, i, end.Line, end.Character, start.Line, start.Character)
		}
		s, e := lines.offset(text, start), lines.offset(text, end)
		if e < s {
			// Unreachable: offset is monotonic in the position.
			return fmt.Errorf("document %s: change %d: range %d:%d-%d:%d maps to bytes %d-%d",
				d.uri, i, start.Line, start.Character, end.Line, end.Character, s, e)
		}
		text = span.Splice(text, s, e, c.text, textOwned)
		lines = lines.edit(text, s, e, len(c.text), linesOwned)
		textOwned, linesOwned = true, true
	}
	d.text, d.lines, d.version = text, lines, version
	return nil
}

// change is one decoded content change: rng is nil for a whole-text change.
type change struct {
	rng  *protocol.Range
	text string
}

// decodeChange accepts the forms a content change arrives in.
func decodeChange(ch any) (change, error) {
	switch c := ch.(type) {
	case protocol.TextDocumentContentChangeEvent:
		return change{rng: c.Range, text: c.Text}, nil
	case *protocol.TextDocumentContentChangeEvent:
		if c != nil {
			return change{rng: c.Range, text: c.Text}, nil
		}
	case protocol.TextDocumentContentChangeEventWhole:
		return change{text: c.Text}, nil
	case *protocol.TextDocumentContentChangeEventWhole:
		if c != nil {
			return change{text: c.Text}, nil
		}
	case map[string]any:
		return decodeChangeMap(c)
	}
	return change{}, fmt.Errorf("unsupported content change %T", ch)
}

// decodeChangeMap decodes a content change from generic JSON.
func decodeChangeMap(m map[string]any) (change, error) {
	text, ok := m["text"].(string)
	if !ok {
		return change{}, errors.New(`content change without a string "text"`)
	}
	rv, ok := m["range"]
	if !ok || rv == nil {
		return change{text: text}, nil
	}
	rm, ok := rv.(map[string]any)
	if !ok {
		return change{}, fmt.Errorf(`content change "range" is %T, not an object`, rv)
	}
	start, err := decodePositionMap(rm["start"])
	if err != nil {
		return change{}, fmt.Errorf("range start: %w", err)
	}
	end, err := decodePositionMap(rm["end"])
	if err != nil {
		return change{}, fmt.Errorf("range end: %w", err)
	}
	return change{rng: &protocol.Range{Start: start, End: end}, text: text}, nil
}

// decodePositionMap decodes {"line": n, "character": n} from generic JSON.
func decodePositionMap(v any) (protocol.Position, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return protocol.Position{}, fmt.Errorf("position is %T, not an object", v)
	}
	line, err := decodeUInteger(m["line"])
	if err != nil {
		return protocol.Position{}, fmt.Errorf("line: %w", err)
	}
	char, err := decodeUInteger(m["character"])
	if err != nil {
		return protocol.Position{}, fmt.Errorf("character: %w", err)
	}
	return protocol.Position{Line: line, Character: char}, nil
}

// decodeUInteger decodes a JSON number that must be a uinteger.
func decodeUInteger(v any) (protocol.UInteger, error) {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case int:
		f = float64(n)
	case int64:
		f = float64(n)
	case uint32:
		return n, nil
	default:
		return 0, fmt.Errorf("%T is not a number", v)
	}
	if f < 0 || f > 1<<32-1 || f != float64(uint32(f)) {
		return 0, fmt.Errorf("%v is not a uinteger", f)
	}
	return protocol.UInteger(f), nil
}
