package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/modls/modls/span"
	"github.com/modls/modls/workspace"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// document is one document open in a workspace of its own, changed as
// didChange changes it: decodeChanges, then workspace.Change. Its fields
// are the workspace's document as a snapshot last saw it.
type document struct {
	ws      *workspace.Workspace
	path    string
	version protocol.Integer
	text    []byte
	lines   *lineIndex
}

func newDocument(path, text string) *document {
	d := &document{ws: workspace.New(context.Background(), workspace.Options{}), path: path}
	d.ws.Open(path, 1, []byte(text))
	d.snapshot()
	return d
}

// snapshot returns the document's text and line index in a new snapshot.
func (d *document) snapshot() ([]byte, *lineIndex) {
	doc, _ := d.ws.Snapshot().Doc(d.path)
	d.text, d.version, d.lines = doc.Text.Text, doc.Version, &lineIndex{doc.Lines}
	return d.text, d.lines
}

func (d *document) apply(version protocol.Integer, changes []any) error {
	cs, err := decodeChanges(changes)
	if err == nil {
		err = d.ws.Change(d.path, version, cs)
	}
	d.snapshot()
	return err
}

func lspRange(l1, c1, l2, c2 uint32) *protocol.Range {
	return &protocol.Range{Start: lspPos(l1, c1), End: lspPos(l2, c2)}
}

func rangeEdit(r *protocol.Range, text string) protocol.TextDocumentContentChangeEvent {
	return protocol.TextDocumentContentChangeEvent{Range: r, Text: text}
}

func TestDocumentApply(t *testing.T) {
	for _, tc := range []struct {
		name    string
		text    string
		version protocol.Integer // of the change; the document is at 1
		changes []any
		want    string
		err     string // a substring of the error; text must stay unchanged
	}{
		{name: "insert", text: "ab\ncd", changes: []any{rangeEdit(lspRange(1, 1, 1, 1), "X")}, want: "ab\ncXd"},
		{name: "insert at end", text: "ab\ncd", changes: []any{rangeEdit(lspRange(1, 2, 1, 2), "!\n")}, want: "ab\ncd!\n"},
		{name: "insert into empty", text: "", changes: []any{rangeEdit(lspRange(0, 0, 0, 0), "hi")}, want: "hi"},
		{name: "delete", text: "ab\ncd", changes: []any{rangeEdit(lspRange(0, 1, 1, 1), "")}, want: "ad"},
		{name: "replace", text: "title = \"a\"\n", changes: []any{rangeEdit(lspRange(0, 9, 0, 10), "bcd")}, want: "title = \"bcd\"\n"},
		{
			name: "batch: later changes see earlier ones",
			text: "one\ntwo\n",
			changes: []any{
				rangeEdit(lspRange(0, 0, 0, 3), "1"),
				rangeEdit(lspRange(0, 1, 0, 1), "\nnew"),  // "1\nnew\ntwo\n"
				rangeEdit(lspRange(2, 0, 2, 3), "2"),      // "1\nnew\n2\n"
				rangeEdit(lspRange(1, 3, 2, 0), " line "), // "1\nnew line 2\n"
			},
			want: "1\nnew line 2\n",
		},
		{name: "insert after an emoji", text: "a😀b", changes: []any{rangeEdit(lspRange(0, 3, 0, 3), "é")}, want: "a😀éb"},
		{name: "delete a surrogate pair", text: "a😀b", changes: []any{rangeEdit(lspRange(0, 1, 0, 3), "")}, want: "ab"},
		{name: "position inside a pair rounds down", text: "a😀b", changes: []any{rangeEdit(lspRange(0, 2, 0, 2), "x")}, want: "ax😀b"},
		{name: "replace CJK", text: "中文\n€", changes: []any{rangeEdit(lspRange(0, 1, 1, 1), "-")}, want: "中-"},
		{name: "CRLF: line end is before CR", text: "ab\r\ncd\r\n", changes: []any{rangeEdit(lspRange(0, 2, 0, 9), "!")}, want: "ab!\r\ncd\r\n"},
		{name: "CRLF: join lines", text: "ab\r\ncd\r\n", changes: []any{rangeEdit(lspRange(0, 2, 1, 0), " ")}, want: "ab cd\r\n"},
		{name: "CRLF: insert line", text: "ab\r\ncd", changes: []any{rangeEdit(lspRange(1, 0, 1, 0), "x\r\n")}, want: "ab\r\nx\r\ncd"},
		{name: "whole replacement", text: "old", changes: []any{protocol.TextDocumentContentChangeEventWhole{Text: "new\n"}}, want: "new\n"},
		{name: "event without range is whole", text: "old", changes: []any{rangeEdit(nil, "new")}, want: "new"},
		{
			name:    "whole then ranged",
			text:    "old",
			changes: []any{protocol.TextDocumentContentChangeEventWhole{Text: "a\nb"}, rangeEdit(lspRange(1, 0, 1, 1), "c")},
			want:    "a\nc",
		},
		{
			name: "pointers",
			text: "ab",
			changes: []any{
				&protocol.TextDocumentContentChangeEvent{Range: lspRange(0, 0, 0, 1), Text: "x"},
				&protocol.TextDocumentContentChangeEventWhole{Text: "w" + "xb"},
			},
			want: "wxb",
		},
		{
			name: "generic JSON",
			text: "ab\ncd",
			changes: []any{
				map[string]any{"range": map[string]any{
					"start": map[string]any{"line": 1.0, "character": 0.0},
					"end":   map[string]any{"line": 1.0, "character": 1.0},
				}, "rangeLength": 1.0, "text": "X"},
				map[string]any{"text": "whole"},
			},
			want: "whole",
		},
		{name: "out of bounds clamps", text: "ab\ncd", changes: []any{rangeEdit(lspRange(1, 1, 7, 99), "!")}, want: "ab\nc!"},
		{name: "start past the end appends", text: "ab", changes: []any{rangeEdit(lspRange(5, 0, 6, 0), "!")}, want: "ab!"},
		{name: "empty batch bumps the version", text: "ab", changes: nil, want: "ab"},
		{
			name:    "stale version",
			text:    "ab",
			version: 1,
			changes: []any{rangeEdit(lspRange(0, 0, 0, 0), "x")},
			err:     "version 1 is not greater than the current version 1",
		},
		{
			name:    "older version",
			text:    "ab",
			version: -3,
			changes: []any{rangeEdit(lspRange(0, 0, 0, 0), "x")},
			err:     "not greater",
		},
		{
			name:    "inverted range",
			text:    "ab\ncd",
			changes: []any{rangeEdit(lspRange(1, 1, 0, 1), "x")},
			err:     "range end 0:1 precedes its start 1:1",
		},
		{
			name:    "inverted range on one line",
			text:    "ab\ncd",
			changes: []any{rangeEdit(lspRange(0, 2, 0, 1), "x")},
			err:     "precedes",
		},
		{
			name:    "batch is atomic",
			text:    "ab\ncd",
			changes: []any{rangeEdit(lspRange(0, 0, 0, 0), "x"), protocol.TextDocumentContentChangeEventWhole{Text: "w"}, rangeEdit(lspRange(0, 1, 0, 0), "y")},
			err:     "change 2",
		},
		{name: "unknown change type", text: "ab", changes: []any{"text"}, err: "unsupported content change string"},
		{name: "nil pointer", text: "ab", changes: []any{(*protocol.TextDocumentContentChangeEvent)(nil)}, err: "unsupported"},
		{name: "JSON without text", text: "ab", changes: []any{map[string]any{"range": nil}}, err: `"text"`},
		{
			name: "JSON with a bad position",
			text: "ab",
			changes: []any{map[string]any{"text": "", "range": map[string]any{
				"start": map[string]any{"line": -1.0, "character": 0.0},
				"end":   map[string]any{"line": 0.0, "character": 0.0},
			}}},
			err: "range start: line: -1 is not a uinteger",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDocument("/x.pp", tc.text)
			old := d.text
			version := tc.version
			if version == 0 {
				version = 2
			}
			err := d.apply(version, tc.changes)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("apply: error %v, want one containing %q", err, tc.err)
				}
				if string(d.text) != tc.text || d.version != 1 {
					t.Fatalf("after a failed apply: text %q version %d, want %q version 1", d.text, d.version, tc.text)
				}
				return
			}
			if err != nil {
				t.Fatalf("apply: %v", err)
			}
			if string(d.text) != tc.want || d.version != version {
				t.Fatalf("apply: text %q version %d, want %q version %d", d.text, d.version, tc.want, version)
			}
			if string(old) != tc.text {
				t.Fatalf("apply modified the previous text in place: %q", old)
			}
			checkLines(t, d)
		})
	}
}

// checkLines fails unless the document's line index is the one indexing its
// text from scratch gives.
func checkLines(t *testing.T, d *document) {
	t.Helper()
	if d.lines == nil {
		return
	}
	want := newLineIndex(d.text)
	if fmt.Sprint(d.lines.Lines) != fmt.Sprint(want.Lines) {
		t.Fatalf("line index after edits\n%v\nwant\n%v", d.lines.Lines, want.Lines)
	}
}

// TestDocumentSnapshot checks that a snapshot stays valid across later
// edits (workspace's TestChangeLinesLazily: that it builds the line index
// lazily).
func TestDocumentSnapshot(t *testing.T) {
	d := newDocument("/tmp/a b.pp", "ab\ncd")
	text, li := d.snapshot()
	if err := d.apply(2, []any{rangeEdit(lspRange(0, 0, 1, 0), "")}); err != nil {
		t.Fatal(err)
	}
	if string(text) != "ab\ncd" || li.offset(text, lspPos(1, 1)) != 4 {
		t.Fatalf("snapshot changed by a later edit: %q", text)
	}
	if err := d.apply(3, []any{protocol.TextDocumentContentChangeEventWhole{Text: "x\ny"}}); err != nil {
		t.Fatal(err)
	}
	text, li = d.snapshot()
	if li.position(text, 2) != lspPos(1, 0) {
		t.Fatal("snapshot after whole replacement is wrong")
	}
}

// refDoc is the reference implementation for TestDocumentRandom: the text
// as UTF-16 code units, edited as the LSP specification describes.
type refDoc []uint16

func (r refDoc) index(p protocol.Position) int {
	i := 0
	for l := uint32(0); l < p.Line; l++ {
		j := i
		for j < len(r) && r[j] != '\n' {
			j++
		}
		if j == len(r) {
			return len(r)
		}
		i = j + 1
	}
	end := i
	for end < len(r) && r[end] != '\n' {
		end++
	}
	if end < len(r) && end > i && r[end-1] == '\r' {
		end--
	}
	c := min(i+int(min(p.Character, uint32(len(r)))), end)
	if c > i && utf16.IsSurrogate(rune(r[c-1])) && r[c-1] < 0xdc00 { // after a high surrogate: inside a pair
		c--
	}
	return c
}

func (r refDoc) replace(rg protocol.Range, text string) refDoc {
	s, e := r.index(rg.Start), r.index(rg.End)
	out := append(refDoc(nil), r[:s]...)
	out = append(out, utf16.Encode([]rune(text))...)
	return append(out, r[e:]...)
}

func (r refDoc) String() string { return string(utf16.Decode(r)) }

// TestDocumentRandom applies 1,000 random batches of edits through apply and
// through refDoc and compares the texts and line indexes after each.
func TestDocumentRandom(t *testing.T) {
	pieces := []string{"a", "bc", " ", "é", "€", "中文", "😀", "🎉x", "\n", "\r\n", "\r", "x\ny\r\nz", "", "\t=\"", "${var.x}"}
	rnd := rand.New(rand.NewPCG(1, 2))
	randText := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		return b.String()
	}
	randPos := func(r refDoc) protocol.Position {
		lines := uint32(strings.Count(r.String(), "\n")) + 1
		p := lspPos(rnd.Uint32N(lines+1), rnd.Uint32N(12))
		if rnd.IntN(20) == 0 {
			p.Character = rnd.Uint32N(1000)
		}
		return p
	}
	before := func(a, b protocol.Position) bool {
		return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
	}
	// asForm returns the change in one of the forms apply accepts.
	asForm := func(c protocol.TextDocumentContentChangeEvent) any {
		switch rnd.IntN(3) {
		case 0:
			return &c
		case 1:
			var m map[string]any
			b, _ := json.Marshal(c)
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			return m
		}
		return c
	}

	init := randText(60)
	ref := refDoc(utf16.Encode([]rune(init)))
	d := newDocument("/r.pp", init)
	for step := range 1000 {
		version := d.version + 1
		var changes []any
		next := ref
		for range 1 + rnd.IntN(3) {
			if rnd.IntN(50) == 0 {
				text := randText(rnd.IntN(40))
				changes = append(changes, protocol.TextDocumentContentChangeEventWhole{Text: text})
				next = refDoc(utf16.Encode([]rune(text)))
				continue
			}
			a, b := randPos(next), randPos(next)
			if before(b, a) {
				a, b = b, a
			}
			text := randText(rnd.IntN(4))
			if len(next) > 400 {
				text = "" // keep the text from growing without bound
			}
			c := protocol.TextDocumentContentChangeEvent{Range: &protocol.Range{Start: a, End: b}, Text: text}
			changes = append(changes, asForm(c))
			next = next.replace(*c.Range, c.Text)
		}
		inverted := rnd.IntN(25) == 0
		if inverted {
			changes = append(changes, rangeEdit(lspRange(1, 0, 0, 5), "never"))
		}
		err := d.apply(version, changes)
		if inverted {
			if err == nil || string(d.text) != ref.String() || d.version != version-1 {
				t.Fatalf("step %d: inverted range: error %v, text changed %v", step, err, string(d.text) != ref.String())
			}
			continue
		}
		if err != nil {
			t.Fatalf("step %d: apply: %v", step, err)
		}
		ref = next
		if got, want := string(d.text), ref.String(); got != want {
			t.Fatalf("step %d: changes %+v:\ngot  %q\nwant %q", step, changes, got, want)
		}
		checkLines(t, d)
	}
}

// TestDocumentSpliceInPlace checks that later changes of a batch edit the
// batch's own copy in place when it has room.
func TestDocumentSpliceInPlace(t *testing.T) {
	text := []byte("hello world")
	a := span.Splice(text, 5, 5, ",", false)
	if string(text) != "hello world" || string(a) != "hello, world" {
		t.Fatalf("splice copy: %q %q", text, a)
	}
	b := span.Splice(a, 0, 5, "bye", true)
	if string(b) != "bye, world" || &a[0] != &b[0] {
		t.Fatalf("splice in place: %q, same array %v", b, &a[0] == &b[0])
	}
	c := span.Splice(b, 3, 3, strings.Repeat("!", 200), true)
	if string(c) != "bye"+strings.Repeat("!", 200)+", world" {
		t.Fatalf("splice growing: %q", c)
	}
}
