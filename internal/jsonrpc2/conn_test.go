package jsonrpc2

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// TestQueueKeepsLatestPerKey: while the client does not read, the
// diagnostics of one document queue once (the latest replaces the rest),
// and other messages keep their order; once the client reads, it gets
// them all, the document's latest diagnostics among them.
func TestQueueKeepsLatestPerKey(t *testing.T) {
	pr, pw := io.Pipe()
	c := NewConn(strings.NewReader(""), pw, Options{})
	// The writer takes the first message and blocks writing it: nobody
	// reads the pipe yet.
	if err := c.Notify("first", nil); err != nil {
		t.Fatal(err)
	}
	for i := range 1000 {
		if err := c.NotifyLatest("diag a.pp", "textDocument/publishDiagnostics", map[string]any{"uri": "a.pp", "n": i}); err != nil {
			t.Fatal(err)
		}
		if i%100 == 0 {
			if err := c.Notify("other", map[string]any{"n": i}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := c.NotifyLatest("diag b.pp", "textDocument/publishDiagnostics", map[string]any{"uri": "b.pp", "n": 0}); err != nil {
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
	go c.Close(0)
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

// Malformed input costs one message each: a body that is not JSON, one
// that is not JSON-RPC, a broken header and a body over the bound are
// answered or skipped, and the well-formed message after them is read.
func TestReadSurvivesBadMessages(t *testing.T) {
	frame := func(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }
	in := io.MultiReader(strings.NewReader(frame("{not json")+
		frame(`{"jsonrpc":"1.0","method":"x"}`)+
		frame(`{"jsonrpc":"2.0"}`)+
		frame(`{"jsonrpc":"2.0","id":{},"method":"x"}`)+
		"garbage line\r\n"+
		fmt.Sprintf("Content-Length: %d\r\n\r\n", MaxMessage+1)),
		io.LimitReader(spaces{}, MaxMessage+1),
		strings.NewReader(frame(`{"jsonrpc":"2.0","id":7,"method":"ok"}`)))
	var out strings.Builder
	var bad []string
	c := NewConn(in, &out, Options{BadMessage: func(err error) { bad = append(bad, err.Error()) }})
	m, err := c.Read()
	if err != nil {
		t.Fatalf("Read: %v (bad messages: %q)", err, bad)
	}
	if m.Method != "ok" || !m.IsRequest() || IDKey(m.ID) != "7" {
		t.Errorf("read %+v, want the request ok", m)
	}
	if len(bad) != 6 {
		t.Errorf("%d bad messages told, want 6: %q", len(bad), bad)
	}
	if _, err := c.Read(); err != io.EOF {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
	c.Close(time.Second)
	// Five answers, with null ids: the broken header has none.
	if n := strings.Count(out.String(), `"id":null,"error"`); n != 5 {
		t.Errorf("%d error answers, want 5:\n%s", n, out.String())
	}
}

// spaces reads as endless spaces.
type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// A response is delivered to the call waiting for it, decoded; a call
// stops when its context ends; Close fails the calls still waiting.
func TestCall(t *testing.T) {
	pr, pw := io.Pipe()
	c := NewConn(strings.NewReader(""), pw, Options{})
	go func() { // the peer: read each request, answer through Deliver
		r := bufio.NewReader(pr)
		for {
			var n int
			if _, err := fmt.Fscanf(r, "Content-Length: %d\r\n\r\n", &n); err != nil {
				return
			}
			body := make([]byte, n)
			io.ReadFull(r, body)
			var m Message
			json.Unmarshal(body, &m)
			if m.Method == "echo" {
				c.Deliver(&Message{JSONRPC: "2.0", ID: m.ID, Result: m.Params})
			}
		}
	}()
	var got []int
	if err := c.Call(context.Background(), "echo", []int{1, 2}, &got); err != nil || len(got) != 2 || got[1] != 2 {
		t.Errorf("Call: %v, %v; want [1 2]", got, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Call(ctx, "silent", nil, nil); err != context.Canceled {
		t.Errorf("Call with a cancelled context: %v", err)
	}
	if c.Deliver(&Message{JSONRPC: "2.0", ID: json.RawMessage(`99`)}) {
		t.Error("a response to no call was delivered")
	}
	done := make(chan error)
	go func() { done <- c.Call(context.Background(), "silent", nil, nil) }()
	for {
		c.pmu.Lock()
		n := len(c.pending)
		c.pmu.Unlock()
		if n == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	c.Close(time.Second)
	if err := <-done; err != io.ErrClosedPipe {
		t.Errorf("a call waiting at Close: %v", err)
	}
	pr.Close()
}

// Responses spliced around a result already encoded, or encoded by
// Options.Encode, are what encoding/json writes.
func TestReplyEncoded(t *testing.T) {
	enc := func(dst []byte, result any) ([]byte, bool) {
		if s, ok := result.([]string); ok {
			dst = append(dst, '[')
			for i, x := range s {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = AppendString(dst, x)
			}
			return append(dst, ']'), true
		}
		return dst, false
	}
	c := &Conn{opt: Options{Encode: enc}}
	// Raw answers come from json.Marshal, as the resource tree's do.
	tree, err := json.Marshal(map[string]any{"a": []any{1, "<&> ✓"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, result := range []any{json.RawMessage(nil), json.RawMessage(tree), json.RawMessage(`null`), []string{"a", "<é\u2028"}} {
		want, err := json.Marshal(outResult{JSONRPC: "2.0", ID: json.RawMessage(`12`), Result: result})
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := c.appendResponse(nil, json.RawMessage(`12`), result); !ok || string(got) != string(want) {
			t.Errorf("%v: got %s, want %s", result, got, want)
		}
	}
	if _, ok := c.appendResponse(nil, json.RawMessage(`1`), map[string]int{}); ok {
		t.Error("a result without an encoder was taken")
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add("file:///m/\xff\u2028<>&\"\\\x01é")
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
}

// FuzzRead: whatever the bytes, Read returns messages or an error, and
// ends at the end of the input.
func FuzzRead(f *testing.F) {
	f.Add([]byte("Content-Length: 38\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}"))
	f.Add([]byte("Content-Length: 5\r\n\r\n{\"a\":Content-Length: x\r\n\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		c := NewConn(bytes.NewReader(in), io.Discard, Options{})
		defer c.Close(time.Second)
		for range len(in) + 1 {
			m, err := c.Read()
			if err != nil {
				return
			}
			if m.Method == "" && len(m.ID) == 0 {
				t.Fatalf("read a message with neither method nor id: %+v", m)
			}
		}
		t.Fatal("Read did not end at the end of the input")
	})
}
