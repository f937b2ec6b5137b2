package lsp

// This file defines BenchmarkCompletion: completion latencies through the
// protocol on the generated mod of 50k resources (11,000 controls), as an
// editor sees them while the user types. The document is the mod's largest
// framework file, open in the server; one line of it is being typed, each
// request preceded by the incremental didChange that types the next partial
// word, as an editor sends it:
//   - ref: a new element of a benchmark's `children = [ … ]`, `control.`
//     then prefixes of real control names (the list is cut to the bound and
//     marked incomplete);
//   - attr: a new line in a control's body, the start of an attribute name;
//   - block: a new line at the end of the file, the start of a block type.
//
// Typing starts once the document's first diagnostics are published. Each
// latency is one completion's round trip as the client measures it (the
// didChange before it still being applied included). The server runs
// with the `modls serve` memory limit, and the client declares snippet
// support. Run with -benchtime 1x.

import (
	"bytes"
	"encoding/json"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
)

// benchCompletions is the number of completion requests per scenario.
const benchCompletions = 200

// completionScenario is one line being typed.
type completionScenario struct {
	name     string
	line     int      // 0-based line of the document that is being typed
	indent   string   // what precedes the typed text on that line
	partials []string // the texts typed, in turn
	want     string   // a label every answer must hold (when it is not filtered out)
	samples  []time.Duration
	items    []int // the number of items of each answer
	bytes    []int // the size of each answer's result
	partial  int   // answers marked incomplete
}

func BenchmarkCompletion(b *testing.B) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(DefaultMemoryLimit))
	root := benchGenerated(b, 50_000)
	path, text, scenarios := completionPlan(b, root)
	b.ResetTimer()
	for range b.N {
		completionSession(b, root, path, text, scenarios)
	}
	b.StopTimer()
	for _, sc := range scenarios {
		b.ReportMetric(percentile(sc.samples, 50), sc.name+"-p50-ms")
		b.ReportMetric(percentile(sc.samples, 99), sc.name+"-p99-ms")
		b.Logf("%s: %d requests, items per answer %d–%d (median %d), result %.1f–%.1f KB, %d incomplete",
			sc.name, len(sc.samples), slices.Min(sc.items), slices.Max(sc.items), median(sc.items),
			float64(slices.Min(sc.bytes))/1024, float64(slices.Max(sc.bytes))/1024, sc.partial)
	}
}

// completionPlan picks the document (the largest file holding both a
// benchmark's children list and a control) and the lines typed in it. The
// returned text has a blank line inserted at each scenario's line.
func completionPlan(b *testing.B, root string) (string, []byte, []*completionScenario) {
	ix, _, _ := index.Load([]string{root})
	var path string
	var size int
	for _, f := range ix.Files() {
		kinds := map[index.Kind]bool{}
		for _, e := range f.Entries() {
			kinds[e.Kind] = true
		}
		if !kinds[index.KindControl] || !kinds[index.KindBenchmark] {
			continue
		}
		if st, err := os.Stat(f.Path); err == nil && int(st.Size()) > size {
			path, size = f.Path, int(st.Size())
		}
	}
	if path == "" {
		b.Fatalf("%s: no file with both controls and benchmarks", root)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	children, control := -1, -1
	for i, l := range lines {
		if children < 0 && strings.TrimSpace(l) == "children = [" {
			children = i + 1
		}
		if control < 0 && strings.HasPrefix(l, "control \"") {
			control = i + 1
		}
	}
	if children < 0 || control < 0 {
		b.Fatalf("%s: no children list or control block", path)
	}

	// Control names to type, from the mod's controls.
	var names []string
	for _, e := range ix.OfKind(ix.File(path).Mod().ID, index.KindControl) {
		if e.Is(index.TopLevel) {
			names = append(names, e.Name())
		}
	}
	var refs []string
	for k := 0; len(refs) < benchCompletions; k++ {
		n := names[k*7919%len(names)]
		for j := 0; j <= min(len(n), 12) && len(refs) < benchCompletions; j += 3 {
			refs = append(refs, "control."+n[:j])
		}
	}
	var attrs, blocks []string
	for _, w := range []string{"documentation", "search_path", "tags", "width", "database", "display"} {
		for j := range min(len(w), 5) {
			attrs = append(attrs, w[:j])
		}
	}
	for _, w := range []string{"dashboard", "control", "benchmark", "query", "variable", "chart"} {
		for j := range min(len(w), 5) {
			blocks = append(blocks, w[:j])
		}
	}
	scenarios := []*completionScenario{
		{name: "ref", line: children, indent: "    ", partials: refs},
		{name: "attr", line: control, indent: "  ", partials: attrs, want: "documentation"},
		{name: "block", line: len(lines), indent: "", partials: blocks, want: "dashboard"},
	}
	// Insert the blank lines to type on, the lowest last so that the line
	// numbers found above still hold; each line then moves down by the
	// lines inserted above it.
	byLine := slices.Clone(scenarios)
	slices.SortFunc(byLine, func(x, y *completionScenario) int { return y.line - x.line })
	for _, sc := range byLine {
		lines = slices.Insert(lines, sc.line, "")
	}
	slices.Reverse(byLine)
	for i, sc := range byLine {
		sc.line += i
	}
	return path, []byte(strings.Join(lines, "\n")), scenarios
}

// completionSession runs one server, opens the document and types each
// scenario's line.
func completionSession(b *testing.B, root, path string, text []byte, scenarios []*completionScenario) {
	c := startServer(b, nil)
	c.initializeSnippets(root)
	uri := fileuri.FromPath(path)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": string(text)}})
	// Start typing once the document's first diagnostics are out, as a
	// user would: the server has finished opening it.
	c.waitDiagnostics(b, uri, 0)
	version := 1
	for _, sc := range scenarios {
		typed := "" // the text on the line after the indentation
		c.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": version + 1},
			"contentChanges": []map[string]any{{"range": lineRange(sc.line, 0, 0), "text": sc.indent}},
		})
		version++
		for i := range benchCompletions + 1 {
			next := sc.partials[i%len(sc.partials)]
			n := len(sc.indent)
			c.notify("textDocument/didChange", map[string]any{
				"textDocument":   map[string]any{"uri": uri, "version": version + 1},
				"contentChanges": []map[string]any{{"range": lineRange(sc.line, n, n+len(typed)), "text": next}},
			})
			version++
			typed = next
			pos := protocol.Position{Line: protocol.UInteger(sc.line), Character: protocol.UInteger(n + len(typed))}
			d, m := c.timed(b, "textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos})
			if m.Error != nil {
				b.Fatalf("%s: completion after %q: error %d: %s", sc.name, typed, m.Error.Code, m.Error.Message)
			}
			var l struct {
				IsIncomplete bool
				Items        []struct{ Label string }
			}
			if err := json.Unmarshal(m.Result, &l); err != nil || len(l.Items) == 0 {
				b.Fatalf("%s: completion after %q: no items (%s)", sc.name, typed, truncate(string(m.Result), 200))
			}
			if sc.want != "" && strings.HasPrefix(sc.want, typed) && !slices.ContainsFunc(l.Items, func(it struct{ Label string }) bool { return it.Label == sc.want }) {
				b.Fatalf("%s: completion after %q: no %q among %d items", sc.name, typed, sc.want, len(l.Items))
			}
			if sc.name == "ref" && !bytes.Contains(m.Result, []byte(`"label":"`+strings.TrimPrefix(typed, "control."))) {
				b.Fatalf("%s: completion after %q: no name starting so (%s)", sc.name, typed, truncate(string(m.Result), 200))
			}
			if i == 0 {
				continue // the first answer waited for the index
			}
			sc.samples = append(sc.samples, d)

			sc.items = append(sc.items, len(l.Items))
			sc.bytes = append(sc.bytes, len(m.Result))
			if l.IsIncomplete {
				sc.partial++
			}
		}
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

// lineRange is the LSP range of characters from..to of line (ASCII text).
func lineRange(line, from, to int) map[string]any {
	return map[string]any{
		"start": map[string]any{"line": line, "character": from},
		"end":   map[string]any{"line": line, "character": to},
	}
}

func median(xs []int) int {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
