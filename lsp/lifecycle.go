package lsp

// This file defines the lifecycle: initialize (capabilities, workspace
// roots; the workspace builds the index in the background), progress
// reports, workspace folder changes, and shutdown.

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/settings"
	"github.com/modls/modls/workspace"
)

// protocolHandler wires the LSP methods modls implements to glsp's
// dispatch. A method left nil is answered with MethodNotFound, so the
// capabilities in initialize must match this list.
func (s *Server) protocolHandler() protocol.Handler {
	return protocol.Handler{
		Initialize:  s.initialize,
		Initialized: s.initialized,
		Shutdown:    s.shutdownRequest,
		SetTrace:    func(*glsp.Context, *protocol.SetTraceParams) error { return nil },

		WorkspaceDidChangeWorkspaceFolders: s.didChangeWorkspaceFolders,
		WorkspaceDidChangeWatchedFiles:     s.didChangeWatchedFiles,
		WorkspaceDidChangeConfiguration:    s.didChangeConfiguration,
		WorkspaceSymbol:                    s.workspaceSymbol,

		TextDocumentDidOpen:   s.didOpen,
		TextDocumentDidChange: s.didChange,
		TextDocumentDidClose:  s.didClose,
		TextDocumentDidSave:   func(*glsp.Context, *protocol.DidSaveTextDocumentParams) error { return nil },

		TextDocumentDocumentSymbol: s.documentSymbol,
		TextDocumentDefinition:     s.definition,
		TextDocumentHover:          s.hover,
		TextDocumentCompletion:     s.completion,
		CompletionItemResolve:      s.completionResolve,
		TextDocumentSignatureHelp:  s.signatureHelp,

		TextDocumentReferences:        s.references,
		TextDocumentDocumentHighlight: s.documentHighlight,
		TextDocumentPrepareRename:     s.prepareRename,
		TextDocumentRename:            s.rename,
		TextDocumentCodeLens:          s.codeLens,
		CodeLensResolve:               s.codeLensResolve,

		TextDocumentFormatting:      s.formatting,
		TextDocumentRangeFormatting: s.rangeFormatting,
		TextDocumentFoldingRange:    s.foldingRange,
		TextDocumentSelectionRange:  s.selectionRange,
		TextDocumentCodeAction:      s.codeAction,

		TextDocumentSemanticTokensFull:  s.semanticTokensFull,
		TextDocumentSemanticTokensRange: s.semanticTokensRange,
		TextDocumentDocumentLink:        s.documentLink,

		WorkspaceExecuteCommand: s.executeCommand,
	}
}

func (s *Server) initialize(g *glsp.Context, p *protocol.InitializeParams) (any, error) {
	if s.handler.IsInitialized() {
		// A second initialize would start the workspace again.
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidRequest, "the server is already initialized")
	}
	var roots []string
	for _, f := range p.WorkspaceFolders {
		if path, err := fileuri.ToPath(f.URI); err == nil {
			roots = append(roots, path)
		}
	}
	if len(roots) == 0 && p.RootURI != nil {
		if path, err := fileuri.ToPath(*p.RootURI); err == nil {
			roots = append(roots, path)
		}
	}
	if len(roots) == 0 && p.RootPath != nil && *p.RootPath != "" {
		roots = append(roots, filepath.Clean(*p.RootPath))
	}
	caps := clientCaps{}
	if td := p.Capabilities.TextDocument; td != nil {
		if d := td.Definition; d != nil && d.LinkSupport != nil {
			caps.linkSupport = *d.LinkSupport
		}
		if ds := td.DocumentSymbol; ds != nil && ds.HierarchicalDocumentSymbolSupport != nil {
			caps.hierarchical = *ds.HierarchicalDocumentSymbolSupport
		}
		if c := td.Completion; c != nil && c.CompletionItem != nil && c.CompletionItem.SnippetSupport != nil {
			caps.snippets = *c.CompletionItem.SnippetSupport
		}
		if f := td.FoldingRange; f != nil {
			caps.lineFoldingOnly = f.LineFoldingOnly != nil && *f.LineFoldingOnly
			if f.RangeLimit != nil {
				caps.foldingLimit = *f.RangeLimit
			}
		}
	}
	if w := p.Capabilities.Window; w != nil && w.WorkDoneProgress != nil {
		caps.workDoneProgress = *w.WorkDoneProgress
	}
	if ws := p.Capabilities.Workspace; ws != nil {
		if ws.DidChangeWatchedFiles != nil && ws.DidChangeWatchedFiles.DynamicRegistration != nil {
			caps.watchedFiles = *ws.DidChangeWatchedFiles.DynamicRegistration
		}
		if ws.Configuration != nil {
			caps.configuration = *ws.Configuration
		}
		caps.documentChanges = ws.WorkspaceEdit != nil && ws.WorkspaceEdit.DocumentChanges != nil && *ws.WorkspaceEdit.DocumentChanges
		caps.tokensRefresh = ws.SemanticTokens != nil && ws.SemanticTokens.RefreshSupport != nil && *ws.SemanticTokens.RefreshSupport
	}
	var opts json.RawMessage
	if p.InitializationOptions != nil {
		opts, _ = json.Marshal(p.InitializationOptions)
	}
	st, problems := settings.Decode(opts)
	s.showSettingsProblems(problems)
	s.cache.SetBudget(int64(st.CacheBudgetMB) << 20)
	s.applyDatabase(st)
	s.mu.Lock()
	s.caps, s.settings = caps, st
	s.mu.Unlock()
	s.log.Info("initialize", "roots", roots)
	s.ws.Start(roots, st.IgnorePaths, workspace.StartOptions{NoWatch: s.opt.NoWatch, AddWatch: s.opt.watchAdd,
		OnRead: s.opt.onRead, BeforeIndex: s.opt.beforeIndex, BeforeReload: s.opt.beforeReload})

	syncKind := protocol.TextDocumentSyncKindIncremental
	version := s.opt.Version
	return withInlayHints(protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: boolPtr(true),
				Change:    &syncKind,
			},
			DocumentSymbolProvider:  true,
			WorkspaceSymbolProvider: true,
			DefinitionProvider:      true,
			HoverProvider:           true,
			CompletionProvider:      &protocol.CompletionOptions{TriggerCharacters: completionTriggers, ResolveProvider: boolPtr(true)},
			SignatureHelpProvider:   &protocol.SignatureHelpOptions{TriggerCharacters: signatureTriggers},

			ReferencesProvider:        true,
			DocumentHighlightProvider: true,
			RenameProvider:            protocol.RenameOptions{PrepareProvider: boolPtr(true)},
			CodeLensProvider:          &protocol.CodeLensOptions{ResolveProvider: boolPtr(true)},

			DocumentFormattingProvider:      true,
			DocumentRangeFormattingProvider: true,
			FoldingRangeProvider:            true,
			SelectionRangeProvider:          true,
			CodeActionProvider:              protocol.CodeActionOptions{CodeActionKinds: codeActionKinds},

			SemanticTokensProvider: semanticTokensOptions(),
			DocumentLinkProvider:   &protocol.DocumentLinkOptions{},
			ExecuteCommandProvider: &protocol.ExecuteCommandOptions{Commands: []string{sqlCommand, runCommand, refreshCatalogCommand}},
			Workspace: &protocol.ServerCapabilitiesWorkspace{
				WorkspaceFolders: &protocol.WorkspaceFoldersServerCapabilities{
					Supported:           boolPtr(true),
					ChangeNotifications: &protocol.BoolOrString{Value: true},
				},
			},
		},
		ServerInfo: &protocol.InitializeResultServerInfo{Name: "modls", Version: &version},
	}), nil
}

// refreshTokens asks the client, when it can be asked, to request semantic
// tokens again: those answered before the index was built could not know
// which locals flow into SQL (highlighted as SQL). The request is queued
// before any answer that waited for the index.
func (s *Server) refreshTokens() {
	s.mu.Lock()
	ok := s.caps.tokensRefresh
	s.mu.Unlock()
	if !ok {
		return
	}
	ch, err := s.conn.Send("workspace/semanticTokens/refresh", nil)
	if err != nil {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		select {
		case m, ok := <-ch:
			if ok && m.Error != nil {
				s.log.Warn("workspace/semanticTokens/refresh", "error", m.Error.Message)
			}
		case <-s.base.Done():
		}
	}()
}

// initialized reports the index build as work-done progress when the client
// supports it.
func (s *Server) initialized(g *glsp.Context, _ *protocol.InitializedParams) error {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer s.guard("settings", nil)
		s.pullSettings()
	}()
	s.mu.Lock()
	progress := s.caps.workDoneProgress
	s.mu.Unlock()
	if !progress {
		return nil
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer s.guard("progress", nil)
		token := protocol.ProgressToken{Value: "modls/indexing"}
		if err := s.call(s.base, "window/workDoneProgress/create", protocol.WorkDoneProgressCreateParams{Token: token}, nil); err != nil {
			s.log.Info("client refused progress", "error", err)
			return
		}
		start := time.Now()
		s.notify("$/progress", protocol.ProgressParams{Token: token, Value: protocol.WorkDoneProgressBegin{
			Kind: "begin", Title: "Indexing Powerpipe mods", Message: strPtr("scanning the workspace"),
		}})
		select {
		case <-s.ws.Ready():
		case <-s.base.Done():
			return
		}
		c := s.ws.Index().Counts()
		s.notify("$/progress", protocol.ProgressParams{Token: token, Value: protocol.WorkDoneProgressEnd{
			Kind:    "end",
			Message: strPtr(fmt.Sprintf("%d files, %d resources in %d ms", c.Files, c.Entries, time.Since(start).Milliseconds())),
		}})
	}()
	return nil
}

// didChangeWorkspaceFolders changes the workspace's roots, in arrival
// order; the index follows off the message loop, after the first build.
func (s *Server) didChangeWorkspaceFolders(g *glsp.Context, p *protocol.DidChangeWorkspaceFoldersParams) error {
	var added, removed []string
	for _, f := range p.Event.Added {
		if path, err := fileuri.ToPath(f.URI); err == nil {
			added = append(added, path)
		}
	}
	for _, f := range p.Event.Removed {
		if path, err := fileuri.ToPath(f.URI); err == nil {
			removed = append(removed, path)
		}
	}
	s.ws.ChangeRoots(added, removed)
	return nil
}

func (s *Server) shutdownRequest(g *glsp.Context) error {
	s.shutdown.Store(true)
	return nil
}

func boolPtr(b bool) *bool    { return &b }
func strPtr(s string) *string { return &s }
