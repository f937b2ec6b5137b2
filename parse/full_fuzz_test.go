package parse

import (
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// FuzzParseBlock holds ParseBlock to its contract on any input and any
// range: it never panics, whatever it returns lies within the range clamped
// into the file, and wherever the whole file parses without errors, the
// block at a range Scan reports equals the same block of the whole-file
// parse.
func FuzzParseBlock(f *testing.F) {
	for _, dir := range []string{"testdata/syntax", "testdata/broken"} {
		for _, path := range modFiles(f, dir) {
			src, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			sf := Scan(src)
			for i, b := range sf.Blocks {
				f.Add(src, b.Range.Start.Byte, b.Range.End.Byte, b.Range.Start.Line, uint32(i))
			}
			f.Add(src, uint32(0), uint32(len(src)), uint32(1), uint32(0))
		}
	}
	f.Add([]byte("a {\n  /* é👩\u200d👧 */ b \"x\" { c = 1 }\n}\n"), uint32(18), uint32(37), uint32(2), uint32(1))
	f.Add([]byte("\xef\xbb\xbfa {}\n"), uint32(1), uint32(4), uint32(0), uint32(0))
	f.Add([]byte(strings.Repeat("a {\n", 20)), uint32(4), uint32(1<<31), uint32(9), uint32(3))
	f.Fuzz(func(t *testing.T, src []byte, start, end, line, pick uint32) {
		// Any range at all.
		r := Range{Start: Pos{Byte: start, Line: line}, End: Pos{Byte: end}}
		b, diags := ParseBlock("input.pp", src, r)
		s, e := r.Clamp(len(src))
		if b == nil && !diags.HasErrors() {
			t.Fatalf("no block and no error for range [%d,%d)", s, e)
		}
		if b != nil {
			if rb := b.Range(); rb.Start.Byte < s || rb.End.Byte > e {
				t.Fatalf("block range %v outside [%d,%d)", rb, s, e)
			}
		}

		// A range Scan reports, on a file hclsyntax accepts.
		whole, wd := ParseFile("input.pp", src)
		sf := Scan(src)
		if wd.HasErrors() || len(sf.Blocks) == 0 {
			return
		}
		sb := sf.Blocks[int(pick%uint32(len(sf.Blocks)))]
		var want *hclsyntax.Block
		var find func(*hclsyntax.Body)
		find = func(body *hclsyntax.Body) {
			for _, hb := range body.Blocks {
				if hb.TypeRange.Start.Byte == int(sb.Range.Start.Byte) {
					want = hb
				}
				find(hb.Body)
			}
		}
		find(whole.Body.(*hclsyntax.Body))
		if want == nil {
			t.Fatalf("no hclsyntax block at byte %d of %q", sb.Range.Start.Byte, src)
		}
		got, diags := ParseBlock("input.pp", src, sb.Range)
		if len(diags) > 0 {
			t.Fatalf("diagnostics %v for a block of a valid file %q", diags, src)
		}
		if probs := compareBlocks(got, want); len(probs) > 0 {
			t.Fatalf("block at %d of %q differs:\n  %s", sb.Range.Start.Byte, src, strings.Join(probs, "\n  "))
		}
	})
}
