package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/modls/modls/internal/testtree"
)

var updateMatcherSample = flag.Bool("update-matcher-sample", false, "rewrite the VS Code extension's sample of modls check output")

// matcherSample is the file that the VS Code extension's unit test
// (test/unit/problemMatcher.test.ts) matches its $modls problem matcher
// against with JavaScript's regular expressions: modls check's text output
// and, for the same run, its JSON.
const matcherSample = "../../editors/vscode/test/unit/testdata/modls-check.json"

// matcherFixture gives errors, warnings and hints, messages with colons,
// quotes and parentheses, a file in a subfolder and one in another mod.
var matcherFixture = map[string]string{
	"mods/a/mod.pp": "mod \"a\" {\n  title = \"A\"\n}\n",
	"mods/a/dash/d.pp": `dashboard "d" {
  title = "D"
  card {
    sql   = "select 1 as value"
    width = 13
  }
  chart {
    type = "pie3d"
    sql  = "select 1"
  }
}
`,
	"mods/a/q.pp": `control "c" {
  title = "C: [draft]"
  query = query.missing
}

query "unused" {
  sql = "select 1"
}

query "broken" {
  sql = "select 1
}
`,
	"mods/b/mod.pp": "mod \"b\" {\n  title = \"B\"\n}\n",
	"mods/b/x.pp":   "query \"x\" {\n  title = var.nope\n  sql   = \"select 1\"\n}\n",
}

// checkDiagnostic is a diagnostic of modls check --format json.
type checkDiagnostic struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// matcherPattern is the pattern of the $modls problem matcher in the
// extension's package.json.
type matcherPattern struct {
	Regexp                                      string
	File, Line, Column, Severity, Message, Code int
}

func readMatcher(t *testing.T) matcherPattern {
	t.Helper()
	raw, err := os.ReadFile("../../editors/vscode/package.json")
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Contributes struct {
			ProblemMatchers []struct {
				Name    string
				Pattern matcherPattern
			}
		}
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatal(err)
	}
	for _, m := range pkg.Contributes.ProblemMatchers {
		if m.Name == "modls" {
			return m.Pattern
		}
	}
	t.Fatal("package.json contributes no problem matcher named modls")
	return matcherPattern{}
}

// matchAll matches p against every line of text, with Go's regexp, and
// reports where the lines that match differ from diags, in order.
func matchAll(t *testing.T, what string, p matcherPattern, text string, diags []checkDiagnostic) {
	t.Helper()
	re := regexp.MustCompile(p.Regexp)
	var i int
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		g := re.FindStringSubmatch(l)
		if g == nil {
			continue
		}
		if i >= len(diags) {
			t.Errorf("%s: matched more lines than there are diagnostics: %q", what, l)
			return
		}
		d := diags[i]
		i++
		got := []string{g[p.File], g[p.Line], g[p.Column], g[p.Severity], g[p.Message], g[p.Code]}
		want := []string{d.Path, strconv.Itoa(d.Line), strconv.Itoa(d.Column), d.Severity, d.Message, d.Code}
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Errorf("%s: line %q:\n got %q\nwant %q", what, l, got, want)
		}
	}
	if i != len(diags) {
		t.Errorf("%s: the matcher found %d of %d diagnostics in:\n%s", what, i, len(diags), text)
	}
}

// TestProblemMatcher runs the built modls check on a fixture, in text and in
// JSON, and matches the $modls problem matcher's regular expression from
// package.json against the text with Go's regexp: every diagnostic line, and
// nothing else, must match, with the JSON's fields in the groups. The
// committed sample that the extension's unit test reads
// (editors/vscode/test/unit/testdata/modls-check.json) must hold the same of
// itself; -update-matcher-sample rewrites it from this run. It need not be
// this build's exact output: a changed message is no reason to rewrite it.
func TestProblemMatcherSample(t *testing.T) {
	bin := buildModls(t)
	dir := testtree.Write(t, t.TempDir(), matcherFixture)
	runCheck := func(args ...string) string {
		cmd := exec.Command(filepath.Join(bin, "modls"), append([]string{"check", "--color", "never"}, args...)...)
		cmd.Dir = dir
		var out bytes.Buffer
		cmd.Stdout = &out
		if err := cmd.Run(); err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				t.Fatalf("modls check %v: %v", args, err)
			}
		}
		return out.String()
	}
	text := runCheck("mods")
	js := runCheck("--format", "json", "mods")
	var diags []checkDiagnostic
	if err := json.Unmarshal([]byte(js), &diags); err != nil {
		t.Fatalf("JSON output: %v\n%s", err, js)
	}
	severities := map[string]bool{}
	for _, d := range diags {
		severities[d.Severity] = true
	}
	if !severities["error"] || !severities["warning"] || !severities["hint"] {
		t.Errorf("the fixture should give errors, warnings and hints: %v", severities)
	}
	p := readMatcher(t)
	matchAll(t, "this build's output", p, text, diags)

	if *updateMatcherSample {
		sample, err := json.MarshalIndent(map[string]any{
			"comment": "modls check's output on the fixture of cmd/modls/problem_matcher_test.go (go test ./cmd/modls -run TestProblemMatcherSample -args -update-matcher-sample rewrites it)",
			"text":    text,
			"json":    json.RawMessage(js),
		}, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(matcherSample), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(matcherSample, append(sample, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	raw, err := os.ReadFile(matcherSample)
	if err != nil {
		t.Fatalf("the extension's sample: %v (go test ./cmd/modls -run TestProblemMatcherSample -args -update-matcher-sample writes it)", err)
	}
	var sample struct {
		Text string
		JSON []checkDiagnostic
	}
	if err := json.Unmarshal(raw, &sample); err != nil {
		t.Fatalf("%s: %v", matcherSample, err)
	}
	if len(sample.JSON) < 5 {
		t.Errorf("%s holds %d diagnostics: too few to test the matcher", matcherSample, len(sample.JSON))
	}
	matchAll(t, matcherSample, p, sample.Text, sample.JSON)
}
