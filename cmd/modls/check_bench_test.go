package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/modls/modls/internal/modgen"
)

// BenchmarkCheck runs `modls check` on a generated mod of 50,000 resources
// (the target: under 2 s) and on each corpus mod, with the SQL
// checks and without them (--disable sql-syntax,sql-params,control-columns:
// the SQL checks' goal is at most twice the time).
func BenchmarkCheck(b *testing.B) {
	dirs := map[string]string{}
	for _, m := range []string{"aws-insights", "gcp-compliance", "gcp-audit-log-detections"} {
		if d := filepath.Join("../../../shared/corpus", m); exists(d) {
			dirs["corpus="+m] = d
		}
	}
	dirs["generated=50k"] = generatedMod(b, 50_000)
	for _, name := range []string{"corpus=aws-insights", "corpus=gcp-compliance", "corpus=gcp-audit-log-detections", "generated=50k"} {
		dir, ok := dirs[name]
		if !ok {
			continue
		}
		for _, v := range []struct {
			name  string
			flags []string
		}{{"sql", nil}, {"no-sql", []string{"--disable", "sql-syntax,sql-params,control-columns"}}} {
			b.Run(name+"/"+v.name, func(b *testing.B) {
				args := append([]string{"check", dir}, v.flags...)
				for b.Loop() {
					if code := run(args, io.Discard, io.Discard); code != 0 {
						b.Fatalf("modls check %s: exit %d on a valid mod", dir, code)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "check-ms")
			})
		}
	}
}

// generatedMod returns a generated mod of n resources (seed 1), written
// once into the temporary directory and shared by the benchmarks (and by
// lsp's, which use the same folder name).
func generatedMod(b *testing.B, n int) string {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("modls-bench-%d-seed1-v1", n))
	if !exists(filepath.Join(dir, ".complete")) {
		os.RemoveAll(dir)
		if _, err := modgen.Write(dir, modgen.Options{Resources: n, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644)
	}
	return dir
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
