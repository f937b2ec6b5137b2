package lsp

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/testtree"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// TestPublishWhatChanged: diagnostics are published with the version of
// the document they were computed for, and published again when only
// their related information changes (the other place of a duplicate moved).
func TestPublishWhatChanged(t *testing.T) {
	root := testtree.New(t, map[string]string{
		"mod.pp": "mod \"p\" {}\n",
		"a.pp":   "query \"twice\" {\n  sql = \"select 1\"\n}\n",
		"b.pp":   "query \"twice\" {\n  sql = \"select 1\"\n}\n",
	})
	c := startServer(t, nil)
	c.initialize(root)
	a, b := fileuri.FromPath(filepath.Join(root, "a.pp")), fileuri.FromPath(filepath.Join(root, "b.pp"))
	text := "query \"twice\" {\n  sql = \"select 1\"\n}\n"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": a, "languageId": "powerpipe", "version": 7, "text": text}})
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": b, "languageId": "powerpipe", "version": 1, "text": text}})
	// relatedLine is where a.pp's duplicate-name diagnostic says the other
	// definition is, -1 when there is none.
	relatedLine := func(p *protocol.PublishDiagnosticsParams) int {
		for _, d := range p.Diagnostics {
			if strings.Contains(d.Message, "more than one") && len(d.RelatedInformation) == 1 {
				return int(d.RelatedInformation[0].Location.Range.Start.Line)
			}
		}
		return -1
	}
	first := c.waitNote("a.pp's duplicate", func(m *message) bool {
		p := publishedFor(m, a)

		return p != nil && relatedLine(p) == 0
	})
	if p := publishedFor(first, a); p.Version == nil || *p.Version != 7 {
		t.Errorf("published without the document's version 7: %+v", p.Version)
	}
	// Move b.pp's query two lines down: a.pp's diagnostic is the same but
	// for where "also defined here" points.
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": b, "version": 2},
		"contentChanges": []map[string]any{{"text": "\n\n" + text}}})
	c.waitNote("a.pp's duplicate pointing at the moved place", func(m *message) bool {
		p := publishedFor(m, a)
		return p != nil && relatedLine(p) == 2
	})
}

// TestTokensRefreshedAfterIndexing: a client that supports it is asked for
// semantic tokens again once the index is built (which locals flow into SQL
// is known only then); one that does not is not asked.
func TestTokensRefreshedAfterIndexing(t *testing.T) {
	for _, supports := range []bool{true, false} {
		c := startServer(t, nil)
		c.answers["workspace/semanticTokens/refresh"] = "null"
		c.result("initialize", map[string]any{"processId": nil, "rootUri": string(fileuri.FromPath(exampleRoot(t))),
			"capabilities": map[string]any{"workspace": map[string]any{"semanticTokens": map[string]any{"refreshSupport": supports}}}}, nil)
		c.notify("initialized", map[string]any{})
		// The index is built when a symbol query answers; the refresh is
		// queued before the index is released, so before that answer.
		c.result("workspace/symbol", map[string]any{"query": "bucket"}, nil)
		asked := false
		if supports {
			c.waitNote("the refresh request", func(m *message) bool { return m.Method == "workspace/semanticTokens/refresh" })
			asked = true
		} else {
			c.mu.Lock()
			for _, m := range c.notes {
				asked = asked || m.Method == "workspace/semanticTokens/refresh"
			}
			c.mu.Unlock()
		}
		if asked != supports {
			t.Errorf("refreshSupport %v: asked %v", supports, asked)
		}
	}
}

// TestDiagnosticsBounded: a file with 1,500 problems publishes 1,000, the
// last of which says how many more there are.
func TestDiagnosticsBounded(t *testing.T) {
	var b strings.Builder
	for i := range 1500 {
		fmt.Fprintf(&b, "a%d = 1\n", i) // an attribute outside any block: an error each
	}
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"m\" {}\n", "many.pp": b.String()})
	c := startServer(t, nil)
	c.initialize(root)
	uri := fileuri.FromPath(filepath.Join(root, "many.pp"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": b.String()}})
	m := c.waitNote("many.pp's diagnostics", func(m *message) bool { p := publishedFor(m, uri); return p != nil && len(p.Diagnostics) > 0 })
	p := publishedFor(m, uri)
	if len(p.Diagnostics) != maxFileDiagnostics || !strings.Contains(p.Diagnostics[maxFileDiagnostics-1].Message, "501 more problems") {
		t.Errorf("%d diagnostics, the last %q", len(p.Diagnostics), p.Diagnostics[len(p.Diagnostics)-1].Message)
	}
}

// TestEditStopsStaleDiagnostics: an edit that arrives while a diagnostics
// pass runs stops that pass (its results would describe the old text), and
// the next pass publishes for the new version; the stale version is never
// published.
func TestEditStopsStaleDiagnostics(t *testing.T) {
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"p\" {}\n", "a.pp": ""})
	inRun := make(chan struct{})
	stopped := make(chan bool, 1)
	first := true
	c := startServer(t, func(s *Server) {
		s.opt.duringDiagnostics = func(ctx context.Context) {
			if !first {
				return
			}
			first = false
			close(inRun)
			select { // the edit is sent now; a hang guard, not a timing
			case <-ctx.Done():
				stopped <- true
			case <-time.After(30 * time.Second):
				stopped <- false
			}
		}
	})
	c.initialize(root)
	a := fileuri.FromPath(filepath.Join(root, "a.pp"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": a, "languageId": "powerpipe", "version": 1,
		"text": "query \"q\" {\n  sql = \"select 1\"\n  titel = \"x\"\n}\n"}})
	<-inRun
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": a, "version": 2},
		"contentChanges": []map[string]any{{"text": "query \"q\" {\n  sql = \"select 1\"\n}\n"}}})
	if !<-stopped {
		t.Fatal("the pass in progress was not stopped by the edit")
	}
	c.waitNote("version 2's diagnostics", func(m *message) bool {
		p := publishedFor(m, a)
		return p != nil && p.Version != nil && *p.Version == 2
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range c.notes {
		if p := publishedFor(m, a); p != nil && p.Version != nil && *p.Version == 1 {
			t.Errorf("the stale version 1 was published: %+v", p.Diagnostics)
		}
	}
}
