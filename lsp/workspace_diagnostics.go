package lsp

// This file defines the workspace pass of diagnostics (the opt-in
// diagnostics.workspace setting): the files of the root mods that are not
// open are checked in the background once changes settle, in one
// check.Workspace pass (the one of `modls check`: one evaluation scope per
// mod, one reference graph, one renderer), one file at a time so that
// requests keep their cores, and their diagnostics published when they
// differ from what was published before. A change stops a pass in progress,
// even inside a file's check; the next one starts after workspaceDelay.

import (
	"context"
	"path/filepath"
	"time"

	"github.com/modls/modls/check"
	"github.com/modls/modls/config"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/workspace"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// workspaceDelay is how long after the last change the workspace pass
// starts.
const workspaceDelay = 400 * time.Millisecond

func (s *Server) scheduleWorkspaceDiagnostics() {
	p := &s.diags
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	debounce(&p.wsTimer, workspaceDelay, s.publishWorkspaceDiagnostics)
}

// publishWorkspaceDiagnostics checks every closed file of the root mods.
func (s *Server) publishWorkspaceDiagnostics() {
	defer s.guard("workspace diagnostics", nil)
	p := &s.diags
	p.wsRunning.Lock()
	defer p.wsRunning.Unlock()
	ctx, cancel := context.WithCancel(s.base)
	defer cancel()
	p.mu.Lock()
	gen, stopped := p.wsGen, p.stopped
	p.wsCancel = cancel // the next change stops the pass, even inside a check
	p.mu.Unlock()
	if stopped {
		return
	}
	changed := func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.stopped || p.wsGen != gen || ctx.Err() != nil
	}
	v := s.takeView()
	ix, on := v.ix, v.settings.Diagnostics
	open := map[string]bool{}
	for path := range v.Docs() {
		open[path] = true
	}
	if ix == nil || !on.Workspace {
		return
	}
	// The closed files of the root mods, then their configuration files,
	// which the index does not hold: one check pass, one file at a time.
	var files []string
	for _, f := range ix.Files() {
		if !open[f.Path] && !f.Mod().IsDependency() {
			files = append(files, f.Path)
		}
	}
	for _, m := range ix.Mods() {
		if path := filepath.Join(m.Root, config.FileName); !open[path] && !m.IsDependency() {
			files = append(files, path)
		}
	}
	seen := map[protocol.DocumentUri]bool{}
	pass := check.Pass{Options: checkOptions(ctx, on, s.dbs.Check, v.ReadText, v.VarFiles, v.configs()), Workers: 1, MaxBytes: workspace.MaxEditedBytes}
	check.Workspace(ctx, ix, s.cache, files, pass, func(r check.Result) {
		if changed() {
			cancel() // stale: the pass stops here
			return
		}
		uri := fileuri.FromPath(r.Path)
		switch {
		case r.Err != nil && config.IsFile(r.Path):
			return // none (or unreadable: the editor shows it when opened)
		case r.Err != nil:
			seen[uri] = true
			return // gone: the watcher will tell
		case r.Skipped:
			seen[uri] = true
			s.publishIfChanged(uri, []protocol.Diagnostic{tooLargeDiagnostic(len(r.Src))}, false, nil)
			return
		}
		seen[uri] = true
		s.publishIfChanged(uri, toLSPDiagnostics(ix, r.Diags, r.Src, newLineIndex(r.Src), v.rangeOf), false, nil)
	})
	if changed() {
		return
	}
	// Files that left the workspace: clear what was published for them.
	p.mu.Lock()
	var gone []protocol.DocumentUri
	for uri := range p.published {
		path, err := fileuri.ToPath(uri)
		if !seen[uri] && (err != nil || !open[path]) {
			gone = append(gone, uri)
			delete(p.published, uri)
		}
	}
	p.mu.Unlock()
	for _, uri := range gone {
		s.publish(protocol.PublishDiagnosticsParams{URI: uri, Diagnostics: []protocol.Diagnostic{}})
	}
}
