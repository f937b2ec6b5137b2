package lsp

// This file connects the server to the databases its settings name
// (package dbwork decides which and what they answer): the checks' access,
// the catalog file read off the message loop, and the command
// modls.refreshCatalog. Nothing connects unless a database is configured.

import (
	"context"
	"errors"

	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/settings"
)

// refreshCatalogCommand reads the catalog of the workspace's database again.
const refreshCatalogCommand = "modls.refreshCatalog"

// databaseChanged follows the databases: a connection's new state or a new
// catalog changes what the checks know.
func (s *Server) databaseChanged() {
	if s.ws.Index() != nil && s.base.Err() == nil {
		s.scheduleDiagnostics()
	}
}

// applyDatabase gives st to the databases, and starts reading its catalog
// file, if any, so that no request waits for it.
func (s *Server) applyDatabase(st settings.Settings) {
	s.dbs.Apply(st)
	if st.Catalog != "" {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer s.guard("catalog file", nil)
			s.dbs.LoadCatalog()
		}()
	}
}

// refreshCatalog reads the catalog of the workspace's database again.
func (s *Server) refreshCatalog(ctx context.Context) (any, error) {
	v, err := s.view(ctx)
	if err != nil {
		return nil, err
	}
	st, err := s.dbs.Refresh(ctx, v.renderer())
	if errors.Is(err, context.Canceled) {
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeRequestCancelled, "cancelled")
	}
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeRequestFailed, "%s: %v", refreshCatalogCommand, err)
	}
	return st, nil
}
