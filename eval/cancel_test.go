package eval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/modls/modls/cache"
)

// TestCancelStopsLocals: a chain of locals, one a file, stops at the next
// local once the context ends — counted in files read, one per local
// evaluated — and what the cancelled evaluation cut short is not
// remembered: asked again, the chain evaluates to its end.
func TestCancelStopsLocals(t *testing.T) {
	const n, stopAt = 200, 10
	files := map[string]string{"mod.pp": `mod "m" {}`, "l000.pp": "locals {\n  l000 = 0\n}\n"}
	for i := 1; i < n; i++ {
		files[fmt.Sprintf("l%03d.pp", i)] = fmt.Sprintf("locals {\n  l%03d = local.l%03d + 1\n}\n", i, i-1)
	}
	s, _ := workspace(t, files)
	var reads atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	counting := func(path string) ([]byte, error) {
		if reads.Add(1) == stopAt {
			cancel()
		}
		return os.ReadFile(path)
	}
	s = NewChecking(s.ix, cache.New(1<<20), s.mod.ID, counting)
	last := fmt.Sprintf("l%03d", n-1)
	if v := s.Local(ctx, last); v.IsKnown() {
		t.Errorf("cancelled: local.%s = %#v, want unknown", last, v)
	}
	if got := reads.Load(); got > stopAt {
		t.Errorf("cancelled after %d files read, %d read: evaluation went on", stopAt, got)
	}
	if v := s.Local(context.Background(), last); !v.RawEquals(cty.NumberIntVal(n - 1)) {
		t.Errorf("after the cancel: local.%s = %#v, want %d (a cut value was remembered)", last, v, n-1)
	}
}

// TestCancelStopsTitle: a title that a chain of locals decides is "" once
// the context has ended, having read no local's file.
func TestCancelStopsTitle(t *testing.T) {
	s, dir := workspace(t, map[string]string{
		"mod.pp": `mod "m" {}`,
		"a.pp":   "locals {\n  a = \"A\"\n}\n",
		"q.pp":   "query \"q\" {\n  title = \"${local.a} queries\"\n}\n",
	})
	var reads atomic.Int32
	s = NewChecking(s.ix, cache.New(1<<20), s.mod.ID, func(path string) ([]byte, error) {
		if path != filepath.Join(dir, "q.pp") {
			reads.Add(1)
		}
		return os.ReadFile(path)
	})
	e := s.ix.Lookup(s.mod.ID, "query.q")[0]
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := s.Title(ctx, e); got != "" || reads.Load() != 0 {
		t.Errorf("cancelled: title %q, %d locals' files read", got, reads.Load())
	}
	if got := s.Title(context.Background(), e); got != "A queries" {
		t.Errorf("title %q, want %q", got, "A queries")
	}
}
