package parse

import (
	"os"
	"strings"
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

// BenchmarkScanAdversarial scans inputs that once made the scanner
// quadratic (a long run of non-ASCII symbols; hundreds of unclosed labelled
// blocks, each of which used to be re-scanned) and other extremes. Each
// should cost about as much per byte as ordinary input.
func BenchmarkScanAdversarial(b *testing.B) {
	cases := []struct{ name, src string }{
		{"symbol-run", "a = " + strings.Repeat("€", 20000) + "\n"},
		{"unicode-ident", "a = " + strings.Repeat("é", 20000) + "\n"},
		{"unclosed-blocks", strings.Repeat("a \"x\" {\n", 3000)},
		{"deep-brackets", "a = " + strings.Repeat("[", 20000) + "\n"},
		{"nested-interpolations", "a = \"" + strings.Repeat("${\"", 5000) + "\n"},
		{"open-heredocs", strings.Repeat("a = <<EOT\n", 3000)},
		{"stray-braces", strings.Repeat("}", 20000)},
		// Found by FuzzScan: each was quadratic (a window re-lexed per token).
		{"broken-utf8-run", "a = " + strings.Repeat("\xf8", 20000) + "\n"},
		{"combining-mark-run", "a = " + strings.Repeat("\u0300", 20000) + "\n"},
		{"arabic-digit-run", "a = " + strings.Repeat("\u0661", 20000) + "\n"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			src := []byte(c.src)
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				Scan(src)
			}
		})
	}
}
