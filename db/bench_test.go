package db

import (
	"context"
	"testing"
	"time"

	"github.com/modls/modls/internal/catgen"
	"github.com/modls/modls/internal/pgtest"
)

// BenchmarkCatalogRead reads the catalog of a database of 500 plugin-like
// tables of 30 described columns (plus pg_catalog's and
// information_schema's) from the test PostgreSQL: the query and the
// building of the catalog, as a connection does once connected.
func BenchmarkCatalogRead(b *testing.B) {
	s := pgtest.Need(b)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := s.CreateDatabase(ctx, "bench_500x30", catgen.DDL(500, 30)); err != nil {
		b.Fatal(err)
	}
	c, err := Open(Target{URL: s.URLTo("bench_500x30")}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if err := c.Ready(ctx); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		cat, err := c.ReadCatalog(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if t := cat.Table("", "aws_service_499"); t == nil || len(t.Columns) != 30 {
			b.Fatalf("the catalog lacks aws_service_499: %+v", t)
		}
		tables, columns := cat.Size()
		b.ReportMetric(float64(tables), "tables")
		b.ReportMetric(float64(columns), "columns")
	}
}
