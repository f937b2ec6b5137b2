package parse

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// FuzzScan holds Scan to its contract on any input: it never panics, every
// range lies within the input, and wherever hclsyntax parses the input
// without errors the two agree exactly.
func FuzzScan(f *testing.F) {
	for _, dir := range []string{"testdata/syntax", "testdata/broken"} {
		for _, path := range modFiles(f, dir) {
			src, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	// Shapes that once cost quadratic time: keep them in the seeds.
	f.Add([]byte("a = " + strings.Repeat("€", 200) + "\n"))
	f.Add([]byte(strings.Repeat("a \"x\" {\n", 50)))
	f.Add([]byte("a = \"" + strings.Repeat("${\"", 50) + "\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		sf := Scan(src)
		checkBounds(t, "input", src, sf)
		if CheckLimits("input.pp", src, hcl.InitialPos) != nil {
			// Past the limits the two part ways on purpose: Scan stops
			// there, and hclsyntax would exhaust the stack or take minutes.
			return
		}
		hf, diags := hclsyntax.ParseConfig(src, "input.pp", hcl.InitialPos)
		if diags.HasErrors() {
			// The other direction: a file the scanner finds clean is one
			// hclsyntax accepts, so a clean scan can stand in for a full
			// parse when only syntax errors are wanted.
			if len(sf.Diags) == 0 {
				t.Errorf("scanner finds no error in %q, hclsyntax does: %v", src, diags)
			}
			return
		}
		if !utf8.Valid(src) {
			// Only UTF-8 is HCL: the scanner reports the encoding, while
			// hclsyntax's tables let some broken sequences through inside
			// identifiers (even across a line feed).
			if len(sf.Diags) == 0 {
				t.Errorf("no diagnostic for invalid UTF-8 in %q", src)
			}
			return
		}
		if probs := diff(src, sf, hf.Body.(*hclsyntax.Body)); len(probs) > 0 {
			t.Errorf("scanner disagrees with hclsyntax on %q:\n  %s", src, strings.Join(probs, "\n  "))
		}
	})
}
