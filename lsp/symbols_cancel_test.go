package lsp

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/internal/testtree"
)

// TestCancelStopsWorkspaceSymbol: $/cancelRequest stops a workspace/symbol
// query, not only its answer. On a workspace of a thousand files whose
// titles are not ASCII (each match's range then converts against its
// file's text, read from the disk), the query cancelled once it has taken
// its view ranks nothing and reads no file; left alone, it reads one file
// per match it answers.
func TestCancelStopsWorkspaceSymbol(t *testing.T) {
	files := map[string]string{"mod.pp": "mod \"w\" {}\n"}
	for i := range 1000 {
		files[fmt.Sprintf("c%04d.pp", i)] = fmt.Sprintf("control \"check_%04d\" {\n  title = \"Contrôle n° %d\"\n  sql   = \"select 1\"\n}\n", i, i)
	}
	root := testtree.New(t, files)
	for _, cancel := range []bool{false, true} {
		var reads atomic.Int32
		taken := make(chan struct{})
		c := startServer(t, func(s *Server) {
			s.opt.onRead = func(string) { reads.Add(1) }
			s.opt.afterView = func(ctx context.Context) {
				if !cancel {
					return
				}
				close(taken)
				select { // the cancel is on its way; a hang guard, not a timing
				case <-ctx.Done():
				case <-time.After(30 * time.Second):
				}
			}
		})
		c.initialize(root)
		id, ch := c.send("workspace/symbol", map[string]any{"query": "check"})
		if cancel {
			select { // cancelled before, the request would not reach the index
			case <-taken:
			case <-time.After(30 * time.Second): // a hang guard
				t.Fatal("workspace/symbol took no view")
			}
			c.notify("$/cancelRequest", map[string]any{"id": id})
		}
		m := <-ch
		switch n := reads.Load(); {
		case cancel && (m.Error == nil || m.Error.Code != jsonrpc2.CodeRequestCancelled || n > 0):
			t.Errorf("cancelled workspace/symbol: %d files read, answer %.80s %+v", n, m.Result, m.Error)
		case !cancel && (m.Error != nil || n < workspaceSymbolLimit):
			t.Errorf("workspace/symbol: %d files read, answer %+v", n, m.Error)
		}
	}
}
