package check

// This file checks variable files (powerpipe.ppvars, *.auto.ppvars and the
// legacy .spvars): each key should name a variable of the mod (Powerpipe
// ignores others, with a warning), and its value must suit that variable's
// type.

import (
	"fmt"
	"path/filepath"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/eval"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

// Codes of variable files.
const (
	CodeUnknownVariable = "unknown-variable"
	CodeValueType       = "value-type-mismatch"
)

// IsVarFile reports whether path is a variable file by its name.
func IsVarFile(path string) bool {
	switch filepath.Ext(path) {
	case ".ppvars", ".spvars":
		return true
	}
	return false
}

// VarFile checks the variable file at path, whose content is src, against
// the variables of the mod that holds it.
func VarFile(ix *index.Index, c *cache.Cache, path string, src []byte) []Diagnostic {
	f, diags := parse.ParseConfig(src, path, hcl.InitialPos)
	var out []Diagnostic
	for _, d := range diags {
		if d.Severity == hcl.DiagError && d.Subject != nil {
			out = append(out, Diagnostic{Range: span.RangeOf(src, d.Subject.Start.Byte, d.Subject.End.Byte), Severity: Error, Code: CodeSyntax, Message: d.Summary + ": " + d.Detail})
		}
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return out
	}
	for _, b := range body.Blocks {
		r := b.TypeRange
		out = append(out, Diagnostic{Range: span.RangeOf(src, r.Start.Byte, r.End.Byte), Severity: Error, Code: CodeUnknownBlock,
			Message: "a variable file holds only `name = value` settings, not blocks"})
	}
	m := ix.ModAt(path)
	if m == nil {
		return out
	}
	for name, a := range body.Attributes {
		nr := a.NameRange
		vars := ix.Lookup(m.ID, "var."+name)
		if len(vars) == 0 {
			// Powerpipe loads the mod and only warns ("Value for undeclared
			// variable"): the setting does nothing.
			msg := fmt.Sprintf("the mod declares no variable %q, so Powerpipe ignores this value", name)
			if s := suggestVariable(ix, m.ID, name); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			}
			out = append(out, Diagnostic{Range: span.RangeOf(src, nr.Start.Byte, nr.End.Byte), Severity: Warning, Code: CodeUnknownVariable, Message: msg})
			continue
		}
		ty, ok := variableType(c, vars[0])
		if !ok {
			continue
		}
		val, vdiags := eval.Literal(a.Expr)
		if vdiags.HasErrors() || !val.IsWhollyKnown() {
			continue
		}
		// Powerpipe converts a value from a file, and failing that
		// matches it structurally (inputvars CheckInputVariables).
		if _, err := convert.Convert(val, ty); err != nil && !compatible(ty, val) {
			r := a.Expr.Range()
			out = append(out, Diagnostic{Range: span.RangeOf(src, r.Start.Byte, r.End.Byte), Severity: Error, Code: CodeValueType,
				Message: fmt.Sprintf("var.%s is a %s: %s", name, typeexpr.TypeString(ty), err),
				Related: []Related{{Path: vars[0].File().Path, Range: vars[0].NameRange, Message: "declared here"}}})
		}
	}
	sortDiagnostics(out)
	return out
}

// variableType reads the declared type of a variable entry, when it is a
// standard type.
func variableType(c *cache.Cache, v *index.Entry) (ty cty.Type, ok bool) {
	src, err := source.Read(v.File().Path)
	if err != nil {
		return ty, false
	}
	blk, diags := c.GetOrParseBlock(v.File().Path, src, v.Range)
	if blk == nil || diags.HasErrors() {
		return ty, false
	}
	ta := blk.Body.Attributes["type"]
	if ta == nil {
		return ty, false
	}
	t, tdiags := typeexpr.TypeConstraint(ta.Expr)
	return t, !tdiags.HasErrors()
}

// suggestVariable returns the declared variable closest to name, if it is
// a likely typo.
func suggestVariable(ix *index.Index, mod index.ModID, name string) string {
	var names []string
	for _, e := range ix.OfKind(mod, index.KindVar) {
		names = append(names, e.Name())
	}
	return closest(name, names)
}

// sortDiagnostics orders diagnostics by position.
func sortDiagnostics(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Range.Start.Byte < ds[j].Range.Start.Byte })
}
