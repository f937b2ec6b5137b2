package format

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2/hclwrite"
)

// benchLines is the size of the benchmark file: formatting it must take at
// most 50 ms.
const benchLines = 3000

// genMod returns a mod file of at least lines lines: queries with heredocs,
// controls with tags and args, benchmarks with children lists, dashboards
// with nested containers, comments. When messy, every attribute is
// mis-indented and mis-spaced, so formatting changes most lines.
func genMod(lines int, messy bool) []byte {
	var b strings.Builder
	ind := func(depth int) string {
		if messy {
			return strings.Repeat("   ", depth)
		}
		return strings.Repeat("  ", depth)
	}
	eq := " = "
	if messy {
		eq = "="
	}
	for i := 0; strings.Count(b.String(), "\n") < lines; i++ {
		fmt.Fprintf(&b, "# Resources of group %d.\n// Generated for the formatting benchmark.\n\n", i)
		fmt.Fprintf(&b, "query \"q%d\" {\n%stitle%s\"Query %d – Überblick\"\n%ssql%s<<-EOQ\n    select name, region\n    from acme_bucket\n    where id = $1\n  EOQ\n", i, ind(1), eq, i, ind(1), eq)
		fmt.Fprintf(&b, "%sparam \"id\" {\n%sdescription%s\"The id.\"\n%sdefault%s\"b-%d\"\n%s}\n}\n\n", ind(1), ind(2), eq, ind(2), eq, i, ind(1))
		fmt.Fprintf(&b, "control \"c%d\" {\n%stitle%s\"Control %d\"\n%squery%squery.q%d\n%sargs%s[var.region, \"x\"]\n", i, ind(1), eq, i, ind(1), eq, i, ind(1), eq)
		fmt.Fprintf(&b, "%stags%s{\n%sservice%s\"storage\"\n%sseverity_level%s\"high\"\n%s}\n}\n\n", ind(1), eq, ind(2), eq, ind(2), eq, ind(1))
		fmt.Fprintf(&b, "benchmark \"b%d\" {\n%stitle%s\"Benchmark %d\"\n%schildren%s[\n%scontrol.c%d,\n%s]\n}\n\n", i, ind(1), eq, i, ind(1), eq, ind(2), i, ind(1))
		fmt.Fprintf(&b, "dashboard \"d%d\" {\n%stitle%s\"Dashboard %d\"\n%scontainer {\n%scard {\n%ssql%s\"select %d\"\n%swidth%s3\n%s}\n", i, ind(1), eq, i, ind(1), ind(2), ind(3), eq, i, ind(3), eq, ind(2))
		fmt.Fprintf(&b, "%stable {\n%squery%squery.q%d\n%sargs%s{ id = \"b-%d\" }\n%s}\n%s}\n}\n\n", ind(2), ind(3), eq, i, ind(3), eq, i, ind(2), ind(1))
	}
	return []byte(b.String())
}

// BenchmarkFormat measures Edits on a 3,000-line mod file, both already
// formatted (no edits: the parse and the format dominate) and messy (most
// lines change: the diff works hardest). It reports ms per file and the
// ratio to hclwrite.Format alone on the same file (a diff gone quadratic
// shows there).
func BenchmarkFormat(b *testing.B) {
	for _, c := range []struct {
		name  string
		messy bool
	}{{"formatted", false}, {"messy", true}} {
		b.Run(c.name, func(b *testing.B) {
			src := genMod(benchLines, c.messy)
			if !c.messy {
				src = hclwrite.Format(src)
			}
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				edits, err := Edits(src)
				if err != nil {
					b.Fatal(err)
				}
				n = len(edits)
			}
			ms := float64(b.Elapsed().Microseconds()) / 1000 / float64(b.N)
			b.ReportMetric(ms, "ms/file")
			// The share of hclwrite.Format itself, measured in the same run:
			// the parse check and the diff are the rest.
			t0 := time.Now()
			for range 5 {
				hclwrite.Format(src)
			}
			b.ReportMetric(ms/(float64(time.Since(t0).Microseconds())/1000/5), "x-hclwrite")
			b.ReportMetric(float64(bytes.Count(src, []byte{'\n'})), "lines")
			b.ReportMetric(float64(n), "edits")
		})
	}
}
