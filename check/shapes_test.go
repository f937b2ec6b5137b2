package check

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/modls/modls/internal/corpus"
	"github.com/modls/modls/parse"
)

// TestShapesScannedAsParsed holds the reference-shape check that reads a
// value made of one traversal from the scanner to what it finds in the
// parsed expression, over every corpus file and, for each reference
// attribute, variants that make it a property (`query.x.sql`), an alias's
// property, a list, and one traversal split by a comment or a space.
func TestShapesScannedAsParsed(t *testing.T) {
	var files []string
	for _, m := range corpus.Mods(t) {
		filepath.WalkDir(corpus.Mod(t, m), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".pp") || strings.HasSuffix(p, ".sp")) {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	variants, found := 0, 0
	check := func(path string, src []byte) {
		t.Helper()
		f := parse.Scan(src)
		_, desc := structure(f, src)
		got, want := shapesOf(f, src, path, desc, true), shapesOf(f, src, path, desc, false)
		found += len(want)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\n%s\nscanned: %+v\nparsed:  %+v", path, src, got, want)
		}
	}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		check(path, src)
		f := parse.Scan(src)
		for _, a := range f.Attrs {
			if a.Name != "query" && a.Name != "base" && a.Name != "category" && a.Name != "children" {
				continue
			}
			s, e := a.ExprRange.Start.Byte, a.ExprRange.End.Byte
			expr := src[s:e]
			for _, v := range []string{string(expr) + ".sql", string(expr) + ".sql[0]", "aws." + string(expr) + ".title",
				"[" + string(expr) + "]", string(expr) + " /* c */", strings.Replace(string(expr), ".", " . ", 1), `"` + string(expr) + `"`} {
				text := slices.Concat(src[:s], []byte(v), src[e:])
				check(path, text)
				variants++
			}
			if variants > 2500 {
				break
			}
		}
	}
	if found == 0 {
		t.Fatalf("%d variants and not one diagnostic: the test tests nothing", variants)
	}
	t.Logf("%d files, %d variants, %d diagnostics alike", len(files), variants, found)
}
