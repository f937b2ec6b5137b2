package lsp

// This file defines the JSON-RPC 2.0 connection: LSP's Content-Length
// framing over a byte stream, message decoding that survives malformed
// input, serialized writes, and calls from the server to the client matched
// to their responses by id.
//
// modls owns this loop instead of using glsp's server (which handles one
// message at a time) or sourcegraph/jsonrpc2 (whose read loop closes the
// connection on the first undecodable message): a language server must
// answer a malformed message with an error and keep serving.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// JSON-RPC and LSP error codes.
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
	codeRequestCancelled     = -32800
	codeContentModified      = -32801
)

// maxMessage is the largest message body read; a larger one is skipped and
// answered with an error.
const maxMessage = 64 << 20

// message is any incoming JSON-RPC message: a request (method and id), a
// notification (method, no id) or a response (id, no method).
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`

	received time.Time // when its last byte was read
}

func (m *message) isRequest() bool  { return m.Method != "" && len(m.ID) > 0 }
func (m *message) isResponse() bool { return m.Method == "" && len(m.ID) > 0 }

// rpcError is a JSON-RPC error object.
type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return fmt.Sprintf("%s (code %d)", e.Message, e.Code) }

// errorf returns an error that a response carries with the given code.
func errorf(code int, format string, args ...any) *rpcError {
	return &rpcError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// idKey turns a raw JSON id (a number or a string) into a map key; numbers
// and strings never collide because strings keep their quotes.
func idKey(raw json.RawMessage) string { return string(bytes.TrimSpace(raw)) }

// conn reads and writes framed messages.
//
// Writes are queued and sent by a goroutine of their own, so the read loop
// never waits for the client to read: a client that writes much before it
// reads (as editors do) cannot deadlock the session.
type conn struct {
	r *bufio.Reader

	qmu     sync.Mutex
	qcond   *sync.Cond
	queue   []queued
	keyed   map[string]int // the queued message of each key, by position in queue
	writing bool           // the writer holds a message it has not finished
	stopped bool           // close was called: the writer exits once the queue drains
	werr    error
	wdone   chan struct{}

	pmu     sync.Mutex
	pending map[string]chan *message // our calls to the client, by id
	nextID  atomic.Int64
	closed  bool
}

func newConn(r io.Reader, w io.Writer) *conn {
	growPipes(r, w)
	c := &conn{r: bufio.NewReaderSize(r, 64<<10), pending: map[string]chan *message{}, wdone: make(chan struct{})}
	c.qcond = sync.NewCond(&c.qmu)
	go c.writeLoop(bufio.NewWriter(w))
	return c
}

// writeLoop sends queued messages until close, then drains the queue.
func (c *conn) writeLoop(w *bufio.Writer) {
	defer close(c.wdone)
	c.qmu.Lock()
	defer c.qmu.Unlock()
	for {
		for len(c.queue) == 0 && !c.stopped {
			c.qcond.Wait()
		}
		if len(c.queue) == 0 {
			return
		}
		batch := c.queue
		c.queue = nil
		clear(c.keyed)
		c.writing = true
		c.qmu.Unlock()
		var err error
		for _, q := range batch {
			if err == nil {
				_, err = fmt.Fprintf(w, "Content-Length: %d\r\n\r\n", len(q.body))
			}
			if err == nil {
				_, err = w.Write(q.body)
			}
			if q.pooled != nil {
				bodies.Put(q.pooled)
			}
		}
		if err == nil {
			err = w.Flush()
		}
		c.qmu.Lock()
		c.writing = false
		if err != nil && c.werr == nil {
			c.werr = err
		}
		c.qcond.Broadcast()
	}
}

// drain waits until every queued message is written, or timeout passes.
func (c *conn) drain(timeout time.Duration) {
	done := make(chan struct{})
	go func() {
		c.qmu.Lock()
		for (len(c.queue) > 0 || c.writing) && c.werr == nil {
			c.qcond.Wait()
		}
		c.qmu.Unlock()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(timeout):
	}
}

// errFraming reports a header that cannot be understood; the connection
// skips to the next header block.
var errFraming = errors.New("bad message header")

// read returns the next message. A body that is not valid JSON-RPC yields a
// *rpcError (codeParseError or codeInvalidRequest) with a nil message, and
// the connection stays usable; io.EOF means the client closed the stream.
func (c *conn) read() (*message, error) {
	length := -1
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			if err == io.EOF && line == "" {
				return nil, io.EOF
			}
			if err == io.EOF {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if length >= 0 {
				break
			}
			continue // stray blank line between messages
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%w: %q", errFraming, truncate(line, 80))
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%w: Content-Length %q", errFraming, truncate(value, 40))
			}
			length = n
		}
	}
	if length > maxMessage {
		if _, err := io.CopyN(io.Discard, c.r, int64(length)); err != nil {
			return nil, err
		}
		return nil, errorf(codeInvalidRequest, "message of %d bytes is over the %d MB limit", length, maxMessage>>20)
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(c.r, body); err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	read := time.Now()
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, errorf(codeParseError, "invalid JSON: %v", err)
	}
	if m.JSONRPC != "2.0" {
		return nil, errorf(codeInvalidRequest, "not a JSON-RPC 2.0 message")
	}
	if m.Method == "" && len(m.ID) == 0 {
		return nil, errorf(codeInvalidRequest, "message has neither a method nor an id")
	}
	if len(m.ID) > 0 && !validID(m.ID) {
		return nil, errorf(codeInvalidRequest, "id must be a number or a string")
	}
	m.received = read
	return &m, nil
}

func validID(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return false
	}
	switch raw[0] {
	case '"':
		var s string
		return json.Unmarshal(raw, &s) == nil
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		var n json.Number
		return json.Unmarshal(raw, &n) == nil
	}
	return false
}

// skipToHeader discards input up to the next line that starts a header, so
// that a framing error costs one message, not the connection.
func (c *conn) skipToHeader() error {
	for {
		b, err := c.r.Peek(len("Content-Length"))
		if err != nil {
			return err
		}
		if strings.EqualFold(string(b), "Content-Length") {
			return nil
		}
		if _, err := c.r.ReadString('\n'); err != nil {
			return err
		}
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// write queues one message; it fails only if v cannot be encoded or the
// stream has failed. The message is encoded into a buffer of bodies, which
// the writer gives back once it is written: answers make no garbage of
// their own size.
func (c *conn) write(v any) error { return c.writeKeyed("", v) }

// writeKeyed is write of a message that replaces the queued one of the same
// key (see queued.key).
func (c *conn) writeKeyed(key string, v any) error {
	buf := bodies.Get().(*[]byte)
	w := sliceWriter{buf}
	*buf = (*buf)[:0]
	if err := json.NewEncoder(w).Encode(v); err != nil {
		bodies.Put(buf)
		return err
	}
	*buf = bytes.TrimSuffix(*buf, []byte("\n")) // what Encode adds to Marshal's bytes
	return c.queueBody(queued{body: *buf, pooled: buf, key: key})
}

// sliceWriter appends what is written to a byte slice.
type sliceWriter struct{ b *[]byte }

func (w sliceWriter) Write(p []byte) (int, error) {
	*w.b = append(*w.b, p...)
	return len(p), nil
}

// queued is one encoded message waiting to be written.
type queued struct {
	body   []byte
	pooled *[]byte // body's buffer, to give back to bodies once written
	// key, when not empty, names what the message is the latest state of (a
	// document's diagnostics): a later message of the same key replaces it
	// while it waits, so the queue holds at most one per key — a client that
	// reads slowly gets the latest state, and the queue stays bounded by
	// the documents, whatever the rate of changes.
	key string
}

// queueBody queues one encoded message.
func (c *conn) queueBody(q queued) error {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if c.werr != nil {
		return c.werr
	}
	if c.stopped {
		return io.ErrClosedPipe
	}
	if q.key != "" {
		if i, ok := c.keyed[q.key]; ok {
			if old := c.queue[i]; old.pooled != nil {
				bodies.Put(old.pooled)
			}
			c.queue[i] = q
			return nil
		}
		if c.keyed == nil {
			c.keyed = map[string]int{}
		}
		c.keyed[q.key] = len(c.queue)
	}
	c.queue = append(c.queue, q)
	c.qcond.Broadcast()
	return nil
}

type outResult struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  any             `json:"result"`
}

type outError struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Error   *rpcError       `json:"error"`
}

type outNotification struct {
	JSONRPC string `json:"jsonrpc"`
	Method  string `json:"method"`
	Params  any    `json:"params,omitempty"`
}

type outRequest struct {
	JSONRPC string `json:"jsonrpc"`
	ID      int64  `json:"id"`
	Method  string `json:"method"`
	Params  any    `json:"params,omitempty"`
}

var nullID = json.RawMessage("null")

func (c *conn) reply(id json.RawMessage, result any) error {
	buf := bodies.Get().(*[]byte)
	if body, ok := appendResponse((*buf)[:0], id, result); ok {
		*buf = body
		return c.queueBody(queued{body: body, pooled: buf})
	}
	bodies.Put(buf)
	return c.write(outResult{JSONRPC: "2.0", ID: id, Result: result})
}

func (c *conn) replyError(id json.RawMessage, e *rpcError) error {
	if len(id) == 0 {
		id = nullID
	}
	return c.write(outError{JSONRPC: "2.0", ID: id, Error: e})
}

func (c *conn) notify(method string, params any) error {
	return c.write(outNotification{JSONRPC: "2.0", Method: method, Params: params})
}

// notifyLatest sends a notification that supersedes any of the same key
// still waiting to be written.
func (c *conn) notifyLatest(key, method string, params any) error {
	return c.writeKeyed(key, outNotification{JSONRPC: "2.0", Method: method, Params: params})
}

// call sends a request to the client and returns a channel that receives
// its response. The response is delivered by the read loop (deliver), so a
// handler may wait for it without blocking other messages.
func (c *conn) call(method string, params any) (<-chan *message, error) {
	id := c.nextID.Add(1)
	ch := make(chan *message, 1)
	key := strconv.FormatInt(id, 10)
	c.pmu.Lock()
	if c.closed {
		c.pmu.Unlock()
		return nil, io.ErrClosedPipe
	}
	c.pending[key] = ch
	c.pmu.Unlock()
	if err := c.write(outRequest{JSONRPC: "2.0", ID: id, Method: method, Params: params}); err != nil {
		c.forget(key)
		return nil, err
	}
	return ch, nil
}

func (c *conn) forget(key string) {
	c.pmu.Lock()
	delete(c.pending, key)
	c.pmu.Unlock()
}

// deliver hands a response to the call waiting for it, if any.
func (c *conn) deliver(m *message) bool {
	key := idKey(m.ID)
	c.pmu.Lock()
	ch, ok := c.pending[key]
	delete(c.pending, key)
	c.pmu.Unlock()
	if ok {
		ch <- m
	}
	return ok
}

// close fails every pending call, writes what is queued (waiting at most
// timeout for a client that does not read) and stops the writer.
func (c *conn) close(timeout time.Duration) {
	c.pmu.Lock()
	c.closed = true
	for k, ch := range c.pending {
		close(ch)
		delete(c.pending, k)
	}
	c.pmu.Unlock()
	c.drain(timeout)
	c.qmu.Lock()
	c.stopped = true
	c.qcond.Broadcast()
	c.qmu.Unlock()
}
