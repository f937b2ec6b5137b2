package main

// This file defines `modls check`: every diagnostic of the mods in the given
// folders (or of the given files, their whole mods loaded), for people
// (text, like a compiler's), tools (json) and code scanning (SARIF 2.1.0),
// with a summary line on stderr. Exit 1 when there are errors (or more
// warnings than --max-warnings), 0 otherwise, 2 on bad usage.

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/check"
	"github.com/modls/modls/config"
	"github.com/modls/modls/discover"
	"github.com/modls/modls/docs"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/fspath"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/pgsql"
	"github.com/modls/modls/render"
	"github.com/modls/modls/span"
)

// checkHelp is the help of `modls check`.
const checkHelp = `usage: modls check [DIR|FILE...] [flags]

Report every problem of the mods in each DIR (default .), with the checks of
the editor. A FILE loads its whole mod but reports only that file (for
pre-commit hooks and changed-file runs); one in no mod, or excluded by its
mod, is named on stderr and skipped. Paths are printed relative to the
working directory (absolute outside it). Codes: docs/diagnostics.md.

Each mod's .modls.hcl (rules off, severities, ignore_paths) and the files'
"# modls-ignore <code> <reason>" comments apply, as in the editor; the
configuration file is checked too. See docs/configuration.md.

  --format text|json|sarif  like a compiler (default), a JSON array, or SARIF 2.1.0
                            (URIs relative to %SRCROOT%: the git work tree, else .)
  --min-severity S          report error, warning, info or hint (default) and worse
  --disable CODE[,CODE]     drop the diagnostics of these codes (repeatable)
  --max-warnings N          exit 1 when more than N warnings are reported
  --max-per-file N          print at most N diagnostics per file (text: 50 by
                            default; json and sarif: all); 0 prints all
  --color auto|always|never colour the text output (auto: on a terminal, unless
                            NO_COLOR is set)
  --catalog FILE            check the tables the SQL reads against a catalog that
                            modls catalog wrote (sql-unknown-table), offline
  --database URL            have the database describe every statement, without
                            running any (sql-unknown-table, sql-unknown-column,
                            sql-semantic); a connection string or
                            connection.<type>.<name> of ~/.powerpipe/config

A summary line goes to stderr ("3 errors, 1 warning in 2 files"), nothing
when no problem is reported. Exit 0 when no error is reported, 1 when there
are errors or more warnings than --max-warnings, 2 on bad usage, when a DIR
holds no mod, or when the --catalog or --database cannot be read.
`

// codeNotChecked is the code of a file that modls check could not read.
const codeNotChecked = check.CodeNotChecked

// defaultMaxPerFile is the text format's cap on diagnostics printed per file.
const defaultMaxPerFile = 50

// finding is one diagnostic with where it is, ready to print.
type finding struct {
	path    string   // as printed: relative to the working directory, else absolute
	related []string // the related places' paths, printed the same way
	abs     string
	src     []byte
	d       check.Diagnostic
	// 1-based line and UTF-16 column, start and end; 0 for a finding about
	// a whole file (file-not-checked).
	line, col, endLine, endCol int
}

// checkFlags are the options of one `modls check`.
type checkFlags struct {
	format      string
	min         check.Severity
	disabled    map[string]bool
	maxWarnings int // -1: no limit
	maxPerFile  int // 0: no cap
	color       string
	catalog     string // --catalog FILE
	database    string // --database URL
}

// listFlag collects a repeatable, comma-separated flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// parseCheckFlags reads the flags; it reports bad usage on stderr and
// returns false.
func parseCheckFlags(args []string, stderr io.Writer) (checkFlags, []string, bool) {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, checkHelp) }
	format := fs.String("format", "text", "output format: text, json or sarif")
	minSev := fs.String("min-severity", "hint", "report diagnostics of this severity or worse: error, warning, info or hint")
	var disable listFlag
	fs.Var(&disable, "disable", "drop the diagnostics of these codes (comma-separated, repeatable)")
	maxWarnings := fs.Int("max-warnings", -1, "exit 1 when more than this many warnings are reported")
	maxPerFile := fs.Int("max-per-file", -1, "print at most this many diagnostics per file; 0 prints all")
	color := fs.String("color", "auto", "colour the text output: auto, always or never")
	catalogFile := fs.String("catalog", "", "a catalog written by modls catalog, to check table names against")
	database := fs.String("database", "", "a database to describe every statement with")
	// What follows "--" is arguments only, even when it starts with "-".
	flagArgs, rest := args, []string(nil)
	if i := slices.Index(args, "--"); i >= 0 {
		flagArgs, rest = args[:i], args[i+1:]
	}
	if err := fs.Parse(reorderFlags(fs, flagArgs)); err != nil {
		return checkFlags{}, nil, false
	}
	f := checkFlags{format: *format, maxWarnings: *maxWarnings, maxPerFile: *maxPerFile, color: *color, disabled: map[string]bool{},
		catalog: *catalogFile, database: *database}
	var ok bool
	if f.min, ok = check.ParseSeverity(*minSev); !ok {
		fmt.Fprintf(stderr, "modls: --min-severity must be error, warning, info or hint, not %q\n", *minSev)
		return f, nil, false
	}
	switch f.format {
	case "text", "json", "sarif":
	default:
		fmt.Fprintf(stderr, "modls: --format must be text, json or sarif, not %q\n", f.format)
		return f, nil, false
	}
	switch f.color {
	case "auto", "always", "never":
	default:
		fmt.Fprintf(stderr, "modls: --color must be auto, always or never, not %q\n", f.color)
		return f, nil, false
	}
	if f.maxPerFile < 0 {
		f.maxPerFile = 0
		if f.format == "text" {
			f.maxPerFile = defaultMaxPerFile
		}
	}
	codes := diagnosticCodes()
	for _, c := range disable {
		if !slices.Contains(codes, c) {
			msg := fmt.Sprintf("modls: --disable: unknown code %q", c)
			if near := closeCodes(c, codes); len(near) > 0 {
				msg += "; did you mean " + strings.Join(near, ", ") + "?"
			} else {
				msg += " (the codes: modls help check, docs/diagnostics.md)"
			}
			fmt.Fprintln(stderr, msg)
			return f, nil, false
		}
		f.disabled[c] = true
	}
	return f, append(fs.Args(), rest...), true
}

// diagnosticCodes lists every code a diagnostic of modls check can have.
func diagnosticCodes() []string {
	var out []string
	for _, c := range check.Codes() {
		out = append(out, c.Code)
	}
	return out
}

// closeCodes returns the codes a mistyped code may have meant: those a few
// edits away, and those it is part of or that are part of it.
func closeCodes(s string, codes []string) []string {
	var out []string
	for _, c := range codes {
		if editDistance(s, c) <= max(2, len(s)/4) || len(s) >= 3 && (strings.Contains(c, s) || strings.Contains(s, c)) {
			out = append(out, c)
		}
	}
	return out
}

// editDistance is the Levenshtein distance of two ASCII strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// checkTarget is what the arguments ask to report: whole mods (DIR
// arguments) and single files (FILE arguments).
type checkTarget struct {
	dirs  []string        // absolute DIR arguments
	files map[string]bool // absolute FILE arguments that lie in a mod
	load  []string        // the arguments to load: the DIRs and those FILEs
	loose []string        // absolute FILE arguments in no mod (a Puppet .pp)
}

// targets classifies the arguments (default: the working directory); it
// reports a missing one on stderr and returns false. A FILE in no mod is
// set apart, not loaded: pre-commit passes every changed .pp, and a
// repository may hold Puppet manifests beside its mods.
func targets(args []string, stderr io.Writer) (checkTarget, bool) {
	t := checkTarget{files: map[string]bool{}}
	if len(args) == 0 {
		args = []string{"."}
	}
	for _, a := range args {
		abs, err := filepath.Abs(a)
		if err != nil {
			fmt.Fprintf(stderr, "modls: %s: %v\n", a, err)
			return t, false
		}
		fi, err := os.Stat(abs)
		if err != nil {
			fmt.Fprintf(stderr, "modls: %s: no such file or directory\n", a)
			return t, false
		}
		switch _, inMod := discover.FindModRoot(abs); {
		case fi.IsDir():
			t.dirs = append(t.dirs, abs)
		case !inMod:
			t.loose = append(t.loose, abs)
			continue
		default:
			t.files[abs] = true
		}
		t.load = append(t.load, a)
	}
	return t, true
}

// whole reports whether the mod at root is checked whole: a DIR argument
// lies in it or holds it.
func (t checkTarget) whole(root string) bool {
	for _, d := range t.dirs {
		if fspath.Within(d, root) || fspath.Within(root, d) {
			return true
		}
	}
	return false
}

// reports reports whether a note about path concerns what is checked.
func (t checkTarget) reports(path string, roots []string) bool {
	if t.files[path] {
		return true
	}
	for _, d := range t.dirs {
		if fspath.Within(path, d) {
			return true
		}
	}
	for _, r := range roots {
		if fspath.Within(path, r) {
			return true
		}
	}
	return false
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	opts, args, ok := parseCheckFlags(args, stderr)
	if !ok {
		return 2
	}
	target, ok := targets(args, stderr)
	if !ok {
		return 2
	}
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "modls: %v\n", err)
		return 2
	}
	for _, p := range target.loose {
		fmt.Fprintf(stderr, "modls: %s: not checked: in no mod (no mod.pp or mod.sp in its folder or above)\n", displayPath(wd, p))
	}
	if len(target.load) == 0 {
		return 0 // only files outside mods
	}
	_, ix, st, notes, ok := loadWorkspace(target.load, stderr)
	if !ok {
		return 2
	}
	p := planCheck(target, st.Dirs, notes, ix)
	configs, unread := loadConfigs(st.Dirs)
	for _, n := range unread {
		if !slices.Contains(p.files, n.Path) { // else its check reports it
			fmt.Fprintf(stderr, "modls: %s: %s; its rules are not applied\n", displayPath(wd, n.Path), n.Message)
		}
	}
	for _, f := range p.unlisted {
		fmt.Fprintf(stderr, "modls: %s: not checked: not a source or variable file of its mod (see .powerpipeignore)\n", displayPath(wd, f))
	}
	var found []finding
	if !opts.disabled[codeNotChecked] {
		for _, n := range p.skipped {
			found = append(found, notChecked(ix, configs, n.Path, n.Message, wd)...)
		}
	}
	dbOf, closeDB, ok := checkDatabase(opts, stderr)
	if !ok {
		return 2
	}
	defer closeDB()
	found = append(found, checkFiles(ix, p, configs, opts, dbOf, wd, stderr)...)
	if !pgsql.Available() && !(opts.disabled[check.CodeSQLSyntax] && opts.disabled[check.CodeControlColumns]) {
		fmt.Fprintln(stderr, "modls: SQL syntax and control columns not checked: this modls was built without cgo (libpg_query)")
	}
	return report(found, opts, wd, stdout, stderr)
}

// checkPlan is what one modls check reads and reports.
type checkPlan struct {
	files      []string             // to check, in load order
	skipped    []discover.Note      // files not read that are reported, by path
	incomplete map[index.ModID]bool // mods with files not read
	varFiles   func(*index.Mod) []string
	unlisted   []string // FILE arguments their mod does not load, sorted
}

// planCheck lists the files to check: the workspace's own files, not the
// installed dependencies (those are someone else's to fix), of the mods
// checked whole and the FILE arguments; and the files discovery or loading
// skipped (Note.Skipped), which are reported, not checked.
func planCheck(target checkTarget, dirs []*discover.ModDir, notes []discover.Note, ix *index.Index) checkPlan {
	p := checkPlan{incomplete: map[index.ModID]bool{}, varFiles: varFilesOf(dirs)}
	skipped := map[string]bool{}
	for _, n := range notes {
		if !n.Skipped || skipped[n.Path] {
			continue
		}
		skipped[n.Path] = true
		if m := ix.ModAt(n.Path); m != nil {
			p.incomplete[m.ID] = true
		}
	}
	var wholeRoots []string
	listed := map[string]bool{}
	for _, d := range dirs {
		whole := target.whole(d.Root)
		if whole {
			wholeRoots = append(wholeRoots, d.Root)
		}
		files := slices.Concat(d.Files, d.VarFiles)
		if cf := filepath.Join(d.Root, config.FileName); fileExists(cf) {
			files = append(files, cf) // checked like a source file
		}
		for _, f := range files {
			listed[f] = true
			if !skipped[f] && (whole || target.files[f]) {
				p.files = append(p.files, f)
			}
		}
	}
	reported := map[string]bool{}
	for _, n := range notes {
		if n.Skipped && !reported[n.Path] && target.reports(n.Path, wholeRoots) {
			reported[n.Path] = true
			p.skipped = append(p.skipped, n)
		}
	}
	for f := range target.files {
		if !listed[f] && !skipped[f] {
			p.unlisted = append(p.unlisted, f)
		}
	}
	slices.Sort(p.unlisted)
	return p
}

// checkFiles checks the plan's files in one check.Workspace pass on all
// cores (they are independent) and returns what is to be reported, in file
// order.
func checkFiles(ix *index.Index, p checkPlan, configs map[string]*config.Config, opts checkFlags, dbOf func(*render.Renderer, *index.Entry) *check.Database, wd string, stderr io.Writer) []finding {
	progress := progressWriter(stderr, len(p.files))
	results := make([][]finding, len(p.files))
	var done atomic.Int64
	pass := check.Pass{Options: check.All} // all cores
	pass.VarFiles = p.varFiles             // the SQL renders with the values a run sees
	pass.Config = func(root string) *config.Config { return configs[root] }
	// With every SQL code disabled, do not render or parse SQL at all.
	pass.SQL = !(opts.disabled[check.CodeSQLSyntax] && opts.disabled[check.CodeSQLParams] && opts.disabled[check.CodeControlColumns]) || dbOf != nil
	pass.Database = dbOf
	check.Workspace(context.Background(), ix, cache.New(64<<20), p.files, pass, func(r check.Result) {
		defer func() { progress(int(done.Add(1))) }()
		if r.Err != nil {
			// Readable when discovered, not now.
			if !opts.disabled[codeNotChecked] {
				results[r.Index] = notChecked(ix, configs, r.Path, "cannot read: "+pathErrText(r.Err), wd)
			}
			return
		}
		var lines *span.Lines // built for the first finding
		for _, d := range r.Diags {
			if d.Severity <= opts.min && !opts.disabled[d.Code] && !unjudged(ix, p.incomplete, r.Path, d) {
				if lines == nil {
					lines = span.New(r.Src, span.UTF16)
				}
				results[r.Index] = append(results[r.Index], locate(wd, r.Path, r.Src, lines, d))
			}
		}
	})
	progress(len(p.files))
	return slices.Concat(results...)
}

// report prints the findings in order, in the format asked, then the
// summary line on stderr, and returns the exit code.
func report(found []finding, opts checkFlags, wd string, stdout, stderr io.Writer) int {
	sort.SliceStable(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.path != b.path {
			return a.path < b.path
		}
		if a.line != b.line {
			return a.line < b.line
		}
		if a.col != b.col {
			return a.col < b.col
		}
		return a.d.Severity < b.d.Severity // errors first
	})
	sum := summarize(found)
	shown, hidden := capPerFile(found, opts.maxPerFile)
	switch opts.format {
	case "text":
		printText(stdout, shown, hidden, opts.maxPerFile, newPalette(opts.color, stdout))
	case "json":
		printJSON(stdout, shown)
	case "sarif":
		printSARIF(stdout, shown, sarifRoot(wd))
	}
	if line := sum.String(newPalette(opts.color, stderr)); line != "" {
		if n := len(found) - len(shown); n > 0 {
			line += fmt.Sprintf("; %d not shown (--max-per-file %d)", n, opts.maxPerFile)
		}
		fmt.Fprintln(stderr, line)
	}
	code := 0
	if sum.bySeverity[check.Error] > 0 {
		code = 1
	}
	if opts.maxWarnings >= 0 && sum.bySeverity[check.Warning] > opts.maxWarnings {
		fmt.Fprintf(stderr, "modls: too many warnings (%d, maximum %d)\n", sum.bySeverity[check.Warning], opts.maxWarnings)
		code = 1
	}
	return code
}

// pathErrText shortens a *fs.PathError to its cause: the finding already
// names the path.
func pathErrText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// notChecked is the error finding of a file (or folder) that could not be
// read, as the configuration of its mod has it (none when it turns
// file-not-checked off or ignores the path).
func notChecked(ix *index.Index, configs map[string]*config.Config, path, reason, wd string) []finding {
	d := check.Diagnostic{Severity: check.Error, Code: codeNotChecked, Message: "not checked: " + reason}
	var cfg *config.Config
	if m := ix.ModAt(path); m != nil {
		cfg = configs[m.Root]
	}
	var out []finding
	for _, d := range check.Configure(cfg, path, []check.Diagnostic{d}) {
		out = append(out, finding{path: displayPath(wd, path), abs: path, d: d})
	}
	return out
}

// loadConfigs reads the configuration (.modls.hcl) of each mod of dirs
// that has one, by root; one that cannot be read is a note of a skipped
// file.
func loadConfigs(dirs []*discover.ModDir) (map[string]*config.Config, []discover.Note) {
	configs := map[string]*config.Config{}
	var unread []discover.Note
	for _, d := range dirs {
		cfg, err := config.Load(d.Root)
		if err != nil {
			unread = append(unread, discover.Note{Path: filepath.Join(d.Root, config.FileName), Message: "cannot read: " + pathErrText(err), Skipped: true})
			continue
		}
		if cfg != nil {
			configs[d.Root] = cfg
		}
	}
	return configs, unread
}

// fileExists reports whether path names something other than a folder.
func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir()
}

// unjudged reports whether diagnostic d of the file at path cannot be
// trusted because a file it depends on was not read: a reference that
// resolves to nothing in a mod with unread files (the definition may be in
// one of them), a name unused in such a mod (the use may be), a variable
// file setting a variable such a mod does not declare (the declaration may
// be).
func unjudged(ix *index.Index, incomplete map[index.ModID]bool, path string, d check.Diagnostic) bool {
	if len(incomplete) == 0 {
		return false
	}
	switch d.Code {
	case check.CodeUnused, check.CodeUnknownVariable:
		m := ix.ModAt(path)
		return m != nil && incomplete[m.ID]
	case check.CodeUnresolved:
		f := ix.File(path)
		if f == nil {
			return false
		}
		for i := range f.Postings() {
			p := &f.Postings()[i]
			if p.Range.Start.Byte != d.Range.Start.Byte || p.Range.End.Byte != d.Range.End.Byte {
				continue
			}
			from := f.Mod()
			if alias := p.Alias(); alias == "" || alias == from.Name {
				return incomplete[from.ID]
			}
			for _, id := range from.Deps {
				if m := ix.Mod(id); m != nil && m.Name == p.Alias() {
					return incomplete[m.ID]
				}
			}
			return false
		}
	}
	return false
}

// displayPath is path relative to the working directory wd, slash-separated,
// or absolute when it lies outside wd.
func displayPath(wd, path string) string {
	if fspath.Within(path, wd) {
		if rel, err := filepath.Rel(wd, path); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return path
}

// locate turns a diagnostic into a finding: the path as printed, and UTF-16
// columns.
func locate(wd, path string, src []byte, lines *span.Lines, d check.Diagnostic) finding {
	var related []string
	for _, r := range d.Related {
		related = append(related, displayPath(wd, r.Path))
	}
	// Columns from 1 in UTF-16 code units, the unit of LSP and of SARIF's
	// default columnKind.
	start, end := lines.FromPos(src, d.Range.Start), lines.FromPos(src, d.Range.End)
	return finding{path: displayPath(wd, path), related: related, abs: path, src: src, d: d,
		line: int(d.Range.Start.Line), col: int(start.Character) + 1,
		endLine: int(d.Range.End.Line), endCol: int(end.Character) + 1}
}

// summary counts the reported diagnostics.
type summary struct {
	bySeverity map[check.Severity]int
	files      int
}

func summarize(found []finding) summary {
	s := summary{bySeverity: map[check.Severity]int{}}
	last := ""
	for _, f := range found {
		s.bySeverity[f.d.Severity]++
		if f.path != last {
			s.files++
			last = f.path
		}
	}
	return s
}

// String is the summary line, "3 errors, 1 warning in 2 files", or "" when
// nothing is reported (eslint and tflint print nothing on success).
func (s summary) String(pal palette) string {
	var parts []string
	for sev := check.Error; sev <= check.Hint; sev++ {
		n := s.bySeverity[sev]
		if n == 0 {
			continue
		}
		word := sev.String()
		if n != 1 && sev != check.Info {
			word += "s"
		}
		parts = append(parts, pal.severity(sev, strconv.Itoa(n)+" "+word))
	}
	if len(parts) == 0 {
		return ""
	}
	files := "files"
	if s.files == 1 {
		files = "file"
	}
	return fmt.Sprintf("%s in %d %s", strings.Join(parts, ", "), s.files, files)
}

// capPerFile keeps the first n findings of each file (all when n is 0) and
// returns, for the text output, how many of each file it left out.
func capPerFile(found []finding, n int) ([]finding, map[string]int) {
	if n <= 0 {
		return found, nil
	}
	var shown []finding
	hidden := map[string]int{}
	count := 0
	for i, f := range found {
		if i == 0 || f.path != found[i-1].path {
			count = 0
		}
		if count++; count <= n {
			shown = append(shown, f)
		} else {
			hidden[f.path]++
		}
	}
	return shown, hidden
}

// palette colours the text output: ANSI SGR sequences, or nothing.
type palette struct{ on bool }

// newPalette decides whether to colour what goes to w: always, never, or
// (auto) when w is a terminal, NO_COLOR is unset or empty and TERM is not
// dumb.
func newPalette(mode string, w io.Writer) palette {
	switch mode {
	case "always":
		return palette{true}
	case "never":
		return palette{false}
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return palette{false}
	}
	return palette{isTerminal(w)}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p palette) paint(code, s string) string {
	if !p.on {
		return s
	}
	return "\033[" + code + "m" + s + "\033[0m"
}

func (p palette) bold(s string) string  { return p.paint("1", s) }
func (p palette) dim(s string) string   { return p.paint("2", s) }
func (p palette) caret(s string) string { return p.paint("1;32", s) }

// severity colours s as diagnostics of sev are: errors red, warnings
// yellow, the rest cyan.
func (p palette) severity(sev check.Severity, s string) string {
	switch sev {
	case check.Error:
		return p.paint("1;31", s)
	case check.Warning:
		return p.paint("1;33", s)
	}
	return p.paint("1;36", s)
}

func printText(w io.Writer, found []finding, hidden map[string]int, maxPerFile int, pal palette) {
	for i, f := range found {
		if f.line == 0 {
			fmt.Fprintf(w, "%s %s %s %s\n", pal.bold(f.path+":"), pal.severity(f.d.Severity, f.d.Severity.String()+":"), pal.bold(f.d.Message), pal.dim("["+f.d.Code+"]"))
		} else {
			fmt.Fprintf(w, "%s %s %s %s\n", pal.bold(fmt.Sprintf("%s:%d:%d:", f.path, f.line, f.col)), pal.severity(f.d.Severity, f.d.Severity.String()+":"), pal.bold(f.d.Message), pal.dim("["+f.d.Code+"]"))
			if line := sourceLine(f.src, f.d.Range.Start); line != "" {
				fmt.Fprintf(w, "    %s\n", strings.ReplaceAll(line, "\t", " "))
				width := 1
				if f.endLine == f.line && f.endCol > f.col {
					width = f.endCol - f.col
				}
				fmt.Fprintf(w, "    %s%s\n", strings.Repeat(" ", f.col-1), pal.caret("^"+strings.Repeat("~", width-1)))
			}
			for i, r := range f.d.Related {
				fmt.Fprintf(w, "  %s %s %s\n", pal.bold(fmt.Sprintf("%s:%d:", f.related[i], r.Range.Start.Line)), pal.severity(check.Hint, "note:"), r.Message)
			}
		}
		if n := hidden[f.path]; n > 0 && (i+1 == len(found) || found[i+1].path != f.path) {
			fmt.Fprintf(w, "%s %d more not shown (--max-per-file %d)\n", pal.bold(f.path+":"), n, maxPerFile)
		}
	}
}

func sourceLine(src []byte, p parse.Pos) string {
	start := int(p.Byte) - int(p.Col) + 1
	if start < 0 || start > len(src) {
		return ""
	}
	end := start
	for end < len(src) && src[end] != '\n' {
		end++
	}
	return strings.TrimRight(string(src[start:end]), "\r")
}

type jsonFinding struct {
	Path      string        `json:"path"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"end_line"`
	EndColumn int           `json:"end_column"`
	Severity  string        `json:"severity"`
	Code      string        `json:"code"`
	Message   string        `json:"message"`
	Related   []jsonRelated `json:"related,omitempty"`
}

type jsonRelated struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// printJSON writes the findings as one array; a finding about a whole file
// has line and column 1.
func printJSON(w io.Writer, found []finding) {
	out := make([]jsonFinding, 0, len(found))
	for _, f := range found {
		j := jsonFinding{f.path, max(f.line, 1), max(f.col, 1), max(f.endLine, 1), max(f.endCol, 1), f.d.Severity.String(), f.d.Code, f.d.Message, nil}
		for i, r := range f.d.Related {
			j.Related = append(j.Related, jsonRelated{f.related[i], int(r.Range.Start.Line), r.Message})
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}

// sarifRoot returns the folder SARIF URIs are relative to (%SRCROOT%): the
// root of the git work tree holding the working directory wd (the nearest
// folder with a .git entry, which a worktree or submodule has as a file),
// else wd. Code scanning resolves the URIs against the repository root.
func sarifRoot(wd string) string {
	for dir := wd; ; {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return wd
		}
		dir = parent
	}
}

// fileURI is the file: URI of an absolute path, ending in a slash when dir.
func fileURI(path string, dir bool) string {
	u := fileuri.FromPath(path)
	if dir && !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// repository is the project's web address, for the SARIF driver and the
// rules' help; make sets it (-X main.repository, from the Makefile's
// REPOSITORY), else it is the module path's.
var repository = ""

func repositoryURL() string {
	if repository != "" {
		return strings.TrimSuffix(repository, "/")
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path != "" {
		return "https://" + bi.Main.Path
	}
	return "https://github.com/modls/modls"
}

// printSARIF writes a SARIF 2.1.0 log with one run, as GitHub code
// scanning accepts it: URIs relative to %SRCROOT% (root), the rules of the
// codes found with their documentation.
func printSARIF(w io.Writer, found []finding, root string) {
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
	type artifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	type message struct {
		Text string `json:"text"`
	}
	type physical struct {
		ArtifactLocation artifact `json:"artifactLocation"`
		Region           *region  `json:"region,omitempty"`
	}
	type location struct {
		ID               *int     `json:"id,omitempty"`
		PhysicalLocation physical `json:"physicalLocation"`
		Message          *message `json:"message,omitempty"`
	}
	type result struct {
		RuleID           string     `json:"ruleId"`
		RuleIndex        int        `json:"ruleIndex"`
		Level            string     `json:"level"`
		Message          message    `json:"message"`
		Locations        []location `json:"locations"`
		RelatedLocations []location `json:"relatedLocations,omitempty"`
	}
	type config struct {
		Level string `json:"level"`
	}
	type rule struct {
		ID                   string  `json:"id"`
		ShortDescription     message `json:"shortDescription"`
		FullDescription      message `json:"fullDescription"`
		HelpURI              string  `json:"helpUri"`
		DefaultConfiguration config  `json:"defaultConfiguration"`
	}
	levels := map[check.Severity]string{check.Error: "error", check.Warning: "warning", check.Info: "note", check.Hint: "note"}
	artifactOf := func(abs, shown string) artifact {
		if fspath.Within(abs, root) {
			if rel, err := filepath.Rel(root, abs); err == nil {
				return artifact{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), URIBaseID: "%SRCROOT%"}
			}
		}
		if filepath.IsAbs(abs) {
			return artifact{URI: fileURI(abs, false)}
		}
		return artifact{URI: shown}
	}
	summaries := map[string]string{}
	for _, c := range check.Codes() {
		summaries[c.Code] = c.Summary
	}
	helpBase := repositoryURL() + "/blob/main/docs/diagnostics.md#"
	var rules []rule
	ruleIndex := map[string]int{}
	for _, code := range diagnosticCodes() {
		used := false
		for _, f := range found {
			if f.d.Code == code {
				used = true
				break
			}
		}
		if !used {
			continue
		}
		doc, ok := docs.Diagnostic(code)
		if !ok { // a code docs/diagnostics.md does not document yet (a test fails)
			doc = docs.Code{Text: summaries[code], Level: "error"}
		}
		level := doc.Level
		if level == "hint" {
			level = "note"
		}
		ruleIndex[code] = len(rules)
		rules = append(rules, rule{ID: code, ShortDescription: message{summaries[code]}, FullDescription: message{doc.Text},
			HelpURI: helpBase + code, DefaultConfiguration: config{level}})
	}
	results := []result{}
	for _, f := range found {
		var loc location
		loc.PhysicalLocation.ArtifactLocation = artifactOf(f.abs, f.path)
		loc.PhysicalLocation.Region = &region{StartLine: 1} // a whole file: code scanning wants a line
		if f.line > 0 {
			loc.PhysicalLocation.Region = &region{f.line, f.col, f.endLine, max(f.endCol, f.col)}
		}
		r := result{RuleID: f.d.Code, RuleIndex: ruleIndex[f.d.Code], Level: levels[f.d.Severity], Message: message{f.d.Message}, Locations: []location{loc}}
		for i, rel := range f.d.Related {
			id := i + 1
			var l location
			l.ID = &id
			l.PhysicalLocation.ArtifactLocation = artifactOf(rel.Path, f.related[i])
			// The line only: columns would need the related file's text.
			l.PhysicalLocation.Region = &region{StartLine: int(rel.Range.Start.Line)}
			l.Message = &message{rel.Message}
			r.RelatedLocations = append(r.RelatedLocations, l)
		}
		results = append(results, r)
	}
	if rules == nil {
		rules = []rule{}
	}
	log := map[string]any{
		"version": "2.1.0",
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name": "modls", "version": version, "informationUri": repositoryURL(), "rules": rules,
			}},
			"originalUriBaseIds": map[string]any{"%SRCROOT%": map[string]string{"uri": fileURI(root, true)}},
			"columnKind":         "utf16CodeUnits",
			"results":            results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(log)
}

// progressWriter returns a function that shows "checked n/total files" on
// stderr when it is a terminal and the mod is big; otherwise it does nothing.
func progressWriter(stderr io.Writer, total int) func(n int) {
	f, ok := stderr.(*os.File)
	if !ok || total < 200 {
		return func(int) {}
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return func(int) {}
	}
	var mu sync.Mutex
	return func(n int) {
		mu.Lock()
		defer mu.Unlock()
		if n == total {
			fmt.Fprintf(f, "\r\033[K")
			return
		}
		if n%50 == 0 {
			fmt.Fprintf(f, "\rchecked %d/%d files", n, total)
		}
	}
}
