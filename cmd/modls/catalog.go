package main

// This file defines `modls catalog`: the catalog of the database as JSON,
// for `modls check --catalog` and the catalog setting, in CI and offline.

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/render"
)

const catalogHelp = `usage: modls catalog [DIR] [--database URL]

Print the catalog of the database as JSON: its search path, schemas, tables,
views and foreign tables (Steampipe's plugin tables), their columns, types and
descriptions. Save it to check without a database:

  modls catalog > catalog.json
  modls check --catalog catalog.json

The database is --database (a connection string, or connection.<type>.<name>
of ~/.powerpipe/config/*.ppc), else POWERPIPE_DATABASE, else the database of
the Powerpipe workspace profile (POWERPIPE_WORKSPACE, else default), else the
database of the mod in DIR (default .). With none, nothing is connected to.

Exit 0, 1 when the database cannot be reached or read, 2 on bad usage or no
database configured.
`

func runCatalog(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("catalog", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, catalogHelp) }
	database := fs.String("database", "", "the database: a connection string or connection.<type>.<name>")
	if err := fs.Parse(reorderFlags(fs, args)); err != nil {
		return 2
	}
	if fs.NArg() > 1 {
		fmt.Fprint(stderr, catalogHelp)
		return 2
	}
	var r *render.Renderer
	if dirs, ok := folders(fs.Args(), io.Discard); ok {
		if ix, _, _ := index.Load(dirs); len(ix.Mods()) > 0 {
			r = render.New(ix, cache.New(8<<20), source.Read, nil)
		}
	}
	ctx := context.Background()
	t, err := resolveDatabase(ctx, *database, r, nil)
	if err != nil {
		fmt.Fprintf(stderr, "modls: %v\n", err)
		return 2
	}
	c, ok := connect(ctx, t, stderr)
	if !ok {
		return 1
	}
	defer c.Close()
	cat, err := c.ReadCatalog(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "modls: reading the catalog of %s: %v\n", t.Display(), err)
		return 1
	}
	if err := cat.Write(stdout); err != nil {
		fmt.Fprintf(stderr, "modls: %v\n", err)
		return 1
	}
	tables, columns := cat.Size()
	fmt.Fprintf(stderr, "modls: %d schemas, %d tables, %d columns from %s\n", len(cat.Schemas), tables, columns, t.Display())
	return 0
}
