package main

// This file defines BenchmarkLoad: the modls binary, over its stdio, on the
// generated 50k-resource mod, first answering a mix of requests one at a
// time (the idle figures), then the same mix fired at 1,000 requests a
// second for LOAD_SECONDS seconds (5 by default; `make soak` runs 30),
// with at most loadMaxInFlight requests outstanding. It reports, per kind
// of request, the idle and loaded p99 and their ratio (the target is 5× at
// most), the loaded p99 over all kinds, requests that failed, and the peak
// RSS of the server process (VmHWM; the budget is 150 MB). Run it with
// -benchtime 1x.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/modgen"
)

const (
	loadRate        = 1000 // requests a second
	loadMaxInFlight = 2000
	loadTimeout     = 30 * time.Second
)

// asyncRPC is an LSP client over a process's stdio that keeps many
// requests in flight.
type asyncRPC struct {
	mu      sync.Mutex
	w       io.Writer
	nextID  int
	waiting map[int]chan map[string]any
}

func (c *asyncRPC) write(msg map[string]any) {
	msg["jsonrpc"] = "2.0"
	body, _ := json.Marshal(msg)
	c.mu.Lock()
	fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body)
	c.mu.Unlock()
}

// send sends a request and returns the channel its response arrives on.
func (c *asyncRPC) send(method string, params any) chan map[string]any {
	ch := make(chan map[string]any, 1)
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	c.waiting[id] = ch
	c.mu.Unlock()
	c.write(map[string]any{"id": id, "method": method, "params": params})
	return ch
}

// readLoop delivers responses and answers the server's own requests.
func (c *asyncRPC) readLoop(r *bufio.Reader) error {
	for {
		length := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return err
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			return err
		}
		// Only the envelope is decoded: the client must not cost more CPU
		// than the server it measures.
		var m struct {
			ID     *json.RawMessage `json:"id"`
			Method string           `json:"method"`
			Error  json.RawMessage  `json:"error"`
		}
		if err := json.Unmarshal(body, &m); err != nil {
			return fmt.Errorf("modls wrote invalid JSON: %.200s", body)
		}
		if m.Method != "" {
			if m.ID != nil {
				c.write(map[string]any{"id": m.ID, "result": nil})
			}
			continue
		}
		var id int
		if m.ID != nil {
			json.Unmarshal(*m.ID, &id)
		}
		c.mu.Lock()
		ch := c.waiting[id]
		delete(c.waiting, id)
		c.mu.Unlock()
		if ch != nil {
			resp := map[string]any{}
			if len(m.Error) > 0 && string(m.Error) != "null" {
				resp["error"] = string(m.Error)
			}
			ch <- resp
		}
	}
}

// loadReq is one request of the mix.
type loadReq struct {
	kind, method string
	params       any
}

func BenchmarkLoad(b *testing.B) {
	seconds := 5
	if v, err := strconv.Atoi(os.Getenv("LOAD_SECONDS")); err == nil && v > 0 {
		seconds = v
	}
	root := filepath.Join(os.TempDir(), "modls-bench-50000-seed1-v1")
	if !exists(filepath.Join(root, ".complete")) {
		os.RemoveAll(root)
		if _, err := modgen.Write(root, modgen.Options{Resources: 50_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		os.WriteFile(filepath.Join(root, ".complete"), nil, 0o644)
	}
	bin := filepath.Join(b.TempDir(), "modls")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	mix, open := loadMix(b, root)
	cmd := exec.Command(bin, "--stdio")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer cmd.Process.Kill()
	c := &asyncRPC{w: stdin, waiting: map[int]chan map[string]any{}}
	readErr := make(chan error, 1)
	go func() { readErr <- c.readLoop(bufio.NewReaderSize(stdout, 1<<20)) }()
	await := func(ch chan map[string]any) (map[string]any, bool) {
		select {
		case m := <-ch:
			return m, true
		case err := <-readErr:
			b.Fatalf("modls stopped: %v", err)
		case <-time.After(loadTimeout):
		}
		return nil, false
	}
	uri := "file://" + filepath.ToSlash(root)
	if m, _ := await(c.send("initialize", map[string]any{"processId": os.Getpid(), "rootUri": uri, "capabilities": map[string]any{}})); m == nil || m["error"] != nil {
		b.Fatalf("initialize: %v", m)
	}
	c.write(map[string]any{"method": "initialized", "params": map[string]any{}})
	for path, text := range open {
		c.write(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{
			"uri": "file://" + filepath.ToSlash(path), "languageId": "powerpipe", "version": 1, "text": text}}})
	}
	// The index is ready when a symbol query answers.
	if m, _ := await(c.send("workspace/symbol", map[string]any{"query": "x"})); m == nil || m["error"] != nil {
		b.Fatalf("workspace/symbol: %v", m)
	}

	idle := map[string][]time.Duration{}
	for range 2 {
		for _, r := range mix {
			t0 := time.Now()
			if m, ok := await(c.send(r.method, r.params)); !ok || m["error"] != nil {
				b.Fatalf("%s (idle): %v", r.method, m)
			}
			idle[r.kind] = append(idle[r.kind], time.Since(t0))
		}
	}

	b.ResetTimer()
	cpu0, wall0 := cpuTime(cmd.Process.Pid), time.Now()
	loaded := map[string][]time.Duration{}
	var all []time.Duration
	failed := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	inFlight := make(chan struct{}, loadMaxInFlight)
	// Every 10 ms, send what the rate asks for by then: the rate holds even
	// when a tick comes late.
	tick := time.NewTicker(10 * time.Millisecond)
	start := time.Now()
	end := start.Add(time.Duration(seconds) * time.Second)
	sent := 0
	for now := range tick.C {
		if now.After(end) {
			break
		}
		due := int(now.Sub(start).Seconds() * loadRate)
		for ; sent < due; sent++ {
			r := mix[sent%len(mix)]
			inFlight <- struct{}{}
			t0 := time.Now()
			ch := c.send(r.method, r.params)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-inFlight }()
				m, ok := await(ch)
				d := time.Since(t0)
				mu.Lock()
				defer mu.Unlock()
				if !ok || m["error"] != nil {
					failed++
					return
				}
				loaded[r.kind] = append(loaded[r.kind], d)
				all = append(all, d)
			}()
		}
	}
	tick.Stop()
	wg.Wait()
	b.StopTimer()
	b.ReportMetric((cpuTime(cmd.Process.Pid)-cpu0).Seconds()/time.Since(wall0).Seconds(), "server-cores")
	b.ReportMetric(float64(sent)/float64(seconds), "req/s")
	b.ReportMetric(float64(failed), "failed")
	b.ReportMetric(p99(all), "load-p99-ms")
	kinds := make([]string, 0, len(idle))
	for k := range idle {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	worst := 0.0
	for _, k := range kinds {
		i, l := p99(idle[k]), p99(loaded[k])
		b.ReportMetric(i, k+"-idle-p99-ms")
		b.ReportMetric(l, k+"-load-p99-ms")
		worst = max(worst, l/max(i, 0.05))
	}
	b.ReportMetric(worst, "worst-ratio-x")
	b.ReportMetric(float64(vmHWM(cmd.Process.Pid))/(1<<20), "peak-rss-MB")
}

// loadMix picks the requests of the mix from the index of root, and the
// documents to open (for completion and semantic tokens).
func loadMix(b *testing.B, root string) ([]loadReq, map[string]string) {
	ix, _, _ := index.Load([]string{root})
	files := ix.Files()
	slices.SortFunc(files, func(x, y *index.File) int { return strings.Compare(x.Path, y.Path) })
	var mix []loadReq
	open := map[string]string{}
	pos := func(src []byte, off uint32) map[string]any {
		line := strings.Count(string(src[:off]), "\n")
		col := int(off) - (strings.LastIndex(string(src[:off]), "\n") + 1)
		return map[string]any{"line": line, "character": col} // generated files are ASCII
	}
	for i, f := range files {
		if i%(len(files)/40+1) != 0 || len(f.Entries()) == 0 {
			continue
		}
		src, err := os.ReadFile(f.Path)
		if err != nil {
			b.Fatal(err)
		}
		doc := map[string]any{"uri": "file://" + filepath.ToSlash(f.Path)}
		e := &f.Entries()[len(f.Entries())/2]
		at := map[string]any{"textDocument": doc, "position": pos(src, e.NameRange.Start.Byte+1)}
		mix = append(mix,
			loadReq{"hover", "textDocument/hover", at},
			loadReq{"references", "textDocument/references", map[string]any{"textDocument": doc, "position": at["position"], "context": map[string]any{"includeDeclaration": true}}},
			loadReq{"symbols", "textDocument/documentSymbol", map[string]any{"textDocument": doc}},
			loadReq{"folding", "textDocument/foldingRange", map[string]any{"textDocument": doc}},
			loadReq{"workspace-symbol", "workspace/symbol", map[string]any{"query": e.Name()[:min(4, len(e.Name()))]}},
		)
		if ps := f.Postings(); len(ps) > 0 {
			p := &ps[len(ps)/2]
			mix = append(mix, loadReq{"definition", "textDocument/definition", map[string]any{"textDocument": doc, "position": pos(src, p.NameRange().Start.Byte+1)}})
		}
		if len(open) < 5 && len(src) < 200_000 {
			open[f.Path] = string(src)
			mix = append(mix,
				loadReq{"semantic-tokens", "textDocument/semanticTokens/full", map[string]any{"textDocument": doc}},
				loadReq{"completion", "textDocument/completion", map[string]any{"textDocument": doc, "position": pos(src, e.Range.End.Byte)}},
			)
		}
	}
	if only := os.Getenv("LOAD_KINDS"); only != "" { // to study one kind
		mix = slices.DeleteFunc(mix, func(r loadReq) bool { return !slices.Contains(strings.Split(only, ","), r.kind) })
	}
	if len(mix) == 0 {
		b.Fatal("no requests")
	}
	return mix, open
}

func p99(ds []time.Duration) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[max(0, (len(s)*99+99)/100-1)].Microseconds()) / 1000
}

// cpuTime returns the CPU time process pid has used (user and system).
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseUint(f[11], 10, 64)
	stime, _ := strconv.ParseUint(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // clock ticks of 1/100 s
}

// vmHWM returns the peak resident set size of process pid, in bytes.
func vmHWM(pid int) uint64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
