package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/modls/modls/check"
	"github.com/modls/modls/internal/corpus"
	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/internal/testtree"
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

// checkModFiles is a mod with five errors and two hints in two files.
var checkModFiles = map[string]string{
	"mod.pp": "mod \"cm\" {}\n",
	"a.pp":   "control \"c\" {\n  title = \"Überblick\"\n  query = query.missing\n  widht = 3\n  tags  = { a = \"€€\", b = local.nope }\n}\n\nquery \"q\" {\n  sql = \"select 1\"\n}\n",
	"b.pp":   "query \"q\" {\n  sql = \"select 2\"\n}\n",
}

func writeCheckMod(t *testing.T) string {
	t.Helper()
	return testtree.Write(t, t.TempDir(), checkModFiles)
}

// runIn runs modls in the working directory dir.
func runIn(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckText(t *testing.T) {
	dir := writeCheckMod(t)
	code, out, errOut := runIn(t, dir, "check")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (errors found)\n%s", code, errOut)
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
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if errOut != "5 errors, 2 hints in 2 files\n" {
		t.Errorf("stderr = %q, want the summary line", errOut)
	}
	if strings.Contains(out, "\033[") {
		t.Errorf("colour in output to a buffer:\n%q", out)
	}
}

// TestCheckPaths: paths are relative to the working directory, whatever
// the DIR arguments, and absolute outside it — in text, JSON and SARIF.
func TestCheckPaths(t *testing.T) {
	base := t.TempDir()
	for _, m := range []string{"mods/a", "mods/b"} {
		files := map[string]string{}
		for name, text := range checkModFiles {
			files[m+"/"+name] = text
		}
		testtree.Write(t, base, files)
	}
	// From the parent of both mods, two DIRs: each file under its own path.
	code, out, _ := runIn(t, base, "check", "mods/a", filepath.Join(base, "mods/b"), "--min-severity", "error")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	got := regexp.MustCompile(`(?m)^\S+:\d+:\d+: `).FindAllString(out, -1)
	want := []string{
		"mods/a/a.pp:3:11: ", "mods/a/a.pp:4:3: ", "mods/a/a.pp:5:27: ", "mods/a/a.pp:8:7: ", "mods/a/b.pp:1:7: ",
		"mods/b/a.pp:3:11: ", "mods/b/a.pp:4:3: ", "mods/b/a.pp:5:27: ", "mods/b/a.pp:8:7: ", "mods/b/b.pp:1:7: ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("text positions:\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(out, "  mods/b/b.pp:1: note: also defined here\n") {
		t.Errorf("related path not relative to the working directory:\n%s", out)
	}
	// From inside a mod's subfolder: what lies outside it is absolute.
	testtree.Write(t, base, map[string]string{"mods/a/sub/c.pp": "query \"c\" {\n  sql = \"select 1\"\n}\n"})
	_, out, _ = runIn(t, filepath.Join(base, "mods/a/sub"), "check", "..", "--format", "json")
	var found []struct{ Path string }
	if err := json.Unmarshal([]byte(out), &found); err != nil {
		t.Fatal(err)
	}
	paths := map[string]bool{}
	for _, f := range found {
		paths[f.Path] = true
	}
	for _, p := range []string{"c.pp", filepath.Join(base, "mods/a/a.pp")} {
		if !paths[p] {
			t.Errorf("json paths %v lack %s", paths, p)
		}
	}
}

// sarifLog is what the tests read of a SARIF log.
type sarifLog struct {
	Version string
	Schema  string `json:"$schema"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name, Version, InformationURI string
				Rules                         []struct {
					ID                                string
					ShortDescription, FullDescription struct{ Text string }
					HelpURI                           string
					DefaultConfiguration              struct{ Level string }
				}
			}
		}
		OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
		Results            []struct {
			RuleID    string
			RuleIndex int
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string
						URIBaseID string `json:"uriBaseId"`
					}
					Region *struct{ StartLine, StartColumn, EndLine, EndColumn int }
				}
			}
			RelatedLocations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string }
				}
				Message struct{ Text string }
			}
		}
	}
}

func readSARIF(t *testing.T, out string) sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("sarif: %v\n%s", err, out)
	}
	if log.Version != "2.1.0" || log.Schema == "" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "modls" {
		t.Fatalf("sarif: not one run of modls 2.1.0:\n%s", out)
	}
	return log
}

func TestCheckJSONAndSARIF(t *testing.T) {
	dir := writeCheckMod(t)
	code, out, _ := runIn(t, dir, "check", "--format", "json", "--min-severity", "warning")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var found []map[string]any
	if err := json.Unmarshal([]byte(out), &found); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
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
	_, out, _ = runIn(t, dir, "check", "--format=sarif", "--min-severity=warning")
	log := readSARIF(t, out)
	run := log.Runs[0]
	if len(run.Results) != 5 || len(run.Tool.Driver.Rules) != 3 {
		t.Fatalf("sarif: %d results, %d rules; want 5 and 3:\n%s", len(run.Results), len(run.Tool.Driver.Rules), out)
	}
	r := run.Results[0]
	loc := r.Locations[0].PhysicalLocation
	if r.RuleID != "unresolved-reference" || r.Level != "error" || loc.ArtifactLocation.URI != "a.pp" || loc.Region.StartLine != 3 {
		t.Errorf("sarif result: %+v", r)
	}
	for _, r := range run.Results {
		if rule := run.Tool.Driver.Rules[r.RuleIndex]; rule.ID != r.RuleID {
			t.Errorf("result %s has ruleIndex %d, the rule of %s", r.RuleID, r.RuleIndex, rule.ID)
		}
		if r.RuleID == check.CodeDuplicate && (len(r.RelatedLocations) != 1 || r.RelatedLocations[0].Message.Text != "also defined here") {
			t.Errorf("duplicate-name without its related location: %+v", r)
		}
	}
}

// TestCheckSARIFRoot: SARIF URIs are relative to %SRCROOT%, the root of the
// git work tree holding the working directory (a .git folder or file
// upward), else the working directory; text paths stay relative to the
// working directory.
func TestCheckSARIFRoot(t *testing.T) {
	base := t.TempDir()
	if r := sarifRoot(base); r != base {
		t.Skipf("the temporary folder is inside a git work tree (%s)", r)
	}
	files := map[string]string{}
	for name, text := range checkModFiles {
		files["mods/a/"+name] = text
	}
	testtree.Write(t, base, files)
	for _, tt := range []struct {
		name, git, wd, root, uri string
	}{
		{"no git", "", "mods", "mods", "a/a.pp"},
		{"git folder", ".git/HEAD", "mods", ".", "mods/a/a.pp"},
		{"git file (worktree)", ".git", "mods/a", ".", "mods/a/a.pp"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			os.RemoveAll(filepath.Join(base, ".git"))
			if tt.git != "" {
				testtree.Write(t, base, map[string]string{tt.git: "gitdir: elsewhere\n"})
			}
			wd := filepath.Join(base, tt.wd)
			_, out, _ := runIn(t, wd, "check", "--format", "sarif", filepath.Join(base, "mods/a"))
			log := readSARIF(t, out)
			root := log.Runs[0].OriginalURIBaseIDs["%SRCROOT%"].URI
			if want := "file://" + filepath.ToSlash(filepath.Join(base, tt.root)) + "/"; root != want {
				t.Errorf("%%SRCROOT%% = %q, want %q", root, want)
			}
			a := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
			if a.URI != tt.uri || a.URIBaseID != "%SRCROOT%" {
				t.Errorf("artifactLocation = %+v, want %s relative to %%SRCROOT%%", a, tt.uri)
			}
		})
	}
	// A file outside %SRCROOT% has an absolute file: URI.
	other := t.TempDir()
	_, out, _ := runIn(t, other, "check", "--format", "sarif", filepath.Join(base, "mods/a"))
	a := readSARIF(t, out).Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	if a.URI != "file://"+filepath.ToSlash(filepath.Join(base, "mods/a/a.pp")) || a.URIBaseID != "" {
		t.Errorf("artifactLocation outside %%SRCROOT%% = %+v", a)
	}
}

// TestCheckSARIFRules: every rule has its summary, full description, help
// page and default level; each result has its own level.
func TestCheckSARIFRules(t *testing.T) {
	dir := testtree.Write(t, t.TempDir(), map[string]string{
		"mod.pp": "mod \"m\" {}\n",
		"a.pp":   "dashboard \"d\" {\n  input {\n    sql = \"select 1\"\n  }\n  chart {\n    type = \"pie3d\"\n    sql  = \"select 1\"\n  }\n}\n\ncontrol \"c\" {\n  query = query.nope\n}\n",
	})
	_, out, _ := runIn(t, dir, "check", "--format", "sarif")
	log := readSARIF(t, out)
	driver := log.Runs[0].Tool.Driver
	if driver.Version == "" || !strings.HasPrefix(driver.InformationURI, "https://") {
		t.Errorf("driver version %q, informationUri %q", driver.Version, driver.InformationURI)
	}
	levels := map[string]string{}
	for _, r := range driver.Rules {
		levels[r.ID] = r.DefaultConfiguration.Level
		if r.ShortDescription.Text == "" || len(r.FullDescription.Text) <= len(r.ShortDescription.Text) {
			t.Errorf("rule %s: short %q, full %q", r.ID, r.ShortDescription.Text, r.FullDescription.Text)
		}
		if !strings.HasPrefix(r.HelpURI, "https://") || !strings.HasSuffix(r.HelpURI, "/docs/diagnostics.md#"+r.ID) {
			t.Errorf("rule %s: helpUri %q", r.ID, r.HelpURI)
		}
	}
	want := map[string]string{"anonymous-block": "warning", "undocumented-value": "note", "unresolved-reference": "error"}
	for id, level := range want {
		if levels[id] != level {
			t.Errorf("rule %s: default level %q, want %q (rules %v)", id, levels[id], level, levels)
		}
	}
	for _, r := range log.Runs[0].Results {
		if w, ok := want[r.RuleID]; ok && r.Level != w {
			t.Errorf("result %s: level %q, want %q", r.RuleID, r.Level, w)
		}
	}
}

func TestCheckExitCodes(t *testing.T) {
	warning := "dashboard \"d\" {\n  input {\n    sql = \"select 1\"\n  }\n}\n"
	tests := []struct {
		name   string
		files  map[string]string
		args   []string
		code   int
		stderr string // exactly
	}{
		{"clean", map[string]string{"q.pp": "query \"q\" {\n  sql = \"select 'r' as resource, 'ok' as status, 'fine' as reason\"\n}\n\ncontrol \"c\" {\n  query = query.q\n}\n"}, nil, 0, ""},
		{"hints only", map[string]string{"q.pp": "query \"q\" {\n  sql = \"select 1\"\n}\n"}, nil, 0, "1 hint in 1 file\n"},
		{"a warning", map[string]string{"d.pp": warning}, nil, 0, "1 warning in 1 file\n"},
		{"warnings within --max-warnings", map[string]string{"d.pp": warning}, []string{"--max-warnings", "1"}, 0, "1 warning in 1 file\n"},
		{"more warnings than --max-warnings", map[string]string{"d.pp": warning}, []string{"--max-warnings=0"}, 1, "1 warning in 1 file\nmodls: too many warnings (1, maximum 0)\n"},
		{"warnings hidden by --min-severity", map[string]string{"d.pp": warning}, []string{"--max-warnings=0", "--min-severity", "error"}, 0, ""},
		{"an error", map[string]string{"c.pp": "control \"c\" {\n  query = query.nope\n}\n"}, nil, 1, "1 error in 1 file\n"},
		{"an error disabled", map[string]string{"c.pp": "control \"c\" {\n  query = query.nope\n}\n"}, []string{"--disable", "unresolved-reference"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"mod.pp": "mod \"m\" {}\n"}
			for k, v := range tt.files {
				files[k] = v
			}
			dir := testtree.Write(t, t.TempDir(), files)
			code, out, errOut := runIn(t, dir, append([]string{"check"}, tt.args...)...)
			if code != tt.code || errOut != tt.stderr {
				t.Errorf("exit %d, stderr %q; want %d, %q\n%s", code, errOut, tt.code, tt.stderr, out)
			}
		})
	}
}

func TestCheckDisable(t *testing.T) {
	dir := writeCheckMod(t)
	code, out, errOut := runIn(t, dir, "check", "--disable", "unresolved-reference,unused", "--disable=unknown-attribute")
	if code != 1 || strings.Contains(out, "[unresolved-reference]") || strings.Contains(out, "[unused]") || strings.Contains(out, "[unknown-attribute]") || !strings.Contains(out, "[duplicate-name]") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if errOut != "2 errors in 2 files\n" {
		t.Errorf("stderr %q", errOut)
	}
	// Every code the check package defines is accepted, new ones included.
	for _, c := range diagnosticCodes() {
		if _, _, ok := parseCheckFlags([]string{"--disable", c}, &bytes.Buffer{}); !ok {
			t.Errorf("--disable %s refused", c)
		}
	}
	for _, tt := range []struct{ code, want string }{
		{"unsued", `unknown code "unsued"; did you mean unused?`},
		{"unresolved", `did you mean unresolved-reference, unresolved-link?`},
		{"zzz", `unknown code "zzz" (the codes: modls help check, docs/diagnostics.md)`},
	} {
		code, out, errOut := runIn(t, dir, "check", "--disable", "syntax,"+tt.code)
		if code != 2 || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("--disable %s: exit %d, stderr %q; want 2 and %q", tt.code, code, errOut, tt.want)
		}
	}
}

// TestCheckFiles: FILE arguments load their whole mod (a duplicate in
// another file is found) but report only the given files.
func TestCheckFiles(t *testing.T) {
	base := t.TempDir()
	files := map[string]string{"other/mod.pp": "mod \"o\" {}\n", "other/x.pp": "control \"x\" {\n  query = query.nope\n}\n"}
	for name, text := range checkModFiles {
		files["m/"+name] = text
	}
	files["m/.powerpipeignore"] = "ignored.pp\n"
	files["m/ignored.pp"] = "query \"i\" {\n  sql = \"select 1\"\n}\n"
	testtree.Write(t, base, files)
	code, out, errOut := runIn(t, base, "check", "m/b.pp", "--min-severity", "error")
	if code != 1 || out != "m/b.pp:1:7: error: the mod defines more than one query.q [duplicate-name]\n    query \"q\" {\n          ^~~\n  m/a.pp:8: note: also defined here\n" {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if errOut != "1 error in 1 file\n" {
		t.Errorf("stderr %q", errOut)
	}
	// A clean file passes even though its mod has errors elsewhere; a FILE
	// and a DIR together.
	testtree.Write(t, base, map[string]string{"m/c.pp": "query \"c\" {\n  sql = \"select 1\"\n}\n"})
	if code, out, _ := runIn(t, base, "check", "m/c.pp", "--min-severity", "warning"); code != 0 || out != "" {
		t.Errorf("clean file: exit %d\n%s", code, out)
	}
	code, out, _ = runIn(t, base, "check", "m/c.pp", "other", "--format", "json", "--min-severity", "warning")
	var found []struct{ Path string }
	json.Unmarshal([]byte(out), &found)
	if code != 1 || len(found) != 1 || found[0].Path != "other/x.pp" {
		t.Errorf("FILE and DIR: exit %d, %+v", code, found)
	}
	// A file the mod excludes is said so on stderr, not checked.
	code, out, errOut = runIn(t, base, "check", "m/ignored.pp")
	if code != 0 || out != "" || errOut != "modls: m/ignored.pp: not checked: not a source or variable file of its mod (see .powerpipeignore)\n" {
		t.Errorf("ignored file: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// A file in no mod (a Puppet manifest beside the mods) is set aside.
	testtree.Write(t, base, map[string]string{"puppet/site.pp": "node default {}\n"})
	if code, out, errOut := runIn(t, base, "check", "puppet/site.pp"); code != 0 || out != "" || errOut != "modls: puppet/site.pp: not checked: in no mod (no mod.pp or mod.sp in its folder or above)\n" {
		t.Errorf("file in no mod: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, out, _ := runIn(t, base, "check", "puppet/site.pp", "m/b.pp", "--min-severity", "error"); code != 1 || !strings.HasPrefix(out, "m/b.pp:1:7: error") {
		t.Errorf("file in no mod and file in a mod: exit %d\n%s", code, out)
	}
	if code, _, errOut := runIn(t, base, "check", "m/nope.pp"); code != 2 || !strings.Contains(errOut, "m/nope.pp: no such file or directory") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
}

// TestCheckNotChecked: a file that is not read is an error of its own, and
// what it may define is not reported as missing (nor the rest as unused).
func TestCheckNotChecked(t *testing.T) {
	dir := testtree.Write(t, t.TempDir(), map[string]string{
		"mod.pp":    "mod \"m\" {}\n",
		"c.pp":      "control \"c\" {\n  query = query.in_big\n  widht = 1\n}\n\nquery \"unused\" {\n  sql = \"select 1\"\n}\n",
		"big.pp":    "",
		"sub/ok.pp": "",
		// var.in_big may be declared in big.pp: not an unknown variable.
		"powerpipe.ppvars": "in_big = 1\n",
	})
	if err := os.Truncate(filepath.Join(dir, "big.pp"), source.MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("..", filepath.Join(dir, "sub", "loop")); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runIn(t, dir, "check")
	want := "big.pp: error: not checked: skipped: 33554433 bytes is over the 32 MB limit for a source file [file-not-checked]\n" +
		"c.pp:3:3: error: widht is not an attribute of control; did you mean width? [unknown-attribute]\n      widht = 1\n      ^~~~~\n" +
		"sub/loop: error: not checked: symlink loop: this directory is " + dir + ", which contains it; not walked again [file-not-checked]\n"
	if code != 1 || out != want {
		t.Errorf("exit %d:\n%s\nwant:\n%s", code, out, want)
	}
	if errOut != "3 errors in 3 files\n" {
		t.Errorf("stderr %q", errOut)
	}
	// The reason stays when only the file is asked for; other files' are not reported.
	if _, out, _ := runIn(t, dir, "check", "big.pp", "--format", "json"); !strings.Contains(out, `"code": "file-not-checked"`) || strings.Contains(out, "sub/loop") {
		t.Errorf("check big.pp:\n%s", out)
	}
	_, out, _ = runIn(t, dir, "check", "big.pp", "--format", "sarif")
	log := readSARIF(t, out)
	if rules, results := log.Runs[0].Tool.Driver.Rules, log.Runs[0].Results; len(rules) != 1 || len(results) != 1 ||
		!strings.HasSuffix(rules[0].HelpURI, "#file-not-checked") || rules[0].DefaultConfiguration.Level != "error" ||
		results[0].Locations[0].PhysicalLocation.Region == nil || results[0].Locations[0].PhysicalLocation.Region.StartLine != 1 {
		t.Errorf("sarif of file-not-checked:\n%s", out)
	}
	if _, out, _ := runIn(t, dir, "check", "--disable", "file-not-checked"); strings.Contains(out, "file-not-checked") {
		t.Errorf("--disable file-not-checked:\n%s", out)
	}
}

func TestCheckPerFileCap(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 5; i++ {
		b.WriteString("control \"c" + string(rune('a'+i)) + "\" {\n  query = query.nope\n}\n")
	}
	dir := testtree.Write(t, t.TempDir(), map[string]string{"mod.pp": "mod \"m\" {}\n", "c.pp": b.String(), "d.pp": "control \"d\" {\n  query = query.nope\n}\n"})
	code, out, errOut := runIn(t, dir, "check", "--max-per-file", "2")
	if code != 1 || strings.Count(out, "[unresolved-reference]") != 3 || !strings.Contains(out, "c.pp:5:11: error") || strings.Contains(out, "c.pp:8:11: error") ||
		!strings.Contains(out, "^~~~~~~~~~\nc.pp: 3 more not shown (--max-per-file 2)\nd.pp:2:11: error") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if errOut != "6 errors in 2 files; 3 not shown (--max-per-file 2)\n" {
		t.Errorf("stderr %q", errOut)
	}
	// JSON and SARIF carry everything unless asked.
	_, out, _ = runIn(t, dir, "check", "--format", "json")
	if n := strings.Count(out, `"code": "unresolved-reference"`); n != 6 {
		t.Errorf("json: %d diagnostics, want 6", n)
	}
}

func TestCheckColor(t *testing.T) {
	dir := writeCheckMod(t)
	t.Setenv("NO_COLOR", "1")
	_, out, errOut := runIn(t, dir, "check", "--color", "always", "--min-severity", "error")
	for _, w := range []string{"\033[1ma.pp:3:11:\033[0m \033[1;31merror:\033[0m", "\033[1;32m^~~~~~~~~~~~~\033[0m"} {
		if !strings.Contains(out, w) {
			t.Errorf("--color always lacks %q:\n%q", w, out)
		}
	}
	if !strings.Contains(errOut, "\033[1;31m5 errors\033[0m") {
		t.Errorf("summary not coloured: %q", errOut)
	}
	for _, args := range [][]string{{"--color", "never"}, {"--color", "auto"}, {}} {
		if _, out, errOut := runIn(t, dir, append([]string{"check"}, args...)...); strings.Contains(out+errOut, "\033") {
			t.Errorf("%v: colour in output to a buffer", args)
		}
	}
	if code, _, _ := runIn(t, dir, "check", "--color", "rainbow"); code != 2 {
		t.Errorf("--color rainbow: exit %d, want 2", code)
	}
}

func TestCheckUsage(t *testing.T) {
	for _, args := range [][]string{
		{"check", "--format", "xml"},
		{"check", "--min-severity", "fatal"},
		{"check", "--disable", "nonsense"},
		{"check", "--max-warnings", "many"},
		{"check", t.TempDir()}, // no mod
		{"check", "/no/such/dir"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
