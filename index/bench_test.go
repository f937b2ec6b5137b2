package index

// This file holds the benchmark behind `make bench` and docs/benchmarks.md:
// for each corpus mod and for generated mods of 10k and 50k resources, it
// measures in one run the time to index the mod (discovery, reading,
// scanning, indexing) against an eager hclsyntax.ParseConfig of the same
// files, and the heap each one keeps, and reports the ratios.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/modls/modls/discover"
	"github.com/modls/modls/internal/corpus"
	"github.com/modls/modls/internal/modgen"
)

func BenchmarkIndex(b *testing.B) {
	for _, name := range []string{"aws-insights", "gcp-compliance"} {
		b.Run("corpus="+name, func(b *testing.B) {
			benchIndex(b, filepath.Join(corpus.Dir(b), name))
		})
	}
	for _, n := range []int{10_000, 50_000} {
		b.Run(fmt.Sprintf("generated=%dk", n/1000), func(b *testing.B) {
			benchIndex(b, generated(b, n))
		})
	}
}

// generated returns a generated mod of n resources, written once into the
// temporary directory and reused by later runs.
func generated(b *testing.B, n int) string {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("modls-bench-%d-seed1-v1", n))
	done := filepath.Join(dir, ".complete")
	if _, err := os.Stat(done); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	if _, err := modgen.Write(dir, modgen.Options{Resources: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

func benchIndex(b *testing.B, dir string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		b.Fatal(err)
	}
	var st LoadStats
	b.ReportAllocs()
	for b.Loop() {
		_, st, _ = Load([]string{abs})
	}
	b.StopTimer()
	indexTime := b.Elapsed() / time.Duration(b.N)

	files := sourceFiles(b, abs)
	eagerTime := eagerParseTime(b, files)
	indexHeap := retained(func() any { ix, _, _ := Load([]string{abs}); return ix })
	astHeap := retained(func() any { return eagerParse(b, files) })

	b.SetBytes(st.Bytes)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(float64(st.Files), "files")
	b.ReportMetric(ms(indexTime), "index-ms")
	b.ReportMetric(ms(eagerTime), "eager-ms")
	b.ReportMetric(float64(eagerTime)/float64(indexTime), "speedup-x")
	b.ReportMetric(float64(indexHeap)/(1<<20), "index-MB")
	b.ReportMetric(float64(astHeap)/(1<<20), "ast-MB")
	b.ReportMetric(float64(astHeap)/float64(indexHeap), "heap-ratio-x")
}

// sourceFiles lists the files Load indexes under dir.
func sourceFiles(b *testing.B, dir string) []string {
	mods, _ := discover.Workspace(context.Background(), []string{dir})
	var files []string
	for _, m := range mods {
		files = append(files, m.Files...)
		for _, d := range m.Deps {
			files = append(files, d.Files...)
		}
	}
	if len(files) == 0 {
		b.Fatalf("no files under %s", dir)
	}
	return files
}

// eagerParse reads and fully parses every file, as a loader that keeps ASTs
// would.
func eagerParse(b *testing.B, files []string) []*hcl.File {
	out := make([]*hcl.File, 0, len(files))
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		f, _ := hclsyntax.ParseConfig(src, p, hcl.InitialPos)
		out = append(out, f)
	}
	return out
}

// eagerParseTime is the median of three eager parses.
func eagerParseTime(b *testing.B, files []string) time.Duration {
	var ds []time.Duration
	for range 3 {
		start := time.Now()
		eagerParse(b, files)
		ds = append(ds, time.Since(start))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[1]
}

// retained reports how many heap bytes the value that build returns keeps
// alive.
func retained(build func() any) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	if after.HeapAlloc < before.HeapAlloc {
		return 0
	}
	return after.HeapAlloc - before.HeapAlloc
}
