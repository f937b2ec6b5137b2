package check

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/config"
	"github.com/modls/modls/index"
)

// configured checks file name of a mod made of files, with the mod's
// .modls.hcl applied, and renders what File reports.
func configured(t *testing.T, files map[string]string, name string, opt Options) []string {
	t.Helper()
	var got []string
	for _, d := range checkConfigured(t, files, name, opt) {
		fixes := ""
		for _, f := range d.Fixes {
			fixes += " [fix: " + f.Title + "]"
		}
		got = append(got, fmt.Sprintf("%d:%d %s %s: %s%s", d.Range.Start.Line, d.Range.Start.Col, d.Severity, d.Code, d.Message, fixes))
	}
	return got
}

// checkConfigured is what File reports on file name of a mod made of
// files, with the mod's .modls.hcl applied.
func checkConfigured(t *testing.T, files map[string]string, name string, opt Options) []Diagnostic {
	t.Helper()
	dir := t.TempDir()
	for n, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(n))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix, _, _ := index.Load([]string{dir})
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	opt.Config = func(root string) *config.Config {
		if root != dir {
			t.Errorf("config asked for %s, not the mod root %s", root, dir)
		}
		return cfg
	}
	return File(ix, cache.New(1<<20), filepath.Join(dir, filepath.FromSlash(name)), []byte(files[name]), opt)
}

func TestSuppressionComments(t *testing.T) {
	files := map[string]string{
		"mod.pp": "mod \"s\" {}\n",
		"a.pp": `# modls-ignore-file undocumented-value the team's idiom
query "idle" { # modls-ignore unused run from the CLI
  sql = "select 1"
}

// modls-ignore unused
query "idle2" {
  sql = "select 1"
}

/* modls-ignore unused,unresolved-reference reason */
query "idle3" {
  sql = "select 1"
}

control "c" {
  query = query.nope # modls-ignore unresolved-referenc typo
  title = var.missing # modls-ignore unresolved-reference
  description = var.other # a comment after code covers its own line only
}

graph "g" {
  direction = "TD"
}

# modls-ignore unsued,duplicate-name reason
# modls-ignore
`,
	}
	opt := All
	opt.SQL = false
	got := configured(t, files, "a.pp", opt)
	want := []string{
		"17:11 error unresolved-reference: query.nope is not defined [fix: Create query.nope at the end of this file]",
		"19:17 error unresolved-reference: var.other is not defined [fix: Create var.other at the end of this file]",
		"6:4 hint unexplained-suppression: no reason given: say why after the codes, modls-ignore unused <why>",
		"11:24 hint unused-suppression: nothing on the line below is reported as unresolved-reference: the suppression is unused [fix: Remove unresolved-reference from the suppression]",
		"17:37 hint unused-suppression: unresolved-referenc is not a diagnostic code of modls, so this suppresses nothing; did you mean unresolved-reference? [fix: Change to unresolved-reference] [fix: Remove the unused suppression]",
		"18:25 hint unexplained-suppression: no reason given: say why after the codes, modls-ignore unresolved-reference <why>",
		"26:16 hint unused-suppression: unsued is not a diagnostic code of modls, so this suppresses nothing; did you mean unused? [fix: Change to unused] [fix: Remove the unused suppression]",
		"26:23 hint unused-suppression: nothing on the line below is reported as duplicate-name: the suppression is unused [fix: Remove the unused suppression]",
		"27:3 hint unused-suppression: modls-ignore names no code: write the codes it suppresses, then why (modls-ignore unused kept for the CLI)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// With the reference checks off, a suppression of a reference code is
	// not judged.
	opt = Options{Structure: true}
	got = configured(t, files, "a.pp", opt)
	for _, g := range got {
		if strings.Contains(g, "is reported as") {
			t.Errorf("judged with checks off: %s", g)
		}
	}
}

func TestConfigRules(t *testing.T) {
	files := map[string]string{
		".modls.hcl": `ignore_paths = ["generated/**"]

rule "unused" {
  severity = "warning"
}

rule "undocumented-value" {
  enabled = false
}

rule "unused-suppression" {
  enabled = false
}
`,
		"mod.pp":           "mod \"s\" {}\n",
		"a.pp":             "query \"idle\" {\n  sql = \"select 1\"\n}\n\ngraph \"g\" {\n  direction = \"TD\" # modls-ignore unresolved-reference why\n}\n",
		"generated/gen.pp": "control \"c\" {\n  query = query.nope\n}\n",
		"sub/.modls.hcl":   "rule \"x\" {}\n",
	}
	opt := All
	opt.SQL = false
	got := configured(t, files, "a.pp", opt)
	want := []string{"1:7 warning unused: query.idle is never used"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("a.pp: got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := configured(t, files, "generated/gen.pp", opt); len(got) != 0 {
		t.Errorf("an ignored path reports %q", got)
	}
	// The configuration file's own problems; one in a sub-folder is read
	// by nothing.
	got = configured(t, map[string]string{"mod.pp": "mod \"s\" {}\n", ".modls.hcl": "rule \"unsued\" {\n  severty = \"hint\"\n}\nrule \"unused\" {\n  severity = \"fatal\"\n}\n"}, ".modls.hcl", opt)
	want = []string{
		"2:3 error invalid-config: severty is not an attribute of a rule (enabled and severity are); did you mean severity? [fix: Change to severity]",
		`5:14 error invalid-config: severity must be error, warning, info or hint, not "fatal"`,
		"1:7 error invalid-config: unsued is not a diagnostic code of modls; did you mean unused? [fix: Change to unused]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf(".modls.hcl: got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	got = configured(t, files, "sub/.modls.hcl", opt)
	if len(got) != 2 || !strings.Contains(got[0], "x is not a diagnostic code") || !strings.Contains(got[1], "warning invalid-config: modls reads .modls.hcl at the mod root") {
		t.Errorf("sub/.modls.hcl: %q", got)
	}
}

// TestSuppressionFixes: the quick fixes of unused suppressions leave the
// file as a user would write it by hand.
func TestSuppressionFixes(t *testing.T) {
	src := "mod \"s\" {}\n"
	file := `query "a" {
  sql = "select 1" # modls-ignore duplicate-name nothing to hide
}

  # modls-ignore duplicate-name,unused,unsued reason
query "b" {
  sql = "select 2"
}
`
	opt := All
	opt.SQL = false
	var got []string
	for _, d := range checkConfigured(t, map[string]string{"mod.pp": src, "a.pp": file}, "a.pp", opt) {
		for _, f := range d.Fixes {
			got = append(got, f.Title+":\n"+string(apply([]byte(file), f.Edits)))
		}
	}
	rest := "}\n\n  # modls-ignore duplicate-name,unused,unsued reason\nquery \"b\" {\n  sql = \"select 2\"\n}\n"
	first := "query \"a\" {\n  sql = \"select 1\" # modls-ignore duplicate-name nothing to hide\n}\n\n"
	removeTwo := "Remove duplicate-name, unsued from the suppression:\n" + first + "  # modls-ignore unused reason\nquery \"b\" {\n  sql = \"select 2\"\n}\n"
	want := []string{
		"Remove the unused suppression:\nquery \"a\" {\n  sql = \"select 1\"\n" + rest,
		removeTwo,
		"Change to unused:\n" + first + "  # modls-ignore duplicate-name,unused,unused reason\nquery \"b\" {\n  sql = \"select 2\"\n}\n",
		removeTwo,
	}
	if strings.Join(got, "\n---\n") != strings.Join(want, "\n---\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n---\n"), strings.Join(want, "\n---\n"))
	}
}

// TestSuppressionFixLine: removing a suppression on a line of its own
// removes the line.
func TestSuppressionFixLine(t *testing.T) {
	file := "query \"a\" {\n  # modls-ignore missing-arg why\n  sql = \"select 1\"\n}\n\ncontrol \"c\" {\n  query = query.a\n}\n"
	opt := All
	opt.SQL = false
	var got []string
	for _, d := range checkConfigured(t, map[string]string{"mod.pp": "mod \"s\" {}\n", "a.pp": file}, "a.pp", opt) {
		for _, f := range d.Fixes {
			got = append(got, string(apply([]byte(file), f.Edits)))
		}
	}
	want := "query \"a\" {\n  sql = \"select 1\"\n}\n\ncontrol \"c\" {\n  query = query.a\n}\n"
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestConfigure: the rules of a configuration apply to diagnostics made
// outside File (modls check's file-not-checked).
func TestConfigure(t *testing.T) {
	cfg, _ := config.Parse("/m/.modls.hcl", []byte("ignore_paths = [\"vendor/**\"]\nrule \"file-not-checked\" {\n  severity = \"warning\"\n}\nrule \"unused\" {\n  enabled = false\n}\n"))
	ds := []Diagnostic{{Severity: Error, Code: CodeNotChecked}, {Severity: Hint, Code: CodeUnused}}
	got := Configure(cfg, "/m/a.pp", ds)
	if len(got) != 1 || got[0].Code != CodeNotChecked || got[0].Severity != Warning {
		t.Errorf("Configure = %+v", got)
	}
	if got := Configure(cfg, "/m/vendor/x.pp", ds); len(got) != 0 {
		t.Errorf("an ignored path keeps %+v", got)
	}
	if got := Configure(nil, "/m/a.pp", ds); len(got) != 2 {
		t.Errorf("no configuration changes %+v", got)
	}
}
