package workspace

import (
	"bytes"
	"strings"
	"testing"

	"github.com/modls/modls/span"
)

func pos(line, char uint32) span.Position { return span.Position{Line: line, Character: char} }

// TestChangeLinesLazily: a whole-text change leaves the line table to be
// built by the next snapshot, a ranged one edits it; a snapshot's text and
// lines never change after it is taken.
func TestChangeLinesLazily(t *testing.T) {
	w := New(t.Context(), Options{})
	w.Open("/a.pp", 1, []byte("ab\ncd"))
	before := w.Snapshot()
	if err := w.Change("/a.pp", 2, []Change{{Start: pos(0, 0), End: pos(1, 0), Text: ""}}); err != nil {
		t.Fatal(err)
	}
	if d, _ := before.Doc("/a.pp"); string(d.Text.Text) != "ab\ncd" || d.Lines.Offset(d.Text.Text, pos(1, 1)) != 4 || d.Version != 1 {
		t.Fatalf("snapshot changed by a later change: %q version %d", d.Text.Text, d.Version)
	}
	if err := w.Change("/a.pp", 3, []Change{{Whole: true, Text: "x\ny"}}); err != nil {
		t.Fatal(err)
	}
	if w.docs["/a.pp"].lines != nil {
		t.Fatal("a whole replacement kept a line table")
	}
	d, _ := w.Snapshot().Doc("/a.pp")
	if d.Lines.Position(d.Text.Text, 2) != pos(1, 0) || d.Version != 3 {
		t.Fatalf("snapshot after a whole replacement: %q version %d", d.Text.Text, d.Version)
	}
}

// TestChangeIsAtomic: a stale version or an inverted range in a batch
// leaves the document as it was.
func TestChangeIsAtomic(t *testing.T) {
	w := New(t.Context(), Options{})
	w.Open("/a.pp", 5, []byte("ab\ncd"))
	for _, tc := range []struct {
		version int32
		changes []Change
		err     string
	}{
		{5, []Change{{Start: pos(0, 0), End: pos(0, 0), Text: "x"}}, "version 5 is not greater than the current version 5"},
		{6, []Change{{Start: pos(0, 0), End: pos(0, 0), Text: "x"}, {Whole: true, Text: "w"}, {Start: pos(0, 1), End: pos(0, 0), Text: "y"}}, "change 2: range end 0:0 precedes its start 0:1"},
	} {
		err := w.Change("/a.pp", tc.version, tc.changes)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("error %v, want %q", err, tc.err)
		}
		if d, _ := w.Snapshot().Doc("/a.pp"); string(d.Text.Text) != "ab\ncd" || d.Version != 5 {
			t.Errorf("after a failed change: %q version %d", d.Text.Text, d.Version)
		}
	}
	if err := w.Change("/b.pp", 1, nil); err == nil {
		t.Error("a change of a document that is not open was accepted")
	}
}

// BenchmarkChange applies one-character edits (an insertion, then its
// deletion) in the middle of a 3,000-line document, against the cost of one
// copy of the text into a new slice ("clone") and into an existing one
// ("memmove"): a change allocates the new text and line table, and on small
// machines that allocation, not the copy, is most of the time.
func BenchmarkChange(b *testing.B) {
	text := bytes.Repeat([]byte("query \"q\" {\n  title = \"a query of the benchmark\"\n  sql   = \"select 1\"\n}\n"), 750)
	b.Run("apply", func(b *testing.B) {
		w := New(b.Context(), Options{})
		w.Open("/b.pp", 1, text)
		w.Snapshot() // builds the line table
		ins := []Change{{Start: pos(1500, 10), End: pos(1500, 10), Text: "x"}}
		del := []Change{{Start: pos(1500, 10), End: pos(1500, 11)}}
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			changes := ins
			if i%2 == 1 {
				changes = del
			}
			if err := w.Change("/b.pp", int32(i+2), changes); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("clone", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		var sink []byte
		for b.Loop() {
			sink = append([]byte(nil), text...)
		}
		_ = sink
	})
	b.Run("memmove", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		dst := make([]byte, len(text))
		for b.Loop() {
			copy(dst, text)
		}
	})
}
