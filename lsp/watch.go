package lsp

// This file defines the client's side of file watching. The workspace's own
// watcher is the source of changes on disk; when it cannot watch everything
// (the inotify limit), the client's workspace/didChangeWatchedFiles is
// registered instead, so a change is never processed twice. Both end in
// workspace.Apply.

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/watch"
	"github.com/modls/modls/workspace"
)

// registerClientWatching asks the client to report changes to mod files,
// when it can.
func (s *Server) registerClientWatching() {
	s.mu.Lock()
	ok := s.caps.watchedFiles
	s.mu.Unlock()
	if !ok {
		return
	}
	go func() {
		defer s.guard("registerCapability", nil)
		err := s.call(s.base, "client/registerCapability", protocol.RegistrationParams{Registrations: []protocol.Registration{{
			ID:     "modls/watched-files",
			Method: "workspace/didChangeWatchedFiles",
			RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: []protocol.FileSystemWatcher{
				{GlobPattern: "**/*.{pp,sp}"},
				{GlobPattern: "**/{.powerpipeignore,.mod.cache.json,.modls.hcl}"},
			}},
		}}}, nil)
		if err != nil {
			s.log.Warn("client refused to watch files", "error", err)
		}
	}()
}

// didChangeWatchedFiles handles the client's file events (registered only
// when the workspace's own watcher is degraded).
func (s *Server) didChangeWatchedFiles(g *glsp.Context, p *protocol.DidChangeWatchedFilesParams) error {
	var b watch.Batch
	for _, ch := range p.Changes {
		path, err := fileuri.ToPath(ch.URI)
		if err != nil || !workspace.Relevant(path) {
			continue
		}
		if ch.Type == protocol.FileChangeTypeDeleted {
			b.Removed = append(b.Removed, path)
		} else {
			b.Changed = append(b.Changed, path)
		}
	}
	s.ws.Apply(b)
	return nil
}
