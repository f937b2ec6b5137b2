package parse

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestScannerSeesEveryError: for files hclsyntax rejects, Scan must report
// at least one error too (so that a clean scan proves a clean parse). One
// case per kind of error that the scanner checks beyond structure.
func TestScannerSeesEveryError(t *testing.T) {
	cases := map[string]string{
		"invalid escape":          "a = \"\\q\"\n",
		"invalid number":          "a = 1.2.3\n",
		"legacy index chain":      "a = b.0.1\n",
		"else without if":         "a = \"%{ else }\"\n",
		"endfor without for":      "a = \"%{ endfor }\"\n",
		"unterminated if":         "a = \"%{ if x }y\"\n",
		"unterminated for":        "a = <<EOT\n%{ for x in y }z\nEOT\n",
		"tuple for with key":      "a = [for x in y : x => x]\n",
		"object for without key":  "a = {for x in y : x}\n",
		"tuple for grouping":      "a = [for x in y : x...]\n",
		"attribute redefined":     "a = 1\na = 2\n",
		"redefined in a block":    "b {\n  a = 1\n  a = 2\n}\n",
		"two attrs on one line":   "b { a = 1, c = 2 }\n",
		"exponent operator":       "a = 1 ** 2\n",
		"bitwise and":             "a = 1 & 2\n",
		"semicolon":               "a = 1;\n",
		"apostrophes":             "a = 'x'\n",
		"unclosed interpolation":  "a = \"${x\"\n",
		"template in label":       "b \"${x}\" {}\n",
		"invalid escape in label": "b \"\\0\" {}\n",
		"lone CR in a heredoc":    "a = <<EOT\nx\ry\nEOT\n",
		"missing value":           "a =\n",
		"newline in block header": "b\n{\n}\n",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			_, diags := hclsyntax.ParseConfig([]byte(src), "x.pp", hcl.InitialPos)
			if !diags.HasErrors() {
				t.Fatalf("hclsyntax accepts %q: not a useful case", src)
			}
			if f := Scan([]byte(src)); len(f.Diags) == 0 {
				t.Errorf("scanner finds no error in %q; hclsyntax: %v", src, diags)
			}
		})
	}
}
