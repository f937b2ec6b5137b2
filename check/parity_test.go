package check

// This file holds the differential test against Powerpipe itself. Each
// archive of testdata/parity is a small mod that differs from one that
// loads by one change; its header names the powerpipe command that loads
// (or runs) it, and its "powerpipe" section records what Powerpipe v1.0.0
// answered: the exit status and the first error. modls must report an error
// exactly where Powerpipe refuses to load or run the mod.
//
// CI cannot build Powerpipe, so the verdicts are kept in the archives. To
// record them again with a Powerpipe binary (v1.0.0 is what they hold;
// where current Powerpipe, as ../shared/docs/mod-language.md describes it,
// accepts more than v1.0.0 — detections, an input of a date type without
// SQL — modls follows current Powerpipe and the corpus has no case):
//
//	go test ./check -run TestParity -powerpipe /path/to/powerpipe
//
// which runs each case's command in a copy of its mod, on an empty SQLite
// database, and rewrites the sections; review the diff.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
)

var powerpipe = flag.String("powerpipe", "", "record the verdicts of testdata/parity with this powerpipe binary")

// parityCase is one archive of testdata/parity.
type parityCase struct {
	name, path string
	ar         *txtar.Archive
	command    []string // the powerpipe command, without the common flags
	exit       int      // Powerpipe's exit status, -1 when not recorded
	firstError string
}

func loadParity(t *testing.T) []*parityCase {
	paths, err := filepath.Glob("testdata/parity/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no parity cases: %v", err)
	}
	var cases []*parityCase
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c := &parityCase{name: strings.TrimSuffix(filepath.Base(p), ".txtar"), path: p, ar: ar, exit: -1}
		for _, line := range strings.Split(string(ar.Comment), "\n") {
			if cmd, ok := strings.CutPrefix(line, "powerpipe: "); ok {
				c.command = splitCommand(cmd)
			}
		}
		if len(c.command) == 0 {
			t.Fatalf("%s: no `powerpipe: <command>` line in the header", p)
		}
		for _, f := range ar.Files {
			if f.Name != "powerpipe" {
				continue
			}
			for _, line := range strings.Split(string(f.Data), "\n") {
				if v, ok := strings.CutPrefix(line, "exit: "); ok {
					c.exit, _ = strconv.Atoi(v)
				}
				if v, ok := strings.CutPrefix(line, "error: "); ok {
					c.firstError = v
				}
			}
		}
		cases = append(cases, c)
	}
	return cases
}

// splitCommand splits a command line at spaces, keeping "double-quoted"
// words whole.
func splitCommand(s string) []string {
	var out []string
	var cur strings.Builder
	quoted, any := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, any = !quoted, true
		case r == ' ' && !quoted:
			if any {
				out = append(out, cur.String())
			}
			cur.Reset()
			any = false
		default:
			cur.WriteRune(r)
			any = true
		}
	}
	if any {
		out = append(out, cur.String())
	}
	return out
}

// writeMod writes the mod files of c (every section but the verdict) into
// a new temporary directory.
func (c *parityCase) writeMod(t *testing.T) string {
	dir := t.TempDir()
	for _, f := range c.ar.Files {
		if f.Name == "powerpipe" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// modlsErrors checks the mod in dir as `modls check` does and returns its
// errors, "path:line:col: code: message".
func modlsErrors(t *testing.T, dir string) []string {
	ix, stats, _ := index.Load([]string{dir})
	c := cache.New(8 << 20)
	var out []string
	report := func(path string, ds []Diagnostic) {
		rel, _ := filepath.Rel(dir, path)
		for _, d := range ds {
			if d.Severity == Error {
				out = append(out, fmt.Sprintf("%s:%d:%d: %s: %s", filepath.ToSlash(rel), d.Range.Start.Line, d.Range.Start.Col, d.Code, d.Message))
			}
		}
	}
	for _, f := range ix.Files() {
		src, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		report(f.Path, File(ix, c, f.Path, src, All))
	}
	for _, d := range stats.Dirs {
		for _, p := range d.VarFiles {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			report(p, VarFile(ix, c, p, src))
		}
	}
	sort.Strings(out)
	return out
}

// knownMisses are the cases where Powerpipe refuses the mod and modls does
// not yet report an error, by name. The test fails when one of them is
// caught, so that the list only shrinks; false errors are never listed.
var knownMisses = map[string]bool{}

// TestParity: modls reports an error exactly where Powerpipe v1.0.0 refuses
// to load or run the mod.
func TestParity(t *testing.T) {
	cases := loadParity(t)
	if *powerpipe != "" {
		record(t, cases)
		return
	}
	agree, falseErrors, missed := 0, 0, 0
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.exit < 0 {
				t.Fatalf("%s has no recorded verdict: record it with -powerpipe", c.path)
			}
			errs := modlsErrors(t, c.writeMod(t))
			switch fails := c.exit != 0; {
			case fails && len(errs) == 0:
				missed++
				if !knownMisses[c.name] {
					t.Errorf("Powerpipe refuses this mod (%s), modls reports no error", c.firstError)
				}
			case fails && knownMisses[c.name]:
				agree++
				t.Errorf("modls now reports an error here, as Powerpipe does: remove %s from knownMisses", c.name)
			case !fails && len(errs) > 0:
				falseErrors++
				t.Errorf("Powerpipe loads and runs this mod, modls reports errors:\n\t%s", strings.Join(errs, "\n\t"))
			default:
				agree++
			}
		})
	}
	t.Logf("%d cases: %d agree, %d false errors, %d missed load errors", len(cases), agree, falseErrors, missed)
}

// record runs the powerpipe binary on every case and rewrites its verdict.
func record(t *testing.T, cases []*parityCase) {
	bin, err := filepath.Abs(*powerpipe)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		dir := c.writeMod(t)
		args := append([]string(nil), c.command...)
		args = append(args, "--database", "sqlite:///"+filepath.Join(t.TempDir(), "empty.db"), "--input=false")
		switch args[0] {
		case "dashboard":
			args = append(args, "--output", "snapshot", "--progress=false", "--mod-install=false")
		case "control", "benchmark":
			args = append(args, "--output", "csv", "--progress=false", "--mod-install=false")
		default:
			args = append(args, "--output", "csv")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "POWERPIPE_INSTALL_DIR="+t.TempDir(), "POWERPIPE_UPDATE_CHECK=false", "POWERPIPE_TELEMETRY=none", "NO_COLOR=1")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		cancel()
		exit := 0
		if err != nil {
			ee, ok := err.(*exec.ExitError)
			if !ok {
				t.Fatalf("%s: %v", c.name, err)
			}
			exit = ee.ExitCode()
		}
		first := firstErrorLine(stderr.Bytes())
		if first == "" {
			first = firstErrorLine(stdout.Bytes())
		}
		if first == "" && exit != 0 && args[0] == "control" {
			// A control that cannot run is a row with status error.
			for _, line := range strings.Split(stdout.String(), "\n") {
				if strings.Contains(line, ",error,") {
					first = strings.TrimSpace(line)
					break
				}
			}
		}
		first = strings.ReplaceAll(first, dir, "<mod>")
		if args[0] == "dashboard" && exit == 0 {
			// A dashboard run exits 0 even when panels fail; the snapshot
			// says which did.
			if msg := snapshotError(stdout.Bytes()); msg != "" {
				exit, first = 1, msg
			}
		}
		verdict := fmt.Sprintf("exit: %d\nerror: %s\n", exit, first)
		var files []txtar.File
		for _, f := range c.ar.Files {
			if f.Name != "powerpipe" {
				files = append(files, f)
			}
		}
		c.ar.Files = append(files, txtar.File{Name: "powerpipe", Data: []byte(verdict)})
		if err := os.WriteFile(c.path, txtar.Format(c.ar), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %s", c.name, strings.ReplaceAll(strings.TrimSpace(verdict), "\n", "; "))
	}
}

// firstErrorLine returns the first line of out that reports an error,
// trimmed.
func firstErrorLine(out []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "Error:") || strings.Contains(line, "rror:") && !strings.HasPrefix(line, "Flag --") {
			return line
		}
	}
	return ""
}

// snapshotError returns the error of the first panel of a dashboard
// snapshot that failed by itself (not because a child did), or "".
func snapshotError(out []byte) string {
	var snap struct {
		Panels map[string]struct {
			Status string `json:"status"`
			Error  string `json:"error"`
		} `json:"panels"`
	}
	if json.Unmarshal(out, &snap) != nil {
		return ""
	}
	var names []string
	for name, p := range snap.Panels {
		if p.Status == "error" && !strings.Contains(p.Error, "child failed") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return ""
	}
	return names[0] + ": " + snap.Panels[names[0]].Error
}
