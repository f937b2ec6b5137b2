package lsp

// This file defines the custom request modls/stats: what the server holds
// and what it costs, for status displays and for measuring memory.

import (
	"context"
	"encoding/json"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/dbwork"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/jsonrpc2"
)

// Stats is the result of modls/stats.
type Stats struct {
	Index     index.Counts `json:"index"`
	Cache     cache.Stats  `json:"cache"`
	OpenDocs  int          `json:"open_documents"`
	HeapBytes uint64       `json:"heap_bytes"`
	RSSBytes  uint64       `json:"rss_bytes"` // 0 where the system does not say
	Watching  string       `json:"watching"`  // "complete", "off", or why it is degraded
	// Requests are the server's own time per method, from reading a
	// request to queueing its answer, since the session began or the last
	// modls/stats with {"reset": true}.
	Requests map[string]MethodLatency `json:"requests"`
	// Database is the state of the database connections.
	Database *dbwork.Stats `json:"database"`
}

// StatsParams are the optional params of modls/stats.
type StatsParams struct {
	Reset bool `json:"reset"` // forget the request figures once reported
}

// customMethods are the requests modls adds to LSP; glsp's dispatch does
// not know them.
func (s *Server) customMethods() map[string]func(context.Context, json.RawMessage) (any, error) {
	return map[string]func(context.Context, json.RawMessage) (any, error){
		"modls/stats":     s.stats,
		"modls/resources": s.resources,
		// LSP 3.17, unknown to glsp's 3.16 dispatch.
		"textDocument/inlayHint": s.inlayHints,
	}
}

func (s *Server) stats(ctx context.Context, params json.RawMessage) (any, error) {
	var p StatsParams
	if string(params) != "null" {
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "modls/stats takes {\"reset\": bool}: %v", err)
		}
	}
	v, err := s.view(ctx)
	if err != nil {
		return nil, err
	}
	ix := v.ix
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	st := Stats{Index: ix.Counts(), Cache: s.cache.Stats(), OpenDocs: len(v.Docs()), HeapBytes: ms.HeapAlloc, RSSBytes: rss(), Watching: s.ws.Watching()}
	st.Requests = s.latency.Summaries(p.Reset)
	st.Database = s.dbs.Stats(v.renderer())
	return st, nil
}

// rss returns the resident set size of this process on Linux, else 0.
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, err := strconv.ParseUint(f[1], 10, 64)
	if err != nil {
		return 0
	}
	return pages * uint64(os.Getpagesize())
}
