package lsp

// This file defines BenchmarkReferences: find-references, document
// highlights, prepareRename, rename and code lenses measured through the
// protocol on the generated 50k-resource mod plus a query that 1,000
// controls use: the server runs in a process of its own over pipes, as
// `modls --stdio` (startServerProcess), and round trips are measured by the
// client until the last byte of an answer is read. Run it with -benchtime
// 1x: b.N only repeats the sequence.
//
// What it reports:
//   - refs-first-ms: the first textDocument/references after the index is
//     ready, which builds the snapshot's lookup tables;
//   - refs-cold-p50/p99-ms: textDocument/references at 200 places spread
//     over the workspace, half on a declaration's name and half on a
//     reference, right after the index is built, and
//     refs-cold-server-p99-ms the server's own p99 there;
//   - refs-p50/p99-ms: the same places again after an edit (a new snapshot,
//     so no answer of the first round is kept; the server is warm), and
//     the same split by the size of the answer: refs-upto1000-p50/p99-ms
//     (at most 1,000 locations) and refs-over1000-p50/p99-ms (the two
//     locals every generated control uses, 16,000 locations, and a
//     variable used 2,700 times);
//   - refs-server-p99-ms: the server's own p99 at those places, from
//     reading the request to queueing its answer (modls/stats);
//   - refs-hot-p50/p99-ms: references of the query used 1,000 times;
//   - highlight-p50/p99-ms: textDocument/documentHighlight at the same 200
//     places;
//   - prepare-p50/p99-ms: textDocument/prepareRename there;
//   - rename-hot-cold-ms: the first rename of the query used 1,000 times
//     (1,001 edits in 51 files, none open, read from disk), and
//     rename-hot-p50/p99-ms: the same rename 20 more times;
//   - lens-p50/p99-ms: textDocument/codeLens of 100 files, and
//     lens-resolve-p50/p99-ms: codeLens/resolve of each of their lenses;
//     lens-resolve-hot-ms: resolving the lens of the hot query (1,000
//     locations), lens-resolve-16k-ms: the slowest lens of locals.pp (a
//     local that every control uses, 16,000 locations).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
)

// Workload of BenchmarkReferences.
const (
	refsPlaces     = 200  // places for references, highlights, prepareRename
	refsHotUses    = 1000 // references to the hot query
	refsHotPerFile = 20   // of them per file
	refsRenames    = 20   // warm renames of the hot query
	refsLensFiles  = 100  // files whose code lenses are asked
)

func BenchmarkReferences(b *testing.B) {
	// The server runs in a process of its own (startServerProcess). On two
	// cores, this client's collector would take a core from it now and
	// then: the client collects rarely.
	defer debug.SetGCPercent(debug.SetGCPercent(800))
	b.Run("generated=50k+hot1000", func(b *testing.B) {
		root := benchHotMod(b, 50_000)
		plan := newRefsPlan(b, root)
		var r refsRun
		b.ResetTimer()
		for range b.N {
			r.session(b, plan)
		}
		b.StopTimer()
		r.report(b)
	})
}

// benchHotMod returns a generated mod of n resources plus the folder zz_hot:
// hot.pp declares query "hot_query", and refsHotUses controls in other files
// of the folder use it (a few of those files with non-ASCII titles). It is
// written once into the temporary directory, apart from benchGenerated's
// mod, which stays as modgen wrote it.
func benchHotMod(b *testing.B, n int) string {
	return benchMod(b, fmt.Sprintf("modls-bench-refs-%d-seed1-v1", n), n, func(dir string) {
		hot := filepath.Join(dir, "zz_hot")
		if err := os.MkdirAll(hot, 0o755); err != nil {
			b.Fatal(err)
		}
		write := func(name, text string) {
			if err := os.WriteFile(filepath.Join(hot, name), []byte(text), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		write("hot.pp", "query \"hot_query\" {\n  title = \"Hot query\"\n  sql   = \"select 1\"\n}\n")
		for f := range refsHotUses / refsHotPerFile {
			var s strings.Builder
			for k := range refsHotPerFile {
				title := fmt.Sprintf("Uses the hot query %d", k)
				if f%5 == 0 {
					title = fmt.Sprintf("Contrôle n° %d ✓", k)
				}
				fmt.Fprintf(&s, "control \"hot_user_%02d_%02d\" {\n  title = %q\n  query = query.hot_query\n}\n\n", f, k, title)
			}
			write(fmt.Sprintf("uses_%02d.pp", f), s.String())
		}
	})
}

// refsPlan is the workload, derived from index.Load of the same root.
type refsPlan struct {
	root   string
	places []benchTarget
	hot    benchTarget            // the hot query's label
	hotDoc protocol.DocumentUri   // hot.pp
	lenses []protocol.DocumentUri // files for code lenses
}

func newRefsPlan(b *testing.B, root string) *refsPlan {
	ix, _, _ := index.Load([]string{root})
	texts := map[string][]byte{}
	lines := map[string]*lineIndex{}
	at := func(f *index.File, off uint32, what string) benchTarget {
		text, ok := texts[f.Path]
		if !ok {
			var err error
			if text, err = os.ReadFile(f.Path); err != nil {
				b.Fatalf("reading %s: %v", f.Path, err)
			}
			texts[f.Path], lines[f.Path] = text, newLineIndex(text)
		}
		return benchTarget{uri: fileuri.FromPath(f.Path), pos: lines[f.Path].position(text, int(off)), what: what}
	}
	plan := &refsPlan{root: root}
	var decls []*index.Entry
	var refs []*index.Posting
	files := ix.Files()
	for _, f := range files {
		for i := range f.Entries() {
			if e := &f.Entries()[i]; e.Is(index.TopLevel) && !e.Is(index.BadLabels) && e.Kind != index.KindMod && len(ix.References(e)) > 0 {
				decls = append(decls, e)
			}
		}
		for i := range f.Postings() {
			if p := &f.Postings()[i]; len(ix.Resolve(p)) > 0 {
				refs = append(refs, p)
			}
		}
	}
	if len(decls) < refsPlaces || len(refs) < refsPlaces {
		b.Fatalf("%s: too small: %d used declarations, %d resolved references", root, len(decls), len(refs))
	}
	for k := range refsPlaces / 2 {
		e := decls[k*len(decls)/(refsPlaces/2)]
		plan.places = append(plan.places, at(e.File(), e.NameRange.Start.Byte+1, "declaration "+e.QualifiedName()))
		p := refs[k*len(refs)/(refsPlaces/2)]
		plan.places = append(plan.places, at(p.File(), p.NameRange().Start.Byte, "reference "+p.Key().String()))
	}
	hot := ix.Lookup(ix.ModAt(filepath.Join(root, "mod.pp")).ID, "query.hot_query")
	if len(hot) != 1 || len(ix.References(hot[0])) != refsHotUses {
		b.Fatalf("%s: the hot query is missing or not used %d times", root, refsHotUses)
	}
	plan.hot = at(hot[0].File(), hot[0].NameRange.Start.Byte+1, "the hot query")
	plan.hotDoc = plan.hot.uri
	for k := range refsLensFiles {
		plan.lenses = append(plan.lenses, fileuri.FromPath(files[k*len(files)/refsLensFiles].Path))
	}
	return plan
}

// refsRun collects the samples of every session.
type refsRun struct {
	refs, hotRefs, highlight, prepare, renameWarm, lens, lensHot []time.Duration
	renameCold, lensResolve, lensLocals, first                   []time.Duration
	sizes                                                        []int // locations of each refs sample
	edits, editedFiles                                           int
	server, serverCold                                           []MethodLatency // the server's own times at the places
	refsCold                                                     []time.Duration // the places right after the index is built
	sizesCold                                                    []int
}

func (r *refsRun) session(b *testing.B, plan *refsPlan) {
	c := startServerProcess(b)
	c.initialize(plan.root)
	start := time.Now()
	for {
		_, m := c.timed(b, "workspace/symbol", map[string]any{"query": "hot_query"})
		if m.Error == nil {
			break
		}
		if m.Error.Code != jsonrpc2.CodeContentModified || time.Since(start) > 2*benchTimeout {
			b.Fatalf("waiting for the index of %s: %d %s", plan.root, m.Error.Code, m.Error.Message)
		}
		time.Sleep(20 * time.Millisecond)
	}

	refsAt := func(t benchTarget, min int) (time.Duration, int) {
		d, m := c.timed(b, "textDocument/references", protocol.ReferenceParams{
			TextDocumentPositionParams: t.params(), Context: protocol.ReferenceContext{IncludeDeclaration: true},
		})
		// Counted, not decoded: decoding 16,000 locations here would make
		// more garbage than the server does, and the server shares this
		// process's collector.
		n := bytes.Count(m.Result, []byte(`{"uri":`))
		if m.Error != nil || n < min {
			b.Fatalf("references of %s at %s:%d:%d: %d locations, want at least %d (%v)", t.what, t.uri, t.pos.Line+1, t.pos.Character+1, n, min, m.Error)
		}
		return d, n
	}
	// The first lookup of a snapshot builds its lookup tables (see
	// index/doc.go): timed apart.
	d, _ := refsAt(plan.places[0], 2)
	r.first = append(r.first, d)
	serverTimes := func() MethodLatency {
		var st Stats
		c.result("modls/stats", StatsParams{Reset: true}, &st)
		return st.Requests["textDocument/references"]
	}
	serverTimes()
	// Twice over the places: right after the index is built (cold), then
	// after an edit, as a user works (warm). The edit makes a new snapshot:
	// no answer is kept from the first round.
	for _, t := range plan.places {
		d, n := refsAt(t, 2)
		r.refsCold, r.sizesCold = append(r.refsCold, d), append(r.sizesCold, n)
	}
	r.serverCold = append(r.serverCold, serverTimes())
	hotPath, _ := fileuri.ToPath(plan.hotDoc)
	text, err := os.ReadFile(hotPath)
	if err != nil {
		b.Fatal(err)
	}
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": plan.hotDoc, "languageId": "powerpipe", "version": 1, "text": string(text)}})
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": plan.hotDoc, "version": 2},
		"contentChanges": []map[string]any{{"text": string(text) + "\n# edited\n"}}})
	for _, t := range plan.places {
		d, n := refsAt(t, 2)
		r.refs, r.sizes = append(r.refs, d), append(r.sizes, n)
	}
	r.server = append(r.server, serverTimes())
	for range 10 {
		d, _ := refsAt(plan.hot, refsHotUses+1)
		r.hotRefs = append(r.hotRefs, d)
	}
	for _, t := range plan.places {
		d, m := c.timed(b, "textDocument/documentHighlight", t.params())
		if m.Error != nil || string(m.Result) == "null" {
			b.Fatalf("highlight of %s: %v %s", t.what, m.Error, m.Result)
		}
		r.highlight = append(r.highlight, d)
	}
	for _, t := range plan.places {
		d, m := c.timed(b, "textDocument/prepareRename", t.params())
		if m.Error != nil {
			b.Fatalf("prepareRename of %s: %d %s", t.what, m.Error.Code, m.Error.Message)
		}
		r.prepare = append(r.prepare, d)
	}

	// Rename the hot query: 1,001 edits in 51 files. The first reads the
	// files from disk, later ones find them in the server's text cache.
	for k := range refsRenames + 1 {
		d, m := c.timed(b, "textDocument/rename", protocol.RenameParams{TextDocumentPositionParams: plan.hot.params(), NewName: "renamed_hot_query"})
		var we protocol.WorkspaceEdit
		if m.Error != nil || json.Unmarshal(m.Result, &we) != nil {
			b.Fatalf("rename of the hot query: %v %s", m.Error, truncate(string(m.Result), 200))
		}
		n := 0
		for _, es := range we.Changes {
			n += len(es)
		}
		if n != refsHotUses+1 {
			b.Fatalf("rename of the hot query: %d edits, want %d", n, refsHotUses+1)
		}
		r.edits, r.editedFiles = n, len(we.Changes)
		if k == 0 {
			r.renameCold = append(r.renameCold, d)
		} else {
			r.renameWarm = append(r.renameWarm, d)
		}
	}

	// Code lenses: the lenses of a file, then each of them resolved, as a
	// client resolves the lenses in view.
	lensOf := func(u protocol.DocumentUri) (time.Duration, []time.Duration) {
		d, m := c.timed(b, "textDocument/codeLens", protocol.CodeLensParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
		var lenses []json.RawMessage
		if m.Error != nil || json.Unmarshal(m.Result, &lenses) != nil {
			b.Fatalf("codeLens of %s: %v %s", u, m.Error, truncate(string(m.Result), 200))
		}
		var rs []time.Duration
		for _, l := range lenses {
			d, m := c.timed(b, "codeLens/resolve", l)
			var res protocol.CodeLens
			if m.Error != nil || json.Unmarshal(m.Result, &res) != nil || res.Command == nil {
				b.Fatalf("codeLens/resolve of %s in %s: %v %s", l, u, m.Error, truncate(string(m.Result), 200))
			}
			rs = append(rs, d)
		}
		return d, rs
	}
	for _, u := range plan.lenses {
		d, rs := lensOf(u)
		r.lens, r.lensResolve = append(r.lens, d), append(r.lensResolve, rs...)
	}
	for range 5 {
		_, rs := lensOf(plan.hotDoc)
		r.lensHot = append(r.lensHot, rs...)
		_, rs = lensOf(fileuri.FromPath(filepath.Join(plan.root, "locals.pp")))
		r.lensLocals = append(r.lensLocals, slices.Max(rs))
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

func (r *refsRun) report(b *testing.B) {
	for _, m := range []struct {
		name string
		ds   []time.Duration
	}{{"refs", r.refs}, {"refs-hot", r.hotRefs}, {"highlight", r.highlight}, {"prepare", r.prepare}, {"rename-hot", r.renameWarm}, {"lens", r.lens}, {"lens-resolve", r.lensResolve}} {
		b.ReportMetric(percentile(m.ds, 50), m.name+"-p50-ms")
		b.ReportMetric(percentile(m.ds, 99), m.name+"-p99-ms")
	}
	b.ReportMetric(percentile(r.first, 50), "refs-first-ms")
	b.ReportMetric(percentile(r.refsCold, 50), "refs-cold-p50-ms")
	b.ReportMetric(percentile(r.refsCold, 99), "refs-cold-p99-ms")
	b.ReportMetric(percentile(r.renameCold, 50), "rename-hot-cold-ms")
	b.ReportMetric(percentile(r.lensHot, 50), "lens-resolve-hot-ms")
	b.ReportMetric(percentile(r.lensLocals, 50), "lens-resolve-16k-ms")
	// Split the places by the size of their answer: a few references name
	// one of the two locals that every generated control uses, whose
	// answers of 16,000 locations (2.7 MB of JSON) cost mostly encoding,
	// the pipe and decoding.
	var small, large []time.Duration
	for i, d := range r.refs {
		if r.sizes[i] <= refsHotUses {
			small = append(small, d)
		} else {
			large = append(large, d)
		}
	}
	b.ReportMetric(percentile(small, 50), "refs-upto1000-p50-ms")
	b.ReportMetric(percentile(small, 99), "refs-upto1000-p99-ms")
	b.ReportMetric(percentile(large, 50), "refs-over1000-p50-ms")
	b.ReportMetric(percentile(large, 99), "refs-over1000-p99-ms")
	// The server's own time, reading the request to queueing the answer
	// (modls/stats), at the same places: the rest of a round trip is the
	// pipe and this client.
	var server, serverCold []float64
	for i := range r.server {
		server, serverCold = append(server, r.server[i].P99Ms), append(serverCold, r.serverCold[i].P99Ms)
	}
	b.ReportMetric(slices.Max(server), "refs-server-p99-ms")
	b.ReportMetric(slices.Max(serverCold), "refs-cold-server-p99-ms")
	b.Logf("references: %d of %d places answer at most %d locations; the largest answer has %d", len(small), len(r.refs), refsHotUses, slices.Max(r.sizes))
	b.Logf("rename of the hot query: %d edits in %d files; references p99 %.2f ms over %d places",
		r.edits, r.editedFiles, percentile(r.refs, 99), len(r.refs))
}
