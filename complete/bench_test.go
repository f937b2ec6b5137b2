package complete

// BenchmarkComplete measures Complete alone (no protocol) on the generated
// mod of 50k resources, in its largest framework file with one line being
// typed: a benchmark child after `control.` (11,000 controls, cut to
// DefaultMax), an attribute in a control's body, a block type at the end of
// the file; and CallAt in a call. lsp's BenchmarkCompletion measures the
// same through the protocol.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/modgen"
	"github.com/modls/modls/parse"
)

func BenchmarkComplete(b *testing.B) {
	dir := filepath.Join(os.TempDir(), "modls-bench-50000-seed1-v1")
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err != nil {
		os.RemoveAll(dir)
		if _, err := modgen.Write(dir, modgen.Options{Resources: 50_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	ix, _, _ := index.Load([]string{dir})
	var path string
	var size int
	for _, f := range ix.Files() {
		if st, err := os.Stat(f.Path); err == nil && int(st.Size()) > size && strings.Contains(f.Path, "frameworks") {
			path, size = f.Path, int(st.Size())
		}
	}
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	text := string(src)
	children := strings.Index(text, "children = [\n") + len("children = [\n")
	control := strings.Index(text, "\ncontrol \"")
	control += strings.Index(text[control:], "{\n") + 2
	for _, tc := range []struct {
		name, typed string
		at          int
		want        string
	}{
		{"ref", "    control.", children, ""},
		{"ref-prefix", "    control.log", children, ""},
		{"attr", "  doc", control, "documentation"},
		{"block", "\ndash", len(text), "dashboard"},
	} {
		edited := []byte(text[:tc.at] + tc.typed + "\n" + text[tc.at:])
		off := tc.at + len(tc.typed)
		m := ix.File(path).Mod()
		snap := ix.ReplaceFile(m.ID, path, edited, parse.Scan(edited))
		b.Run(tc.name, func(b *testing.B) {
			var l List
			for b.Loop() {
				l = Complete(snap, path, edited, off, Options{Snippets: true})
			}
			if len(l.Items) == 0 || tc.want != "" && !strings.Contains(","+labels(l)+",", ","+tc.want+",") {
				b.Fatalf("%d items, first %s", len(l.Items), labels(l))
			}
			b.ReportMetric(float64(len(l.Items)), "items")
		})
	}
	b.Run("sig", func(b *testing.B) {
		edited := []byte(text[:control] + "  title = format(\"%s\", lower(\"x\"), \n" + text[control:])
		off := control + len("  title = format(\"%s\", lower(\"x\"), ")
		for b.Loop() {
			if c, ok := CallAt(edited, off); !ok || c.Arg != 2 {
				b.Fatal(fmt.Sprint(c, ok))
			}
		}
	})
}
