package lsp

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestFoldersDoNotBlockTheLoop: a workspace folder added while the first
// index is still being built neither waits for it on the message loop
// (requests that need no index are answered meanwhile) nor is lost.
func TestFoldersDoNotBlockTheLoop(t *testing.T) {
	a := writeMod(t, map[string]string{"mod.pp": "mod \"a\" {}\n", "q.pp": "query \"alpha_q\" {\n  sql = \"select 1\"\n}\n"})
	b := writeMod(t, map[string]string{"mod.pp": "mod \"b\" {}\n", "q.pp": "query \"beta_q\" {\n  sql = \"select 1\"\n}\n"})
	release := make(chan struct{})
	c := startServer(t, func(s *Server) {
		s.opt.beforeIndex = func() { <-release }
	})
	c.initialize(a)
	c.notify("workspace/didChangeWorkspaceFolders", map[string]any{"event": map[string]any{
		"added": []map[string]any{{"uri": string(pathToURI(b)), "name": "b"}}, "removed": []any{}}})
	// Folding reads only the document's text: answered while the index waits.
	uri := pathToURI(filepath.Join(a, "q.pp"))
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
	root := writeMod(t, map[string]string{
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
