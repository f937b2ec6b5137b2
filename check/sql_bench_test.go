package check

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/corpus"
	"github.com/modls/modls/render"
)

// BenchmarkFileSQL checks the largest corpus file (gcp-compliance's
// policy_bundle/compute.pp, 150 KB, 190 queries) with and without the SQL
// checks: what an edit of that file costs the editor's diagnostics. "cold"
// forgets PostgreSQL's verdicts first (a fresh session); "edited" keeps
// them, as after an edit that changed one query.
func BenchmarkFileSQL(b *testing.B) {
	root := corpus.Mod(b, "gcp-compliance")
	path := filepath.Join(root, "policy_bundle", "compute.pp")
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	ix, _, _ := index.Load([]string{root})
	c := cache.New(256 << 20)
	noSQL := All
	noSQL.SQL = false
	for _, bc := range []struct {
		name string
		opt  Options
		cold bool
	}{{"without-sql", noSQL, false}, {"sql-cold", All, true}, {"sql-edited", All, false}} {
		b.Run(bc.name, func(b *testing.B) {
			File(ix, c, path, src, bc.opt) // parses cached, as in a session
			for b.Loop() {
				if bc.cold {
					parsed.Purge()
				}
				File(ix, c, path, src, bc.opt)
			}
		})
	}
}

// BenchmarkSQLCorpus renders and checks the SQL of every resource of each
// corpus mod, from nothing: a fresh renderer and no remembered verdicts.
func BenchmarkSQLCorpus(b *testing.B) {
	for _, name := range corpus.Mods(b) {
		b.Run(name, func(b *testing.B) {
			root := corpus.Mod(b, name)
			ix, _, _ := index.Load([]string{root})
			var texts [][]byte
			for _, f := range ix.Files() {
				src, err := os.ReadFile(f.Path)
				if err != nil {
					b.Fatal(err)
				}
				texts = append(texts, src)
			}
			resources := 0
			for b.Loop() {
				parsed.Purge()
				r := render.New(ix, cache.New(64<<20), os.ReadFile, nil)
				resources = 0
				for i, f := range ix.Files() {
					sqlChecks(context.Background(), r, f, texts[i], os.ReadFile, nil)
					for j := range f.Entries() {
						if render.HasSQL(f.Entries()[j].Kind) {
							resources++
						}
					}
				}
			}
			b.ReportMetric(float64(resources), "resources")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(max(resources, 1)), "µs/resource")
		})
	}
}
