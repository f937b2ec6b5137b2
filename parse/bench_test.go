package parse

import (
	"os"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// corpusSources reads every corpus file, skipping the benchmark when the
// corpus is absent.
func corpusSources(b *testing.B) ([][]byte, int64) {
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skipf("corpus not found at %s: %v", corpusDir, err)
	}
	var srcs [][]byte
	var n int64
	for _, p := range modFiles(b, corpusDir) {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
		n += int64(len(src))
	}
	return srcs, n
}

// BenchmarkScan measures Scan over both corpus mods; compare its MB/s with
// BenchmarkParseConfig's from the same run.
func BenchmarkScan(b *testing.B) {
	srcs, n := corpusSources(b)
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			Scan(src)
		}
	}
}

// BenchmarkParseConfig is the baseline: hclsyntax building a full AST.
func BenchmarkParseConfig(b *testing.B) {
	srcs, n := corpusSources(b)
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			hclsyntax.ParseConfig(src, "f.pp", hcl.InitialPos)
		}
	}
}
