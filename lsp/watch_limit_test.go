package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/testtree"
)

// TestWatchLimitFallsBackToTheClient: when the system's watch limit is
// reached — at start or when a folder appears later — the server says so
// once and asks the client to watch files, and the client's events keep the
// index true.
func TestWatchLimitFallsBackToTheClient(t *testing.T) {
	dir := testtree.New(t, map[string]string{
		"mod.pp":   "mod \"limit\" {}\n",
		"a/one.pp": "query \"one\" {\n  sql = \"select 1\"\n}\n",
	})
	var adds atomic.Int32
	c := startServer(t, func(s *Server) {
		s.opt.watchAdd = func(path string) error {
			if adds.Add(1) > 2 { // the root and a/ fit; nothing more
				return fmt.Errorf("inotify_add_watch %s: %w", path, syscall.ENOSPC)
			}
			return nil
		}
	})
	var res map[string]any
	c.result("initialize", map[string]any{
		"processId": nil, "rootUri": string(fileuri.FromPath(dir)),
		"capabilities": map[string]any{"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}},
	}, &res)
	c.notify("initialized", map[string]any{})
	symbolNames(c, "one") // the index is ready, the watcher started
	if adds.Load() > 2 {
		t.Fatalf("the limit was reached at start (%d watches)", adds.Load())
	}
	// A folder appearing past the limit: degraded from now on.
	staging := t.TempDir()
	os.MkdirAll(filepath.Join(staging, "b"), 0o755)
	os.WriteFile(filepath.Join(staging, "b", "two.pp"), []byte("query \"two\" {\n  sql = \"select 2\"\n}\n"), 0o644)
	os.Rename(filepath.Join(staging, "b"), filepath.Join(dir, "b"))
	c.waitNote("the warning", func(m *message) bool {
		return m.Method == "window/showMessage" && strings.Contains(string(m.Params), "cannot watch every folder")
	})
	c.waitNote("the registration", func(m *message) bool {
		return m.Method == "client/registerCapability" && strings.Contains(string(m.Params), "workspace/didChangeWatchedFiles")
	})
	// The folder that appeared is still indexed (walked although not watched).
	eventually(t, "b/two.pp indexed", func() string {
		if names := symbolNames(c, "two"); len(names) == 0 || names[0] != "query.two" {
			return fmt.Sprint(names)
		}
		return ""
	})
	// A change in the unwatched folder reaches the index through the client.
	os.WriteFile(filepath.Join(dir, "b", "three.pp"), []byte("query \"three\" {\n  sql = \"select 3\"\n}\n"), 0o644)
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{
		{"uri": fileuri.FromPath(filepath.Join(dir, "b", "three.pp")), "type": 1},
	}})
	eventually(t, "b/three.pp indexed", func() string {
		if names := symbolNames(c, "three"); len(names) == 0 || names[0] != "query.three" {
			return fmt.Sprint(names)
		}
		return ""
	})
	time.Sleep(200 * time.Millisecond)
	c.mu.Lock()
	warnings := 0
	for _, m := range c.notes {
		if m.Method == "window/showMessage" && strings.Contains(string(m.Params), "cannot watch every folder") {
			warnings++
		}
	}
	c.mu.Unlock()
	if warnings != 1 {
		t.Errorf("%d warnings about the watch limit, want exactly one", warnings)
	}
}
