package lsp

// This file defines the Server: the message loop that decides what runs in
// order and what runs concurrently, cancellation and panic recovery. The
// workspace's state (the index, the open documents) is package workspace's.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/dbwork"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/internal/latency"
	"github.com/modls/modls/settings"
	"github.com/modls/modls/workspace"
)

// Options configure a Server.
type Options struct {
	// Log receives the server's log; nil discards it.
	Log *slog.Logger
	// Version is reported to the client in serverInfo.
	Version string
	// IndexWait bounds how long a request waits for the initial index
	// before failing; zero means 30 seconds.
	IndexWait time.Duration
	// CacheBudget bounds the memory of full parses kept for hover and
	// diagnostics, in bytes; zero means DefaultCacheBudget.
	CacheBudget int64
	// NoWatch turns off the server's own file watcher (the client's
	// notifications still apply).
	NoWatch bool
	// watchAdd, when set, replaces the system call that watches a folder
	// (tests reach a watch limit with it).
	watchAdd func(path string) error
	// afterView, when set, runs once a request has taken its view of the
	// index and document (tests make an edit arrive then).
	afterView func(context.Context)
	// onRead, when set, runs as a view reads a file from the disk (tests
	// count the work a cancelled request still does).
	onRead func(path string)
	// beforeIndex and beforeDiagnostics, when set, run as the index build
	// and each diagnostics pass begin (tests make them panic).
	beforeIndex, beforeDiagnostics func()
	// beforeReload, when set, runs as each reload's load begins, with the
	// context that stops it (tests ask for a newer reload then).
	beforeReload func(context.Context)
	// duringDiagnostics, when set, runs in each diagnostics pass once it
	// has taken its view, with the context that a change cancels.
	duringDiagnostics func(context.Context)
	// CatalogCacheDir keeps the databases' catalogs between sessions; ""
	// is the user's cache folder, "-" keeps none.
	CatalogCacheDir string
}

// DefaultCacheBudget is the default memory budget of the parse cache.
const DefaultCacheBudget = settings.DefaultCacheBudgetMB << 20

// DefaultMemoryLimit is the soft memory limit `modls serve` gives the Go
// runtime (unless GOMEMLIMIT says otherwise): with the index and a full
// parse cache live, the collector works a little harder near it instead of
// letting the heap double, which keeps the server's footprint flat.
const DefaultMemoryLimit = 128 << 20

// Server is one language server session over one connection.
type Server struct {
	conn    *jsonrpc2.Conn
	log     *slog.Logger
	opt     Options
	handler protocol.Handler
	custom  map[string]func(context.Context, json.RawMessage) (any, error)
	cache   *cache.Cache
	ws      *workspace.Workspace // the index, the open documents, the watcher

	ctxs sync.Map // *glsp.Context → context.Context of the message
	reqs sync.Map // request id key → context.CancelFunc
	wg   sync.WaitGroup

	shutdown atomic.Bool
	diags    publisher

	symbolCache symbolCache       // recent workspace/symbol answers
	refsCache   refsCache         // recent find-references answers
	treeCache   treeCache         // the resource tree's groups
	textAnswers textAnswers       // answers that follow from a document's text
	latency     latency.ByKey     // how long requests took, by method
	dbs         *dbwork.Databases // the databases the settings name (database.go)

	base context.Context
	stop context.CancelFunc

	// mu guards the fields below. A view takes them and the workspace's
	// snapshot together under it (mu, then the workspace's lock).
	mu       sync.Mutex
	settings settings.Settings
	caps     clientCaps
	uris     map[string]protocol.DocumentUri // of the open documents, by path; replaced, never modified
}

// clientCaps records what the client said it supports.
type clientCaps struct {
	linkSupport      bool // textDocument.definition.linkSupport
	watchedFiles     bool // workspace.didChangeWatchedFiles.dynamicRegistration
	configuration    bool // workspace.configuration
	workDoneProgress bool // window.workDoneProgress
	hierarchical     bool // textDocument.documentSymbol.hierarchicalDocumentSymbolSupport
	documentChanges  bool // workspace.workspaceEdit.documentChanges
	snippets         bool // textDocument.completion.completionItem.snippetSupport
	tokensRefresh    bool // workspace.semanticTokens.refreshSupport

	lineFoldingOnly bool   // textDocument.foldingRange.lineFoldingOnly
	foldingLimit    uint32 // textDocument.foldingRange.rangeLimit; 0 when none
}

// New returns a server that reads requests from r and writes to w.
func New(r io.Reader, w io.Writer, opt Options) *Server {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.IndexWait == 0 {
		opt.IndexWait = 30 * time.Second
	}
	if opt.CacheBudget == 0 {
		opt.CacheBudget = DefaultCacheBudget
	}
	s := &Server{log: opt.Log, opt: opt, cache: cache.New(opt.CacheBudget), settings: settings.Default()}
	s.conn = jsonrpc2.NewConn(r, w, jsonrpc2.Options{Encode: encodeResult,
		BadMessage: func(err error) { s.log.Warn("bad message", "error", err) }})
	s.base, s.stop = context.WithCancel(context.Background())
	s.ws = s.newWorkspace()
	s.handler = s.protocolHandler()
	s.custom = s.customMethods()
	s.symbolCache = symbolCache{Max: symbolCacheSize, MaxWeight: symbolCacheSize}
	s.refsCache = refsCache{Max: refsCacheSize, MaxWeight: refsCacheLocations,
		Weight: func(locs []protocol.Location) int { return len(locs) }}
	s.treeCache = treeCache{Max: treeCacheSize, MaxWeight: treeCacheBytes,
		Weight: func(b json.RawMessage) int { return len(b) }}
	s.textAnswers = newTextAnswers()
	s.dbs = dbwork.New(dbwork.Options{Context: s.base, CacheDir: opt.CatalogCacheDir, OnChange: s.databaseChanged})
	return s
}

// guard recovers a panic of a background goroutine (the index build, a
// diagnostics pass, the watcher's batches) and logs it with its stack: one
// faulty pass must not end the server. after, when not nil, runs then.
func (s *Server) guard(what string, after func()) {
	if r := recover(); r != nil {
		s.log.Error("panic", "in", what, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		if after != nil {
			after()
		}
	}
}

// exitGrace bounds how long Run waits, when it ends, for work still running
// and for answers still queued: exit ends the process within about twice it.
const exitGrace = 25 * time.Millisecond

// Run serves until the client sends exit or closes the stream, and returns
// the process exit code: 0 after shutdown then exit, 1 otherwise.
func (s *Server) Run() int {
	code := 1
	defer func() {
		// Everything still running is cancelled and given exitGrace to
		// stop; what does not (work that does not yet watch its context)
		// is abandoned: the process is ending, and an editor waits for
		// that before it starts a new server.
		s.stop()
		s.diags.stop()
		done := make(chan struct{})
		go func() { s.wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(exitGrace):
			s.log.Warn("exit: abandoning work still running")
		}
		s.ws.Stop()
		closed := make(chan struct{})
		go func() { s.dbs.Close(); close(closed) }()
		select {
		case <-closed:
		case <-time.After(exitGrace):
		}
		s.conn.Close(exitGrace)
	}()
	for {
		m, err := s.conn.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				s.log.Info("client closed the connection")
			} else {
				s.log.Warn("connection lost", "error", err)
			}
			return code
		}
		switch {
		case m.IsResponse():
			if !s.conn.Deliver(m) {
				s.log.Warn("response to no request", "id", string(m.ID))
			}
		case m.Method == "exit":
			if s.shutdown.Load() {
				code = 0
			}
			return code
		case s.shutdown.Load():
			if m.IsRequest() {
				s.conn.ReplyError(m.ID, jsonrpc2.Errorf(jsonrpc2.CodeInvalidRequest, "the server is shutting down"))
			}
		case m.Method == "$/cancelRequest":
			s.cancel(m.Params)
		case !m.IsRequest() || m.Method == "initialize" || m.Method == "shutdown":
			// Notifications (text sync above all) and the lifecycle run in
			// arrival order, on this goroutine: a request that follows an
			// edit sees the edit.
			s.dispatch(s.base, m)
		default:
			ctx, cancel := context.WithCancel(s.base)
			key := jsonrpc2.IDKey(m.ID)
			s.reqs.Store(key, cancel)
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer s.reqs.Delete(key)
				defer cancel()
				s.dispatch(ctx, m)
			}()
		}
	}
}

// cancel handles $/cancelRequest. The id is read from the raw params:
// glsp's IntegerOrString decodes incoming ids as empty.
func (s *Server) cancel(params json.RawMessage) {
	var p struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(params, &p) != nil || len(p.ID) == 0 {
		return
	}
	if c, ok := s.reqs.Load(jsonrpc2.IDKey(p.ID)); ok {
		c.(context.CancelFunc)()
	}
}

// dispatch runs one message through its handler — modls's own methods, else
// glsp's — and answers a request.
func (s *Server) dispatch(ctx context.Context, m *jsonrpc2.Message) {
	start := m.Received
	if start.IsZero() {
		start = time.Now()
	}
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic", "method", m.Method, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			if m.IsRequest() {
				s.conn.ReplyError(m.ID, jsonrpc2.Errorf(jsonrpc2.CodeInternalError, "internal error in %s: %v", m.Method, r))
			}
		}
	}()
	params := m.Params
	if len(params) == 0 {
		params = json.RawMessage("null")
	}
	var result any
	var err error
	validMethod, validParams := true, true
	if h, ok := s.custom[m.Method]; ok {
		if !s.handler.IsInitialized() {
			err = errNotInitialized
		} else {
			result, err = h(ctx, params)
		}
	} else {
		gctx := &glsp.Context{
			Method: m.Method,
			Params: params,
			Notify: func(method string, params any) { s.notify(method, params) },
			Call: func(method string, params, result any) {
				if err := s.call(ctx, method, params, result); err != nil {
					s.log.Warn("call to client failed", "method", method, "error", err)
				}
			},
		}
		s.ctxs.Store(gctx, ctx)
		defer s.ctxs.Delete(gctx)
		result, validMethod, validParams, err = s.handler.Handle(gctx)
	}
	s.log.Debug("handled", "method", m.Method, "ms", float64(time.Since(start).Microseconds())/1000)
	if !m.IsRequest() {
		switch {
		case !validMethod && !strings.HasPrefix(m.Method, "$/"):
			s.log.Info("notification not handled", "method", m.Method)
		case !validParams:
			s.log.Warn("invalid notification params", "method", m.Method, "error", err)
		case err != nil:
			s.log.Warn("notification failed", "method", m.Method, "error", err)
		}
		return
	}
	var re *jsonrpc2.Error
	switch {
	case ctx.Err() != nil:
		s.conn.ReplyError(m.ID, jsonrpc2.Errorf(jsonrpc2.CodeRequestCancelled, "request cancelled"))
	case !validMethod:
		s.conn.ReplyError(m.ID, jsonrpc2.Errorf(jsonrpc2.CodeMethodNotFound, "method not supported: %s", m.Method))
	case !validParams:
		msg := "invalid params"
		if err != nil {
			msg += ": " + err.Error()
		}
		s.conn.ReplyError(m.ID, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "%s", msg))
	case errors.As(err, &re):
		s.conn.ReplyError(m.ID, re)
	case err != nil && err.Error() == errNotInitialized.Error():
		s.conn.ReplyError(m.ID, jsonrpc2.Errorf(jsonrpc2.CodeServerNotInitialized, "the server is not initialized"))
		return // not a request served: its time is not the method's
	case err != nil:
		s.conn.ReplyError(m.ID, jsonrpc2.Errorf(jsonrpc2.CodeInternalError, "%s", err.Error()))
	default:
		if err := s.conn.Reply(m.ID, result); err != nil {
			s.log.Warn("cannot write response", "method", m.Method, "error", err)
		}
	}
	if validMethod {
		s.latency.Record(m.Method, time.Since(start))
	}
}

// errNotInitialized answers a custom method before initialize; glsp's
// handler says so with an error of its own text.
var errNotInitialized = errors.New("server not initialized")

// contextOf returns the context of the message a handler is serving.
func (s *Server) contextOf(g *glsp.Context) context.Context {
	if c, ok := s.ctxs.Load(g); ok {
		return c.(context.Context)
	}
	return s.base
}

func (s *Server) notify(method string, params any) {
	if err := s.conn.Notify(method, params); err != nil && s.base.Err() == nil {
		s.log.Warn("cannot send notification", "method", method, "error", err)
	}
}

// call sends a request to the client and waits for its response, or for
// ctx to end. It never blocks the message loop, which delivers the response.
func (s *Server) call(ctx context.Context, method string, params, result any) error {
	return s.conn.Call(ctx, method, params, result)
}

// snapshot returns the current index, waiting for the initial build up to
// the configured bound rather than answering from an empty index.
func (s *Server) snapshot(ctx context.Context) (*index.Index, error) {
	select {
	case <-s.ws.Ready():
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-time.After(s.opt.IndexWait):
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeContentModified, "the workspace index is still being built; try again shortly")
	}
	return s.ws.Index(), nil
}
