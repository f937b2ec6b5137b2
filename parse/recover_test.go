package parse

// This file tests recovery from broken input against golden summaries: each
// testdata/broken/NAME.pp says in its first comment what must survive, and
// NAME.golden records what Scan finds. Run with -update to rewrite them.

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestRecovery(t *testing.T) {
	files, err := filepath.Glob("testdata/broken/*.pp")
	if err != nil || len(files) == 0 {
		t.Fatalf("no broken fixtures: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f := Scan(src)
			if len(f.Diags) == 0 {
				t.Error("no diagnostics for a broken file")
			}
			var b strings.Builder
			b.WriteString(summarize(f))
			for _, d := range f.Diags {
				fmt.Fprintf(&b, "error %d:%d-%d:%d: %s\n", d.Range.Start.Line, d.Range.Start.Col, d.Range.End.Line, d.Range.End.Col, d.Summary)
			}
			golden := strings.TrimSuffix(path, ".pp") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./parse -run TestRecovery -update)", err)
			}
			if got := b.String(); got != string(want) {
				t.Errorf("scan of %s changed:\n--- got\n%s--- want\n%s", path, got, want)
			}
		})
	}
}
