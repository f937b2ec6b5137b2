package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkSQLSession runs the modls binary as an editor would on a
// generated mod of about 3.5 MB (8,000 resources), with the SQL checks on
// and off: it checks every file that holds SQL (textDocument/codeAction runs
// the file's checks, SQL included, before it answers), then hovers over
// every query (each hover renders its SQL). It reports the check time per
// file (p50, p99, total), the hover p99, and the server's peak RSS (VmHWM)
// once every file is checked and at the end (the hovers fill the parse
// cache to its 32 MB budget). The SQL checks' goal: within 60 MB.
func BenchmarkSQLSession(b *testing.B) {
	root := generatedMod(b, 8000)
	bin := filepath.Join(b.TempDir(), "modls")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	// The files with SQL, and the positions of their queries' names.
	type place struct {
		path      string
		line, col int
	}
	var files []string
	var queries []place
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".pp") {
			return err
		}
		text, _ := os.ReadFile(path)
		if !strings.Contains(string(text), "sql") {
			return nil
		}
		files = append(files, path)
		for i, line := range strings.Split(string(text), "\n") {
			if strings.HasPrefix(line, `query "`) {
				queries = append(queries, place{path, i, len(`query "`) + 1})
			}
		}
		return nil
	})
	slices.Sort(files)
	for _, sql := range []bool{true, false} {
		b.Run(fmt.Sprintf("sql=%v", sql), func(b *testing.B) {
			cmd := exec.Command(bin, "--stdio")
			stdin, _ := cmd.StdinPipe()
			stdout, _ := cmd.StdoutPipe()
			if err := cmd.Start(); err != nil {
				b.Fatal(err)
			}
			defer cmd.Process.Kill()
			defer debug.SetGCPercent(debug.SetGCPercent(400))
			c := &asyncRPC{w: stdin, waiting: map[int]chan reply{}, keep: map[int]bool{}, funcs: map[int]func(reply){}}
			readErr := make(chan error, 1)
			go func() { readErr <- c.readLoop(bufio.NewReaderSize(stdout, 1<<20)) }()
			call := func(method string, params any) time.Duration {
				start := time.Now()
				select {
				case r := <-c.send(method, params):
					if r.err != "" {
						b.Fatalf("%s: %s", method, r.err)
					}
					return r.at.Sub(start)
				case err := <-readErr:
					b.Fatalf("modls stopped: %v", err)
				case <-time.After(loadTimeout):
					b.Fatalf("%s: no answer", method)
				}
				return 0
			}
			opts := map[string]any{"diagnostics": map[string]any{"sql": sql}}
			call("initialize", map[string]any{"processId": os.Getpid(), "rootUri": "file://" + filepath.ToSlash(root),
				"capabilities": map[string]any{}, "initializationOptions": opts})
			c.write(map[string]any{"method": "initialized", "params": map[string]any{}})
			call("workspace/symbol", map[string]any{"query": "x"}) // the index is ready
			rng := map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 0, "character": 0}}
			var checks []time.Duration
			var total time.Duration
			for _, f := range files {
				d := call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": "file://" + filepath.ToSlash(f)},
					"range": rng, "context": map[string]any{"diagnostics": []any{}}})
				checks = append(checks, d)
				total += d
			}
			checked := vmHWM(cmd.Process.Pid)
			var hovers []time.Duration
			for _, q := range queries {
				hovers = append(hovers, call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file://" + filepath.ToSlash(q.path)},
					"position": map[string]any{"line": q.line, "character": q.col}}))
			}
			b.ReportMetric(float64(len(files)), "files")
			b.ReportMetric(p99(checks), "check-p99-ms")
			slices.Sort(checks)
			b.ReportMetric(float64(checks[len(checks)/2].Microseconds())/1000, "check-p50-ms")
			b.ReportMetric(float64(total.Milliseconds()), "check-total-ms")
			b.ReportMetric(p99(hovers), "hover-p99-ms")
			b.ReportMetric(float64(checked)/(1<<20), "checked-rss-MB")
			b.ReportMetric(float64(vmHWM(cmd.Process.Pid))/(1<<20), "peak-rss-MB")
		})
	}
}
