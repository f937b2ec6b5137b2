package lsp

// This file defines BenchmarkProtocol: the latencies an editor sees, measured
// through the protocol — a real Server over in-memory pipes, driven by framed
// JSON-RPC from the test client — on the two corpus mods and on a generated
// mod of 50k resources. Each latency sample is one request's round trip as
// the client measures it (encoding, pipes, dispatch, handler, reply,
// decoding). Run it with -benchtime 1x: b.N only repeats the whole sequence.
//
// What it reports per workspace:
//   - index-ready-ms: initialize to the first workspace/symbol answer;
//   - symbol-p50/p99-ms: workspace/symbol over 200 queries made from real
//     entry names (exact names, prefixes, word starts, fuzzy subsequences);
//   - def-p50/p99-ms: textDocument/definition on 200 references spread over
//     the workspace, the cursor at the start of the reference's name step;
//   - hover-cold-p50/p99-ms: the first hover on 200 distinct top-level blocks
//     (parse cache misses: each parses just that block), then
//     hover-warm-p50/p99-ms: the same hovers again;
//   - diag-p50/p99-ms: didChange to the next textDocument/publishDiagnostics
//     of a 3,000-line open document, over 20 one-character edits, debounce
//     included, and diag-nodebounce-p50/p99-ms: the same minus
//     diagnosticsDelay (30 ms), comparable with the 100 ms target;
//   - for the 50k mod only, memory as every top-level block is hovered:
//     rss-MB and heap-MB (from modls/stats) when idle and after 10%, 50% and
//     100% of the blocks, cache-MB (the parse cache's estimate), and
//     peak-rss-MB (the process's VmHWM since the server started).
//
// The server runs in the benchmark's process, so every RSS figure includes
// the test client and the benchmark's own workload (hover positions of every
// block, a few MB): it overstates what the modls binary alone would use.

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/internal/modgen"
	"github.com/modls/modls/parse"
)

// Workload sizes.
const (
	benchQueries     = 200  // workspace/symbol queries
	benchDefinitions = 200  // definition requests
	benchHovers      = 200  // distinct blocks hovered cold, then warm
	benchDocLines    = 3000 // lines of the document edited for diagnostics
	benchEdits       = 20   // one-character edits of that document
	benchWindow      = 8    // hovers in flight while hovering every block
	benchTimeout     = 30 * time.Second
)

func BenchmarkProtocol(b *testing.B) {
	// Measure the configuration `modls serve` runs with.
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(DefaultMemoryLimit))
	for _, name := range []string{"aws-insights", "gcp-compliance"} {
		b.Run("corpus="+name, func(b *testing.B) {
			root, err := filepath.Abs(filepath.Join("../../shared/corpus", name))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(root, "mod.pp")); err != nil {
				b.Skipf("corpus mod %s not found at %s (CI always has it): %v", name, root, err)
			}
			benchProtocol(b, root, false)
		})
	}
	b.Run("generated=50k", func(b *testing.B) {
		benchProtocol(b, benchGenerated(b, 50_000), true)
	})
}

// benchGenerated returns a generated mod of n resources, written once into
// the temporary directory and reused by later runs. The directory is the one
// index.BenchmarkIndex uses, so the two benchmarks share it.
func benchGenerated(b *testing.B, n int) string {
	return benchMod(b, fmt.Sprintf("modls-bench-%d-seed1-v1", n), n, nil)
}

// benchMod returns the folder name of the temporary directory holding a
// generated mod of n resources, to which add, if not nil, adds files. It is
// written once: a file .complete marks it done.
func benchMod(b *testing.B, name string, n int, add func(dir string)) string {
	dir := filepath.Join(os.TempDir(), name)
	done := filepath.Join(dir, ".complete")
	if _, err := os.Stat(done); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	if _, err := modgen.Write(dir, modgen.Options{Resources: n, Seed: 1}); err != nil {
		b.Fatalf("generating a mod of %d resources in %s: %v", n, dir, err)
	}
	if add != nil {
		add(dir)
	}
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// benchTarget is a document position to send a request about.
type benchTarget struct {
	uri  protocol.DocumentUri
	pos  protocol.Position
	what string // for error messages
}

func (t benchTarget) params() protocol.TextDocumentPositionParams {
	return protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: t.uri}, Position: t.pos}
}

// benchPlan is the workload of one workspace, derived from index.Load of the
// same root before the server starts.
type benchPlan struct {
	root    string
	queries []string
	exact   int // queries[:exact] are exact names: they must match
	defs    []benchTarget
	hovers  []benchTarget
	blocks  []benchTarget // every top-level block; only when memory is measured
	docURI  protocol.DocumentUri
	docText string
	docLine int
	edit    protocol.Position // the end of a reference's name in docText: typing there breaks it
}

func benchProtocol(b *testing.B, root string, memory bool) {
	plan := newBenchPlan(b, root, memory)
	var r benchRun
	b.ResetTimer()
	for range b.N {
		r.session(b, plan, memory)
	}
	b.StopTimer()
	r.report(b, memory)
}

// newBenchPlan indexes root and picks the queries, references, blocks and
// the document to edit.
func newBenchPlan(b *testing.B, root string, memory bool) *benchPlan {
	ix, _, _ := index.Load([]string{root})
	if len(ix.Files()) == 0 {
		b.Fatalf("index.Load(%s) found no files", root)
	}
	texts := map[string][]byte{}
	lines := map[string]*lineIndex{}
	uris := map[string]protocol.DocumentUri{} // one string per file: the plan of the 50k mod stays small
	at := func(path string, p parse.Pos, what string) benchTarget {
		text, ok := texts[path]
		if !ok {
			var err error
			if text, err = os.ReadFile(path); err != nil {
				b.Fatalf("reading %s: %v", path, err)
			}
			texts[path], lines[path], uris[path] = text, newLineIndex(text), fileuri.FromPath(path)
		}
		return benchTarget{uri: uris[path], pos: lines[path].fromPos(text, p), what: what}
	}
	plan := &benchPlan{root: root}

	// Symbol queries from the names of named entries.
	var names []string
	seen := map[string]bool{}
	var blocks []*index.Entry // top-level blocks, for hover
	var postings []*index.Posting
	for _, f := range ix.Files() {
		for i := range f.Entries() {
			e := &f.Entries()[i]
			if e.Kind == index.KindParam || e.Is(index.Anonymous) || e.Is(index.BadLabels) || e.Name() == "" {
				continue
			}
			if n := e.Name(); len(n) >= 6 && !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
			if e.Is(index.TopLevel) && e.Kind != index.KindLocal {
				blocks = append(blocks, e)
			}
		}
		for i := range f.Postings() {
			postings = append(postings, &f.Postings()[i])
		}
	}
	if len(names) < 10 || len(blocks) < 10 || len(postings) < 10 {
		b.Fatalf("%s: too small to benchmark: %d names, %d blocks, %d references", root, len(names), len(blocks), len(postings))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	per := benchQueries / 4
	pick := func(k int) string { return names[k*len(names)/per] }
	for k := range per {
		plan.queries = append(plan.queries, pick(k)) // exact
	}
	plan.exact = len(plan.queries)
	for k := range per { // prefix: two thirds of a name
		n := names[(k*len(names)/per+len(names)/(3*per))%len(names)]
		plan.queries = append(plan.queries, n[:max(3, len(n)*2/3)])
	}
	for k := range per { // word start: a later word and the start of the next, space for _
		n := names[(k*len(names)/per+2*len(names)/(3*per))%len(names)]
		w := strings.Split(n, "_")
		q := n[len(n)/2:]
		if len(w) >= 3 {
			j := 1 + k%(len(w)-2)
			q = w[j] + " " + w[j+1][:min(3, len(w[j+1]))]
		} else if len(w) == 2 {
			q = w[1]
		}
		plan.queries = append(plan.queries, q)
	}
	for k := range per { // fuzzy: a random subsequence of 4-7 characters
		n := pick((k + per/2) % per)
		keep := append(make([]int, 0, 7), rng.Perm(len(n))[:min(len(n), 4+k%4)]...)
		slices.Sort(keep)
		var q []byte
		for _, i := range keep {
			q = append(q, n[i])
		}
		plan.queries = append(plan.queries, string(q))
	}

	// References that resolve, spread over the workspace.
	for k := range benchDefinitions {
		for i := k * len(postings) / benchDefinitions; i < len(postings); i++ {
			p := postings[i]
			if len(ix.Resolve(p)) > 0 {
				plan.defs = append(plan.defs, at(p.File().Path, p.NameRange().Start, "reference "+p.Key().String()))
				break
			}
		}
	}

	// Hover positions: inside the label of each top-level block.
	hoverAt := func(e *index.Entry, what string) benchTarget {
		p := e.NameRange.Start
		p.Byte++
		p.Col++
		return at(e.File().Path, p, what)
	}
	for k := range min(benchHovers, len(blocks)) {
		e := blocks[k*len(blocks)/min(benchHovers, len(blocks))]
		plan.hovers = append(plan.hovers, hoverAt(e, e.QualifiedName()))
	}
	if memory {
		plan.blocks = make([]benchTarget, 0, len(blocks))
		for _, e := range blocks {
			plan.blocks = append(plan.blocks, hoverAt(e, "")) // named in messages by position
		}
	}

	plan.benchDocument(b, ix, texts)
	return plan
}

// benchDocument makes the document edited for diagnostics: about 3,000 lines
// of the root mod's blocks, each label renamed so that nothing is defined
// twice, at a path inside the mod that is not on disk (didOpen carries the
// text). Its references still resolve to the originals. Typing happens at
// the end of the name of a reference near the middle.
func (plan *benchPlan) benchDocument(b *testing.B, ix *index.Index, texts map[string][]byte) {
	mod := ix.ModAt(filepath.Join(plan.root, "mod.pp"))
	if mod == nil {
		b.Fatalf("no mod at %s", plan.root)
	}
	path := filepath.Join(mod.Root, "zz_modls_bench_edited.pp")
	if _, err := os.Stat(path); err == nil {
		b.Fatalf("%s exists; the benchmark opens a document of that name that must not be on disk", path)
	}
	// Blocks at an even stride over the mod, so the document is a sample
	// of every kind of file rather than the first few.
	type cand struct {
		src   []byte
		es    []index.Entry
		i     int
		lines int
	}
	var cands []cand
	total := 0
	for _, f := range ix.Files() {
		if f.Mod() != mod || f.SyntaxErrors() > 0 || f.Path == mod.File {
			continue
		}
		src, ok := texts[f.Path]
		if !ok {
			var err error
			if src, err = os.ReadFile(f.Path); err != nil {
				b.Fatalf("reading %s: %v", f.Path, err)
			}
		}
		es := f.Entries()
		for i := range es {
			e := &es[i]
			if !e.Is(index.TopLevel) || e.Kind == index.KindLocal || e.Kind == index.KindMod || e.Is(index.BadLabels) {
				continue
			}
			n := int(e.Range.End.Line-e.Range.Start.Line) + 3
			cands = append(cands, cand{src, es, i, n})
			total += n
		}
	}
	stride := max(1, total/benchDocLines)
	var doc strings.Builder
	lines := 0
	for off := 0; off < stride && lines < benchDocLines; off++ {
		for k := off; k < len(cands) && lines < benchDocLines; k += stride {
			c := cands[k]
			text := renamedBlock(c.src, c.es, c.i, "_bench3k")
			doc.WriteString(text)
			doc.WriteString("\n\n")
			lines += strings.Count(text, "\n") + 2
		}
	}
	if lines < benchDocLines/2 {
		b.Fatalf("%s: only %d lines of blocks for the edited document", plan.root, lines)
	}
	text := []byte(doc.String())
	bl := index.NewBuilder()
	id := bl.AddMod(mod.Root, "")
	bl.SetFile(id, path, text, parse.Scan(text))
	f := bl.Index().File(path)
	li := newLineIndex(text)
	best, bestDist := -1, 1<<30
	middle := strings.Count(string(text), "\n") / 2
	for i, p := range f.Postings() {
		if p.Flags&index.Runtime != 0 || p.Kind == index.KindLocal {
			continue
		}
		if d := abs(int(p.NameRange().End.Line) - middle); d < bestDist {
			best, bestDist = i, d
		}
	}
	if best < 0 {
		b.Fatalf("%s: the edited document has no reference to break", plan.root)
	}
	p := &f.Postings()[best]
	plan.docURI, plan.docText = fileuri.FromPath(path), string(text)
	plan.docLine = strings.Count(plan.docText, "\n")
	plan.edit = li.fromPos(text, p.NameRange().End)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// renamedBlock returns the source of top-level entry es[top] with suffix
// added to its label and to the labels of the named, registered entries
// nested in it.
func renamedBlock(src []byte, es []index.Entry, top int, suffix string) string {
	blk := es[top].Range
	var b strings.Builder
	from := blk.Start.Byte
	for j := top; j < len(es); j++ {
		e := &es[j]
		if j > top && (e.Range.Start.Byte < blk.Start.Byte || e.Range.End.Byte > blk.End.Byte) {
			if e.Range.Start.Byte >= blk.End.Byte {
				break
			}
			continue
		}
		if e.Is(index.Anonymous) || e.Is(index.Scoped) || e.Is(index.BadLabels) || e.Name() == "" || e.Kind == index.KindLocal {
			continue
		}
		end := e.NameRange.End.Byte
		if end > 0 && src[end-1] == '"' {
			end--
		}
		if end < from {
			continue
		}
		b.Write(src[from:end])
		b.WriteString(suffix)
		from = end
	}
	b.Write(src[from:blk.End.Byte])
	return b.String()
}

// benchRun collects the samples of every session.
type benchRun struct {
	ready, symbol, def, hoverCold, hoverWarm, diag []time.Duration
	samples                                        []benchSample // every sample, for the slowest
	coldMisses, coldLookups                        uint64
	docDiags, docLines                             int
	mem                                            []benchMem // idle, 10%, 50%, 100%
	peakRSS                                        uint64
	peakReset                                      bool
	hovered                                        int
}

// benchSample is one latency sample and what it was about.
type benchSample struct {
	kind, what string
	d          time.Duration
}

func (r *benchRun) add(ds *[]time.Duration, kind, what string, d time.Duration) {
	*ds = append(*ds, d)
	r.samples = append(r.samples, benchSample{kind, what, d})
}

type benchMem struct {
	rss, heap, cacheBytes uint64
	cache                 map[string]any
}

// session runs the whole sequence once on a fresh server.
func (r *benchRun) session(b *testing.B, plan *benchPlan, memory bool) {
	if memory {
		runtime.GC()
		debug.FreeOSMemory()
		// Reset the process's peak RSS (VmHWM) so that it covers the server
		// only, not the benchmark's index.Load above.
		r.peakReset = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	}
	c := startServer(b, nil)
	start := time.Now()
	c.initialize(plan.root)
	// The index is ready when workspace/symbol answers (requests wait for
	// the first build; an answer of "still building" is retried).
	for {
		_, m := c.timed(b, "workspace/symbol", map[string]any{"query": plan.queries[0]})
		if m.Error == nil {
			r.ready = append(r.ready, time.Since(start))
			break
		}
		if m.Error.Code != jsonrpc2.CodeContentModified || time.Since(start) > 2*benchTimeout {
			b.Fatalf("waiting for the index of %s: workspace/symbol failed: %d %s", plan.root, m.Error.Code, m.Error.Message)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if memory {
		r.mem = append(r.mem, c.benchStats(b))
	}

	// workspace/symbol.
	for i, q := range plan.queries {
		d, m := c.timed(b, "workspace/symbol", map[string]any{"query": q})
		if m.Error != nil {
			b.Fatalf("workspace/symbol %q: error %d: %s", q, m.Error.Code, m.Error.Message)
		}
		if i < plan.exact {
			var syms []protocol.SymbolInformation
			if err := json.Unmarshal(m.Result, &syms); err != nil || len(syms) == 0 {
				b.Fatalf("workspace/symbol %q (an exact entry name): no symbols (%s)", q, truncate(string(m.Result), 200))
			}
		}
		r.add(&r.symbol, "symbol", strconv.Quote(q), d)
	}

	// textDocument/definition.
	for _, t := range plan.defs {
		d, m := c.timed(b, "textDocument/definition", t.params())
		if m.Error != nil {
			b.Fatalf("definition of %s at %s:%d:%d: error %d: %s", t.what, t.uri, t.pos.Line+1, t.pos.Character+1, m.Error.Code, m.Error.Message)
		}
		var links []protocol.LocationLink
		if err := json.Unmarshal(m.Result, &links); err != nil || len(links) == 0 {
			b.Fatalf("definition of %s at %s:%d:%d: no target (%s)", t.what, t.uri, t.pos.Line+1, t.pos.Character+1, m.Result)
		}
		r.add(&r.def, "def", t.what, d)
	}

	// Hover, cold then warm.
	before := c.benchStats(b)
	for _, t := range plan.hovers {
		r.add(&r.hoverCold, "hover-cold", t.what, c.timedHover(b, t))
	}
	after := c.benchStats(b)
	r.coldMisses += cacheCount(after, "Misses") - cacheCount(before, "Misses")
	r.coldLookups += cacheCount(after, "Misses") + cacheCount(after, "Hits") - cacheCount(before, "Misses") - cacheCount(before, "Hits")
	for _, t := range plan.hovers {
		r.add(&r.hoverWarm, "hover-warm", t.what, c.timedHover(b, t))
	}

	// Diagnostics after an edit of a 3,000-line document.
	seen := c.noteCount()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": plan.docURI, "languageId": "powerpipe", "version": 1, "text": plan.docText}})
	n, seen := c.waitDiagnostics(b, plan.docURI, seen)
	r.docDiags, r.docLines = n, plan.docLine
	for k := range benchEdits {
		pos := protocol.Position{Line: plan.edit.Line, Character: plan.edit.Character + uint32(k)}
		change := map[string]any{
			"textDocument":   map[string]any{"uri": plan.docURI, "version": k + 2},
			"contentChanges": []map[string]any{{"range": map[string]any{"start": pos, "end": pos}, "text": "x"}},
		}
		t0 := time.Now()
		c.notify("textDocument/didChange", change)
		n, seen = c.waitDiagnostics(b, plan.docURI, seen)
		r.add(&r.diag, "diag", fmt.Sprintf("edit %d", k+1), time.Since(t0))
		if n <= r.docDiags {
			b.Fatalf("edit %d of %s: %d diagnostics published, want more than the %d before the reference was broken", k+1, plan.docURI, n, r.docDiags)
		}
	}
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": plan.docURI}})

	// Memory while every top-level block is hovered (a few in flight, as an
	// editor's hovers and a client's status requests would be).
	if memory {
		marks := []int{len(plan.blocks) / 10, len(plan.blocks) / 2, len(plan.blocks)}
		type inFlight struct {
			ch <-chan *message
			t  benchTarget
		}
		var pending []inFlight
		wait := func() {
			p := pending[0]
			where := fmt.Sprintf("hover on the block at %s:%d:%d", p.t.uri, p.t.pos.Line+1, p.t.pos.Character+1)
			select {
			case m, ok := <-p.ch:
				if !ok {
					b.Fatalf("%s: connection closed", where)
				}
				if m.Error != nil {
					b.Fatalf("%s: error %d: %s", where, m.Error.Code, m.Error.Message)
				}
				if string(m.Result) == "null" {
					b.Fatalf("%s: null", where)
				}
			case <-time.After(benchTimeout):
				b.Fatalf("%s: no response within %v", where, benchTimeout)
			}
			pending = pending[1:]
		}
		next := 0
		for i, t := range plan.blocks {
			if len(pending) == benchWindow {
				wait()
			}
			_, ch := c.send("textDocument/hover", t.params())
			pending = append(pending, inFlight{ch, t})
			if i+1 == marks[next] {
				for len(pending) > 0 {
					wait()
				}
				r.mem = append(r.mem, c.benchStats(b))
				if out := os.Getenv("MODLS_BENCH_HEAPPROFILE"); out != "" {
					benchHeapProfile(b, fmt.Sprintf("%s.%d", out, next))
				}
				next++
			}
		}
		r.hovered = len(plan.blocks)
		r.peakRSS = max(r.peakRSS, peakRSS())
	}

	c.result("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case code := <-c.done:
		c.done <- code // for startServer's cleanup
	case <-time.After(benchTimeout):
		b.Fatalf("the server did not exit within %v", benchTimeout)
	}
}

// timed sends a request and returns its round trip — until the last byte
// of the response is read, not counting this client's decoding of it — and
// its response.
func (c *testClient) timed(b *testing.B, method string, params any) (time.Duration, *message) {
	b.Helper()
	t0 := time.Now()
	_, ch := c.send(method, params)
	select {
	case m, ok := <-ch:
		if !ok {
			b.Fatalf("%s: connection closed", method)
		}
		return m.Received.Sub(t0), m
	case <-time.After(benchTimeout):
		b.Fatalf("%s: no response within %v", method, benchTimeout)
	}
	return 0, nil
}

// timedHover hovers t and checks that there is something to show.
func (c *testClient) timedHover(b *testing.B, t benchTarget) time.Duration {
	b.Helper()
	d, m := c.timed(b, "textDocument/hover", t.params())
	if m.Error != nil {
		b.Fatalf("hover on %s at %s:%d:%d: error %d: %s", t.what, t.uri, t.pos.Line+1, t.pos.Character+1, m.Error.Code, m.Error.Message)
	}
	if string(m.Result) == "null" {
		b.Fatalf("hover on %s at %s:%d:%d: null", t.what, t.uri, t.pos.Line+1, t.pos.Character+1)
	}
	return d
}

// benchStats returns the server's modls/stats.
func (c *testClient) benchStats(b *testing.B) benchMem {
	b.Helper()
	_, m := c.timed(b, "modls/stats", nil)
	if m.Error != nil {
		b.Fatalf("modls/stats: error %d: %s", m.Error.Code, m.Error.Message)
	}
	var st struct {
		RSS   uint64         `json:"rss_bytes"`
		Heap  uint64         `json:"heap_bytes"`
		Cache map[string]any `json:"cache"`
	}
	if err := json.Unmarshal(m.Result, &st); err != nil {
		b.Fatalf("modls/stats: cannot decode %s: %v", m.Result, err)
	}
	return benchMem{rss: st.RSS, heap: st.Heap, cacheBytes: uint64(cacheCountOf(st.Cache, "Bytes")), cache: st.Cache}
}

func cacheCount(m benchMem, key string) uint64 { return uint64(cacheCountOf(m.cache, key)) }

func cacheCountOf(c map[string]any, key string) float64 {
	v, _ := c[key].(float64)
	return v
}

// noteCount returns how many notifications the client has received.
func (c *testClient) noteCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.notes)
}

// waitDiagnostics waits for a textDocument/publishDiagnostics for uri among
// the notifications after the first seen, and returns the number of
// diagnostics and the count of notifications examined.
func (c *testClient) waitDiagnostics(b *testing.B, uri protocol.DocumentUri, seen int) (int, int) {
	b.Helper()
	deadline := time.Now().Add(benchTimeout)
	timer := time.AfterFunc(benchTimeout, func() {
		c.mu.Lock()
		c.noteCond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		for ; seen < len(c.notes); seen++ {
			m := c.notes[seen]
			if m.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var p struct {
				URI         protocol.DocumentUri `json:"uri"`
				Diagnostics []json.RawMessage    `json:"diagnostics"`
			}
			if json.Unmarshal(m.Params, &p) == nil && p.URI == uri {
				return len(p.Diagnostics), seen + 1
			}
		}
		if time.Now().After(deadline) {
			b.Fatalf("no textDocument/publishDiagnostics for %s within %v", uri, benchTimeout)
		}
		c.noteCond.Wait()
	}
}

// benchHeapProfile collects garbage, logs the live heap and writes a heap
// profile to path. It is for investigating memory (MODLS_BENCH_HEAPPROFILE):
// the forced collection changes the figures measured after it.
func benchHeapProfile(b *testing.B, path string) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.Logf("live heap after a collection: %.1f MB; heap profile in %s", float64(ms.HeapAlloc)/(1<<20), path)
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Fatal(err)
	}
}

// peakRSS returns the process's peak resident set size (VmHWM), or 0.
func peakRSS() uint64 {
	s, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(s), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// percentile returns the p-th percentile of ds (nearest rank), in ms.
func percentile(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := max(0, (len(s)*p+99)/100-1)
	return float64(s[i].Microseconds()) / 1000
}

func (r *benchRun) report(b *testing.B, memory bool) {
	b.ReportMetric(percentile(r.ready, 50), "index-ready-ms")
	for _, m := range []struct {
		name string
		ds   []time.Duration
	}{{"symbol", r.symbol}, {"def", r.def}, {"hover-cold", r.hoverCold}, {"hover-warm", r.hoverWarm}, {"diag", r.diag}} {
		b.ReportMetric(percentile(m.ds, 50), m.name+"-p50-ms")
		b.ReportMetric(percentile(m.ds, 99), m.name+"-p99-ms")
	}
	debounce := float64(diagnosticsDelay.Microseconds()) / 1000
	b.ReportMetric(percentile(r.diag, 50)-debounce, "diag-nodebounce-p50-ms")
	b.ReportMetric(percentile(r.diag, 99)-debounce, "diag-nodebounce-p99-ms")
	if r.coldLookups > 0 {
		b.ReportMetric(float64(r.coldMisses)/float64(r.coldLookups), "hover-cold-miss-ratio")
	}
	b.Logf("cold hovers: %d cache misses of %d lookups; edited document: %d lines, %d diagnostics before the edits", r.coldMisses, r.coldLookups, r.docLines, r.docDiags)
	for _, kind := range []string{"symbol", "def", "hover-cold", "hover-warm", "diag"} {
		var ss []benchSample
		for _, x := range r.samples {
			if x.kind == kind {
				ss = append(ss, x)
			}
		}
		slices.SortFunc(ss, func(a, b benchSample) int { return int(b.d - a.d) })
		var worst []string
		for _, x := range ss[:min(3, len(ss))] {
			worst = append(worst, fmt.Sprintf("%s %.2f ms", x.what, float64(x.d.Microseconds())/1000))
		}
		b.Logf("slowest %s: %s", kind, strings.Join(worst, "; "))
	}
	if !memory || len(r.mem) < 4 {
		return
	}
	const mb = 1 << 20
	var steps []string
	for i, step := range []string{"idle", "10pct", "50pct", "100pct"} {
		m := r.mem[len(r.mem)-4+i] // the last session's
		b.ReportMetric(float64(m.rss)/mb, "rss-"+step+"-MB")
		b.ReportMetric(float64(m.heap)/mb, "heap-"+step+"-MB")
		steps = append(steps, fmt.Sprintf("%s: %.0f entries, %.1f MB, %.0f hits, %.0f misses, %.0f evictions", step,
			cacheCountOf(m.cache, "Entries"), cacheCountOf(m.cache, "Bytes")/mb, cacheCountOf(m.cache, "Hits"), cacheCountOf(m.cache, "Misses"), cacheCountOf(m.cache, "Evictions")))
	}
	// One line: the benchmark log keeps only ten.
	b.Logf("parse cache while hovering %d blocks (budget %.0f MB): %s", r.hovered, cacheCountOf(r.mem[len(r.mem)-1].cache, "Budget")/mb, strings.Join(steps, "; "))
	b.ReportMetric(float64(r.mem[len(r.mem)-1].cacheBytes)/mb, "cache-MB")
	b.ReportMetric(float64(r.hovered), "hovered-blocks")
	if r.peakRSS > 0 {
		b.ReportMetric(float64(r.peakRSS)/mb, "peak-rss-MB")
		if !r.peakReset {
			b.Logf("peak-rss-MB could not be reset at the server's start: it includes the benchmark's own index.Load")
		}
	}
}
