package lsp

// This file defines the workspace pass of diagnostics (the opt-in
// diagnostics.workspace setting): the files of the root mods that are not
// open are checked in the background once changes settle, one at a time so
// that requests keep their cores, and their diagnostics published when they
// differ from what was published before. A change stops a pass in progress;
// the next one starts after workspaceDelay.

import (
	"context"
	"path/filepath"
	"time"

	"github.com/modls/modls/config"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/source"
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
	for path := range v.docs {
		open[path] = true
	}
	if ix == nil || !on.Workspace {
		return
	}
	seen := map[protocol.DocumentUri]bool{}
	configs := v.configs()
	for _, f := range ix.Files() {
		if open[f.Path] || f.Mod().IsDependency() {
			continue
		}
		if changed() {
			return
		}
		uri := fileuri.FromPath(f.Path)
		seen[uri] = true
		text, err := source.Read(f.Path)
		if err != nil {
			continue // gone: the watcher will tell
		}
		li := newLineIndex(text)
		ds := computeDiagnostics(ctx, ix, s.cache, f.Path, text, li, v.rangeOf, v.readText, v.varFiles, configs, on)
		if changed() {
			return
		}
		s.publishIfChanged(uri, ds, false, nil)
	}
	// The root mods' configuration files, which the index does not hold.
	for _, m := range ix.Mods() {
		path := filepath.Join(m.Root, config.FileName)
		if open[path] || m.IsDependency() || changed() {
			continue
		}
		text, err := source.Read(path)
		if err != nil {
			continue // none (or unreadable: the editor shows it when opened)
		}
		uri := fileuri.FromPath(path)
		seen[uri] = true
		ds := computeDiagnostics(ctx, ix, s.cache, path, text, newLineIndex(text), v.rangeOf, v.readText, v.varFiles, configs, on)
		if changed() {
			return
		}
		s.publishIfChanged(uri, ds, false, nil)
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
