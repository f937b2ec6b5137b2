package main

// This file defines `modls check`: every diagnostic of the mods in the given
// folders, for people (text, like a compiler's), tools (json) and code
// scanning (SARIF 2.1.0). Exit 1 when there are errors, 0 otherwise, 2 on
// bad usage.

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/check"
	"github.com/modls/modls/eval"
	"github.com/modls/modls/parse"
)

// checkHelp is the help of `modls check`.
const checkHelp = `usage: modls check [DIR|FILE...] [--format text|json|sarif] [--min-severity error|warning|info|hint]

Report every problem of the mods in each DIR (default .), with the checks of
the editor. Codes: docs/diagnostics.md.

  --format text|json|sarif  like a compiler (default), a JSON array, or SARIF 2.1.0
  --min-severity S          report diagnostics of severity S or worse (default hint)

Exit 0 when there is no error, 1 when there are errors, 2 on bad usage or when
a DIR holds no mod.
`

// finding is one diagnostic with where it is, ready to print.
type finding struct {
	path    string   // as printed: relative to the checked folder
	related []string // the related places' paths, printed the same way
	abs     string
	src     []byte
	d       check.Diagnostic
	// 1-based line and UTF-16 column, start and end.
	line, col, endLine, endCol int
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, json or sarif")
	minSev := fs.String("min-severity", "hint", "report diagnostics of this severity or worse: error, warning, info or hint")
	if err := fs.Parse(reorderFlags(fs, args)); err != nil {
		return 2
	}
	min, ok := check.ParseSeverity(*minSev)
	if !ok {
		fmt.Fprintf(stderr, "modls: --min-severity must be error, warning, info or hint, not %q\n", *minSev)
		return 2
	}
	switch *format {
	case "text", "json", "sarif":
	default:
		fmt.Fprintf(stderr, "modls: --format must be text, json or sarif, not %q\n", *format)
		return 2
	}
	dirs, ix, st, _, ok := loadWorkspace(fs.Args(), stderr)
	if !ok {
		return 2
	}
	// Check the workspace's own files, not the installed dependencies:
	// those are someone else's to fix.
	var files []string
	for _, d := range st.Dirs {
		files = append(files, d.Files...)
		files = append(files, d.VarFiles...)
	}
	c := cache.New(64 << 20)
	progress := progressWriter(stderr, len(files))
	// Files are independent: check them on all cores, then report in order.
	results := make([][]finding, len(files))
	errs := make([]int, len(files))
	var next, done atomic.Int64
	var wg sync.WaitGroup
	opt := check.All
	opt.Scopes = eval.NewScopes(ix, c, os.ReadFile) // each local evaluated once
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				path := files[i]
				src, err := os.ReadFile(path)
				if err != nil {
					fmt.Fprintf(stderr, "modls: %v\n", err)
					continue
				}
				for _, d := range check.File(ix, c, path, src, opt) {
					if d.Severity == check.Error {
						errs[i]++
					}
					if d.Severity <= min {
						results[i] = append(results[i], locate(dirs, path, src, d))
					}
				}
				c.Invalidate(path) // each file is checked once: keep memory flat
				progress(int(done.Add(1)))
			}
		}()
	}
	wg.Wait()
	var found []finding
	errors := 0
	for i := range files {
		found = append(found, results[i]...)
		errors += errs[i]
	}
	progress(len(files))
	sort.SliceStable(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.path != b.path {
			return a.path < b.path
		}
		if a.line != b.line {
			return a.line < b.line
		}
		return a.col < b.col
	})
	switch *format {
	case "text":
		printText(stdout, found)
	case "json":
		printJSON(stdout, found)
	case "sarif":
		printSARIF(stdout, found)
	}
	if errors > 0 {
		return 1
	}
	return 0
}

// locate turns a diagnostic into a finding: the path relative to the
// folder given on the command line that holds it, and UTF-16 columns.
func locate(dirs []string, path string, src []byte, d check.Diagnostic) finding {
	var related []string
	for _, r := range d.Related {
		related = append(related, relPath(dirs, r.Path))
	}
	return finding{path: relPath(dirs, path), related: related, abs: path, src: src, d: d,
		line: int(d.Range.Start.Line), col: utf16Col(src, d.Range.Start),
		endLine: int(d.Range.End.Line), endCol: utf16Col(src, d.Range.End)}
}

// relPath returns path relative to the first of dirs that holds it.
func relPath(dirs []string, path string) string {
	for _, dir := range dirs {
		if r, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
	}
	return path
}

// utf16Col returns the 1-based column of p in UTF-16 code units, the unit
// of LSP and of SARIF's default columnKind.
func utf16Col(src []byte, p parse.Pos) int {
	start := int(p.Byte) - int(p.Col) + 1
	if start < 0 || int(p.Byte) > len(src) {
		return int(p.Col)
	}
	n := 1
	for b := src[start:p.Byte]; len(b) > 0; {
		r, size := utf8.DecodeRune(b)
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		b = b[size:]
	}
	return n
}

func printText(w io.Writer, found []finding) {
	for _, f := range found {
		fmt.Fprintf(w, "%s:%d:%d: %s: %s [%s]\n", f.path, f.line, f.col, f.d.Severity, f.d.Message, f.d.Code)
		line := sourceLine(f.src, f.d.Range.Start)
		if line == "" {
			continue
		}
		fmt.Fprintf(w, "    %s\n", strings.ReplaceAll(line, "\t", " "))
		width := 1
		if f.endLine == f.line && f.endCol > f.col {
			width = f.endCol - f.col
		}
		fmt.Fprintf(w, "    %s^%s\n", strings.Repeat(" ", f.col-1), strings.Repeat("~", width-1))
		for i, r := range f.d.Related {
			fmt.Fprintf(w, "  %s:%d: note: %s\n", f.related[i], r.Range.Start.Line, r.Message)
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
	Path      string `json:"path"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Severity  string `json:"severity"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}

func printJSON(w io.Writer, found []finding) {
	out := make([]jsonFinding, 0, len(found))
	for _, f := range found {
		out = append(out, jsonFinding{f.path, f.line, f.col, f.endLine, f.endCol, f.d.Severity.String(), f.d.Code, f.d.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}

// printSARIF writes a SARIF 2.1.0 log with one run, as GitHub code
// scanning accepts it.
func printSARIF(w io.Writer, found []finding) {
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
	type location struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI string `json:"uri"`
			} `json:"artifactLocation"`
			Region region `json:"region"`
		} `json:"physicalLocation"`
	}
	type message struct {
		Text string `json:"text"`
	}
	type result struct {
		RuleID    string     `json:"ruleId"`
		Level     string     `json:"level"`
		Message   message    `json:"message"`
		Locations []location `json:"locations"`
	}
	type rule struct {
		ID               string  `json:"id"`
		ShortDescription message `json:"shortDescription"`
	}
	levels := map[check.Severity]string{check.Error: "error", check.Warning: "warning", check.Info: "note", check.Hint: "note"}
	var results []result
	rules := map[string]bool{}
	for _, f := range found {
		var loc location
		loc.PhysicalLocation.ArtifactLocation.URI = f.path
		loc.PhysicalLocation.Region = region{f.line, f.col, f.endLine, max(f.endCol, f.col)}
		results = append(results, result{RuleID: f.d.Code, Level: levels[f.d.Severity], Message: message{f.d.Message}, Locations: []location{loc}})
		rules[f.d.Code] = true
	}
	var ruleList []rule
	for _, id := range check.Codes() {
		if rules[id.Code] {
			ruleList = append(ruleList, rule{ID: id.Code, ShortDescription: message{id.Summary}})
		}
	}
	if results == nil {
		results = []result{}
	}
	if ruleList == nil {
		ruleList = []rule{}
	}
	log := map[string]any{
		"version": "2.1.0",
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name": "modls", "version": version, "informationUri": "https://github.com/modls/modls", "rules": ruleList,
			}},
			"results": results,
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
