package check

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/corpus"
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
