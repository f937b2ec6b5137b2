package parse

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/modls/modls/internal/corpus"
)

// templateShape describes a template as hclsyntax parses it: literal values
// and interpolation ranges, consecutive literals melded and empty ones left
// out (they add nothing to the value); "" when it is not a template.
func templateShape(expr hclsyntax.Expression) string {
	var parts []hclsyntax.Expression
	switch x := expr.(type) {
	case *hclsyntax.TemplateExpr:
		parts = x.Parts
	case *hclsyntax.TemplateWrapExpr:
		parts = []hclsyntax.Expression{x.Wrapped}
	default:
		return ""
	}
	var b strings.Builder
	lit, inLit := "", false
	for _, p := range parts {
		if l, ok := p.(*hclsyntax.LiteralValueExpr); ok && l.Val.Type() == cty.String {
			lit += l.Val.AsString()
			inLit = true
			continue
		}
		if inLit && lit != "" {
			fmt.Fprintf(&b, "lit %q\n", lit)
		}
		lit, inLit = "", false
		fmt.Fprintf(&b, "interp %d-%d\n", p.Range().Start.Byte, p.Range().End.Byte)
	}
	if inLit && lit != "" {
		fmt.Fprintf(&b, "lit %q\n", lit)
	}
	return b.String()
}

func partsShape(src []byte, parts []TemplatePart) string {
	var b strings.Builder
	lit, inLit := "", false
	for _, p := range parts {
		if !p.Interp {
			lit += p.Value
			inLit = true
			continue
		}
		if inLit && lit != "" {
			fmt.Fprintf(&b, "lit %q\n", lit)
		}
		lit, inLit = "", false
		// hclsyntax's range of the interpolated expression: its text
		// without surrounding white space.
		s, e := p.Start, p.End
		for s < e && strings.IndexByte(" \t\n", src[s]) >= 0 {
			s++
		}
		for e > s && strings.IndexByte(" \t\n", src[e-1]) >= 0 {
			e--
		}
		fmt.Fprintf(&b, "interp %d-%d\n", s, e)
	}
	if inLit && lit != "" {
		fmt.Fprintf(&b, "lit %q\n", lit)
	}
	return b.String()
}

// compareTemplate checks Template against hclsyntax on every attribute of
// src; it returns how many templates were compared.
func compareTemplate(t *testing.T, name string, src []byte) int {
	n := 0
	for _, a := range Scan(src).Attrs {
		parts, _, ok := Template(src, a)
		if !ok {
			continue
		}
		expr, diags := AttrExpression(src, name, a)
		if diags.HasErrors() {
			t.Errorf("%s:%d: Template read what hclsyntax rejects: %v", name, a.Range.Start.Line, diags)
			continue
		}
		want := templateShape(expr)
		if got := partsShape(src, parts); got != want {
			t.Errorf("%s:%d: Template\n%s\nhclsyntax\n%s", name, a.Range.Start.Line, got, want)
		}
		n++
	}
	return n
}

// TestTemplateCorpus: on every attribute of every corpus file that Template
// reads, it reads the parts hclsyntax does.
func TestTemplateCorpus(t *testing.T) {
	n := 0
	for _, mod := range corpus.Mods(t) {
		filepath.WalkDir(corpus.Mod(t, mod), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".pp") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			n += compareTemplate(t, path, src)
			return nil
		})
	}
	if n < 3000 {
		t.Errorf("only %d templates compared", n)
	}
	t.Logf("%d templates read as hclsyntax reads them", n)
}

// FuzzTemplate: on any attribute, Template declines or agrees with hclsyntax.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{
		"a = <<-EOQ\n    select\n      ${local.x}\n    from t\nEOQ\n",
		"a = <<-EOQ\n  x ${y} z\n${w}\n   \n\t\tq\n  EOQ\n",
		"a = \"select ${replace(local.q, \"__Q__\", \"${var.p}.\")} \\\"x\\\" \\u00e9\"\n",
		"a = <<EOQ\n${a}${b}\n  c\nEOQ\n",
		"a = \"${x}\"\n",
		"a = <<-EOQ\n    ${merge({a = 1}, {b = \"}\"})}\n  EOQ\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		compareTemplate(t, "fuzz.pp", []byte(src))
	})
}
