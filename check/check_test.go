package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// TestCodesDocumented keeps docs/diagnostics.md in step with the codes.
func TestCodesDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/diagnostics.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range Codes() {
		if !strings.Contains(string(doc), "\n## "+c.Code+"\n") {
			t.Errorf("docs/diagnostics.md has no section for %s", c.Code)
		}
		if c.Summary == "" {
			t.Errorf("code %s has no summary", c.Code)
		}
	}
}

func TestSeverity(t *testing.T) {
	for _, s := range []Severity{Error, Warning, Info, Hint} {
		if got, ok := ParseSeverity(s.String()); !ok || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s.String(), got, ok)
		}
	}
	if _, ok := ParseSeverity("fatal"); ok {
		t.Error("ParseSeverity accepts fatal")
	}
}

// TestDependencies: what Powerpipe requires of a dependency before it loads
// the mod — installed, in a satisfying version, in the lock file — and of
// its args and references; one error for a missing dependency, however
// often its alias is used.
func TestDependencies(t *testing.T) {
	const lock = `{"app": {"github.com/acme/here": {"name": "github.com/acme/here", "version": "1.2.0", "alias": "here"}}}`
	const dep = "variable \"region\" {\n  type    = string\n  default = \"a\"\n}\n\nlocals {\n  l = 1\n}\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"installed, missing and local", map[string]string{
			"mod.pp":          "mod \"app\" {\n  require {\n    mod \"github.com/acme/here\" {\n      version = \"^1.0\"\n    }\n    mod \"github.com/acme/gone\" {\n      version = \"^1.0\"\n    }\n    mod \"../local\" {\n      path = \"../local\"\n    }\n  }\n}\n",
			".mod.cache.json": lock,
			"a.pp":            "query \"q\" {\n  sql   = \"select 1\"\n  title = gone.query.x.title\n  tags  = gone.query.y.tags\n}\n",
		}, []string{"mod.pp:6:9 dependency-not-installed: github.com/acme/gone is not installed: run `powerpipe mod install` in the mod's folder"}},
		{"no lock file", map[string]string{
			"mod.pp": "mod \"app\" {\n  require {\n    mod \"github.com/acme/here\" {\n      version = \"^1.0\"\n    }\n  }\n}\n",
		}, []string{"mod.pp:3:9 dependency-not-installed: github.com/acme/here is installed, but the mod has no .mod.cache.json recording it, so Powerpipe takes it for not installed: run `powerpipe mod install` in the mod's folder"}},
		{"version not satisfied", map[string]string{
			"mod.pp":          "mod \"app\" {\n  require {\n    mod \"github.com/acme/here\" {\n      version = \"^2.0\"\n    }\n  }\n}\n",
			".mod.cache.json": lock,
		}, []string{`mod.pp:4:17 dependency-not-installed: the installed github.com/acme/here v1.2.0 does not satisfy "^2.0", so Powerpipe takes it for not installed: run ` + "`powerpipe mod install`" + ` (or update the constraint)`}},
		{"args and locals", map[string]string{
			"mod.pp":          "mod \"app\" {\n  require {\n    mod \"github.com/acme/here\" {\n      version = \"^1.0\"\n      args = {\n        regoin = \"b\"\n        region = [\"b\"]\n      }\n    }\n  }\n}\n",
			".mod.cache.json": lock,
			"a.pp":            "query \"q\" {\n  sql   = \"select 1\"\n  title = here.local.l\n  tags  = { r = here.var.region }\n}\n",
		}, []string{
			`a.pp:3:11 unresolved-reference: here.local.l: a mod's locals are private to it, so Powerpipe never resolves this reference; use a variable or a resource of here`,
			`mod.pp:6:9 dependency-args: the dependency here (github.com/acme/here@v1.2.0) declares no variable "regoin": Powerpipe refuses a value for an undeclared variable; did you mean region?`,
			`mod.pp:7:18 dependency-args: here.var.region is a string: string required, but have tuple`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, text string) {
				p := filepath.Join(dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for name, text := range tt.files {
				write(name, text)
			}
			write(".powerpipe/mods/github.com/acme/here@v1.2.0/mod.pp", "mod \"here\" {}\n")
			write(".powerpipe/mods/github.com/acme/here@v1.2.0/vars.pp", dep)
			ix, _, _ := index.Load([]string{dir})
			var got []string
			for _, name := range []string{"mod.pp", "a.pp"} {
				path := filepath.Join(dir, name)
				src, err := os.ReadFile(path)
				if err != nil {
					continue
				}
				opt := All
				opt.SQL = false
				for _, d := range File(ix, cache.New(1<<20), path, src, opt) {
					if d.Severity == Error {
						got = append(got, fmt.Sprintf("%s:%d:%d %s: %s", name, d.Range.Start.Line, d.Range.Start.Col, d.Code, d.Message))
					}
				}
			}
			sort.Strings(got)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// checkMod writes files (name → text) into dir, indexes it and checks the
// file name.
func checkMod(t *testing.T, dir string, files map[string]string, name string, opt Options) []Diagnostic {
	t.Helper()
	for n, text := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix, _, _ := index.Load([]string{dir})
	path := filepath.Join(dir, name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return File(ix, cache.New(1<<20), path, src, opt)
}

func TestUnused(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"mod.pp": "mod \"u\" {}\n",
		"a.pp":   "query \"used\" {\n  sql = \"select 1\"\n}\n\nquery \"idle\" {\n  sql = \"select 2\"\n}\n\nvariable \"v\" {\n  default = 1\n}\n\nlocals {\n  l = 1\n  m = local.l\n}\n\ncontrol \"c\" {\n  query = query.used\n  tags  = { x = local.m }\n}\n",
	}
	var got []string
	opt := All
	opt.SQL = false // its SQL is a placeholder
	for _, d := range checkMod(t, dir, files, "a.pp", opt) {
		got = append(got, fmt.Sprintf("%d:%d %s %s", d.Range.Start.Line, d.Range.Start.Col, d.Severity, d.Message))
	}
	want := []string{"5:7 hint query.idle is never used", "9:10 hint var.v is never used"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestVarFile(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"mod.pp":           "mod \"v\" {}\n",
		"vars.pp":          "variable \"regions\" {\n  type    = list(string)\n  default = []\n}\n\nvariable \"level\" {\n  type = number\n}\n",
		"powerpipe.ppvars": "regions = \"eu-west-1\"\nregoins = []\nlevel   = 3\n",
	}
	for name, text := range files {
		os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	}
	ix, _, _ := index.Load([]string{dir})
	path := filepath.Join(dir, "powerpipe.ppvars")
	src, _ := os.ReadFile(path)
	var got []string
	for _, d := range VarFile(ix, cache.New(1<<20), path, src) {
		got = append(got, fmt.Sprintf("%d:%d %s %s: %s", d.Range.Start.Line, d.Range.Start.Col, d.Severity, d.Code, d.Message))
	}
	// Powerpipe converts values from files, and only warns of a name the
	// mod does not declare.
	want := []string{
		"1:11 error value-type-mismatch: var.regions is a list(string): list of string required, but have string",
		`2:1 warning unknown-variable: the mod declares no variable "regoins", so Powerpipe ignores this value; did you mean regions?`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestUndocumentedValue: a value outside an attribute's documented values
// is a hint, never more (Powerpipe checks none of them); a documented one,
// or one that depends on run time, is quiet.
func TestUndocumentedValue(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"mod.pp": "mod \"u\" {}\n",
		"a.pp":   "variable \"kind\" {\n  default = \"bar\"\n}\n\nchart \"a\" {\n  type = \"pie3d\"\n}\n\nchart \"b\" {\n  type = var.kind\n}\n\nchart \"c\" {\n  type = \"line\"\n}\n\ngraph \"g\" {\n  direction = \"TD\"\n}\n",
	}
	var got []string
	for _, d := range checkMod(t, dir, files, "a.pp", Options{Structure: true}) {
		got = append(got, fmt.Sprintf("%d:%d %s %s: %s", d.Range.Start.Line, d.Range.Start.Col, d.Severity, d.Code, d.Message))
	}
	want := []string{
		`6:10 hint undocumented-value: "pie3d" is not a documented value of type (area, bar, column, donut, heatmap, line, pie, table)`,
		`18:15 hint undocumented-value: "TD" is not a documented value of direction (left_right, top_down, LR, TB)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestFileCancelled: a check whose context has ended returns nothing (its
// caller, a pass an edit made stale, discards it) and stops early.
func TestFileCancelled(t *testing.T) {
	src := []byte("query \"q\" {\n  sql = \"select 1\"\n  titel = \"x\"\n}\ncontrol \"c\" {\n  query = query.missing\n}\n")
	ix := index.NewBuilder()
	id := ix.AddMod("/m", "/m/mod.pp")
	ix.SetFile(id, "/m/a.pp", src, parse.Scan(src))
	snap := ix.Index()
	opt := All
	if ds := File(snap, cache.New(1<<20), "/m/a.pp", src, opt); len(ds) == 0 {
		t.Fatal("no diagnostics without cancellation")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	opt.Context = ctx
	if ds := File(snap, cache.New(1<<20), "/m/a.pp", src, opt); ds != nil {
		t.Errorf("a cancelled check returned %v", ds)
	}
}

// TestSharedArgs: args of the same text at different places (their parse is
// shared) are each reported at their own place.
func TestSharedArgs(t *testing.T) {
	dir := t.TempDir()
	body := "  sql = \"select $1\"\n  param \"region\" {}\n"
	files := map[string]string{
		"mod.pp": "mod \"s\" {}\n",
		"a.pp": "query \"q\" {\n" + body + "}\n\ndashboard \"d\" {\n  input \"i\" {\n    sql = \"select 1\"\n  }\n" +
			"  card {\n    query = query.q\n    args = { regoin = upper(self.input.i.value) }\n  }\n" +
			"  table {\n    query = query.q\n    args = { regoin = upper(self.input.i.value) }\n  }\n}\n",
	}
	var got []string
	opt := All
	opt.SQL = false
	for _, d := range checkMod(t, dir, files, "a.pp", opt) {
		if d.Severity == Error {
			got = append(got, fmt.Sprintf("%d:%d-%d:%d %s", d.Range.Start.Line, d.Range.Start.Col, d.Range.End.Line, d.Range.End.Col, d.Code))
		}
	}
	sort.Strings(got)
	want := []string{"12:14-12:20 unknown-param", "12:23-12:48 runtime-reference", "16:14-16:20 unknown-param", "16:23-16:48 runtime-reference"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
