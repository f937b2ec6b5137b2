package lsp

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/internal/testtree"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

func TestLifecycle(t *testing.T) {
	c := startServer(t, nil)
	// Before initialize, requests are refused with ServerNotInitialized.
	m := c.call("workspace/symbol", map[string]any{"query": "x"})
	if m.Error == nil || m.Error.Code != jsonrpc2.CodeServerNotInitialized {
		t.Fatalf("request before initialize: got %+v, want error %d", m.Error, jsonrpc2.CodeServerNotInitialized)
	}
	res := c.initialize(exampleRoot(t))
	caps, _ := res["capabilities"].(map[string]any)
	for _, k := range []string{"documentSymbolProvider", "workspaceSymbolProvider", "definitionProvider", "hoverProvider", "textDocumentSync"} {
		if caps[k] == nil {
			t.Errorf("capability %s not advertised: %v", k, caps)
		}
	}
	// Completion resolves items lazily and triggers on "." and on a quote.
	if cp, _ := caps["completionProvider"].(map[string]any); cp == nil || cp["resolveProvider"] != true || fmt.Sprint(cp["triggerCharacters"]) != `[. "]` {
		t.Errorf("completionProvider: %v", caps["completionProvider"])
	}
	c.result("shutdown", nil, nil)
	// After shutdown, requests are invalid.
	if m := c.call("workspace/symbol", map[string]any{"query": "x"}); m.Error == nil || m.Error.Code != jsonrpc2.CodeInvalidRequest {
		t.Errorf("request after shutdown: got %+v, want InvalidRequest", m.Error)
	}
	c.notify("exit", nil)
	select {
	case code := <-c.done:
		if code != 0 {
			t.Errorf("exit after shutdown: code %d, want 0", code)
		}
		c.done <- code
	case <-time.After(10 * time.Second):
		t.Fatal("server did not exit")
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t, nil)
	c.initialize(exampleRoot(t))
	c.notify("exit", nil)
	select {
	case code := <-c.done:
		if code != 1 {
			t.Errorf("exit without shutdown: code %d, want 1", code)
		}
		c.done <- code
	case <-time.After(10 * time.Second):
		t.Fatal("server did not exit")
	}
}

func TestProgress(t *testing.T) {
	c := startServer(t, nil)
	c.initialize(exampleRoot(t))
	c.waitNote("window/workDoneProgress/create", func(m *message) bool { return m.Method == "window/workDoneProgress/create" })
	end := c.waitNote("progress end", func(m *message) bool {
		return m.Method == "$/progress" && strings.Contains(string(m.Params), `"kind":"end"`)
	})
	if !strings.Contains(string(end.Params), "resources") {
		t.Errorf("progress end says %s", end.Params)
	}
}

func TestMalformedMessages(t *testing.T) {
	c := startServer(t, nil)
	c.initialize(exampleRoot(t))
	ch := make(chan *message, 4)
	c.mu.Lock()
	c.waiting["null"] = ch
	c.mu.Unlock()
	c.write(`{"jsonrpc":"2.0","id":`) // truncated JSON
	select {
	case m := <-ch:
		if m.Error == nil || m.Error.Code != jsonrpc2.CodeParseError {
			t.Errorf("truncated JSON: got %+v, want ParseError", m.Error)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no answer to a malformed message")
	}
	if m := c.call("no/such/method", map[string]any{}); m.Error == nil || m.Error.Code != jsonrpc2.CodeMethodNotFound {
		t.Errorf("unknown method: got %+v, want MethodNotFound", m.Error)
	}
	if m := c.call("workspace/symbol", []int{1, 2}); m.Error == nil || m.Error.Code != jsonrpc2.CodeInvalidParams {
		t.Errorf("wrong params: got %+v, want InvalidParams", m.Error)
	}
	// The session goes on.
	var syms []protocol.SymbolInformation
	c.result("workspace/symbol", map[string]any{"query": "bucket"}, &syms)
	if len(syms) == 0 {
		t.Error("no symbols after malformed messages")
	}
}

func TestCancelAndPanic(t *testing.T) {
	started := make(chan struct{}, 1)
	c := startServer(t, func(s *Server) {
		s.handler.TextDocumentHover = func(g *glsp.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
			started <- struct{}{}
			<-s.contextOf(g).Done() // a slow request that honours cancellation
			return nil, nil
		}
		s.handler.TextDocumentReferences = func(g *glsp.Context, p *protocol.ReferenceParams) ([]protocol.Location, error) {
			panic("boom")
		}
	})
	c.initialize(exampleRoot(t))
	params := map[string]any{"textDocument": map[string]any{"uri": "file:///x.pp"}, "position": map[string]any{"line": 0, "character": 0}}
	id, ch := c.send("textDocument/hover", params)
	<-started
	// Other requests are not stuck behind the slow one.
	var syms []protocol.SymbolInformation
	c.result("workspace/symbol", map[string]any{"query": "bucket"}, &syms)
	c.notify("$/cancelRequest", map[string]any{"id": id})
	select {
	case m := <-ch:
		if m.Error == nil || m.Error.Code != jsonrpc2.CodeRequestCancelled {
			t.Errorf("cancelled request: got %+v, want RequestCancelled", m.Error)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("cancelled request never answered")
	}
	m := c.call("textDocument/references", map[string]any{"textDocument": map[string]any{"uri": "file:///x.pp"}, "position": map[string]any{"line": 0, "character": 0}, "context": map[string]any{"includeDeclaration": true}})
	if m.Error == nil || m.Error.Code != jsonrpc2.CodeInternalError || !strings.Contains(m.Error.Message, "boom") {
		t.Errorf("panicking handler: got %+v, want InternalError", m.Error)
	}
	c.result("workspace/symbol", map[string]any{"query": "bucket"}, &syms)
}

func TestWorkspaceSymbol(t *testing.T) {
	c := startServer(t, nil)
	c.initialize(exampleRoot(t))
	var syms []protocol.SymbolInformation
	c.result("workspace/symbol", map[string]any{"query": "bucket_versioning_check"}, &syms)
	if len(syms) == 0 || syms[0].Name != "query.bucket_versioning_check" {
		t.Fatalf("exact match not first: %+v", syms)
	}
	if !strings.HasSuffix(string(syms[0].Location.URI), "/queries/storage.pp") || syms[0].Location.Range.Start.Line != 3 {
		t.Errorf("location %+v, want queries/storage.pp line 4", syms[0].Location)
	}
}

func TestDocumentSymbol(t *testing.T) {
	root := exampleRoot(t)
	c := startServer(t, nil)
	c.initialize(root)
	var syms []protocol.DocumentSymbol
	c.result("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(filepath.Join(root, "dashboards/overview.pp"))}}, &syms)
	if len(syms) == 0 || syms[0].Name != "acme_overview" {
		t.Fatalf("outline of overview.pp: %+v", syms)
	}
	if len(syms[0].Children) == 0 {
		t.Fatalf("dashboard has no children in the outline")
	}
	var containers int
	for _, ch := range syms[0].Children {
		if ch.Name == "container" {
			containers++
			if len(ch.Children) == 0 {
				t.Errorf("container without panels in the outline")
			}
		}
	}
	if containers == 0 {
		t.Errorf("no container under the dashboard: %+v", syms[0].Children)
	}
	c.result("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(filepath.Join(root, "locals.pp"))}}, &syms)
	if len(syms) == 0 || syms[0].Name != "locals" || len(syms[0].Children) == 0 {
		t.Fatalf("locals are not grouped under their block: %+v", syms)
	}
}

// position returns the LSP position of the first occurrence of needle in
// the file, plus delta characters (ASCII lines only).
func findPosition(t *testing.T, path, needle string, delta int) map[string]any {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(src), needle)
	if i < 0 {
		t.Fatalf("%q not in %s", needle, path)
	}
	p := newLineIndex(src).position(src, i+delta)
	return map[string]any{"line": p.Line, "character": p.Character}
}

func TestDefinition(t *testing.T) {
	root := exampleRoot(t)
	c := startServer(t, nil)
	c.initialize(root)
	tests := []struct {
		file, needle string
		delta        int
		wantFile     string
	}{
		{"controls/storage.pp", "acme_shared.query.bucket_public_read", 20, "queries.sp"},
		{"components/panels.pp", "query.bucket_count", 8, "queries/storage.pp"},
		{"locals.pp", "acme_shared.var.max_key_age_days", 17, "variables.sp"},
	}
	for _, tt := range tests {
		path := filepath.Join(root, tt.file)
		var links []protocol.LocationLink
		c.result("textDocument/definition", map[string]any{
			"textDocument": map[string]any{"uri": fileuri.FromPath(path)},
			"position":     findPosition(t, path, tt.needle, tt.delta),
		}, &links)
		if len(links) != 1 || !strings.HasSuffix(string(links[0].TargetURI), tt.wantFile) {
			t.Errorf("definition of %s in %s: %+v, want %s", tt.needle, tt.file, links, tt.wantFile)
			continue
		}
		if links[0].OriginSelectionRange == nil {
			t.Errorf("definition of %s: no origin range", tt.needle)
		}
	}
}

// TestEditsAndUnicode opens a document that is not on disk, with non-ASCII
// text before a reference on the same line, and follows the reference as it
// is broken and fixed by edits.
func TestEditsAndUnicode(t *testing.T) {
	root := exampleRoot(t)
	c := startServer(t, nil)
	c.initialize(root)
	path := filepath.Join(root, "zz_scratch_test.pp")
	uri := fileuri.FromPath(path)
	text := "locals {\n  x = [\"😀€\", query.bucket_versioning_check.sql]\n}\n"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": text}})
	// "query" starts after `  x = ["😀€", `: 14 UTF-16 units (the emoji
	// counts 2, as 4 bytes); the cursor sits on the "b" of its name.
	pos := map[string]any{"line": 1, "character": 14 + 6}
	def := func() []protocol.LocationLink {
		var links []protocol.LocationLink
		c.result("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos}, &links)
		return links
	}
	if links := def(); len(links) != 1 || !strings.HasSuffix(string(links[0].TargetURI), "queries/storage.pp") {
		t.Fatalf("definition after a non-ASCII prefix: %+v", links)
	} else if o := links[0].OriginSelectionRange; o == nil || o.Start.Character != 14 {
		t.Errorf("origin range %+v, want to start at UTF-16 character 14", o)
	}
	// Break the reference: "b|ucket_|versioning" becomes "b|nothing|versioning".
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []map[string]any{{"range": map[string]any{"start": map[string]any{"line": 1, "character": 21}, "end": map[string]any{"line": 1, "character": 27}}, "text": "nothing"}},
	})
	if links := def(); len(links) != 0 {
		t.Errorf("definition of a broken reference: %+v", links)
	}
	// And fix it again.
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 3},
		"contentChanges": []map[string]any{{"range": map[string]any{"start": map[string]any{"line": 1, "character": 21}, "end": map[string]any{"line": 1, "character": 28}}, "text": "ucket_"}},
	})
	if links := def(); len(links) != 1 {
		t.Errorf("definition after the fix: %+v", links)
	}
	// A stale version is refused and changes nothing.
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []map[string]any{{"text": "garbage"}},
	})
	if links := def(); len(links) != 1 {
		t.Errorf("a stale change was applied: %+v", links)
	}
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	var syms []protocol.DocumentSymbol
	raw := c.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": uri}})
	if raw.Error == nil && string(raw.Result) != "null" {
		json.Unmarshal(raw.Result, &syms)
		if len(syms) != 0 {
			t.Errorf("closed scratch file (not on disk) still has symbols: %+v", syms)
		}
	}
}

func TestHover(t *testing.T) {
	root := exampleRoot(t)
	c := startServer(t, nil)
	c.initialize(root)
	tests := []struct {
		file, needle string
		delta        int
		want         []string
	}{
		// A reference into the dependency mod: the query and its SQL.
		{"controls/storage.pp", "acme_shared.query.bucket_public_read", 20, []string{"**query** `acme_shared.query.bucket_public_read`", "```sql"}},
		// A control's name: its title, and the SQL of the query it uses.
		{"controls/storage.pp", `control "bucket_no_public_read"`, 10, []string{"**control** `acme_insights.control.bucket_no_public_read`", "Buckets do not allow public reads", "SQL of `acme_shared.query.bucket_public_read`"}},
		// A query with params: their defaults.
		{"queries/storage.pp", `query "bucket_versioning_check"`, 8, []string{"params:", "`expected`"}},
		// Documentation through file(), non-ASCII included.
		{"dashboards/overview.pp", `dashboard "acme_overview"`, 12, []string{"ACME Überblick — €", "Costs are shown in €"}},
		// A local: its expression.
		{"locals.pp", "shared_key_age_days", 2, []string{"**local** `acme_insights.local.shared_key_age_days`", "```hcl"}},
	}
	for _, tt := range tests {
		path := filepath.Join(root, tt.file)
		var h struct {
			Contents struct{ Kind, Value string }
		}
		c.result("textDocument/hover", map[string]any{
			"textDocument": map[string]any{"uri": fileuri.FromPath(path)},
			"position":     findPosition(t, path, tt.needle, tt.delta),
		}, &h)
		value := h.Contents.Value
		if h.Contents.Kind != "markdown" {
			t.Errorf("hover kind %q, want markdown", h.Contents.Kind)
		}
		for _, w := range tt.want {
			if !strings.Contains(value, w) {
				t.Errorf("hover on %s in %s lacks %q:\n%s", tt.needle, tt.file, w, value)
			}
		}
	}
	// Nothing to say on plain text.
	m := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(filepath.Join(root, "controls/storage.pp"))}, "position": map[string]any{"line": 0, "character": 0}})
	if m.Error != nil || string(m.Result) != "null" {
		t.Errorf("hover on a comment: %s %+v", m.Result, m.Error)
	}
}

// eventually polls check until it returns "" or 20 seconds pass.
func eventually(t *testing.T, what string, check func() string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		msg := check()
		if msg == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s", what, msg)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func symbolNames(c *testClient, query string) []string {
	var syms []protocol.SymbolInformation
	c.result("workspace/symbol", map[string]any{"query": query}, &syms)
	var names []string
	for _, s := range syms {
		names = append(names, s.Name)
	}
	return names
}

func TestDiskChanges(t *testing.T) {
	dir := testtree.New(t, map[string]string{
		"mod.pp":        "mod \"disk\" {}\n",
		"queries/a.pp":  "query \"alpha\" {\n  sql = \"select 1\"\n}\n",
		"controls/b.pp": "control \"uses_alpha\" {\n  query = query.alpha\n}\n",
	})
	c := startServer(t, nil)
	c.initialize(dir)
	has := func(query, name string) func() string {
		return func() string {
			for _, n := range symbolNames(c, query) {
				if n == name {
					return ""
				}
			}
			return name + " not found"
		}
	}
	gone := func(query, name string) func() string {
		return func() string {
			if has(query, name)() == "" {
				return name + " still indexed"
			}
			return ""
		}
	}
	eventually(t, "initial index", has("alpha", "query.alpha"))
	// A file created outside the editor.
	if err := os.WriteFile(filepath.Join(dir, "queries/fresh.pp"), []byte("query \"fresh\" {\n  sql = \"select 2\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "created file", has("fresh", "query.fresh"))
	// A whole folder appearing (git checkout, cp -r).
	if err := os.MkdirAll(filepath.Join(dir, "more/deep"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "more/deep/x.pp"), []byte("query \"deep_one\" {\n  sql = \"select 3\"\n}\n"), 0o644)
	eventually(t, "new folder", has("deep_one", "query.deep_one"))
	// A file deleted, and a folder removed.
	os.Remove(filepath.Join(dir, "queries/a.pp"))
	eventually(t, "deleted file", gone("alpha", "query.alpha"))
	os.RemoveAll(filepath.Join(dir, "more"))
	eventually(t, "removed folder", gone("deep_one", "query.deep_one"))
	// The mod's name changes: the workspace is discovered again.
	os.WriteFile(filepath.Join(dir, "mod.pp"), []byte("mod \"renamed\" {}\n"), 0o644)
	eventually(t, "renamed mod", func() string {
		var syms []protocol.SymbolInformation
		c.result("workspace/symbol", map[string]any{"query": "fresh"}, &syms)
		if len(syms) == 0 || syms[0].ContainerName == nil || *syms[0].ContainerName != "renamed" {
			return "container is not the new mod name"
		}
		return ""
	})
}

// TestClientWatchedFiles checks the path used when the server cannot watch:
// the client's workspace/didChangeWatchedFiles events.
func TestClientWatchedFiles(t *testing.T) {
	dir := testtree.New(t, map[string]string{
		"mod.pp": "mod \"client\" {}\n",
		"a.pp":   "query \"alpha\" {\n  sql = \"select 1\"\n}\n",
	})
	c := startServer(t, func(s *Server) { s.opt.NoWatch = true })
	c.initialize(dir)
	symbolNames(c, "alpha") // wait for the index
	os.WriteFile(filepath.Join(dir, "b.pp"), []byte("query \"beta\" {\n  sql = \"select 2\"\n}\n"), 0o644)
	os.Remove(filepath.Join(dir, "a.pp"))
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{
		{"uri": fileuri.FromPath(filepath.Join(dir, "b.pp")), "type": 1},
		{"uri": fileuri.FromPath(filepath.Join(dir, "a.pp")), "type": 3},
	}})
	if names := symbolNames(c, "beta"); len(names) == 0 || names[0] != "query.beta" {
		t.Errorf("created file not indexed: %v", names)
	}
	if names := symbolNames(c, "alpha"); len(names) != 0 && names[0] == "query.alpha" {
		t.Errorf("deleted file still indexed: %v", names)
	}
}

func TestStats(t *testing.T) {
	c := startServer(t, nil)
	if m := c.call("modls/stats", nil); m.Error == nil || m.Error.Code != jsonrpc2.CodeServerNotInitialized {
		t.Errorf("stats before initialize: %+v", m.Error)
	}
	c.initialize(exampleRoot(t))
	var st Stats
	c.result("modls/stats", nil, &st)
	if st.Index.Files != 19 || st.Index.Entries == 0 || st.HeapBytes == 0 || st.Cache.Budget != DefaultCacheBudget {
		t.Errorf("stats: %+v", st)
	}

	// The server's own request times: by method, requests only, and
	// forgotten when asked.
	for range 3 {
		c.call("workspace/symbol", map[string]any{"query": "bucket"})
	}
	c.call("no/such/method", nil)
	c.notify("$/setTrace", map[string]any{"value": "off"})
	st = Stats{}
	c.result("modls/stats", map[string]any{"reset": true}, &st)
	ws := st.Requests["workspace/symbol"]
	if ws.Count != 3 || ws.P50Ms <= 0 || ws.P50Ms > ws.P99Ms || ws.P99Ms > ws.MaxMs {
		t.Errorf("workspace/symbol latency: %+v", ws)
	}
	if st.Requests["modls/stats"].Count != 1 {
		t.Errorf("modls/stats latency: %+v", st.Requests["modls/stats"])
	}
	for _, m := range []string{"no/such/method", "$/setTrace", "initialized"} {
		if _, ok := st.Requests[m]; ok {
			t.Errorf("%s recorded as a request: %+v", m, st.Requests)
		}
	}
	st = Stats{}
	c.result("modls/stats", nil, &st)
	if len(st.Requests) != 1 || st.Requests["modls/stats"].Count != 1 {
		t.Errorf("after reset, requests: %+v", st.Requests)
	}
	if m := c.call("modls/stats", map[string]any{"reset": "yes"}); m.Error == nil || m.Error.Code != jsonrpc2.CodeInvalidParams {
		t.Errorf("stats with a bad reset: %+v", m.Error)
	}
}

// TestConcurrentEditsAndRequests streams edits to a document while other
// goroutines send every kind of request; under -race this checks the
// server's locking, and every request must be answered.
func TestConcurrentEditsAndRequests(t *testing.T) {
	root := exampleRoot(t)
	c := startServer(t, nil)
	c.initialize(root)
	path := filepath.Join(root, "zz_race_test.pp")
	uri := fileuri.FromPath(path)
	base := "control \"race_probe\" {\n  query = query.bucket_versioning_check\n}\n"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": base}})
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			pos := map[string]any{"line": 1, "character": 18}
			doc := map[string]any{"uri": uri}
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				var m *message
				switch (i + w) % 4 {
				case 0:
					m = c.call("textDocument/definition", map[string]any{"textDocument": doc, "position": pos})
				case 1:
					m = c.call("textDocument/hover", map[string]any{"textDocument": doc, "position": pos})
				case 2:
					m = c.call("textDocument/documentSymbol", map[string]any{"textDocument": doc})
				case 3:
					m = c.call("workspace/symbol", map[string]any{"query": "bucket"})
				}
				if m.Error != nil {
					t.Errorf("request failed during edits: %+v", m.Error)
					return
				}
			}
		}(w)
	}
	for v := 2; v < 200; v++ {
		// Alternate between a broken and a valid reference by retyping the
		// last letter of the name ("…_check" ↔ "…_checx").
		text := "k"
		if v%2 == 0 {
			text = "x"
		}
		c.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": v},
			"contentChanges": []map[string]any{{"range": map[string]any{"start": map[string]any{"line": 1, "character": 38}, "end": map[string]any{"line": 1, "character": 39}}, "text": text}},
		})
	}
	close(done)
	wg.Wait()
	var links []protocol.LocationLink
	c.result("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 1, "character": 18}}, &links)
	if len(links) != 1 {
		t.Errorf("after the last edit (the valid name again) definition found %+v", links)
	}
}
