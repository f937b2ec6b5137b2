package config

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	src := `# the team's settings
ignore_paths = ["generated/**", "**/scratch_*.pp"]

rule "undocumented-value" {
  enabled = false
}

rule "unused" {
  severity = "info"
}

rule "sql-syntax" {
  severity = "warnig"
  enabeld  = false
}

rule "unused" {
  severity = "error"
}

rules "x" {}
ignore_path = []
rule {}
rule "a" "b" {}
rule "x" {
  enabled = var.x
  inner {}
}
`
	path := filepath.Join("/m", FileName)
	c, problems := Parse(path, []byte(src))
	var got []string
	for _, p := range problems {
		got = append(got, fmt.Sprintf("%d:%d-%d:%d %s [%s|%s]", p.Range.Start.Line, p.Range.Start.Col, p.Range.End.Line, p.Range.End.Col, p.Message, p.Unknown, strings.Join(p.Known, ",")))
	}
	want := []string{
		`13:14-13:22 severity must be error, warning, info or hint, not "warnig" [warnig|error,warning,info,hint]`,
		`14:3-14:10 enabeld is not an attribute of a rule (enabled and severity are) [enabeld|enabled,severity]`,
		`17:6-17:14 rule "unused" is configured twice; the last one applies [|]`,
		`21:1-21:6 rules is not a block of the configuration file (rule "<code>" { … } is) [rules|rule]`,
		`22:1-22:12 ignore_path is not an attribute of the configuration file [ignore_path|ignore_paths]`,
		`23:1-23:5 a rule block takes one label, the diagnostic code: rule "unused" { … } [|]`,
		`24:10-24:13 a rule block takes one label, the diagnostic code: rule "unused" { … } [|]`,
		`26:13-26:18 enabled must be a literal value: Variables not allowed [|]`,
		`27:3-27:8 a rule holds no blocks, only enabled and severity [|]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !slicesEqual(c.IgnorePaths, []string{"generated/**", "**/scratch_*.pp"}) {
		t.Errorf("ignore paths %q", c.IgnorePaths)
	}
	if c.Enabled("undocumented-value") || !c.Enabled("unused") || !c.Enabled("syntax") {
		t.Errorf("enabled wrong: %+v", c.Rules)
	}
	if r, _ := c.Rule("unused"); r.Severity != "error" {
		t.Errorf("the last rule of a code applies: %+v", r)
	}
	if r, _ := c.Rule("sql-syntax"); r.Severity != "" || !r.Enabled {
		t.Errorf("an invalid severity is not applied: %+v", r)
	}
	if r, _ := c.Rule("undocumented-value"); r.CodeRange.Start.Line != 4 || r.CodeRange.Start.Col != 7 || r.CodeRange.End.Col != 25 {
		t.Errorf("code range %+v, want inside the quotes", r.CodeRange)
	}
	for p, want := range map[string]bool{
		"/m/generated/a.pp": true, "/m/generated/x/b.pp": true, "/m/x/scratch_1.pp": true,
		"/m/a.pp": false, "/other/generated/a.pp": false, "/m/generatedx/a.pp": false,
	} {
		if got := c.Ignored(p); got != want {
			t.Errorf("Ignored(%s) = %v, want %v", p, got, want)
		}
	}
}

func TestParseBroken(t *testing.T) {
	c, problems := Parse(FileName, []byte("rule \"unused\" {\n  enabled = false\n}\nrule \"x\" {\n"))
	if len(problems) == 0 || !strings.Contains(problems[0].Message, "Unclosed configuration block") {
		t.Errorf("problems %+v", problems)
	}
	if c.Enabled("unused") {
		t.Errorf("the valid part of a broken file does not apply: %+v", c.Rules)
	}
	var nilConfig *Config
	if !nilConfig.Enabled("x") || nilConfig.Ignored("/a") {
		t.Error("a nil config changes nothing")
	}
}

func slicesEqual(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

func TestSuppressions(t *testing.T) {
	src := `# modls-ignore-file unused kept for the CLI
query "a" { # modls-ignore unused,sql-syntax  the reason
  sql = "select '# modls-ignore unused'" // modls-ignore: sql-params , control-columns
}
/* modls-ignore unresolved-reference
   spans lines */
// modls-ignored unused
# modls-ignore
#modls-ignore unused` + "\n" + `locals {
  x = <<-EOT
    # modls-ignore unused
  EOT
}
`
	var got []string
	for _, s := range Suppressions([]byte(src)) {
		var codes []string
		for _, c := range s.Codes {
			codes = append(codes, fmt.Sprintf("%s@%d:%d", c.Name, c.Range.Start.Line, c.Range.Start.Col))
		}
		got = append(got, fmt.Sprintf("file=%v lines %d-%d directive %d:%d-%d codes %v listEnd %d reason %q",
			s.File, s.Range.Start.Line, s.Range.End.Line, s.Directive.Start.Line, s.Directive.Start.Col, s.Directive.End.Col, codes, s.ListEnd, s.Reason))
	}
	want := []string{
		`file=true lines 1-1 directive 1:3-20 codes [unused@1:21] listEnd 26 reason "kept for the CLI"`,
		`file=false lines 2-2 directive 2:15-27 codes [unused@2:28 sql-syntax@2:35] listEnd 88 reason "the reason"`,
		`file=false lines 3-3 directive 3:45-57 codes [sql-params@3:59 control-columns@3:72] listEnd 187 reason ""`,
		`file=false lines 5-6 directive 5:4-16 codes [unresolved-reference@5:17] listEnd 226 reason "spans lines"`,
		`file=false lines 8-8 directive 8:3-15 codes [] listEnd 283 reason ""`,
		`file=false lines 9-9 directive 9:2-14 codes [unused@9:15] listEnd 304 reason ""`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("suppressions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	ss := Suppressions([]byte(src))
	if !ss[1].Covers(2) || ss[1].Covers(3) || ss[1].Covers(1) || !ss[0].Covers(100) || !ss[3].Covers(5) || !ss[3].Covers(7) || ss[3].Covers(8) || !ss[4].Covers(9) {
		t.Error("Covers: a modls-ignore after code covers its line, one on lines of its own them and the line below; a modls-ignore-file everything")
	}
	if !ss[1].Trailing || !ss[2].Trailing || ss[0].Trailing || ss[3].Trailing || ss[5].Trailing {
		t.Error("Trailing: a comment after code on its line")
	}
	if s, ok := SuppressionAt([]byte(src), int(ss[1].Codes[1].Range.Start.Byte)); !ok || s.Range != ss[1].Range {
		t.Error("SuppressionAt misses the comment")
	}
	if Suppressions([]byte("query \"q\" {}\n")) != nil {
		t.Error("suppressions in a file without the directive")
	}
}
