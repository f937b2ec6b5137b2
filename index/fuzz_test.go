package index

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/modls/modls/parse"
)

// FuzzIndexFile indexes arbitrary text as a mod's definition file and as one
// of its source files, then exercises every lookup: nothing may panic, and
// every entry and posting must lie within the file.
func FuzzIndexFile(f *testing.F) {
	for _, dir := range []string{"../parse/testdata/syntax", "../parse/testdata/broken"} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.pp"))
		for _, p := range paths {
			if src, err := os.ReadFile(p); err == nil {
				f.Add(src)
			}
		}
	}
	f.Add([]byte("mod \"m\" {}\ndashboard \"d\" {\n  container {\n    chart {\n      base = chart.x\n    }\n  }\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		b := NewBuilder()
		id := b.AddMod("/ws", "")
		b.SetFile(id, "/ws/mod.pp", src, parse.Scan(src))
		b.SetFile(id, "/ws/other.pp", src, parse.Scan(src))
		ix := b.Index()
		n := uint32(len(src))
		for _, file := range ix.Files() {
			for i := range file.Entries() {
				e := &file.Entries()[i]
				if e.Range.End.Byte > n || e.NameRange.End.Byte > n || e.Range.Start.Byte > e.Range.End.Byte {
					t.Fatalf("entry %s out of bounds: %+v", e.QualifiedName(), e.Range)
				}
				ix.References(e)
				ix.Lookup(id, e.UnqualifiedName())
			}
			for i := range file.Postings() {
				p := &file.Postings()[i]
				if p.Range.End.Byte > n || p.NameRange().End.Byte > n {
					t.Fatalf("posting %s out of bounds", p.Key())
				}
				ix.Resolve(p)
			}
		}
		for off := uint32(0); off <= n; off += 1 + n/16 {
			ix.Definition("/ws/other.pp", off)
		}
		symbols(ix, "", 10)
		symbols(ix, "a", 10)
		ix.Counts()
		ix.RemoveFile("/ws/mod.pp").Counts()
	})
}
