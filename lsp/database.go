package lsp

// This file connects the server to the database its settings name (package
// db does the work): which database a resource uses, what the checks know
// of it, the status modls/stats reports, and the command
// modls.refreshCatalog. Nothing connects unless a database is configured.

import (
	"context"
	"errors"
	"os"
	"sync"
	"time"

	"github.com/modls/modls/catalog"
	"github.com/modls/modls/check"
	"github.com/modls/modls/db"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/render"
)

// refreshCatalogCommand reads the catalog of the workspace's database again.
const refreshCatalogCommand = "modls.refreshCatalog"

// describeTimeout bounds one statement's description in diagnostics: a
// slow server delays no diagnostic by more.
const describeTimeout = 2 * time.Second

// databases is the server's database state.
type databases struct {
	mu       sync.Mutex
	session  *db.Session // made on first use; nil again after a reset
	closed   bool        // at exit: no session is made again
	settings struct {    // what the session was made for
		database string
		trust    bool
	}
	config    *db.Config // the user's Powerpipe configuration, as read at configAt
	configErr error
	configAt  time.Time
	fileName  string // the catalog setting's file, as loaded
	fileMod   time.Time
	file      *catalog.Catalog
	fileErr   error
}

// dbSession returns the server's session, made on first use (it opens
// nothing by itself); after exit, a closed one.
func (s *Server) dbSession() *db.Session {
	s.db.mu.Lock()
	defer s.db.mu.Unlock()
	if s.db.session == nil {
		s.db.session = db.NewSession(db.SessionOptions{CacheDir: s.opt.CatalogCacheDir, OnChange: func() {
			if s.ws.Index() != nil && s.base.Err() == nil {
				s.scheduleDiagnostics()
			}
		}})
		if s.db.closed {
			s.db.session.Close()
		}
	}
	return s.db.session
}

// closeDatabases closes every connection (at exit).
func (s *Server) closeDatabases() {
	s.db.mu.Lock()
	s.db.closed = true
	old := s.db.session
	s.db.mu.Unlock()
	if old != nil {
		old.Close()
	}
}

// resetDatabases closes the connections when the settings that choose the
// database change: the next use resolves and opens the database anew.
func (s *Server) resetDatabases(st Settings) {
	s.db.mu.Lock()
	same := s.db.settings.database == st.Database && s.db.settings.trust == st.TrustModDatabase
	s.db.settings.database, s.db.settings.trust = st.Database, st.TrustModDatabase
	old := s.db.session
	if !same {
		s.db.session = nil
	}
	s.db.mu.Unlock()
	if !same && old != nil {
		go old.Close()
	}
}

// databaseTarget resolves the database of resource e (nil: of the
// workspace's first root mod) as Powerpipe does, from the settings, the
// environment and the user's Powerpipe configuration, and — when trusted —
// the mod's own database.
func (s *Server) databaseTarget(r *render.Renderer, e *index.Entry) (db.Target, error) {
	s.mu.Lock()
	st := s.settings
	s.mu.Unlock()
	cfg, err := s.powerpipeConfig()
	if err != nil {
		return db.Target{}, err
	}
	in := db.Inputs{Override: st.Database, OverrideFrom: "the modls.database setting", Getenv: os.Getenv,
		Config: cfg, Trusted: st.TrustModDatabase}
	if r != nil && e == nil {
		for _, m := range r.Index().Mods() {
			if !m.IsDependency() {
				if mods := r.Index().OfKind(m.ID, index.KindMod); len(mods) > 0 {
					e = mods[0]
				}
				break
			}
		}
	}
	if r != nil && e != nil {
		if v, from, ok := r.Database(s.base, e); ok { // one attribute: the server's context
			in.Mod, in.ModFrom = v, from.QualifiedName()
		}
	}
	return db.Resolve(in)
}

// configMaxAge is how long the user's Powerpipe configuration is used
// before it is read again: the checks resolve a database per resource, and
// must not read files each time.
const configMaxAge = 5 * time.Second

// powerpipeConfig returns the connections and workspace profiles of the
// user's *.ppc files.
func (s *Server) powerpipeConfig() (*db.Config, error) {
	s.db.mu.Lock()
	defer s.db.mu.Unlock()
	if s.db.configAt.IsZero() || time.Since(s.db.configAt) > configMaxAge {
		s.db.config, s.db.configErr = db.ReadConfig(db.DefaultConfigDir(os.Getenv))
		s.db.configAt = time.Now()
	}
	return s.db.config, s.db.configErr
}

// catalogFile returns the catalog of the catalog setting, read again when
// the file changes; nil when the setting is empty.
func (s *Server) catalogFile() (*catalog.Catalog, error) {
	s.mu.Lock()
	name := s.settings.Catalog
	s.mu.Unlock()
	return s.loadCatalogFile(name)
}

// loadCatalogFile returns the catalog of file name, read again when the
// file changes.
func (s *Server) loadCatalogFile(name string) (*catalog.Catalog, error) {
	if name == "" {
		return nil, nil
	}
	fi, err := os.Stat(name)
	s.db.mu.Lock()
	defer s.db.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if s.db.fileName != name || !s.db.fileMod.Equal(fi.ModTime()) {
		s.db.fileName, s.db.fileMod = name, fi.ModTime()
		s.db.file, s.db.fileErr = catalog.Load(name)
	}
	return s.db.file, s.db.fileErr
}

// catalogFor returns the catalog completion and hover use for resource e
// (nil: the workspace's): the catalog setting's file, else the connected
// database's, else the one kept on disk from an earlier session.
func (s *Server) catalogFor(r *render.Renderer, e *index.Entry) *catalog.Catalog {
	if cat, _ := s.catalogFile(); cat != nil {
		return cat
	}
	t, err := s.databaseTarget(r, e)
	if err != nil {
		return nil
	}
	if _, err := s.dbSession().Conn(t); err != nil {
		return nil
	}
	cat, _ := s.dbSession().Catalog(t)
	return cat
}

// checkDatabase is what the checks know of e's database: with a connected
// database, the server's descriptions of statements (each bounded by
// describeTimeout) and its catalog; else the catalog setting's file; else
// nothing — a catalog kept on disk may be stale, and a check never reports
// from it.
func (s *Server) checkDatabase(r *render.Renderer, e *index.Entry) *check.Database {
	file, _ := s.catalogFile()
	t, err := s.databaseTarget(r, e)
	if err != nil {
		if file != nil {
			return &check.Database{Catalog: file}
		}
		return nil
	}
	c, err := s.dbSession().Conn(t)
	if err != nil || c.Status().State != db.Connected {
		if file != nil {
			return &check.Database{Catalog: file}
		}
		return nil
	}
	d := &check.Database{Catalog: file, Describe: func(ctx context.Context, sql string) ([]string, error) {
		ctx, cancel := context.WithTimeout(ctx, describeTimeout)
		defer cancel()
		return c.Columns(ctx, sql)
	}}
	if cat, live := s.dbSession().Catalog(t); live && file == nil {
		d.Catalog = cat
	}
	return d
}

// DatabaseStats is the database part of modls/stats.
type DatabaseStats struct {
	// Connections are the databases opened, with their state.
	Connections []db.Status `json:"connections"`
	// Reason says why the workspace's database is not connected: none is
	// configured, or the mod's is not trusted; "" when it is.
	Reason string `json:"reason,omitempty"`
	// Catalog counts the tables and columns of the workspace's catalog.
	Catalog *CatalogStats `json:"catalog,omitempty"`
}

// CatalogStats describes a catalog in use.
type CatalogStats struct {
	Source  string    `json:"source"` // the database, or the file
	Tables  int       `json:"tables"`
	Columns int       `json:"columns"`
	Read    time.Time `json:"read,omitzero"`
}

// databaseStats reports the database of the workspace.
func (s *Server) databaseStats(v *view) *DatabaseStats {
	st := &DatabaseStats{Connections: []db.Status{}}
	r := v.renderer()
	t, err := s.databaseTarget(r, nil)
	if err != nil {
		st.Reason = err.Error()
	} else if _, err := s.dbSession().Conn(t); err != nil {
		st.Reason = err.Error()
	}
	st.Connections = append(st.Connections, s.dbSession().Statuses()...)
	if cat := s.catalogFor(r, nil); cat != nil {
		tables, columns := cat.Size()
		st.Catalog = &CatalogStats{Source: cat.Database, Tables: tables, Columns: columns, Read: cat.Read}
		if file, _ := s.catalogFile(); file != nil {
			st.Catalog.Source = v.settings.Catalog
		}
	}
	return st
}

// refreshCatalog reads the catalog of the workspace's database again.
func (s *Server) refreshCatalog(ctx context.Context) (any, error) {
	v, err := s.view(ctx)
	if err != nil {
		return nil, err
	}
	t, err := s.databaseTarget(v.renderer(), nil)
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeRequestFailed, "%s: %v", refreshCatalogCommand, err)
	}
	cat, err := s.dbSession().Refresh(ctx, t)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, jsonrpc2.Errorf(jsonrpc2.CodeRequestCancelled, "cancelled")
		}
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeRequestFailed, "%s: %v", refreshCatalogCommand, err)
	}
	tables, columns := cat.Size()
	return CatalogStats{Source: cat.Database, Tables: tables, Columns: columns, Read: cat.Read}, nil
}

// withDatabase returns st with the checks' access to the database, and
// starts reading its catalog file, if any, so that no request waits for it.
func (s *Server) withDatabase(st Settings) Settings {
	st.Diagnostics.database = s.checkDatabase
	s.resetDatabases(st)
	if st.Catalog != "" {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.loadCatalogFile(st.Catalog)
		}()
	}
	return st
}
