package parse

// This file tests the full-parse entry points: a block parsed alone with
// ParseBlock must equal, position for position, the same block of a
// whole-file parse.

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/modls/modls/internal/corpus"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestParseBlockCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s (it is in ../shared/corpus beside the repository; CI always has it): %v", corpusDir, err)
	}
	for _, mod := range corpus.Mods(t) {
		dir := corpus.Mod(t, mod)
		files := modFiles(t, dir)
		if len(files) == 0 {
			t.Fatalf("no files in corpus mod %s", mod)
		}
		top, nested := checkParseBlockFiles(t, files)
		t.Logf("%s: compared %d top-level and %d nested blocks in %d files", mod, top, nested, len(files))
	}
}

func TestParseBlockFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/syntax/*.pp")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in testdata/syntax: %v", err)
	}
	top, nested := checkParseBlockFiles(t, files)
	if top == 0 {
		t.Fatal("no blocks compared")
	}
	t.Logf("compared %d top-level and %d nested blocks", top, nested)
}

// TestParseBlockUnicodePrefix parses nested blocks that have tabs, combining
// marks, wide characters and emoji sequences before them on their line, so
// their hcl columns differ from their byte columns.
func TestParseBlockUnicodePrefix(t *testing.T) {
	src := []byte("dashboard \"d\" {\n" +
		"  /* é e\u0301 日本 👩\u200d👩\u200d👧 🇫🇷 */ container {\n" +
		"    title = \"x\u0301\"\n" +
		"\t/*\t😀 */\tcard \"c\" { sql = \"select 1\" }\n" +
		"  }\n" +
		"}\n")
	top, nested := checkParseBlocks(t, "unicode.pp", src)
	if top != 1 || nested != 2 {
		t.Fatalf("compared %d top-level and %d nested blocks, want 1 and 2", top, nested)
	}
	// Make sure the test means something: the columns are not byte columns.
	f := Scan(src)
	b, _ := ParseBlock("unicode.pp", src, f.Blocks[1].Range)
	if b == nil || b.TypeRange.Start.Column == int(f.Blocks[1].Range.Start.Col) {
		t.Fatalf("container column: got %+v, byte column %d; want them to differ", b, f.Blocks[1].Range.Start.Col)
	}
}

// TestParseBlockAlone shows that ParseBlock reads only its block: a broken
// block elsewhere in the file costs nothing, and diagnostics inside the block
// carry whole-file positions.
func TestParseBlockAlone(t *testing.T) {
	src := []byte("query \"ok\" {\n  sql = \"select 1\"\n}\n\n" +
		"query \"bad\" {\n  sql = \n  title = \"é\"\n}\n\n" +
		"garbage ( = {\n")
	f := Scan(src)
	if len(f.Blocks) < 2 {
		t.Fatalf("scan found %d blocks", len(f.Blocks))
	}
	b, diags := ParseBlock("x.pp", src, f.Blocks[0].Range)
	if b == nil || len(diags) > 0 || b.Labels[0] != "ok" {
		t.Fatalf("ok block: got %v, %v", b, diags)
	}

	b, diags = ParseBlock("x.pp", src, f.Blocks[1].Range)
	if b == nil || b.Labels[0] != "bad" || !diags.HasErrors() {
		t.Fatalf("bad block: got %v, %v", b, diags)
	}
	_, whole := ParseFile("x.pp", src)
	var want []string
	for _, d := range whole {
		if d.Subject != nil && d.Subject.Start.Byte < int(f.Blocks[1].Range.End.Byte) {
			want = append(want, diagString(d))
		}
	}
	var got []string
	for _, d := range diags {
		got = append(got, diagString(d))
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics of the bad block:\n got  %q\n want %q", got, want)
	}
}

func TestParseBlockNoBlock(t *testing.T) {
	src := []byte("a = 1\nb {\n}\n")
	r := Range{Start: Pos{Byte: 0, Line: 1, Col: 1}, End: Pos{Byte: 6, Line: 2, Col: 1}}
	b, diags := ParseBlock("x.pp", src, r)
	if b != nil || !diags.HasErrors() {
		t.Fatalf("got %v, %v; want no block and an error", b, diags)
	}
	if d := diags[len(diags)-1]; d.Summary != "No block in range" || d.Subject == nil || d.Subject.Filename != "x.pp" {
		t.Errorf("last diagnostic %v", d)
	}
	// Out-of-range offsets are clamped, not a panic.
	r = Range{Start: Pos{Byte: 100}, End: Pos{Byte: 3}}
	if b, diags := ParseBlock("x.pp", src, r); b != nil || !diags.HasErrors() {
		t.Fatalf("clamped range: got %v, %v", b, diags)
	}
}

func TestRangeClamp(t *testing.T) {
	for _, c := range []struct {
		s, e   uint32
		size   int
		ws, we int
	}{
		{0, 0, 0, 0, 0},
		{2, 5, 10, 2, 5},
		{2, 50, 10, 2, 10},
		{50, 60, 10, 10, 10},
		{7, 3, 10, 3, 3},
		{1, 2, -1, 0, 0},
	} {
		r := Range{Start: Pos{Byte: c.s}, End: Pos{Byte: c.e}}
		if s, e := r.Clamp(c.size); s != c.ws || e != c.we {
			t.Errorf("[%d,%d).Clamp(%d) = %d, %d; want %d, %d", c.s, c.e, c.size, s, e, c.ws, c.we)
		}
	}
}

func checkParseBlockFiles(t *testing.T, files []string) (top, nested int) {
	t.Helper()
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		n, m := checkParseBlocks(t, path, src)
		top += n
		nested += m
	}
	return top, nested
}

// checkParseBlocks parses every block Scan finds in src, at any depth, with
// ParseBlock and compares it with the same block of a whole-file parse. It
// skips files that do not parse without errors, and returns how many
// top-level and nested blocks it compared.
func checkParseBlocks(t *testing.T, path string, src []byte) (top, nested int) {
	t.Helper()
	whole, diags := ParseFile(path, src)
	if diags.HasErrors() {
		return 0, 0
	}
	byStart := map[int]*hclsyntax.Block{}
	var index func(*hclsyntax.Body)
	index = func(body *hclsyntax.Body) {
		for _, b := range body.Blocks {
			byStart[b.TypeRange.Start.Byte] = b
			index(b.Body)
		}
	}
	index(whole.Body.(*hclsyntax.Body))

	f := Scan(src)
	for _, sb := range f.Blocks {
		want := byStart[int(sb.Range.Start.Byte)]
		if want == nil {
			t.Errorf("%s: no hclsyntax block at byte %d", path, sb.Range.Start.Byte)
			continue
		}
		got, diags := ParseBlock(path, src, sb.Range)
		if len(diags) > 0 {
			t.Errorf("%s: block at %d: unexpected diagnostics %v", path, sb.Range.Start.Byte, diags)
		}
		if probs := compareBlocks(got, want); len(probs) > 0 {
			t.Errorf("%s: block %s at line %d differs from the whole-file parse:\n  %s",
				path, sb.Type, sb.Range.Start.Line, strings.Join(probs, "\n  "))
		}
		if sb.Parent < 0 {
			top++
		} else {
			nested++
		}
	}
	return top, nested
}

// compareBlocks lists the differences between got and want: type, labels,
// and the range of every node and sub-range in them.
func compareBlocks(got, want *hclsyntax.Block) []string {
	if got == nil {
		return []string{"no block"}
	}
	var probs []string
	if got.Type != want.Type {
		probs = append(probs, fmt.Sprintf("type %q, want %q", got.Type, want.Type))
	}
	if !slices.Equal(got.Labels, want.Labels) {
		probs = append(probs, fmt.Sprintf("labels %q, want %q", got.Labels, want.Labels))
	}
	if g, w := rangeString(got.Range()), rangeString(want.Range()); g != w {
		probs = append(probs, fmt.Sprintf("range %s, want %s", g, w))
	}
	g, w := nodeRanges(got), nodeRanges(want)
	if !slices.Equal(g, w) {
		for i := range max(len(g), len(w)) {
			var gs, ws string
			if i < len(g) {
				gs = g[i]
			}
			if i < len(w) {
				ws = w[i]
			}
			if gs != ws {
				probs = append(probs, fmt.Sprintf("first difference: %s, want %s", gs, ws))
				break
			}
		}
	}
	return probs
}

// nodeRanges describes, sorted, the range of every node below b and every
// sub-range an editor uses: block type, labels and braces, attribute name and
// equals sign, body end, traversal steps.
func nodeRanges(b *hclsyntax.Block) []string {
	var out []string
	add := func(what string, r hcl.Range) { out = append(out, what+" "+rangeString(r)) }
	hclsyntax.VisitAll(b, func(n hclsyntax.Node) hcl.Diagnostics {
		switch n.(type) {
		case hclsyntax.Attributes, hclsyntax.Blocks:
			// Their Range is that of an arbitrary member; the members are
			// visited anyway.
			return nil
		}
		add(fmt.Sprintf("%T", n), n.Range())
		switch n := n.(type) {
		case *hclsyntax.Block:
			add("type", n.TypeRange)
			for i, l := range n.LabelRanges {
				add(fmt.Sprintf("label%d", i), l)
			}
			add("open", n.OpenBraceRange)
			add("close", n.CloseBraceRange)
		case *hclsyntax.Body:
			add("end", n.EndRange)
		case *hclsyntax.Attribute:
			add("name "+n.Name, n.NameRange)
			add("equals", n.EqualsRange)
		case *hclsyntax.ScopeTraversalExpr:
			for _, tr := range n.Traversal {
				add("step", tr.SourceRange())
			}
		case *hclsyntax.RelativeTraversalExpr:
			for _, tr := range n.Traversal {
				add("step", tr.SourceRange())
			}
		}
		return nil
	})
	slices.Sort(out)
	return out
}

func rangeString(r hcl.Range) string {
	return fmt.Sprintf("%s:%d:%d(%d)-%d:%d(%d)", r.Filename,
		r.Start.Line, r.Start.Column, r.Start.Byte, r.End.Line, r.End.Column, r.End.Byte)
}

func diagString(d *hcl.Diagnostic) string {
	s := d.Summary
	if d.Subject != nil {
		s += " at " + rangeString(*d.Subject)
	}
	return s
}
