package jsonrpc2

// This file defines the connection: reading framed messages, the write
// queue, and calls to the peer matched to their responses by id.

import (
	"bufio"
	"bytes"
	"context"
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

// MaxMessage is the largest message body read; a larger one is skipped and
// answered with an error.
const MaxMessage = 64 << 20

// Options configure a Conn.
type Options struct {
	// Encode, when set, appends the JSON of a result it has an encoder
	// for to dst and reports whether it had one; others go through
	// encoding/json. Its output must be what encoding/json writes.
	Encode func(dst []byte, result any) ([]byte, bool)
	// BadMessage, when set, is told of each malformed message the
	// connection answered or skipped.
	BadMessage func(err error)
}

// Conn reads and writes framed messages.
type Conn struct {
	r   *bufio.Reader
	opt Options

	qmu     sync.Mutex
	qcond   *sync.Cond
	queue   []queued
	keyed   map[string]int // the queued message of each key, by position in queue
	writing bool           // the writer holds a message it has not finished
	stopped bool           // Close was called: the writer exits once the queue drains
	werr    error
	wdone   chan struct{}

	pmu     sync.Mutex
	pending map[string]chan *Message // our calls to the peer, by id
	nextID  atomic.Int64
	closed  bool
}

// NewConn returns a connection reading r and writing w; pipes among them
// are enlarged (see growPipes).
func NewConn(r io.Reader, w io.Writer, opt Options) *Conn {
	growPipes(r, w)
	c := &Conn{r: bufio.NewReaderSize(r, 64<<10), opt: opt, pending: map[string]chan *Message{}, wdone: make(chan struct{})}
	c.qcond = sync.NewCond(&c.qmu)
	go c.writeLoop(bufio.NewWriter(w))
	return c
}

// writeLoop sends queued messages until Close, then drains the queue.
func (c *Conn) writeLoop(w *bufio.Writer) {
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
func (c *Conn) drain(timeout time.Duration) {
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

// Read returns the next well-formed message. A malformed one is answered
// (ParseError, InvalidRequest) or skipped (a broken header: up to the next
// one), told to Options.BadMessage, and reading goes on. The error is
// io.EOF when the peer closed the stream, another when it broke.
func (c *Conn) Read() (*Message, error) {
	for {
		m, err := c.read()
		if err == nil {
			return m, nil
		}
		var re *Error
		switch {
		case errors.As(err, &re):
			c.ReplyError(nullID, re)
		case errors.Is(err, errFraming):
			if serr := c.skipToHeader(); serr != nil {
				return nil, serr
			}
		default:
			return nil, err
		}
		if c.opt.BadMessage != nil {
			c.opt.BadMessage(err)
		}
	}
}

// read returns the next message. A body that is not valid JSON-RPC yields a
// *Error (CodeParseError or CodeInvalidRequest) with a nil message, and
// the connection stays usable.
func (c *Conn) read() (*Message, error) {
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
	if length > MaxMessage {
		if _, err := io.CopyN(io.Discard, c.r, int64(length)); err != nil {
			return nil, err
		}
		return nil, Errorf(CodeInvalidRequest, "message of %d bytes is over the %d MB limit", length, MaxMessage>>20)
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(c.r, body); err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	read := time.Now()
	var m Message
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, Errorf(CodeParseError, "invalid JSON: %v", err)
	}
	if m.JSONRPC != "2.0" {
		return nil, Errorf(CodeInvalidRequest, "not a JSON-RPC 2.0 message")
	}
	if m.Method == "" && len(m.ID) == 0 {
		return nil, Errorf(CodeInvalidRequest, "message has neither a method nor an id")
	}
	if len(m.ID) > 0 && !validID(m.ID) {
		return nil, Errorf(CodeInvalidRequest, "id must be a number or a string")
	}
	m.Received = read
	return &m, nil
}

// skipToHeader discards input up to the next line that starts a header, so
// that a framing error costs one message, not the connection.
func (c *Conn) skipToHeader() error {
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
// stream has failed.
func (c *Conn) write(v any) error { return c.writeKeyed("", v) }

// writeKeyed is write of a message that replaces the queued one of the same
// key (see queued.key). The message is encoded into a pooled buffer, which
// the writer gives back once it is written: answers make no garbage of
// their own size.
func (c *Conn) writeKeyed(key string, v any) error {
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
func (c *Conn) queueBody(q queued) error {
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

// Reply answers request id with result.
func (c *Conn) Reply(id json.RawMessage, result any) error {
	buf := bodies.Get().(*[]byte)
	if body, ok := c.appendResponse((*buf)[:0], id, result); ok {
		*buf = body
		return c.queueBody(queued{body: body, pooled: buf})
	}
	bodies.Put(buf)
	return c.write(outResult{JSONRPC: "2.0", ID: id, Result: result})
}

// ReplyError answers request id with an error; an empty id is null (the
// answer to a message whose id could not be read).
func (c *Conn) ReplyError(id json.RawMessage, e *Error) error {
	if len(id) == 0 {
		id = nullID
	}
	return c.write(outError{JSONRPC: "2.0", ID: id, Error: e})
}

// Notify sends a notification.
func (c *Conn) Notify(method string, params any) error {
	return c.write(outNotification{JSONRPC: "2.0", Method: method, Params: params})
}

// NotifyLatest sends a notification that supersedes any of the same key
// still waiting to be written.
func (c *Conn) NotifyLatest(key, method string, params any) error {
	return c.writeKeyed(key, outNotification{JSONRPC: "2.0", Method: method, Params: params})
}

// Call sends a request to the peer and waits for its response, decoded
// into result when not nil, or for ctx to end. The response is delivered by
// the goroutine that reads (Deliver), so the wait never blocks reading.
func (c *Conn) Call(ctx context.Context, method string, params, result any) error {
	ch, key, err := c.send(method, params)
	if err != nil {
		return err
	}
	defer c.forget(key)
	select {
	case m, ok := <-ch:
		if !ok {
			return io.ErrClosedPipe
		}
		if m.Error != nil {
			return m.Error
		}
		if result != nil && len(m.Result) > 0 {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Send queues a request to the peer before it returns — ahead of whatever
// is written after — and returns the channel its response arrives on,
// closed if the connection closes first.
func (c *Conn) Send(method string, params any) (<-chan *Message, error) {
	ch, _, err := c.send(method, params)
	return ch, err
}

func (c *Conn) send(method string, params any) (chan *Message, string, error) {
	id := c.nextID.Add(1)
	ch := make(chan *Message, 1)
	key := strconv.FormatInt(id, 10)
	c.pmu.Lock()
	if c.closed {
		c.pmu.Unlock()
		return nil, "", io.ErrClosedPipe
	}
	c.pending[key] = ch
	c.pmu.Unlock()
	if err := c.write(outRequest{JSONRPC: "2.0", ID: id, Method: method, Params: params}); err != nil {
		c.forget(key)
		return nil, "", err
	}
	return ch, key, nil
}

func (c *Conn) forget(key string) {
	c.pmu.Lock()
	delete(c.pending, key)
	c.pmu.Unlock()
}

// Deliver hands a response to the Call waiting for it, and reports whether
// one was.
func (c *Conn) Deliver(m *Message) bool {
	key := IDKey(m.ID)
	c.pmu.Lock()
	ch, ok := c.pending[key]
	delete(c.pending, key)
	c.pmu.Unlock()
	if ok {
		ch <- m
	}
	return ok
}

// Close fails every pending call, writes what is queued (waiting at most
// timeout for a peer that does not read) and stops the writer.
func (c *Conn) Close(timeout time.Duration) {
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
