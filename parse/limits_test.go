package parse

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// deepInputs are nestings of every kind, each as deep as it had to be to
// make Scan or hclsyntax exhaust the goroutine stack (a fatal error: the
// whole server died) before MaxNesting: 60,000 levels of brackets for
// hclsyntax, a million for Scan, 300,000 unary operators (600,000 chained
// conditionals: here 100,000, already seconds for hclsyntax).
var deepInputs = map[string]struct {
	open   string
	levels int
}{
	"brackets":     {"[", 1_200_000},
	"parens":       {"(", 100_000},
	"objects":      {"{", 100_000},
	"templates":    {`"${`, 100_000},
	"heredocs":     {"<<EOT\n${", 100_000},
	"unary minus":  {"-", 400_000},
	"unary not":    {"!", 400_000},
	"conditionals": {"1?1:", 100_000},
	"calls":        {"f(", 100_000},
	"for":          {"[for x in ", 100_000},
	"directives":   {`"%{if 1}`, 100_000},
}

// TestDeepNesting: Scan and every full parse stop at MaxNesting with a
// diagnostic instead of recursing without bound.
func TestDeepNesting(t *testing.T) {
	for name, in := range deepInputs {
		t.Run(name, func(t *testing.T) {
			src := []byte("locals {\n  a = " + strings.Repeat(in.open, in.levels) + "\n}\n")
			start := time.Now()
			f := Scan(src)
			if len(f.Diags) == 0 {
				t.Errorf("Scan: no diagnostic")
			}
			checkBounds(t, name, src, f)
			if _, diags := ParseFile("deep.pp", src); !hasNesting(diags) {
				t.Errorf("ParseFile: %v, want %q", diags, nestingSummary)
			}
			if len(f.Blocks) > 0 {
				if _, diags := ParseBlock("deep.pp", src, f.Blocks[0].Range); !diags.HasErrors() {
					t.Errorf("ParseBlock: no error")
				}
			}
			expr := src[len("locals {\n  a = "):]
			if _, diags := ParseExpression(expr, "deep.pp", hcl.Pos{Line: 2, Column: 7, Byte: 15}); !hasNesting(diags) {
				t.Errorf("ParseExpression: %v, want %q", diags, nestingSummary)
			} else if r := diags[0].Subject; r.Start.Line < 2 || r.Start.Byte < 15 || r.Start.Byte >= len(src) {
				t.Errorf("ParseExpression: diagnostic at %v, not inside the expression", r)
			}
			d := time.Since(start)
			// Against a flat input of the same size, scanned and parsed the
			// same way in the same run (a busy machine slows both): nesting
			// that is refused at MaxNesting costs no more than a small
			// multiple; unbounded recursion cost far more, or overflowed.
			flat := []byte("locals {\n  a = \"" + strings.Repeat("x", len(src)) + "\"\n}\n")
			fstart := time.Now()
			Scan(flat)
			ParseFile("flat.pp", flat)
			if base := time.Since(fstart); d > 50*base+time.Second {
				t.Errorf("%d levels took %v, a flat input of the same size %v", in.levels, d, base)
			}
		})
	}
	// Nested blocks, one per line.
	src := []byte(strings.Repeat("b {\n", 100_000))
	f := Scan(src)
	found := false
	for _, d := range f.Diags {
		found = found || d.Summary == nestingSummary
	}
	if !found {
		t.Errorf("nested blocks: no %q among %d diagnostics", nestingSummary, len(f.Diags))
	}
	if _, diags := ParseFile("blocks.pp", src); !hasNesting(diags) {
		t.Errorf("nested blocks: ParseFile: %v", diags)
	}
}

func hasNesting(diags hcl.Diagnostics) bool {
	for _, d := range diags {
		if d.Summary == nestingSummary {
			return true
		}
	}
	return false
}

// TestNestingLimit: just under the limit both parsers run as before; just
// over it, hclsyntax is not called; what strings and comments hold does not
// count.
func TestNestingLimit(t *testing.T) {
	under := "a = " + strings.Repeat("[", MaxNesting-1) + strings.Repeat("]", MaxNesting-1) + "\n"
	if diags := CheckLimits("x", []byte(under), hcl.InitialPos); diags != nil {
		t.Errorf("%d levels refused: %v", MaxNesting-1, diags)
	}
	if _, diags := ParseFile("x", []byte(under)); diags.HasErrors() {
		t.Errorf("%d levels: %v", MaxNesting-1, diags)
	}
	if f := Scan([]byte(under)); len(f.Diags) > 0 {
		t.Errorf("Scan of %d levels: %v", MaxNesting-1, f.Diags)
	}
	over := "a = " + strings.Repeat("[", MaxNesting+1) + strings.Repeat("]", MaxNesting+1) + "\n"
	diags := CheckLimits("x", []byte(over), hcl.InitialPos)
	if diags == nil {
		t.Fatalf("%d levels accepted", MaxNesting+1)
	}
	if r := diags[0].Subject; r.Start.Line != 1 || r.Start.Byte != 4+MaxNesting || r.Start.Column != 5+MaxNesting {
		t.Errorf("diagnostic at %+v, want the first bracket past the limit", r.Start)
	}
	// Items reset the operator count: many conditionals side by side are
	// not nested.
	flat := "a = [" + strings.Repeat("x ? -1 : !y,\n", 3*MaxNesting) + "]\nb = {\n" + strings.Repeat("k = x ? 1 : 2\n", 3*MaxNesting) + "}\n"
	if diags := CheckLimits("x", []byte(flat), hcl.InitialPos); diags != nil {
		t.Errorf("side-by-side conditionals refused: %v", diags)
	}
	quoted := `a = "` + strings.Repeat("[(-!?", 3*MaxNesting) + "\"\n# " + strings.Repeat("{", 3*MaxNesting) + "\n"
	if diags := CheckLimits("x", []byte(quoted), hcl.InitialPos); diags != nil {
		t.Errorf("brackets in a string and a comment refused: %v", diags)
	}
}

// TestLongNumber: a number literal of ten million digits (quadratic to
// parse: minutes, before MaxNumberLength) is refused at once.
func TestLongNumber(t *testing.T) {
	src := []byte("a = 1\nb = " + strings.Repeat("7", 10_000_000) + "\n")
	start := time.Now()
	f := Scan(src)
	if len(f.Diags) != 1 || f.Diags[0].Summary != numberSummary {
		t.Errorf("Scan: %v", f.Diags)
	}
	_, diags := ParseFile("x", src)
	if len(diags) != 1 || diags[0].Summary != numberSummary || diags[0].Subject.Start.Line != 2 || diags[0].Subject.End.Byte != len(src)-1 {
		t.Errorf("ParseFile: %v", diags)
	}
	// Before the limit this took minutes: quadratic. Against a string of
	// the same length, scanned and parsed in the same run (a busy machine
	// slows both), it costs a small multiple; only a return to quadratic
	// time goes past the bound.
	d := time.Since(start)
	flat := []byte("a = 1\nb = \"" + strings.Repeat("7", 10_000_000) + "\"\n")
	fstart := time.Now()
	Scan(flat)
	ParseFile("x", flat)
	if base := time.Since(fstart); d > 50*base+time.Second {
		t.Errorf("took %v, a string of the same length %v", d, base)
	}
	ok := []byte("a = " + strings.Repeat("7", MaxNumberLength) + "\n")
	if f := Scan(ok); len(f.Diags) != 0 {
		t.Errorf("%d digits: %v", MaxNumberLength, f.Diags)
	}
	if diags := CheckLimits("x", ok, hcl.InitialPos); diags != nil {
		t.Errorf("%d digits: %v", MaxNumberLength, diags)
	}
}

// TestLimitsCorpus: no file of the corpus mods comes near the limits.
func TestLimitsCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s (it is in ../shared/corpus beside the repository; CI always has it): %v", corpusDir, err)
	}
	for _, p := range modFiles(t, corpusDir) {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if diags := CheckLimits(p, src, hcl.InitialPos); diags != nil {
			t.Errorf("%s: %v", p, diags)
		}
	}
}
