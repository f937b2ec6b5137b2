package eval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
	"github.com/modls/modls/schema"
)

// workspace writes files under a temp mod root and returns a scope of it.
func workspace(t *testing.T, files map[string]string) (*Scope, string) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix, _, _ := index.Load([]string{dir})
	m := ix.ModAt(filepath.Join(dir, "mod.pp"))
	if m == nil {
		t.Fatal("no mod")
	}
	return WithValues(ix, cache.New(1<<20), m.ID, os.ReadFile, nil), dir
}

func value(t *testing.T, s *Scope, src string) (cty.Value, hcl.Diagnostics) {
	t.Helper()
	expr, diags := hclsyntax.ParseExpression([]byte(src), "expr", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", src, diags)
	}
	return s.Value(context.Background(), expr)
}

func TestValues(t *testing.T) {
	s, _ := workspace(t, map[string]string{
		"mod.pp": `mod "m" {}`,
		"vars.pp": `
variable "region" {
  type    = string
  default = "eu-west-1"
}
variable "count" {
  type    = number
  default = "3"
}
variable "nodefault" {
  type = list(string)
}
variable "untyped" {
  default = { a = 1 }
}
variable "broken" {
  type    = number
  default = "x"
}`,
		"locals.pp": `
locals {
  tags   = merge(local.common, { region = var.region })
  loop_a = local.loop_b
}`,
		"more.pp": `
locals {
  common = { team = "sec" }
  loop_b = local.loop_a
  upper  = upper(local.common.team)
  doc    = file("./docs/a.md")
  runtime = query.q.sql
}
locals {
  twice = 1
}
locals {
  twice = 2
}`,
		"docs/a.md": "# A",
	})
	tests := []struct {
		expr string
		want cty.Value
	}{
		{`var.region`, cty.StringVal("eu-west-1")},
		{`var.count + 1`, cty.NumberIntVal(4)},
		{`var.nodefault`, cty.UnknownVal(cty.List(cty.String))},
		{`var.untyped.a`, cty.NumberIntVal(1)},
		{`var.broken`, cty.UnknownVal(cty.Number)},
		{`var.missing`, cty.DynamicVal},
		{`local.tags`, cty.ObjectVal(map[string]cty.Value{"team": cty.StringVal("sec"), "region": cty.StringVal("eu-west-1")})},
		{`local.upper`, cty.StringVal("SEC")},
		{`local.loop_a`, cty.DynamicVal},
		{`local.doc`, cty.StringVal("# A")},
		{`local.runtime`, cty.DynamicVal},
		{`local.twice`, cty.DynamicVal},
		{`self.input.x.value`, cty.DynamicVal},
		{`timestamp()`, cty.DynamicVal},
		{`jsonencode({a = [1, 2]})`, cty.StringVal(`{"a":[1,2]}`)},
		{`startswith("abc", "ab")`, cty.True},
		{`base64decode(base64encode("héllo"))`, cty.StringVal("héllo")},
		{`sha256("")`, cty.StringVal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")},
		{`try(local.common.nope, "fallback")`, cty.StringVal("fallback")},
		{`fileexists("docs/a.md")`, cty.True},
		{`fileexists("docs/b.md")`, cty.False},
	}
	for _, tt := range tests {
		got, diags := value(t, s, tt.expr)
		if diags.HasErrors() {
			t.Errorf("%s: %s", tt.expr, diags)
			continue
		}
		if !got.RawEquals(tt.want) {
			t.Errorf("%s = %#v, want %#v", tt.expr, got, tt.want)
		}
	}
}

func TestErrors(t *testing.T) {
	s, dir := workspace(t, map[string]string{"mod.pp": `mod "m" {}`, "a.txt": "x"})
	outside := filepath.Join(filepath.Dir(dir), "secret.txt")
	os.WriteFile(outside, []byte("secret"), 0o644)
	os.Symlink(outside, filepath.Join(dir, "link.txt"))
	tests := []struct{ expr, want string }{
		{`nosuchfunc(1)`, "no function named"},
		{`file("missing.md")`, "no file missing.md"},
		{`file("../secret.txt")`, "outside the mod's folder"},
		{`file("` + filepath.ToSlash(outside) + `")`, "outside the mod's folder"},
		{`file("link.txt")`, "links outside the mod's folder"},
		{`file("~/.ssh/id_rsa")`, "only files inside"},
		{`upper([1])`, "string required"},
	}
	for _, tt := range tests {
		v, diags := value(t, s, tt.expr)
		if !diags.HasErrors() || !strings.Contains(diags.Error(), tt.want) {
			t.Errorf("%s: got %#v, %v; want an error with %q", tt.expr, v, diags, tt.want)
		}
	}
	if v, _ := value(t, s, `file("a.txt")`); !v.RawEquals(cty.StringVal("x")) {
		t.Errorf(`file("a.txt") = %#v`, v)
	}
}

// TestEveryFunction: the table has every function of the schema, and
// nothing else (a call to anything else is an error, as in Powerpipe).
func TestEveryFunction(t *testing.T) {
	funcs := Functions(t.TempDir(), os.ReadFile)
	names := map[string]bool{}
	for _, f := range schema.Functions() {
		names[f.Name] = true
		if _, ok := funcs[f.Name]; !ok {
			t.Errorf("%s: in the schema, not in the table", f.Name)
		}
	}
	for name := range funcs {
		if !names[name] {
			t.Errorf("%s: in the table, not in the schema", name)
		}
	}
}
