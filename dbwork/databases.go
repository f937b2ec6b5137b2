package dbwork

// This file defines Databases: the language server's databases, as its
// settings choose them.

import (
	"context"
	"os"
	"sync"
	"time"

	"github.com/modls/modls/catalog"
	"github.com/modls/modls/check"
	"github.com/modls/modls/db"
	"github.com/modls/modls/index"
	"github.com/modls/modls/render"
	"github.com/modls/modls/settings"
)

// Options configure Databases.
type Options struct {
	// CacheDir keeps the catalogs between sessions (db.SessionOptions).
	CacheDir string
	// Context is what the databases are resolved under: one attribute of a
	// resource is evaluated each time, so the server's own context, which
	// ends at exit (nil: context.Background()).
	Context context.Context
	// OnChange is called, on a goroutine of the session, when a
	// connection's state or a catalog changes: what the checks know has
	// changed.
	OnChange func()
}

// Timeouts.
const (
	// DescribeTimeout bounds one statement's description in the checks: a
	// slow server delays no diagnostic by more.
	DescribeTimeout = 2 * time.Second
	// ReadyTimeout bounds how long what a user runs (modls.run, modls run,
	// modls catalog, check --database) waits for its database to connect.
	ReadyTimeout = 30 * time.Second
	// configMaxAge is how long the user's Powerpipe configuration is used
	// before it is read again: the checks resolve a database per resource,
	// and must not read files each time.
	configMaxAge = 5 * time.Second
)

// Databases are the databases of a workspace, chosen by its settings
// (database, trustModDatabase, catalog, run). Its methods are safe for
// concurrent use; none waits on the network but Ready and Refresh.
type Databases struct {
	opt Options

	mu       sync.Mutex
	st       settings.Settings
	session  *db.Session // made on first use; nil again after a reset
	closed   bool        // no session is made again
	config   *db.Config  // the user's Powerpipe configuration, as read at configAt
	cfgErr   error
	configAt time.Time
	fileName string // the catalog setting's file, as loaded
	fileMod  time.Time
	file     *catalog.Catalog
	fileErr  error
}

// New returns the databases of settings.Default(): none. It opens nothing.
func New(opt Options) *Databases {
	if opt.Context == nil {
		opt.Context = context.Background()
	}
	return &Databases{opt: opt, st: settings.Default()}
}

// Apply makes st the settings: when the database or the trust in the mod's
// own changes, the connections close, and the next use resolves and opens
// the database anew. Call LoadCatalog after it (in the background) so that
// no request waits to read the catalog setting's file.
func (d *Databases) Apply(st settings.Settings) {
	d.mu.Lock()
	same := d.st.Database == st.Database && d.st.TrustModDatabase == st.TrustModDatabase
	d.st = st
	old := d.session
	if !same {
		d.session = nil
	}
	d.mu.Unlock()
	if !same && old != nil {
		go old.Close()
	}
}

// Close closes every connection: nothing opens again.
func (d *Databases) Close() {
	d.mu.Lock()
	d.closed = true
	old := d.session
	d.mu.Unlock()
	if old != nil {
		old.Close()
	}
}

// Session returns the session of the current settings, made on first use
// (it opens nothing by itself); after Close, a closed one.
func (d *Databases) Session() *db.Session {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.session == nil {
		d.session = db.NewSession(db.SessionOptions{CacheDir: d.opt.CacheDir, OnChange: d.opt.OnChange})
		if d.closed {
			d.session.Close()
		}
	}
	return d.session
}

// RunOptions are the bounds of a run, from the settings.
func (d *Databases) RunOptions() db.RunOptions {
	d.mu.Lock()
	defer d.mu.Unlock()
	return db.RunOptions{Timeout: time.Duration(d.st.Run.TimeoutSeconds) * time.Second, MaxRows: d.st.Run.MaxRows}
}

// Target resolves the database of resource e (nil: of the workspace's
// first root mod) from the settings, the environment, the user's Powerpipe
// configuration and — when trusted — the mod's own database.
func (d *Databases) Target(r *render.Renderer, e *index.Entry) (db.Target, error) {
	d.mu.Lock()
	if d.configAt.IsZero() || time.Since(d.configAt) > configMaxAge {
		d.config, d.cfgErr = db.ReadConfig(db.DefaultConfigDir(os.Getenv))
		d.configAt = time.Now()
	}
	cfg, err, st := d.config, d.cfgErr, d.st
	d.mu.Unlock()
	if err != nil {
		return db.Target{}, err
	}
	return Resolve(d.opt.Context, db.Inputs{Override: st.Database, OverrideFrom: "the modls.database setting", Getenv: os.Getenv,
		Config: cfg, Trusted: st.TrustModDatabase}, r, e)
}

// LoadCatalog returns the catalog of the catalog setting's file, read
// again when the file changes; nil when the setting is empty.
func (d *Databases) LoadCatalog() (*catalog.Catalog, error) {
	d.mu.Lock()
	name := d.st.Catalog
	d.mu.Unlock()
	if name == "" {
		return nil, nil
	}
	fi, err := os.Stat(name)
	d.mu.Lock()
	defer d.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if d.fileName != name || !d.fileMod.Equal(fi.ModTime()) {
		d.fileName, d.fileMod = name, fi.ModTime()
		d.file, d.fileErr = catalog.Load(name)
	}
	return d.file, d.fileErr
}

// Catalog returns the catalog completion and hover use for resource e
// (nil: the workspace's): the catalog setting's file, else the connected
// database's, else the one kept on disk from an earlier session; nil when
// there is none.
func (d *Databases) Catalog(r *render.Renderer, e *index.Entry) *catalog.Catalog {
	if cat, _ := d.LoadCatalog(); cat != nil {
		return cat
	}
	t, err := d.Target(r, e)
	if err != nil {
		return nil
	}
	if _, err := d.Session().Conn(t); err != nil {
		return nil
	}
	cat, _ := d.Session().Catalog(t)
	return cat
}

// CatalogAt returns the catalog of the resource at byte off of the file at
// path (see Catalog); nil outside a resource, or without a catalog.
func (d *Databases) CatalogAt(r *render.Renderer, path string, off uint32) *catalog.Catalog {
	e, err := render.At(r.Index(), path, off)
	if err != nil {
		return nil
	}
	return d.Catalog(r, e)
}

// Check is what the checks know of e's database: with a connected
// database, its descriptions of statements (each bounded by
// DescribeTimeout) and its catalog; else the catalog setting's file; else
// nothing (nil) — a catalog kept on disk may be stale, and a check never
// reports from it.
func (d *Databases) Check(r *render.Renderer, e *index.Entry) *check.Database {
	file, _ := d.LoadCatalog()
	var fileOnly *check.Database
	if file != nil {
		fileOnly = &check.Database{Catalog: file}
	}
	t, err := d.Target(r, e)
	if err != nil {
		return fileOnly
	}
	c, err := d.Session().Conn(t)
	if err != nil || c.Status().State != db.Connected {
		return fileOnly
	}
	out := &check.Database{Catalog: file, Describe: func(ctx context.Context, sql string) ([]string, error) {
		ctx, cancel := context.WithTimeout(ctx, DescribeTimeout)
		defer cancel()
		return c.Columns(ctx, sql)
	}}
	if cat, live := d.Session().Catalog(t); live && file == nil {
		out.Catalog = cat
	}
	return out
}

// Ready returns the connection of e's database once it is up, waiting for
// it (at most ReadyTimeout, and until ctx ends): for what the user asked to
// run.
func (d *Databases) Ready(ctx context.Context, r *render.Renderer, e *index.Entry) (*db.Conn, error) {
	t, err := d.Target(r, e)
	if err != nil {
		return nil, err
	}
	c, err := d.Session().Conn(t)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, ReadyTimeout)
	defer cancel()
	if err := c.Ready(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// Refresh reads the catalog of the workspace's database again now.
func (d *Databases) Refresh(ctx context.Context, r *render.Renderer) (*CatalogStats, error) {
	t, err := d.Target(r, nil)
	if err != nil {
		return nil, err
	}
	cat, err := d.Session().Refresh(ctx, t)
	if err != nil {
		return nil, err
	}
	return catalogStats(cat, cat.Database), nil
}
