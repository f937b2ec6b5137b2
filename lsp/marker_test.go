package lsp

// This file runs the marker tests in testdata/markers/*.txtar. Each archive
// starts with prose saying what it checks, then holds the files of a small
// workspace whose comments carry markers, and ends with a "want" section
// that records what the server answered for each marker. Run with -update
// to rewrite the want sections, then review the diff.
//
// Markers (in a # or // comment, anywhere on a line):
//
//	@def("text")    definition at the first occurrence of text on this line
//	                (the cursor one character into it)
//	@hover("text")  hover there
//	@diag           this line must have a diagnostic, and only marked lines
//	                may; the diagnostics of the file go to the golden output
//	                (hints about unused names are left out)
//	@symbol         the file's document symbols go to the golden output
//
// Features add their own marker kinds by registering a markerFunc in
// markerKinds from an init function in their own _test.go file.

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/modls/modls/internal/fileuri"
	protocol "github.com/tliron/glsp/protocol_3_16"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/markers/*.txtar")

var markerRE = regexp.MustCompile(`@([a-z]+)(?:\(("(?:[^"\\]|\\.)*")(?:, *("(?:[^"\\]|\\.)*"))?\))?`)

type marker struct {
	file string
	line int // 0-based
	kind string
	arg  string
	arg2 string // a second quoted argument, @rename("old", "new")
}

// markerRun is what a marker kind sees: the server, the scenario's files
// and helpers to name places in them.
type markerRun struct {
	t       *testing.T
	c       *testClient
	dir     string
	texts   map[string]string
	markers []marker
	opened  map[string]bool
}

// markerFunc asks the server what marker m asks and writes the answer to
// out, prefixed by at ("file:line").
type markerFunc func(r *markerRun, m marker, at string, out *strings.Builder)

var markerKinds = map[string]markerFunc{
	"def":    markDefinition,
	"hover":  markHover,
	"diag":   markDiagnostics,
	"symbol": markSymbols,
}

func (r *markerRun) uri(name string) protocol.DocumentUri {
	return fileuri.FromPath(filepath.Join(r.dir, filepath.FromSlash(name)))
}

// rel names a URI by its path relative to the scenario's folder.
func (r *markerRun) rel(u protocol.DocumentUri) string {
	p, _ := fileuri.ToPath(u)
	rel, _ := filepath.Rel(r.dir, p)
	return filepath.ToSlash(rel)
}

// position is the LSP position one character into the first occurrence of
// m's argument on its line.
func (r *markerRun) position(m marker) map[string]any {
	line := strings.Split(r.texts[m.file], "\n")[m.line]
	i := strings.Index(line, m.arg)
	if i < 0 || m.arg == "" {
		r.t.Fatalf("%s:%d: %q not on the line", m.file, m.line+1, m.arg)
	}
	p := newLineIndex([]byte(line)).position([]byte(line), i+1)
	return map[string]any{"line": m.line, "character": p.Character}
}

// at is the text document position params of marker m.
func (r *markerRun) at(m marker) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": r.uri(m.file)}, "position": r.position(m)}
}

// open sends didOpen for a scenario file once.
func (r *markerRun) open(name string) {
	if r.opened[name] {
		return
	}
	r.opened[name] = true
	r.c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": r.uri(name), "languageId": "powerpipe", "version": 1, "text": r.texts[name]}})
}

// rangeText renders a range as 1-based line:col-line:col.
func rangeText(rg protocol.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d", rg.Start.Line+1, rg.Start.Character+1, rg.End.Line+1, rg.End.Character+1)
}

func TestMarkers(t *testing.T) {
	archives, err := filepath.Glob("testdata/markers/*.txtar")
	if err != nil || len(archives) == 0 {
		t.Fatalf("no marker scenarios: %v", err)
	}
	for _, path := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) { runMarkers(t, path) })
	}
}

func runMarkers(t *testing.T, path string) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var files []txtar.File
	var want []byte
	var markers []marker
	texts := map[string]string{}
	for _, f := range ar.Files {
		if f.Name == "want" {
			want = f.Data
			continue
		}
		files = append(files, f)
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		texts[f.Name] = string(f.Data)
		for i, line := range strings.Split(string(f.Data), "\n") {
			for _, m := range markerRE.FindAllStringSubmatch(line, -1) {
				arg, arg2 := "", ""
				if m[2] != "" {
					arg, _ = strconv.Unquote(m[2])
				}
				if m[3] != "" {
					arg2, _ = strconv.Unquote(m[3])
				}
				markers = append(markers, marker{f.Name, i, m[1], arg, arg2})
			}
		}
	}
	c := startServer(t, nil)
	c.initialize(dir)
	r := &markerRun{t: t, c: c, dir: dir, texts: texts, markers: markers, opened: map[string]bool{}}
	var out strings.Builder
	for _, m := range markers {
		f, ok := markerKinds[m.kind]
		if !ok {
			t.Fatalf("%s:%d: unknown marker @%s", m.file, m.line+1, m.kind)
		}
		f(r, m, fmt.Sprintf("%s:%d", m.file, m.line+1), &out)
	}
	got := out.String()
	if *update {
		ar.Files = append(files, txtar.File{Name: "want", Data: []byte(got)})
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got != string(want) {
		t.Errorf("answers for %s changed (run go test ./lsp -run TestMarkers -update and review the diff):\n--- got\n%s--- want\n%s", path, got, want)
	}
}

func markDefinition(r *markerRun, m marker, at string, out *strings.Builder) {
	var links []protocol.LocationLink
	r.c.result("textDocument/definition", r.at(m), &links)
	fmt.Fprintf(out, "%s: def(%q) ->", at, m.arg)
	if len(links) == 0 {
		out.WriteString(" nothing")
	}
	for _, l := range links {
		fmt.Fprintf(out, " %s:%s", r.rel(l.TargetURI), rangeText(l.TargetSelectionRange))
	}
	out.WriteString("\n")
}

func markHover(r *markerRun, m marker, at string, out *strings.Builder) {
	var h struct {
		Contents struct{ Value string }
	}
	r.c.result("textDocument/hover", r.at(m), &h)
	fmt.Fprintf(out, "%s: hover(%q):\n", at, m.arg)
	for _, l := range strings.Split(strings.TrimRight(h.Contents.Value, "\n"), "\n") {
		fmt.Fprintf(out, "\t%s\n", l)
	}
}

func markDiagnostics(r *markerRun, m marker, at string, out *strings.Builder) {
	if r.opened["diag:"+m.file] {
		return
	}
	r.opened["diag:"+m.file] = true
	r.open(m.file)
	out.WriteString(diagnosticsOf(r.t, r.c, m.file, r.uri(m.file), r.markers, "diag"))
}

func markSymbols(r *markerRun, m marker, at string, out *strings.Builder) {
	var syms []protocol.DocumentSymbol
	r.c.result("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": r.uri(m.file)}}, &syms)
	fmt.Fprintf(out, "%s: symbols:\n", at)
	writeSymbols(out, syms, "\t")
}

// diagnosticsOf waits for the diagnostics of an open file, checks that they
// fall exactly on the lines marked with kind, and renders them: for @diag
// without hints, for @problems (config_marker_test.go) with every severity,
// named.
func diagnosticsOf(t *testing.T, c *testClient, name string, uri protocol.DocumentUri, markers []marker, kind string) string {
	m := c.waitNote("diagnostics of "+name, func(m *message) bool {
		if m.Method != "textDocument/publishDiagnostics" {
			return false
		}
		var p struct{ URI protocol.DocumentUri }
		json.Unmarshal(m.Params, &p)
		return p.URI == uri
	})
	var p struct {
		Diagnostics []struct {
			Range    protocol.Range
			Severity int
			Code     string
			Message  string
		}
	}
	json.Unmarshal(m.Params, &p)
	// Hints (unused names) would mark most small scenarios; they have a
	// test of their own.
	p.Diagnostics = slices.DeleteFunc(p.Diagnostics, func(d struct {
		Range    protocol.Range
		Severity int
		Code     string
		Message  string
	}) bool {
		return kind == "diag" && d.Severity == int(protocol.DiagnosticSeverityHint)
	})
	wantLines := map[int]bool{}
	for _, mk := range markers {
		if mk.file == name && mk.kind == kind {
			wantLines[int(mk.line)] = true
		}
	}
	gotLines := map[int]bool{}
	var lines []string
	for _, d := range p.Diagnostics {
		gotLines[int(d.Range.Start.Line)] = true
		r := d.Range
		code := d.Code
		if kind != "diag" {
			code = []string{"", "error", "warning", "info", "hint"}[d.Severity] + " " + code
		}
		lines = append(lines, fmt.Sprintf("%s:%d:%d-%d:%d: %s: %s\n", name, r.Start.Line+1, r.Start.Character+1, r.End.Line+1, r.End.Character+1, code, d.Message))
	}
	for l := range wantLines {
		if !gotLines[l] {
			t.Errorf("%s:%d: marked @%s but no diagnostic", name, l+1, kind)
		}
	}
	for l := range gotLines {
		if !wantLines[l] {
			t.Errorf("%s:%d: a diagnostic on a line not marked @%s", name, l+1, kind)
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "")
}

func writeSymbols(b *strings.Builder, syms []protocol.DocumentSymbol, indent string) {
	for _, s := range syms {
		detail := ""
		if s.Detail != nil {
			detail = " — " + *s.Detail
		}
		fmt.Fprintf(b, "%s%s (kind %d) %d:%d-%d:%d%s\n", indent, s.Name, s.Kind, s.Range.Start.Line+1, s.Range.Start.Character+1, s.Range.End.Line+1, s.Range.End.Character+1, detail)
		writeSymbols(b, s.Children, indent+"\t")
	}
}
