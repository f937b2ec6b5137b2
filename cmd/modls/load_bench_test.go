package main

// This file defines BenchmarkLoad: the modls binary, over its stdio, on the
// generated 50k-resource mod, first answering a mix of requests one at a
// time (the idle figures: loadIdleSamples of each kind), then the same mix
// fired at 1,000 requests a second, one every millisecond, for
// LOAD_SECONDS seconds (5 by default; `make soak` runs 30), with at most
// loadMaxInFlight requests outstanding. It reports, per kind
// of request, the idle and loaded p99 and their ratio (the target is 5× at
// most), the loaded p99 over all kinds, requests that failed, and the peak
// RSS of the server process (VmHWM; the budget is 150 MB). Run it with
// -benchtime 1x.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modls/modls/index"
)

const (
	loadRate        = 1000 // requests a second
	loadMaxInFlight = 2000
	loadTimeout     = 30 * time.Second
	loadIdleSamples = 200 // idle requests of each kind
)

// asyncRPC is an LSP client over a process's stdio that keeps many
// requests in flight.
type asyncRPC struct {
	mu      sync.Mutex
	w       io.Writer
	nextID  int
	waiting map[int]chan reply
	keep    map[int]bool        // requests whose response body is kept
	funcs   map[int]func(reply) // requests whose response goes to a function
}

// reply is what the client keeps of a response.
type reply struct {
	err  string    // the error object, if any
	at   time.Time // when its last byte was read, before any decoding
	body []byte    // the whole response, for sendKeeping
}

func (c *asyncRPC) write(msg map[string]any) {
	msg["jsonrpc"] = "2.0"
	body, _ := json.Marshal(msg)
	c.writeBody(body)
}

func (c *asyncRPC) writeBody(body []byte) {
	c.mu.Lock()
	fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body)
	c.mu.Unlock()
}

// send sends a request and returns the channel its response arrives on.
func (c *asyncRPC) send(method string, params any) chan reply {
	return c.sendKeeping(method, params, false)
}

// sendKeeping is send, and keeps the response's body when keep is set.
func (c *asyncRPC) sendKeeping(method string, params any, keep bool) chan reply {
	ch := make(chan reply, 1)
	c.request(method, params, func(id int) {
		c.waiting[id] = ch
		if keep {
			c.keep[id] = true
		}
	})
	return ch
}

// sendFunc sends a request whose response the read loop hands to fn.
func (c *asyncRPC) sendFunc(method string, params any, fn func(reply)) {
	c.request(method, params, func(id int) { c.funcs[id] = fn })
}

// request sends a request, first registering its id with register (called
// with c.mu held).
func (c *asyncRPC) request(method string, params any, register func(id int)) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	register(id)
	c.mu.Unlock()
	// The mix's params are encoded once (loadMix): the client must not
	// cost more CPU than the server it measures.
	raw, ok := params.(json.RawMessage)
	if !ok {
		raw, _ = json.Marshal(params)
	}
	c.writeBody(fmt.Appendf(nil, `{"jsonrpc":"2.0","id":%d,"method":%q,"params":%s}`, id, method, raw))
}

// readLoop delivers responses and answers the server's own requests.
func (c *asyncRPC) readLoop(r *bufio.Reader) error {
	var buf []byte // reused: a new 2.7 MB body for each large answer would make the client's collector part of what is measured
	n := 0
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
		if cap(buf) < length {
			buf = make([]byte, length)
		}
		body := buf[:length]
		if _, err := io.ReadFull(r, body); err != nil {
			return err
		}
		at := time.Now()
		// The client must not cost more CPU than the server it measures:
		// a successful answer is recognized by its head, as modls writes
		// it, and one in 64 is checked in full.
		n++
		if id, ok := resultHead(body); ok {
			if n%64 == 0 && !json.Valid(body) {
				return fmt.Errorf("modls wrote invalid JSON: %.200s", body)
			}
			c.deliver(id, reply{at: at}, body)
			continue
		}
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
		resp := reply{at: at}
		if len(m.Error) > 0 && string(m.Error) != "null" {
			resp.err = string(m.Error)
		}
		c.deliver(id, resp, body)
	}
}

// deliver hands the response to request id to its waiter, with a copy of
// its body if the request was sent with sendKeep.
func (c *asyncRPC) deliver(id int, r reply, body []byte) {
	c.mu.Lock()
	ch, keep, fn := c.waiting[id], c.keep[id], c.funcs[id]
	delete(c.waiting, id)
	delete(c.keep, id)
	delete(c.funcs, id)
	c.mu.Unlock()
	if fn != nil {
		fn(r)
	}
	if ch != nil {
		if keep {
			r.body = slices.Clone(body)
		}
		ch <- r
	}
}

// resultHead returns the id of a successful response written as modls
// writes them, {"jsonrpc":"2.0","id":N,"result":…, without reading the
// result; false for anything else (errors, the server's own requests),
// which is decoded in full.
func resultHead(body []byte) (int, bool) {
	rest, ok := bytes.CutPrefix(body, []byte(`{"jsonrpc":"2.0","id":`))
	if !ok {
		return 0, false
	}
	i := bytes.IndexByte(rest, ',')
	if i < 0 || !bytes.HasPrefix(rest[i+1:], []byte(`"result":`)) {
		return 0, false
	}
	id, err := strconv.Atoi(string(rest[:i]))
	return id, err == nil
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
	root := generatedMod(b, 50_000)
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
	// The server is a process of its own; this client collects rarely, so
	// that its collector does not take one of two cores from the server
	// now and then.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	c := &asyncRPC{w: stdin, waiting: map[int]chan reply{}, keep: map[int]bool{}, funcs: map[int]func(reply){}}
	readErr := make(chan error, 1)
	go func() { readErr <- c.readLoop(bufio.NewReaderSize(stdout, 1<<20)) }()
	await := func(ch chan reply) (reply, bool) {
		select {
		case r := <-ch:
			return r, true
		case err := <-readErr:
			b.Fatalf("modls stopped: %v", err)
		case <-time.After(loadTimeout):
		}
		return reply{}, false
	}
	// serverTimes returns the server's own p99 by method since the last
	// call (modls/stats).
	serverTimes := func() map[string]float64 {
		r, ok := await(c.sendKeeping("modls/stats", map[string]any{"reset": true}, true))
		var st struct {
			Result struct {
				Requests map[string]struct {
					P99 float64 `json:"p99_ms"`
				} `json:"requests"`
			} `json:"result"`
		}
		if !ok || r.err != "" || json.Unmarshal(r.body, &st) != nil {
			b.Fatalf("modls/stats: %s %s", r.err, r.body)
		}
		out := map[string]float64{}
		for m, l := range st.Result.Requests {
			out[m] = l.P99
		}
		return out
	}
	uri := "file://" + filepath.ToSlash(root)
	if r, ok := await(c.send("initialize", map[string]any{"processId": os.Getpid(), "rootUri": uri, "capabilities": map[string]any{}})); !ok || r.err != "" {
		b.Fatalf("initialize: %s", r.err)
	}
	c.write(map[string]any{"method": "initialized", "params": map[string]any{}})
	for path, text := range open {
		c.write(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{
			"uri": "file://" + filepath.ToSlash(path), "languageId": "powerpipe", "version": 1, "text": text}}})
	}
	// The index is ready when a symbol query answers.
	if r, ok := await(c.send("workspace/symbol", map[string]any{"query": "x"})); !ok || r.err != "" {
		b.Fatalf("workspace/symbol: %s", r.err)
	}

	// Idle: one request at a time, after a round of the whole mix that warms
	// what the first request of a kind builds (lookup tables, parse caches)
	// and is not counted: the loaded phase also runs warm. Each kind is
	// then asked loadIdleSamples times, cycling over its requests, so that
	// every idle p99 stands on as many samples (completion has five places
	// where hover has forty).
	ask := func(r loadReq) time.Duration {
		t0 := time.Now()
		rep, ok := await(c.send(r.method, r.params))
		if !ok || rep.err != "" {
			b.Fatalf("%s (idle): %s", r.method, rep.err)
		}
		return rep.at.Sub(t0)
	}
	byKind := map[string][]loadReq{}
	for _, r := range mix {
		ask(r)
		byKind[r.kind] = append(byKind[r.kind], r)
	}
	serverTimes()
	idle := map[string][]time.Duration{}
	for i := range loadIdleSamples {
		for k, rs := range byKind {
			idle[k] = append(idle[k], ask(rs[i%len(rs)]))
		}
	}
	idleServer := serverTimes()

	b.ResetTimer()
	cpu0, wall0 := cpuTime(cmd.Process.Pid), time.Now()
	loaded := map[string][]time.Duration{}
	var all, lag []time.Duration
	failed := 0
	var mu sync.Mutex
	inFlight := make(chan struct{}, loadMaxInFlight)
	// Requests go out evenly, one every 1/loadRate s, each at its time:
	// latency is measured from when it was sent, and how late the sender
	// was is reported apart (send-lag), to show that the rate held. The
	// read loop records each answer as it reads it: no goroutine, channel
	// or timer per request on the client's side.
	start := time.Now()
	end := start.Add(time.Duration(seconds) * time.Second)
	sent := 0
	for ; ; sent++ {
		due := start.Add(time.Duration(sent) * time.Second / loadRate)
		if due.After(end) {
			break
		}
		if d := time.Until(due); d > 0 {
			time.Sleep(d)
		}
		r := mix[sent%len(mix)]
		inFlight <- struct{}{}
		t0 := time.Now()
		lag = append(lag, t0.Sub(due))
		c.sendFunc(r.method, r.params, func(rep reply) {
			<-inFlight
			mu.Lock()
			defer mu.Unlock()
			if rep.err != "" {
				failed++
				return
			}
			d := rep.at.Sub(t0)
			loaded[r.kind] = append(loaded[r.kind], d)
			all = append(all, d)
		})
	}
	// Wait for the answers still out, then count those that never came.
	for deadline := time.Now().Add(loadTimeout); len(inFlight) > 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	mu.Lock()
	failed += len(inFlight)
	mu.Unlock()
	b.StopTimer()
	loadedServer := serverTimes()
	b.ReportMetric((cpuTime(cmd.Process.Pid)-cpu0).Seconds()/time.Since(wall0).Seconds(), "server-cores")
	b.ReportMetric(float64(sent)/float64(seconds), "req/s")
	b.ReportMetric(p99(lag), "send-lag-p99-ms")
	b.ReportMetric(float64(failed), "failed")
	b.ReportMetric(p99(all), "load-p99-ms")
	kinds := make([]string, 0, len(idle))
	methods := map[string]string{}
	for _, r := range mix {
		methods[r.kind] = r.method
	}
	for k := range idle {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	worst, worstServer := 0.0, 0.0
	for _, k := range kinds {
		i, l := p99(idle[k]), p99(loaded[k])
		b.ReportMetric(i, k+"-idle-p99-ms")
		b.ReportMetric(l, k+"-load-p99-ms")
		worst = max(worst, l/max(i, 0.05))
		si, sl := idleServer[methods[k]], loadedServer[methods[k]]
		b.ReportMetric(sl, k+"-server-load-p99-ms")
		worstServer = max(worstServer, sl/max(si, 0.05))
		b.Logf("%-16s round trip: idle p99 %6.2f ms, loaded %6.2f ms (%4.1f×); server: idle %6.2f ms, loaded %6.2f ms (%4.1f×); %d idle, %d loaded samples",
			k, i, l, l/max(i, 0.05), si, sl, sl/max(si, 0.05), len(idle[k]), len(loaded[k]))
	}
	b.ReportMetric(worst, "worst-ratio-x")
	b.ReportMetric(worstServer, "worst-server-ratio-x")
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
	for i := range mix {
		raw, err := json.Marshal(mix[i].params)
		if err != nil {
			b.Fatal(err)
		}
		mix[i].params = json.RawMessage(raw)
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
