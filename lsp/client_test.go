package lsp

// This file defines the test client: a real Server over in-memory pipes,
// driven by framed JSON-RPC as an editor would send it.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
)

// testClient talks to a Server running in the same process.
// message is any message the test client reads.
type message = jsonrpc2.Message

type testClient struct {
	t      testing.TB
	srv    *Server
	in     io.WriteCloser // to the server
	out    *bufio.Reader  // from the server
	wmu    sync.Mutex
	nextID int

	mu       sync.Mutex
	answers  map[string]string // server request method → JSON result the client gives
	waiting  map[string]chan *message
	notes    []*message
	noteCond *sync.Cond
	done     chan int // the server's exit code
}

// startServer runs a server and returns a client for it. setup, if not nil,
// may change the server (its handlers) before it starts.
func startServer(t testing.TB, setup func(*Server)) *testClient {
	t.Helper()
	cr, sw := io.Pipe() // client reads what the server writes
	sr, cw := io.Pipe() // server reads what the client writes
	logger := slog.New(slog.NewTextHandler(testLogWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv := New(sr, sw, Options{Log: logger, Version: "test", IndexWait: 20 * time.Second})
	if setup != nil {
		setup(srv)
	}
	c := &testClient{t: t, srv: srv, in: cw, out: bufio.NewReader(cr), waiting: map[string]chan *message{}, answers: map[string]string{}, done: make(chan int, 1)}
	c.noteCond = sync.NewCond(&c.mu)
	go func() {
		code := srv.Run()
		sw.Close()
		c.done <- code
	}()
	go c.readLoop()
	t.Cleanup(func() {
		cw.Close()
		select {
		case <-c.done:
		case <-time.After(10 * time.Second):
			t.Error("server did not stop after its input closed")
		}
	})
	return c
}

// startServerProcess runs the server in a process of its own — this test
// binary again (see TestMain), over pipes as `modls --stdio` runs — and
// returns a client for it. Benchmarks with megabytes of answers use it: in
// one process, the client's garbage would slow the server's collector.
func startServerProcess(t testing.TB) *testClient {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), serverProcessEnv+"=1")
	cmd.Stderr = testLogWriter{t}
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &testClient{t: t, in: in, out: bufio.NewReaderSize(out, 1<<20), waiting: map[string]chan *message{}, answers: map[string]string{}, done: make(chan int, 1)}
	c.noteCond = sync.NewCond(&c.mu)
	exited := make(chan struct{})
	go func() {
		c.readLoop() // until the server's output closes
		cmd.Wait()
		c.done <- cmd.ProcessState.ExitCode()
		close(exited)
	}()
	t.Cleanup(func() {
		in.Close()
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Error("server process did not stop after its input closed")
		}
	})
	return c
}

type testLogWriter struct{ t testing.TB }

func (w testLogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func (c *testClient) readLoop() {
	var buf []byte // reused: json.Unmarshal copies what it keeps
	for {
		length := -1
		for {
			line, err := c.out.ReadString('\n')
			if err != nil {
				c.mu.Lock()
				for _, ch := range c.waiting {
					close(ch)
				}
				c.waiting = map[string]chan *message{}
				c.noteCond.Broadcast()
				c.mu.Unlock()
				return
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
		if _, err := io.ReadFull(c.out, body); err != nil {
			return
		}
		read := time.Now()
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("server wrote invalid JSON: %v: %s", err, body)
			continue
		}
		switch {
		case m.IsRequest():
			// Server-to-client requests: answer as configured, else null.
			c.mu.Lock()
			result, ok := c.answers[m.Method]
			c.mu.Unlock()
			if !ok {
				result = "null"
			}
			go c.write(fmt.Sprintf(`{"jsonrpc":"2.0","id":%s,"result":%s}`, m.ID, result))
			c.mu.Lock()
			c.notes = append(c.notes, &m)
			c.noteCond.Broadcast()
			c.mu.Unlock()
		case m.Method != "":
			c.mu.Lock()
			c.notes = append(c.notes, &m)
			c.noteCond.Broadcast()
			c.mu.Unlock()
		default:
			m.Received = read
			c.mu.Lock()
			ch := c.waiting[jsonrpc2.IDKey(m.ID)]
			delete(c.waiting, jsonrpc2.IDKey(m.ID))
			c.mu.Unlock()
			if ch != nil {
				ch <- &m
			}
		}
	}
}

// write sends one raw framed body.
func (c *testClient) write(body string) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

// send sends a request and returns the channel its response arrives on.
func (c *testClient) send(method string, params any) (int, <-chan *message) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan *message, 1)
	c.waiting[strconv.Itoa(id)] = ch
	c.mu.Unlock()
	p, err := json.Marshal(params)
	if err != nil {
		c.t.Fatal(err)
	}
	c.write(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":%s}`, id, method, p))
	return id, ch
}

// call sends a request and waits for its response.
func (c *testClient) call(method string, params any) *message {
	c.t.Helper()
	_, ch := c.send(method, params)
	select {
	case m, ok := <-ch:
		if !ok {
			c.t.Fatalf("%s: connection closed", method)
		}
		return m
	case <-time.After(30 * time.Second):
		c.t.Fatalf("%s: no response in 30s", method)
	}
	return nil
}

// result calls method and decodes a successful result into out.
func (c *testClient) result(method string, params, out any) {
	c.t.Helper()
	m := c.call(method, params)
	if m.Error != nil {
		c.t.Fatalf("%s: error %d: %s", method, m.Error.Code, m.Error.Message)
	}
	if out != nil {
		if err := json.Unmarshal(m.Result, out); err != nil {
			c.t.Fatalf("%s: cannot decode %s: %v", method, m.Result, err)
		}
	}
}

func (c *testClient) notify(method string, params any) {
	p, err := json.Marshal(params)
	if err != nil {
		c.t.Fatal(err)
	}
	c.write(fmt.Sprintf(`{"jsonrpc":"2.0","method":%q,"params":%s}`, method, p))
}

// waitNote waits for a notification (or server request) for which match
// returns true.
func (c *testClient) waitNote(what string, match func(*message) bool) *message {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	c.mu.Lock()
	defer c.mu.Unlock()
	seen := 0
	for {
		for ; seen < len(c.notes); seen++ {
			if match(c.notes[seen]) {
				return c.notes[seen]
			}
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("no %s within 30s", what)
		}
		go func() { time.Sleep(50 * time.Millisecond); c.noteCond.Broadcast() }()
		c.noteCond.Wait()
	}
}

// initialize runs the handshake for the given workspace folder, with the
// client capabilities of a modern editor.
func (c *testClient) initialize(root string) map[string]any {
	return c.initializeWith(root, nil, false)
}

// initializeWith is initialize with initializationOptions, and the
// workspace.configuration capability when pull is set.
func (c *testClient) initializeWith(root string, options any, pull bool) map[string]any {
	c.t.Helper()
	var res map[string]any
	c.result("initialize", map[string]any{
		"initializationOptions": options,
		"processId":             nil,
		"rootUri":               string(fileuri.FromPath(root)),
		"workspaceFolders":      []map[string]any{{"uri": string(fileuri.FromPath(root)), "name": filepath.Base(root)}},
		"capabilities": map[string]any{
			"workspace": map[string]any{"configuration": pull},
			"window":    map[string]any{"workDoneProgress": true},
			"textDocument": map[string]any{
				"definition":     map[string]any{"linkSupport": true},
				"documentSymbol": map[string]any{"hierarchicalDocumentSymbolSupport": true},
			},
		},
	}, &res)
	c.notify("initialized", map[string]any{})
	return res
}

// exampleRoot is the bundled example mod.
func exampleRoot(t testing.TB) string {
	root, err := filepath.Abs("../examples/acme")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "mod.pp")); err != nil {
		t.Fatalf("example mod missing: %v", err)
	}
	return root
}

// truncate shortens s to n bytes for a message.
func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
