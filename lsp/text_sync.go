package lsp

// This file defines text synchronization: the editor's documents and its
// file events become the workspace's events (package workspace), in arrival
// order on the message loop; the content changes of didChange are decoded
// here into positions and text. The workspace's own watcher is the source
// of changes on disk; when it cannot watch everything (the inotify limit),
// the client's workspace/didChangeWatchedFiles is registered instead, so a
// change is never processed twice.

import (
	"errors"
	"fmt"
	"maps"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/internal/watch"
	"github.com/modls/modls/span"
	"github.com/modls/modls/workspace"
)

// newWorkspace makes the server's workspace.
func (s *Server) newWorkspace() *workspace.Workspace {
	return workspace.New(s.base, workspace.Options{
		Log:     s.log,
		Cache:   s.cache,
		Changed: s.scheduleDiagnostics,
		Indexed: s.refreshTokens,
		// At start or later (a folder appearing past the limit): say so
		// once, and ask the editor for its file events.
		Degraded: func(why string) {
			s.notify("window/showMessage", protocol.ShowMessageParams{Type: protocol.MessageTypeWarning,
				Message: "modls cannot watch every folder of the workspace (" + why + "); it relies on the editor's file notifications instead."})
			s.registerClientWatching()
		},
		Unwatched: func(error) { s.registerClientWatching() },
	})
}

func (s *Server) didOpen(g *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	path, err := fileuri.ToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	uris := maps.Clone(s.uris)
	if uris == nil {
		uris = map[string]protocol.DocumentUri{}
	}
	uris[path] = p.TextDocument.URI
	s.uris = uris
	s.ws.Open(path, p.TextDocument.Version, []byte(p.TextDocument.Text))
	s.mu.Unlock()
	s.scheduleDiagnostics()
	return nil
}

func (s *Server) didChange(g *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	path, err := fileuri.ToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	changes, err := decodeChanges(p.ContentChanges)
	if err != nil {
		return fmt.Errorf("document %s: %w", p.TextDocument.URI, err)
	}
	if err := s.ws.Change(path, p.TextDocument.Version, changes); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "didChange: %v", err)
	}
	s.scheduleDiagnostics()
	return nil
}

func (s *Server) didClose(g *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	path, err := fileuri.ToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	uris := maps.Clone(s.uris)
	delete(uris, path)
	s.uris = uris
	s.ws.Close(path)
	s.mu.Unlock()
	s.scheduleDiagnostics() // clears the closed document's problems
	return nil
}

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

// textOf returns the current text of the document at uri — the open
// document's, else the disk's — without waiting for the index (formatting,
// folding, selection ranges and semantic tokens need nothing else). The
// text is nil, with no error, when there is nothing to read.
func (s *Server) textOf(uri protocol.DocumentUri) ([]byte, *lineIndex, error) {
	path, err := fileuri.ToPath(uri)
	if err != nil {
		return nil, nil, err
	}
	text, li, err := s.viewNow().source(path)
	if err != nil || workspace.TooLarge(text) {
		return nil, nil, nil
	}
	return text, li, nil
}

// decodeChanges decodes the content changes of one didChange: each is a
// range (in the client's position encoding) and its replacement, or a
// whole-text replacement. changes holds
// protocol.TextDocumentContentChangeEvent or
// protocol.TextDocumentContentChangeEventWhole values, as glsp decodes
// DidChangeTextDocumentParams, pointers to them, or the map[string]any of a
// generic JSON decoding.
func decodeChanges(changes []any) ([]workspace.Change, error) {
	out := make([]workspace.Change, 0, len(changes))
	for i, ch := range changes {
		c, err := decodeChange(ch)
		if err != nil {
			return nil, fmt.Errorf("change %d: %w", i, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// rangeChange is a change of the text in r.
func rangeChange(r *protocol.Range, text string) workspace.Change {
	if r == nil {
		return workspace.Change{Text: text, Whole: true}
	}
	return workspace.Change{Start: span.Position(r.Start), End: span.Position(r.End), Text: text}
}

// decodeChange accepts the forms a content change arrives in.
func decodeChange(ch any) (workspace.Change, error) {
	switch c := ch.(type) {
	case protocol.TextDocumentContentChangeEvent:
		return rangeChange(c.Range, c.Text), nil
	case *protocol.TextDocumentContentChangeEvent:
		if c != nil {
			return rangeChange(c.Range, c.Text), nil
		}
	case protocol.TextDocumentContentChangeEventWhole:
		return rangeChange(nil, c.Text), nil
	case *protocol.TextDocumentContentChangeEventWhole:
		if c != nil {
			return rangeChange(nil, c.Text), nil
		}
	case map[string]any:
		return decodeChangeMap(c)
	}
	return workspace.Change{}, fmt.Errorf("unsupported content change %T", ch)
}

// decodeChangeMap decodes a content change from generic JSON.
func decodeChangeMap(m map[string]any) (workspace.Change, error) {
	text, ok := m["text"].(string)
	if !ok {
		return workspace.Change{}, errors.New(`content change without a string "text"`)
	}
	rv, ok := m["range"]
	if !ok || rv == nil {
		return rangeChange(nil, text), nil
	}
	rm, ok := rv.(map[string]any)
	if !ok {
		return workspace.Change{}, fmt.Errorf(`content change "range" is %T, not an object`, rv)
	}
	start, err := decodePositionMap(rm["start"])
	if err != nil {
		return workspace.Change{}, fmt.Errorf("range start: %w", err)
	}
	end, err := decodePositionMap(rm["end"])
	if err != nil {
		return workspace.Change{}, fmt.Errorf("range end: %w", err)
	}
	return rangeChange(&protocol.Range{Start: start, End: end}, text), nil
}

// decodePositionMap decodes {"line": n, "character": n} from generic JSON.
func decodePositionMap(v any) (protocol.Position, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return protocol.Position{}, fmt.Errorf("position is %T, not an object", v)
	}
	line, err := decodeUInteger(m["line"])
	if err != nil {
		return protocol.Position{}, fmt.Errorf("line: %w", err)
	}
	char, err := decodeUInteger(m["character"])
	if err != nil {
		return protocol.Position{}, fmt.Errorf("character: %w", err)
	}
	return protocol.Position{Line: line, Character: char}, nil
}

// decodeUInteger decodes a JSON number that must be a uinteger.
func decodeUInteger(v any) (protocol.UInteger, error) {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case int:
		f = float64(n)
	case int64:
		f = float64(n)
	case uint32:
		return n, nil
	default:
		return 0, fmt.Errorf("%T is not a number", v)
	}
	if f < 0 || f > 1<<32-1 || f != float64(uint32(f)) {
		return 0, fmt.Errorf("%v is not a uinteger", f)
	}
	return protocol.UInteger(f), nil
}
