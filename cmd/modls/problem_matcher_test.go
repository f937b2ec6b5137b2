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
)

var updateMatcherSample = flag.Bool("update-matcher-sample", false, "rewrite the VS Code extension's sample of modls check output")

// matcherSample is the file that the VS Code extension's unit test
// (test/unit/problemMatcher.test.ts) matches its $modls problem matcher
// against: modls check's text output and, for the same run, its JSON.
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

// TestProblemMatcherSample runs the built modls check on a fixture, in text
// and in JSON, and keeps editors/vscode/test/unit/testdata/modls-check.json
// (the VS Code extension's $modls problem matcher is tested against it)
// equal to what it prints. It also matches the matcher's regular expression
// from package.json with Go's regexp: every diagnostic line, and nothing
// else, must match, with the JSON's fields in the groups.
func TestProblemMatcherSample(t *testing.T) {
	bin := buildModls(t)
	dir := writeTree(t, t.TempDir(), matcherFixture)
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
	var diags []struct {
		Path     string `json:"path"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Severity string `json:"severity"`
		Code     string `json:"code"`
		Message  string `json:"message"`
	}
	js := runCheck("--format", "json", "mods")
	if err := json.Unmarshal([]byte(js), &diags); err != nil {
		t.Fatalf("JSON output: %v\n%s", err, js)
	}
	severities := map[string]bool{}
	for _, d := range diags {
		severities[d.Severity] = true
	}
	if !severities["error"] || !severities["warning"] || !severities["hint"] || !strings.Contains(text, "]") {
		t.Errorf("the fixture should give errors, warnings and hints: %v", severities)
	}

	// The matcher, as package.json declares it.
	raw, err := os.ReadFile("../../editors/vscode/package.json")
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Contributes struct {
			ProblemMatchers []struct {
				Name    string
				Pattern struct {
					Regexp                                      string
					File, Line, Column, Severity, Message, Code int
				}
			}
		}
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatal(err)
	}
	var re *regexp.Regexp
	var p = pkg.Contributes.ProblemMatchers
	for _, m := range p {
		if m.Name == "modls" {
			re = regexp.MustCompile(m.Pattern.Regexp)
			var i int
			for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
				g := re.FindStringSubmatch(l)
				if g == nil {
					continue
				}
				if i >= len(diags) {
					t.Errorf("matched more lines than there are diagnostics: %q", l)
					break
				}
				d := diags[i]
				i++
				got := []string{g[m.Pattern.File], g[m.Pattern.Line], g[m.Pattern.Column], g[m.Pattern.Severity], g[m.Pattern.Message], g[m.Pattern.Code]}
				want := []string{d.Path, strconv.Itoa(d.Line), strconv.Itoa(d.Column), d.Severity, d.Message, d.Code}
				if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
					t.Errorf("line %q:\n got %q\nwant %q", l, got, want)
				}
			}
			if i != len(diags) {
				t.Errorf("the matcher found %d of %d diagnostics in:\n%s", i, len(diags), text)
			}
		}
	}
	if re == nil {
		t.Fatal("package.json contributes no problem matcher named modls")
	}

	sample, err := json.MarshalIndent(map[string]any{
		"comment": "modls check's output on the fixture of cmd/modls/problem_matcher_test.go, which keeps this file current (go test ./cmd/modls -run TestProblemMatcherSample -update-matcher-sample rewrites it)",
		"text":    text,
		"json":    json.RawMessage(js),
	}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	sample = append(sample, '\n')
	if *updateMatcherSample {
		if err := os.MkdirAll(filepath.Dir(matcherSample), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(matcherSample, sample, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(matcherSample)
	if err != nil || !bytes.Equal(old, sample) {
		t.Errorf("%s is not modls check's current output (go test ./cmd/modls -run TestProblemMatcherSample -update-matcher-sample rewrites it); it should be:\n%s", matcherSample, sample)
	}
}
