package format

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/modls/modls/parse"
)

// FuzzFormat holds formatting to its contract on any input: a file that
// hclsyntax rejects gets a *SyntaxError and no edits; for any other,
// formatting is idempotent, the edits turn the file into exactly
// hclwrite.Format's output without splitting a character or a line break,
// and the blocks, labels and attributes are those of the original.
func FuzzFormat(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("..", "parse", "testdata", "syntax", "*.pp"))
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no seeds in ../parse/testdata/syntax: %v", err)
	}
	for _, p := range seeds {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("a {\r\n    b=1\r\n  cc = [\r\n 1,\r\n 2]\r\n}\r\n"))
	f.Add([]byte("a \"é\" {\n ü=\"😀\"\n    x = { k = 1 }\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFormat(t, src)
	})
}

// checkFormat checks the contract of FuzzFormat on src.
func checkFormat(t *testing.T, src []byte) {
	t.Helper()
	edits, err := Edits(src)
	_, diags := hclsyntax.ParseConfig(src, "", hcl.InitialPos)
	if diags.HasErrors() || !utf8.Valid(src) {
		var se *SyntaxError
		if !errors.As(err, &se) || edits != nil {
			t.Fatalf("broken input %q: edits %v, error %v; want none and a *SyntaxError", src, edits, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("%q: %v", src, err)
	}
	want := hclwrite.Format(src)
	checkEdits(t, string(src), string(want), edits)
	// Idempotence: formatting the formatted text changes nothing.
	if again, err := Edits(want); err != nil || again != nil {
		t.Fatalf("formatting %q twice: edits %v, error %v on the formatted text %q", src, again, err, want)
	}
	if a, b := structure(src), structure(want); a != b {
		t.Fatalf("formatting %q changed its structure:\nbefore: %s\nafter:  %s", src, a, b)
	}
	all, err := RangeEdits(src, 0, len(src))
	if err != nil || fmt.Sprint(all) != fmt.Sprint(edits) {
		t.Fatalf("RangeEdits of the whole of %q = %v, %v; want %v", src, all, err, edits)
	}
}

// structure renders what the scanner sees of src: blocks with their labels
// and parents, attributes with their owners.
func structure(src []byte) string {
	f := parse.Scan(src)
	var b strings.Builder
	for _, bl := range f.Blocks {
		fmt.Fprintf(&b, "%s", bl.Type)
		for _, l := range bl.Labels {
			fmt.Fprintf(&b, " %q", l.Value)
		}
		fmt.Fprintf(&b, " in %d; ", bl.Parent)
	}
	for _, a := range f.Attrs {
		fmt.Fprintf(&b, "%s in %d; ", a.Name, a.Block)
	}
	for _, r := range f.Refs {
		for _, s := range f.StepsOf(r) {
			fmt.Fprintf(&b, "%d:%s ", s.Kind, s.Name)
		}
		b.WriteString("; ")
	}
	return b.String()
}

// TestFormatCorpus formats every file of the corpus mods.
func TestFormatCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s (it is in ../shared/corpus beside the repository; CI always has it): %v", dir, err)
	}
	var files []string
	for _, ext := range []string{"*.pp", "*.sp"} {
		for _, depth := range []string{"*", "*/*", "*/*/*", "*/*/*/*"} {
			m, _ := filepath.Glob(filepath.Join(dir, depth, ext))
			files = append(files, m...)
		}
	}
	if len(files) == 0 {
		t.Fatalf("no mod files under %s", dir)
	}
	changed := 0
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(p), func(t *testing.T) { checkFormat(t, src) })
		if e, _ := Edits(src); len(e) > 0 {
			changed++
		}
	}
	t.Logf("%d files, %d not formatted as hclwrite would", len(files), changed)
}
