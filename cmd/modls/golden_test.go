package main

// This file runs the golden scenarios of modls check in
// testdata/check/*.txtar. Each archive starts with prose saying what it
// checks, then holds the files of a small workspace, a section "args"
// (one command line per line, the words split at spaces, run in the
// workspace's folder), and a section "want" recording, per command line,
// the exit code, stdout and stderr. Run with -update to rewrite the want
// sections, then review the diff.

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/modls/modls/internal/testtree"
)

var updateGolden = flag.Bool("update", false, "rewrite the want sections of testdata/check/*.txtar")

func TestCheckGolden(t *testing.T) {
	archives, err := filepath.Glob("testdata/check/*.txtar")
	if err != nil || len(archives) == 0 {
		t.Fatalf("no golden scenarios: %v", err)
	}
	for _, path := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) { runGolden(t, path) })
	}
}

func runGolden(t *testing.T, path string) {
	path, err := filepath.Abs(path) // runIn changes the working directory
	if err != nil {
		t.Fatal(err)
	}
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var files []txtar.File
	var args, want string
	for _, f := range ar.Files {
		switch f.Name {
		case "args":
			args = string(f.Data)
			files = append(files, f)
		case "want":
			want = string(f.Data)
		default:
			files = append(files, f)
			testtree.Write(t, dir, map[string]string{f.Name: string(f.Data)})
		}
	}
	var got strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(args), "\n") {
		code, stdout, stderr := runIn(t, dir, strings.Fields(line)...)
		fmt.Fprintf(&got, "$ modls %s\nexit %d\n%s", line, code, stdout)
		if stderr != "" {
			fmt.Fprintf(&got, "stderr:\n%s", stderr)
		}
	}
	// The workspace's folder differs each run.
	out := strings.ReplaceAll(got.String(), dir, "$WORK")
	if real, err := filepath.EvalSymlinks(dir); err == nil && real != dir {
		out = strings.ReplaceAll(out, real, "$WORK")
	}
	if *updateGolden {
		ar.Files = append(files, txtar.File{Name: "want", Data: []byte(out)})
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if out != want {
		t.Errorf("%s changed (run go test ./cmd/modls -run TestCheckGolden -update and review the diff):\n--- got\n%s--- want\n%s", path, out, want)
	}
}
