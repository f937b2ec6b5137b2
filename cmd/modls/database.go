package main

// This file opens the database for the commands that use one (catalog,
// check --database, run), resolved as Powerpipe resolves it.

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/modls/modls/catalog"
	"github.com/modls/modls/check"
	"github.com/modls/modls/db"
	"github.com/modls/modls/dbwork"
	"github.com/modls/modls/index"
	"github.com/modls/modls/render"
)

// resolveDatabase resolves the database for resource e (or, nil, for the
// root mods of r's snapshot; r nil: for no mod): --database, the
// environment and the user's Powerpipe configuration, then the mod's own
// database — a command run in a mod's folder trusts the mod, as Powerpipe
// does.
func resolveDatabase(ctx context.Context, override string, r *render.Renderer, e *index.Entry) (db.Target, error) {
	return dbwork.Resolve(ctx, db.Inputs{Override: override, OverrideFrom: "--database", Getenv: os.Getenv,
		ConfigDir: db.DefaultConfigDir(os.Getenv), Trusted: true}, r, e)
}

// connect opens t and waits for the connection (a command has nothing to
// do without it); it reports a failure on stderr, never with a password.
func connect(ctx context.Context, t db.Target, stderr io.Writer) (*db.Conn, bool) {
	c, err := db.Open(t, db.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "modls: %v\n", err)
		return nil, false
	}
	wctx, cancel := context.WithTimeout(ctx, dbwork.ReadyTimeout)
	defer cancel()
	if err := c.Ready(wctx); err != nil {
		c.Close()
		fmt.Fprintf(stderr, "modls: %v\n", err)
		return nil, false
	}
	return c, true
}

// checkDatabase returns what modls check knows of the database: the
// catalog of --catalog, and with --database a connection that describes
// each statement (and the catalog it reads, for suggestions); nil without
// either. It reports a failure on stderr and returns false.
func checkDatabase(opts checkFlags, stderr io.Writer) (func(*render.Renderer, *index.Entry) *check.Database, func(), bool) {
	if opts.catalog == "" && opts.database == "" {
		return nil, func() {}, true
	}
	d := &check.Database{}
	if opts.catalog != "" {
		cat, err := catalog.Load(opts.catalog)
		if err != nil {
			fmt.Fprintf(stderr, "modls: --catalog: %v\n", err)
			return nil, nil, false
		}
		d.Catalog = cat
	}
	closeDB := func() {}
	if opts.database != "" {
		ctx := context.Background()
		t, err := resolveDatabase(ctx, opts.database, nil, nil)
		if err != nil {
			fmt.Fprintf(stderr, "modls: %v\n", err)
			return nil, nil, false
		}
		c, ok := connect(ctx, t, stderr)
		if !ok {
			return nil, nil, false
		}
		closeDB = c.Close
		if d.Catalog == nil {
			if cat, err := c.ReadCatalog(ctx); err == nil {
				d.Catalog = cat
			}
		}
		d.Describe = c.Columns
	}
	return func(*render.Renderer, *index.Entry) *check.Database { return d }, closeDB, true
}
