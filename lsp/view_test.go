package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/internal/testtree"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// TestViewIsOneSnapshot: an edit that arrives while a request is being
// answered does not mix its text with the index the request took. Here a
// hover is on `query.b`; the edit inserts a line above it before the hover
// reads its text. Taken apart, the new text's offsets would be looked up in
// the old index; taken together, the hover answers query.b.
func TestViewIsOneSnapshot(t *testing.T) {
	root := testtree.New(t, map[string]string{
		"mod.pp": "mod \"v\" {}\n",
		"q.pp":   "query \"a\" {\n  sql = \"select 1\"\n}\n\nquery \"b\" {\n  title = \"Bee\"\n  sql   = \"select 2\"\n}\n",
	})
	uri := fileuri.FromPath(filepath.Join(root, "q.pp"))
	var c *testClient
	edited := false
	c = startServer(t, func(s *Server) {
		s.opt.afterView = func(context.Context) {
			if edited {
				return
			}
			edited = true
			// What didChange does when the edit arrives now.
			s.didChange(nil, &protocol.DidChangeTextDocumentParams{
				TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: 2},
				ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: "query \"zzz\" {\n  sql = \"select 3\"\n}\n" + strings.Repeat(" ", 40) + "\n"}},
			})
		}
	})
	c.initialize(root)
	text := "query \"a\" {\n  sql = \"select 1\"\n}\n\nquery \"b\" {\n  title = \"Bee\"\n  sql   = \"select 2\"\n}\n"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": text}})
	m := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 4, "character": 8}})
	var h struct {
		Contents struct{ Value string } `json:"contents"`
	}
	json.Unmarshal(m.Result, &h)
	if !edited || !strings.Contains(h.Contents.Value, "query.b") {
		t.Errorf("hover on query.b while an edit arrived: %s", m.Result)
	}
}

// TestOtherFileRangesFromTheView: the range of a definition in another
// document converts against the text that document had in the request's
// view (the text the index holds), not against an edit that arrived after.
// The edit here puts wide characters before the target's name on its line:
// converted against it, the character would be wrong.
func TestOtherFileRangesFromTheView(t *testing.T) {
	root := testtree.New(t, map[string]string{
		"mod.pp": "mod \"v\" {}\n",
		"a.pp":   "control \"c\" {\n  query = query.q\n}\n",
		"b.pp":   "/* é */ query \"q\" {\n  sql = \"select 1\"\n}\n",
	})
	a, b := fileuri.FromPath(filepath.Join(root, "a.pp")), fileuri.FromPath(filepath.Join(root, "b.pp"))
	var c *testClient
	edited := false
	c = startServer(t, func(s *Server) {
		s.opt.afterView = func(context.Context) {
			if edited {
				return
			}
			_, open := s.ws.Snapshot().Doc(filepath.Join(root, "b.pp"))
			if !open {
				return
			}
			edited = true
			s.didChange(nil, &protocol.DidChangeTextDocumentParams{
				TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: b}, Version: 2},
				ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: "/* 😀😀😀😀 */ query \"q\" {\n  sql = \"select 1\"\n}\n"}},
			})
		}
	})
	c.initialize(root)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": b, "languageId": "powerpipe", "version": 1,
		"text": "/* é */ query \"q\" {\n  sql = \"select 1\"\n}\n"}})
	m := c.call("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": a}, "position": map[string]any{"line": 1, "character": 16}})
	var locs []struct {
		TargetSelectionRange protocol.Range `json:"targetSelectionRange"`
	}
	if err := json.Unmarshal(m.Result, &locs); err != nil || len(locs) != 1 {
		t.Fatalf("definition: %s", m.Result)
	}
	// In "/* é */ query "q"", the label "q" starts at UTF-16 character 14.
	if got := locs[0].TargetSelectionRange.Start; !edited || got.Line != 0 || got.Character != 14 {
		t.Errorf("definition target starts at %+v (edited %v), want 0:14 of the text the index holds", got, edited)
	}
}

// TestExitDoesNotWaitForWork: exit ends the server while a request runs
// that never ends (work that does not watch its context); before, Run
// waited for every request.
func TestExitDoesNotWaitForWork(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	c := startServer(t, func(s *Server) {
		s.handler.TextDocumentHover = func(*glsp.Context, *protocol.HoverParams) (*protocol.Hover, error) {
			close(started)
			<-release // ignores cancellation
			return nil, nil
		}
	})
	c.initialize(exampleRoot(t))
	c.send("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///x.pp"}, "position": map[string]any{"line": 0, "character": 0}})
	<-started
	c.call("shutdown", nil)
	c.notify("exit", nil)
	select {
	case code := <-c.done:
		if code != 0 {
			t.Errorf("exit code %d after shutdown", code)
		}
	case <-time.After(20 * time.Second): // a hang guard, not a measure
		t.Fatal("the server did not end while a request was still running")
	}
	c.done <- 0 // for the cleanup's wait
}

// TestPanicsInBackgroundWork: a panic in the index build or in a
// diagnostics pass is logged, and the server goes on answering (requests
// are released with an empty index rather than left waiting).
func TestPanicsInBackgroundWork(t *testing.T) {
	c := startServer(t, func(s *Server) {
		s.opt.beforeIndex = func() { panic("index build fault") }
	})
	c.initialize(exampleRoot(t))
	var syms []protocol.SymbolInformation
	c.result("workspace/symbol", map[string]any{"query": "bucket"}, &syms) // answered, not left waiting

	var once sync.Once
	panicked := make(chan struct{})
	c2 := startServer(t, func(s *Server) {
		s.opt.beforeDiagnostics = func() {
			first := false
			once.Do(func() { first = true })
			if first {
				close(panicked)
				panic("diagnostics fault")
			}
		}
	})
	root := exampleRoot(t)
	c2.initialize(root)
	uri := fileuri.FromPath(filepath.Join(root, "controls", "storage.pp"))
	c2.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": "control \"x\" {\n  query = query.nowhere\n}\n"}})
	c2.result("workspace/symbol", map[string]any{"query": "bucket"}, &syms)
	if len(syms) == 0 {
		t.Error("no symbols after a diagnostics pass panicked")
	}
	// The next pass, after the one that panicked, publishes.
	<-panicked
	c2.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []map[string]any{{"text": "control \"x\" {\n  query = query.nowhere_else\n}\n"}}})
	c2.waitNote("diagnostics after the panic", func(m *message) bool {
		p := publishedFor(m, uri)
		return p != nil && len(p.Diagnostics) > 0
	})
}

// TestCancelStopsRename: $/cancelRequest stops a rename's work, not only its
// answer: cancelled once it has taken its view, it reads no more files;
// left alone, the same rename reads the twenty that refer to the query.
func TestCancelStopsRename(t *testing.T) {
	files := map[string]string{"mod.pp": "mod \"r\" {}\n", "q.pp": "query \"target\" {\n  sql = \"select 1\"\n}\n"}
	for i := range 20 {
		files[fmt.Sprintf("c%02d.pp", i)] = fmt.Sprintf("control \"c%02d\" {\n  query = query.target\n}\n", i)
	}
	root := testtree.New(t, files)
	uri := fileuri.FromPath(filepath.Join(root, "q.pp"))
	params := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 0, "character": 8}, "newName": "renamed"}
	for _, cancel := range []bool{false, true} {
		var reads atomic.Int32
		viewed := make(chan struct{}, 1)
		c := startServer(t, func(s *Server) {
			s.opt.onRead = func(string) { reads.Add(1) }
			s.opt.afterView = func(ctx context.Context) {
				if !cancel {
					return
				}
				viewed <- struct{}{}
				select { // the cancel is on its way; a hang guard, not a timing
				case <-ctx.Done():
				case <-time.After(30 * time.Second):
				}
			}
		})
		c.initialize(root)
		id, ch := c.send("textDocument/rename", params)
		if cancel {
			// Cancelled once the request has its view: a cancel that came
			// before would stop it earlier, proving nothing of rename.
			<-viewed
			c.notify("$/cancelRequest", map[string]any{"id": id})
		}
		m := <-ch
		switch n := reads.Load(); {
		case cancel && (m.Error == nil || m.Error.Code != jsonrpc2.CodeRequestCancelled || n > 1):
			t.Errorf("cancelled rename: %d files read, answer %s %+v", n, m.Result, m.Error)
		case !cancel && (m.Error != nil || n < 20):
			t.Errorf("rename: %d files read, answer %+v", n, m.Error)
		}
	}
}
