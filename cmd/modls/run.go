package main

// This file defines `modls run RESOURCE [DIR]`: run a query, control or
// panel's SQL on the database, as `powerpipe query run` does, read-only.

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"

	"github.com/modls/modls/db"
	"github.com/modls/modls/runner"
)

const runHelp = `usage: modls run RESOURCE [DIR] [--arg name=value]... [--output table|csv|json]
                 [--database URL] [--timeout 30s] [--max-rows 1000]

Run the SQL of RESOURCE (query.x, control.y, a panel, alias.query.z) of the
mod in DIR (default .) on its database and print the rows, as powerpipe query
run does. The SQL is rendered as Powerpipe renders it; its params take the
--arg values (by name; or by position, --arg 1=value, for positional args),
else the resource's own args, else their defaults. An arg's value is an HCL
literal when it is one (5, true, ["a", "b"], "quoted"), else its text.

It runs in a READ ONLY transaction (a write is refused by the database), with
a statement timeout, and at most --max-rows rows are printed. A control's rows
are counted by status at the end (ok, alarm, info, skip, error).

The database is --database (a connection string, or connection.<type>.<name>
of ~/.powerpipe/config/*.ppc), else POWERPIPE_DATABASE, else the Powerpipe
workspace profile's, else the resource's or its mod's own database.

  --output table|csv|json  aligned columns (default), CSV, or one JSON object
                           {columns, rows, truncated, durationMs, summary}

Exit 0 when it ran, 1 when the database refused or failed it, 2 on bad usage,
no such resource, or no database configured.
`

// argsFlag collects --arg name=value.
type argsFlag map[string]string

func (a argsFlag) String() string { return "" }

func (a argsFlag) Set(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(name) == "" {
		return fmt.Errorf("%q is not name=value", v)
	}
	a[strings.TrimSpace(name)] = value
	return nil
}

func runRun(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, runHelp) }
	given := argsFlag{}
	fs.Var(given, "arg", "a param's value, name=value (repeatable)")
	output := fs.String("output", "table", "table, csv or json")
	database := fs.String("database", "", "the database: a connection string or connection.<type>.<name>")
	timeout := fs.Duration("timeout", 30*time.Second, "the statement timeout")
	maxRows := fs.Int("max-rows", 1000, "rows returned at most")
	if err := fs.Parse(reorderFlags(fs, args)); err != nil {
		return 2
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		fmt.Fprint(stderr, runHelp)
		return 2
	}
	switch *output {
	case "table", "csv", "json":
	default:
		fmt.Fprintf(stderr, "modls: --output must be table, csv or json, not %q\n", *output)
		return 2
	}
	if *timeout <= 0 || *maxRows <= 0 {
		fmt.Fprintln(stderr, "modls: --timeout and --max-rows must be positive")
		return 2
	}
	r, e, ok := findResource(fs.Arg(0), fs.Args()[1:], stderr)
	if !ok {
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	values := map[string]cty.Value{}
	for k, v := range given {
		values[k] = runner.ParseArg(v)
	}
	stmt, err := runner.Prepare(ctx, r, e, values)
	if err != nil {
		fmt.Fprintf(stderr, "modls: %v\n", err)
		return 2
	}
	t, err := resolveDatabase(ctx, *database, r, e)
	if err != nil {
		fmt.Fprintf(stderr, "modls: %v\n", err)
		return 2
	}
	c, ok := connect(ctx, t, stderr)
	if !ok {
		return 1
	}
	defer c.Close()
	ans, err := runner.Run(ctx, c, stmt, db.RunOptions{Timeout: *timeout, MaxRows: *maxRows})
	if err != nil {
		fmt.Fprintf(stderr, "modls: %s: %v\n", stmt.Resource, err)
		return 1
	}
	switch *output {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(ans)
	case "csv":
		w := csv.NewWriter(stdout)
		var head []string
		for _, c := range ans.Columns {
			head = append(head, c.Name)
		}
		w.Write(head)
		for _, row := range ans.Rows {
			rec := make([]string, len(row))
			for i, v := range row {
				rec[i] = cell(v)
			}
			w.Write(rec)
		}
		w.Flush()
	default:
		printTable(stdout, ans)
	}
	if ans.Truncated {
		fmt.Fprintf(stderr, "modls: only the first %d rows (--max-rows)\n", *maxRows)
	}
	return 0
}

// cell is a value as text: JSON for arrays and objects, "" for null.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case map[string]any, []any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return fmt.Sprint(v)
}

// printTable prints aligned columns, a rule under the header, and for a
// control its summary.
func printTable(w io.Writer, a *runner.Answer) {
	width := make([]int, len(a.Columns))
	text := make([][]string, len(a.Rows))
	for i, c := range a.Columns {
		width[i] = utf8.RuneCountInString(c.Name)
	}
	for r, row := range a.Rows {
		text[r] = make([]string, len(row))
		for i, v := range row {
			s := strings.ReplaceAll(cell(v), "\n", " ")
			text[r][i] = s
			width[i] = max(width[i], utf8.RuneCountInString(s))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		for i, s := range cells {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(s)
			if i < len(cells)-1 {
				b.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(s)))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	var head, rule []string
	for i, c := range a.Columns {
		head = append(head, c.Name)
		rule = append(rule, strings.Repeat("-", width[i]))
	}
	line(head)
	fmt.Fprintln(w, strings.Join(rule, "-+-"))
	for _, row := range text {
		line(row)
	}
	if s := a.Summary; s != nil {
		fmt.Fprintf(w, "\nok %d, alarm %d, info %d, skip %d, error %d\n", s.OK, s.Alarm, s.Info, s.Skip, s.Error)
	}
}
