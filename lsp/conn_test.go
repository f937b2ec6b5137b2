package lsp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
)

// TestQueueKeepsLatestPerKey: while the client does not read, the
// diagnostics of one document queue once (the latest replaces the rest),
// and other messages keep their order; once the client reads, it gets
// them all, the document's latest diagnostics among them.
func TestQueueKeepsLatestPerKey(t *testing.T) {
	pr, pw := io.Pipe()
	c := newConn(strings.NewReader(""), pw)
	// The writer takes the first message and blocks writing it: nobody
	// reads the pipe yet.
	if err := c.notify("first", nil); err != nil {
		t.Fatal(err)
	}
	for i := range 1000 {
		if err := c.notifyLatest("diag a.pp", "textDocument/publishDiagnostics", map[string]any{"uri": "a.pp", "n": i}); err != nil {
			t.Fatal(err)
		}
		if i%100 == 0 {
			if err := c.notify("other", map[string]any{"n": i}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := c.notifyLatest("diag b.pp", "textDocument/publishDiagnostics", map[string]any{"uri": "b.pp", "n": 0}); err != nil {
		t.Fatal(err)
	}
	c.qmu.Lock()
	queued := len(c.queue)
	c.qmu.Unlock()
	// At most: the first (if the writer has not taken it yet), a.pp once,
	// ten others, b.pp once.
	if queued > 13 {
		t.Errorf("%d messages queued for 1,012 sent; want at most 13", queued)
	}
	go c.close(0)
	r := bufio.NewReader(pr)
	var got []string
	for {
		var n int
		if _, err := fmt.Fscanf(r, "Content-Length: %d\r\n\r\n", &n); err != nil {
			break
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			t.Fatal(err)
		}
		var m struct {
			Method string
			Params struct {
				URI string
				N   int
			}
		}
		json.Unmarshal(body, &m)
		got = append(got, fmt.Sprintf("%s %s %d", m.Method, m.Params.URI, m.Params.N))
		if m.Params.URI == "b.pp" {
			break
		}
	}
	want := "textDocument/publishDiagnostics a.pp 999"
	last := -1
	for i, g := range got {
		if strings.HasPrefix(g, "textDocument/publishDiagnostics a.pp") {
			last = i
		}
	}
	if last < 0 || got[last] != want {
		t.Errorf("the client got %q; want a.pp's latest diagnostics (%s)", got, want)
	}
	others := 0
	for _, g := range got {
		if strings.HasPrefix(g, "other") {
			others++
		}
	}
	if others != 10 {
		t.Errorf("%d other messages delivered, want all 10: %q", others, got)
	}
}
