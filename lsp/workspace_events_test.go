package lsp

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/testtree"
)

// TestFoldersDoNotBlockTheLoop: a workspace folder added while the first
// index is still being built neither waits for it on the message loop
// (requests that need no index are answered meanwhile) nor is lost.
func TestFoldersDoNotBlockTheLoop(t *testing.T) {
	a := testtree.New(t, map[string]string{"mod.pp": "mod \"a\" {}\n", "q.pp": "query \"alpha_q\" {\n  sql = \"select 1\"\n}\n"})
	b := testtree.New(t, map[string]string{"mod.pp": "mod \"b\" {}\n", "q.pp": "query \"beta_q\" {\n  sql = \"select 1\"\n}\n"})
	release := make(chan struct{})
	c := startServer(t, func(s *Server) {
		s.opt.beforeIndex = func() { <-release }
	})
	c.initialize(a)
	c.notify("workspace/didChangeWorkspaceFolders", map[string]any{"event": map[string]any{
		"added": []map[string]any{{"uri": string(fileuri.FromPath(b)), "name": "b"}}, "removed": []any{}}})
	// Folding reads only the document's text: answered while the index waits.
	uri := fileuri.FromPath(filepath.Join(a, "q.pp"))
	if m := c.call("textDocument/foldingRange", map[string]any{"textDocument": map[string]any{"uri": uri}}); m.Error != nil {
		t.Fatalf("foldingRange while the index is built: %+v", m.Error)
	}
	close(release)
	eventually(t, "beta_q indexed", func() string {
		if names := symbolNames(c, "beta_q"); !slices.Contains(names, "query.beta_q") {
			return "not yet"
		}
		return ""
	})
}

// TestSettingsDuringFirstBuild: ignorePaths that arrive (pulled with
// workspace/configuration) while the first index is being built apply to
// it: the index is made again once the build is done.
func TestSettingsDuringFirstBuild(t *testing.T) {
	root := testtree.New(t, map[string]string{
		"mod.pp":       "mod \"s\" {}\n",
		"q.pp":         "query \"kept_q\" {\n  sql = \"select 1\"\n}\n",
		"scratch/x.pp": "query \"scratch_q\" {\n  sql = \"select 1\"\n}\n",
	})
	c := startServer(t, func(s *Server) {
		s.opt.beforeIndex = func() {
			// Hold the build until the pulled settings are applied.
			for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
				s.mu.Lock()
				n := len(s.settings.IgnorePaths)
				s.mu.Unlock()
				if n > 0 {
					return
				}
			}
		}
	})
	c.answers["workspace/configuration"] = `[{"ignorePaths": ["scratch/**"]}]`
	c.initializeWith(root, nil, true)
	eventually(t, "scratch_q gone from the index", func() string {
		if names := symbolNames(c, "scratch_q"); slices.Contains(names, "query.scratch_q") {
			b, _ := json.Marshal(names)
			return string(b)
		}
		return ""
	})
	if names := symbolNames(c, "kept_q"); !slices.Contains(names, "query.kept_q") {
		t.Errorf("kept_q lost: %v", names)
	}
}

// TestNewerReloadStopsOlder: a reload asked for while one loads stops that
// load (it reads a workspace that changed since) rather than let it finish
// and be replaced; the newer one is installed.
func TestNewerReloadStopsOlder(t *testing.T) {
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"r\" {}\n", "q.pp": "query \"first_q\" {\n  sql = \"select 1\"\n}\n"})
	stopped := make(chan bool, 1)
	var srv *Server
	c := startServer(t, func(s *Server) {
		srv = s
		first := true
		s.opt.beforeReload = func(ctx context.Context) {
			if !first {
				return
			}
			first = false
			// A second mod-level change arrives while the first loads.
			if err := os.WriteFile(filepath.Join(root, "q.pp"), []byte("query \"second_q\" {\n  sql = \"select 1\"\n}\n"), 0o644); err != nil {
				t.Error(err)
			}
			s.ws.Reload()
			stopped <- ctx.Err() != nil
		}
	})
	c.initialize(root)
	if names := symbolNames(c, "first_q"); !slices.Contains(names, "query.first_q") {
		t.Fatalf("first_q not indexed: %v", names)
	}
	srv.ws.Reload()
	if !<-stopped {
		t.Error("the older reload was not stopped by the newer one")
	}
	eventually(t, "second_q indexed", func() string {
		if names := symbolNames(c, "second_q"); !slices.Contains(names, "query.second_q") {
			return "not yet"
		}
		return ""
	})
}
