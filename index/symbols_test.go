package index

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
)

func TestMatchTier(t *testing.T) {
	tests := []struct {
		q, s string
		want Tier
		ok   bool
	}{
		{"bucket", "bucket", TierExact, true},
		{"bucket", "BUCKET", TierExact, true},
		{"buck", "bucket_versioning", TierPrefix, true},
		{"vers", "bucket_versioning", TierWordStart, true},
		{"vers", "bucket-versioning", TierWordStart, true},
		{"vers", "bucket.versioning", TierWordStart, true},
		{"vers", "Bucket Versioning", TierWordStart, true},
		{"vers", "bucketVersioning", TierWordStart, true},
		{"ersion", "bucket_versioning", TierFuzzy, true}, // a substring, not at a word start
		{"bv", "bucket_versioning", TierFuzzy, true},
		{"bucket vers", "bucket_versioning", TierPrefix, true}, // a query space matches a separator
		{"bucket vers", "Bucket versioning", TierPrefix, true},
		{"xyz", "bucket_versioning", 0, false},
		{"bucket_versioning_on", "bucket_versioning", 0, false},
		{"a", "", 0, false},
	}
	for _, tt := range tests {
		got, ok := matchTier(tt.q, tt.s)
		if got != tt.want || ok != tt.ok {
			t.Errorf("matchTier(%q, %q) = %v, %v; want %v, %v", tt.q, tt.s, got, ok, tt.want, tt.ok)
		}
	}
}

var symbolSrc = map[string]string{
	"mod.pp": `mod "m" {}`,
	"a.pp": `
control "bucket" { title = "Unrelated" }
control "bucket_versioning" { title = "Buckets have versioning enabled" }
control "s3_bucket" {}
query "bucket" {}
control "sbucket" {}
control "b_u_c_k_e_t" {}
control "encryption" { title = "Bucket encryption" }
control "zz" { title = "bucket" }
benchmark "all" {
  title = "Everything"
  children = [control.bucket]
}
query "q" {
  param "bucket" {}
}
dashboard "d" {
  chart "BucketChart" {}
}
locals {
  bucket_count = 3
}
`,
}

func TestSymbols(t *testing.T) {
	ix := newIndex(t, symbolSrc)
	tests := []struct {
		query string
		limit int
		want  []string
	}{
		{"bucket", 0, []string{
			// exact: names, then titles
			"m.control.bucket (exact)",
			"m.query.bucket (exact)",
			"m.control.zz (exact, title)",
			// prefix: names by length, then titles
			"m.chart.BucketChart (prefix)",
			"m.local.bucket_count (prefix)",
			"m.control.bucket_versioning (prefix)",
			"m.control.encryption (prefix, title)",
			"m.control.s3_bucket (word start)",
			"m.control.sbucket (subsequence)",
			"m.control.b_u_c_k_e_t (subsequence)",
		}},
		{"BUCKET", 3, []string{
			"m.control.bucket (exact)",
			"m.query.bucket (exact)",
			"m.control.zz (exact, title)",
		}},
		{"chart", 0, []string{"m.chart.BucketChart (word start)"}},
		{"everything", 0, []string{"m.benchmark.all (exact, title)"}},
		{"nothing", 0, nil},
	}
	for _, tt := range tests {
		got := describe(symbols(ix, tt.query, tt.limit))
		want := tt.want
		if !slices.Equal(got, want) {
			t.Errorf("Symbols(%q, %d):\n got %q\nwant %q", tt.query, tt.limit, got, want)
		}
	}

	// An empty query lists the top-level named entries by name.
	got := describe(symbols(ix, "", 0))
	want := []string{
		"m.benchmark.all (exact)",
		"m.control.b_u_c_k_e_t (exact)",
		"m.control.bucket (exact)",
		"m.query.bucket (exact)",
		"m.local.bucket_count (exact)",
		"m.control.bucket_versioning (exact)",
		"m.dashboard.d (exact)",
		"m.control.encryption (exact)",
		"m.mod.m (exact)",
		"m.query.q (exact)",
		"m.control.s3_bucket (exact)",
		"m.control.sbucket (exact)",
		"m.control.zz (exact)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Symbols(\"\"):\n got %q\nwant %q", got, want)
	}
	if got := symbols(ix, "", 2); len(got) != 2 || got[0].Entry.Name() != "all" {
		t.Errorf("limited empty query: %q", describe(got))
	}
}

// describe renders matches for comparison.
func describe(ms []Match) []string {
	var out []string
	for _, m := range ms {
		tier := [...]string{"exact", "prefix", "word start", "subsequence"}[m.Tier]
		if m.InTitle {
			tier += ", title"
		}
		q := m.Entry.QualifiedName()
		if m.Entry.Kind == KindMod {
			q = m.Entry.Mod().Name + "." + q
		}
		out = append(out, fmt.Sprintf("%s (%s)", q, tier))
	}
	return out
}

// TestSymbolsLimit checks that the heap keeps the same best matches as a
// full sort.
func TestSymbolsLimit(t *testing.T) {
	ix := newIndex(t, synthetic(2000))
	for _, q := range []string{"", "q", "check", "s3 bucket", "bench_1", "xyz"} {
		all := symbols(ix, q, 0)
		for _, limit := range []int{1, 7, 100} {
			got := symbols(ix, q, limit)
			want := all[:min(limit, len(all))]
			if !slices.Equal(describe(got), describe(want)) {
				t.Errorf("Symbols(%q, %d) differs from the first %d of the full list", q, limit, limit)
			}
		}
	}
}

func BenchmarkSymbols(b *testing.B) {
	ix := newIndex(b, synthetic(50000))
	for _, q := range []string{"", "b", "check_4", "s3bkt", "zzzz"} {
		b.Run(fmt.Sprintf("q=%q", q), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				symbols(ix, q, 100)
			}
		})
	}
}

// symbols is Symbols without a deadline.
func symbols(ix *Index, query string, limit int) []Match {
	ms, _ := ix.Symbols(context.Background(), query, limit)
	return ms
}

// endingCtx is a context that ends once its Err has been asked for after
// the first n times, and counts how often it is asked: the looks Symbols
// takes at it, one every symbolsCheck files.
type endingCtx struct {
	context.Context
	n     int32
	calls atomic.Int32
}

func (c *endingCtx) Err() error {
	if c.calls.Add(1) > c.n {
		return context.Canceled
	}
	return nil
}

// TestSymbolsCancel: Symbols stops when its context ends — each worker at
// its next look, not at the end of its files — and returns the context's
// error, no matches; the same scan left alone looks at the context once
// every symbolsCheck files.
func TestSymbolsCancel(t *testing.T) {
	const files = 4096
	src := map[string]string{}
	for i := range files {
		src[fmt.Sprintf("f%04d.pp", i)] = fmt.Sprintf("control \"check_%d\" {}\n", i)
	}
	ix := newIndex(t, src)
	whole := &endingCtx{Context: context.Background(), n: 1 << 30}
	if ms, err := ix.Symbols(whole, "check", 10); err != nil || len(ms) == 0 {
		t.Fatalf("Symbols: %d matches, %v", len(ms), err)
	}
	if got := whole.calls.Load(); got < files/symbolsCheck {
		t.Errorf("a whole scan of %d files looked at its context %d times, want one every %d files", files, got, symbolsCheck)
	}
	const after = 3
	ctx := &endingCtx{Context: context.Background(), n: after}
	ms, err := ix.Symbols(ctx, "check", 10)
	if !errors.Is(err, context.Canceled) || ms != nil {
		t.Errorf("cancelled: %d matches, %v; want none and context.Canceled", len(ms), err)
	}
	workers := int32(runtime.GOMAXPROCS(0))
	if got := ctx.calls.Load(); got > after+2*workers {
		t.Errorf("cancelled after %d looks, Symbols looked %d times: it scanned on", after, got)
	}
}
