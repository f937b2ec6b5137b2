package lsp

// This file defines BenchmarkSQLCatalogCompletion: completion in a query's
// SQL from a catalog of 500 tables of 30 described columns (the catalog
// setting's file: no database needed), through the protocol, as a user
// types a table name after `from` and a column after an alias's dot. Each
// request follows the didChange that types the next character, as an
// editor sends them; the latency is the client's round trip. Run with
// -benchtime 1x.

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/modls/modls/internal/catgen"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/testtree"
)

func BenchmarkSQLCatalogCompletion(b *testing.B) {
	var cat bytes.Buffer
	if err := catgen.Catalog(500, 30).Write(&cat); err != nil {
		b.Fatal(err)
	}
	// A query of the size of the corpus's: a dozen joined tables, a
	// where clause; the line being typed is its last.
	var sql strings.Builder
	sql.WriteString("select t0.name, t0.arn, t0.region, t0.attribute_05, t0.attribute_17\n    from aws_service_000 t0\n")
	for i := 1; i < 12; i++ {
		sql.WriteString("    join aws_service_" + pad3(i*37) + " t" + strconv.Itoa(i) + " on t" + strconv.Itoa(i) + ".arn = t0.arn and t" + strconv.Itoa(i) + ".region = t0.region\n")
	}
	sql.WriteString("    where t0.attribute_09 is not null and t3.attribute_11 > 0\n")
	head := "query \"q\" {\n  sql = <<-EOQ\n    " + sql.String()
	tail := "\n  EOQ\n}\n"
	root := testtree.New(b, map[string]string{"mod.pp": "mod \"m\" {}\n", "catalog.json": cat.String(), "q.pp": head + tail})
	uri := fileuri.FromPath(filepath.Join(root, "q.pp"))
	typed := map[string][]string{
		"table":  {"    join a", "    join aw", "    join aws_", "    join aws_s", "    join aws_service_", "    join aws_service_4", "    join aws_service_49"},
		"column": {"    and t5.", "    and t5.a", "    and t5.at", "    and t5.attr", "    and t5.attribute_", "    and t5.attribute_2"},
	}
	samples := map[string][]time.Duration{}
	line := strings.Count(head, "\n")
	b.ResetTimer()
	for range b.N {
		c := startServer(b, nil)
		c.initializeWith(root, map[string]any{"catalog": filepath.Join(root, "catalog.json")}, false)
		version := 1
		c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": version, "text": head + tail}})
		for round := 0; round < 20; round++ {
			for _, kind := range []string{"table", "column"} {
				for _, text := range typed[kind] {
					version++
					c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": version},
						"contentChanges": []any{map[string]any{"text": head + text + tail}}})
					start := time.Now()
					m := c.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": uri},
						"position": map[string]any{"line": line, "character": len(text)}})
					samples[kind] = append(samples[kind], time.Since(start))
					if m.Error != nil || !strings.Contains(string(m.Result), `"label":"aws_service_4`) && !strings.Contains(string(m.Result), `"label":"attribute_2`) {
						b.Fatalf("%s %q: %s %v", kind, text, m.Result[:min(200, len(m.Result))], m.Error)
					}
				}
			}
		}
	}
	b.StopTimer()
	for _, kind := range []string{"table", "column"} {
		b.ReportMetric(percentile(samples[kind], 50), kind+"-p50-ms")
		b.ReportMetric(percentile(samples[kind], 99), kind+"-p99-ms")
	}
}

func pad3(n int) string {
	s := strconv.Itoa(n % 500)
	for len(s) < 3 {
		s = "0" + s
	}
	return s
}
