package lsp

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modls/modls/internal/fileuri"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// syncBuffer is a bytes.Buffer safe for a logger and a test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// idleServer returns a server that is never run and whose index is never
// built, with one open document at path holding text.
func idleServer(t *testing.T, log io.Writer, path, text string) *Server {
	t.Helper()
	s := New(strings.NewReader(""), io.Discard, Options{
		IndexWait: time.Hour,
		Log:       slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelInfo})),
	})
	s.ws.Open(path, 1, []byte(text))
	return s
}

// TestFormattingDoesNotWaitForTheIndex formats, folds and selects in an open
// document of a server whose index is still being built (forever): each
// answers at once, where a request that needs the index would wait.
func TestFormattingDoesNotWaitForTheIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.pp")
	s := idleServer(t, io.Discard, path, "locals {\n    a=1\n}\n")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := s.snapshot(ctx); err == nil {
		t.Fatal("the index is ready: this test would prove nothing")
	}
	uri := fileuri.FromPath(path)
	done := make(chan []protocol.TextEdit, 1)
	go func() {
		edits, err := s.formatting(&glsp.Context{}, &protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}})
		if err != nil {
			t.Error(err)
		}
		s.foldingRange(&glsp.Context{}, &protocol.FoldingRangeParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}})
		s.selectionRange(&glsp.Context{}, &protocol.SelectionRangeParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Positions: []protocol.Position{{Line: 1, Character: 4}}})
		done <- edits
	}()
	select {
	case edits := <-done:
		if len(edits) != 1 || edits[0].NewText != "a = " {
			t.Errorf("edits %+v, want one turning `    a=` into `  a = `", edits)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("formatting waited for the index")
	}
}

// TestFormattingDeclinesBrokenFiles answers null for a file with syntax
// errors, and says why in the log.
func TestFormattingDeclinesBrokenFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.pp")
	var log syncBuffer
	s := idleServer(t, &log, path, "query \"q\" {\n    sql = \"select 1\"\n  title =\n")
	uri := fileuri.FromPath(path)
	edits, err := s.formatting(&glsp.Context{}, &protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}})
	if err != nil || edits != nil {
		t.Fatalf("formatting a broken file: %+v, %v; want null", edits, err)
	}
	edits, err = s.rangeFormatting(&glsp.Context{}, &protocol.DocumentRangeFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri},
		Range: protocol.Range{Start: protocol.Position{Line: 1}, End: protocol.Position{Line: 2}}})
	if err != nil || edits != nil {
		t.Fatalf("range formatting a broken file: %+v, %v; want null", edits, err)
	}
	if got := log.String(); !strings.Contains(got, "formatting declined") || !strings.Contains(got, "syntax error at 3:10") {
		t.Errorf("log says %q, want the reason", got)
	}
}

// TestFormattingCapabilities checks what initialize advertises and that
// the methods answer through the protocol.
func TestFormattingCapabilities(t *testing.T) {
	c := startServer(t, nil)
	res := c.initialize(exampleRoot(t))
	caps, _ := res["capabilities"].(map[string]any)
	for _, k := range []string{"documentFormattingProvider", "documentRangeFormattingProvider", "foldingRangeProvider", "selectionRangeProvider"} {
		if caps[k] != true {
			t.Errorf("capability %s = %v, want true", k, caps[k])
		}
	}
	uri := fileuri.FromPath(filepath.Join(exampleRoot(t), "locals.pp"))
	var edits []protocol.TextEdit
	c.result("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": uri}, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &edits)
	if len(edits) != 0 {
		t.Errorf("the example mod's locals.pp is formatted, yet got edits %+v", edits)
	}
}
