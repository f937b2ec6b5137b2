package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modls/modls/internal/corpus"
)

// TestCheckValidMods: the corpus mods and the example mod load in
// Powerpipe; modls check must report no error and no warning on them (hints
// about unused queries are fair) and exit 0.
func TestCheckValidMods(t *testing.T) {
	dirs := []string{"../../examples/acme"}
	for _, m := range corpus.Mods(t) {
		dirs = append(dirs, corpus.Mod(t, m))
	}
	for _, d := range dirs {
		var out, errb bytes.Buffer
		if code := run([]string{"check", "--min-severity", "warning", d}, &out, &errb); code != 0 || out.Len() > 0 || errb.Len() > 0 {
			t.Errorf("modls check %s: exit %d\n%s%s", d, code, out.String(), errb.String())
		}
	}
}

func writeCheckMod(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"mod.pp": "mod \"cm\" {}\n",
		"a.pp":   "control \"c\" {\n  title = \"Überblick\"\n  query = query.missing\n  widht = 3\n  tags  = { a = \"€€\", b = local.nope }\n}\n\nquery \"q\" {\n  sql = \"x\"\n}\n",
		"b.pp":   "query \"q\" {\n  sql = \"y\"\n}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCheckText(t *testing.T) {
	dir := writeCheckMod(t)
	var out, errb bytes.Buffer
	if code := run([]string{"check", dir}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1 (errors found)\n%s", code, errb.String())
	}
	want := []string{
		"a.pp:3:11: error: query.missing is not defined [unresolved-reference]\n      query = query.missing\n              ^~~~~~~~~~~~~\n",
		"a.pp:4:3: error: widht is not an attribute of control; did you mean width? [unknown-attribute]\n      widht = 3\n      ^~~~~\n",
		// The column counts UTF-16 units: each € is one, not three bytes.
		"a.pp:5:27: error: local.nope is not defined [unresolved-reference]\n",
		"a.pp:8:7: error: the mod defines more than one query.q [duplicate-name]\n",
		"  b.pp:1: note: also defined here\n",
		"b.pp:1:7: error: the mod defines more than one query.q [duplicate-name]\n",
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
}

func TestCheckJSONAndSARIF(t *testing.T) {
	dir := writeCheckMod(t)
	var out, errb bytes.Buffer
	run([]string{"check", dir, "--format", "json", "--min-severity", "warning"}, &out, &errb)
	var found []map[string]any
	if err := json.Unmarshal(out.Bytes(), &found); err != nil {
		t.Fatalf("json: %v\n%s", err, out.String())
	}
	if len(found) != 5 {
		t.Fatalf("json: %d diagnostics, want 5", len(found))
	}
	first := found[0]
	for k, v := range map[string]any{"path": "a.pp", "line": 3.0, "column": 11.0, "end_line": 3.0, "end_column": 24.0, "severity": "error", "code": "unresolved-reference"} {
		if first[k] != v {
			t.Errorf("json %s = %v, want %v", k, first[k], v)
		}
	}
	out.Reset()
	run([]string{"check", "--format=sarif", "--min-severity=warning", dir}, &out, &errb)
	var log struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatalf("sarif: %v", err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "modls" || len(log.Runs[0].Results) != 5 || len(log.Runs[0].Tool.Driver.Rules) != 3 {
		t.Fatalf("sarif: %s", out.String())
	}
	r := log.Runs[0].Results[0]
	if r.RuleID != "unresolved-reference" || r.Level != "error" || r.Locations[0].PhysicalLocation.ArtifactLocation.URI != "a.pp" || r.Locations[0].PhysicalLocation.Region.StartLine != 3 {
		t.Errorf("sarif result: %+v", r)
	}
}

func TestCheckUsage(t *testing.T) {
	for _, args := range [][]string{
		{"check", "--format", "xml"},
		{"check", "--min-severity", "fatal"},
		{"check", t.TempDir()}, // no mod
		{"check", "/no/such/dir"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
