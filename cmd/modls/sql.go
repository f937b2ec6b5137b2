package main

// This file defines `modls sql RESOURCE [DIR]`: the rendered SQL of a
// resource, to read or to pipe into `steampipe query`.

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/render"
)

const sqlHelp = `usage: modls sql RESOURCE [DIR]

Print the SQL that RESOURCE (query.x, control.y, detection.z, alias.query.w, …)
runs, rendered as Powerpipe renders it: locals and variables substituted
(defaults, powerpipe.ppvars and *.auto.ppvars, a dependency's require args),
%{if}/%{for} directives applied. DIR is the mod (default .).

What cannot be known statically stays as its source text; a note on stderr
says what. Exit 0 when the SQL is complete, 1 when it is not, 2 when there is
no such resource or no mod.
`

func runSQL(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sql", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(reorderFlags(fs, args)); err != nil {
		return 2
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		fmt.Fprint(stderr, sqlHelp)
		return 2
	}
	r, e, ok := findResource(fs.Arg(0), fs.Args()[1:], stderr)
	if !ok {
		return 2
	}
	res, err := r.SQL(context.Background(), e)
	if err != nil {
		fmt.Fprintf(stderr, "modls: %v\n", err)
		return 2
	}
	fmt.Fprint(stdout, res.Text)
	if len(res.Text) > 0 && res.Text[len(res.Text)-1] != '\n' {
		fmt.Fprintln(stdout)
	}
	if res.Complete {
		return 0
	}
	wd, _ := os.Getwd()
	for _, u := range res.Unknown {
		fmt.Fprintf(stderr, "modls: not known statically: %s (%s)\n", u.Reason, displayPath(wd, u.Span.Path))
	}
	return 1
}

// findResource loads the mods of dirs and finds the resource with SQL
// called name, with a renderer of the workspace; it reports a failure on
// stderr.
func findResource(name string, dirs []string, stderr io.Writer) (*render.Renderer, *index.Entry, bool) {
	_, ix, st, _, ok := loadWorkspace(dirs, stderr)
	if !ok {
		return nil, nil, false
	}
	e, err := render.Find(ix, name)
	if err != nil {
		fmt.Fprintf(stderr, "modls: %v\n", err)
		return nil, nil, false
	}
	return render.New(ix, cache.New(32<<20), source.Read, varFilesOf(st.Dirs)), e, true
}
