package catalog_test

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/modls/modls/catalog"
	"github.com/modls/modls/internal/catgen"
)

// BenchmarkCatalogDecode loads a catalog of 500 tables of 30 described
// columns from its JSON (what a session starts with from the disk cache,
// or the catalog setting's file) and reports the heap it keeps.
func BenchmarkCatalogDecode(b *testing.B) {
	var buf bytes.Buffer
	if err := catgen.Catalog(500, 30).Write(&buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	var before, after runtime.MemStats
	var kept []*catalog.Catalog
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		c, err := catalog.Decode(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		c.Table("", "aws_service_000") // build the lookup table too
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept = append(kept, c)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "retained-MB")
		b.ReportMetric(float64(len(data))/(1<<20), "file-MB")
		b.StartTimer()
	}
	runtime.KeepAlive(kept)
}
