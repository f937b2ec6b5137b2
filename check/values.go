package check

// This file checks the values of attributes that can be known statically
// (mod-language.md §8.1, §8.6): each is evaluated with the mod's variables,
// locals and functions (package eval) and held to the type the schema
// gives it; widths must lie in the grid; documented values are offered as
// a hint when a value is not one of them; evaluation errors (an unknown
// function, a function refusing its arguments, a file() outside the mod)
// are reported where they happen.

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"slices"
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/modls/modls/eval"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/schema"
	"github.com/modls/modls/span"
)

// Codes of value checks.
const (
	CodeValue    = "invalid-value"
	CodeEnum     = "undocumented-value"
	CodeEvalFail = "evaluation-error"
)

// valueTypes are the cty types that schema types convert to.
var valueTypes = map[schema.Type]cty.Type{
	schema.String:       cty.String,
	schema.Number:       cty.Number,
	schema.Bool:         cty.Bool,
	schema.ListOfString: cty.List(cty.String),
	schema.MapOfString:  cty.Map(cty.String),
}

// values checks the attributes of known blocks (desc from structure).
func values(ctx context.Context, f *parse.File, src []byte, path string, desc []*schema.Block, scope func() *eval.Scope) []Diagnostic {
	var out []Diagnostic
	for _, a := range f.Attrs {
		if a.Block < 0 || desc[a.Block] == nil || f.Blocks[a.Block].Open {
			continue
		}
		at, ok := desc[a.Block].Attribute(a.Name)
		if !ok {
			continue
		}
		ty, typed := valueTypes[at.Type]
		if !typed && at.Type != schema.ObjectOrTuple && at.Type != schema.Object && at.Type != schema.List {
			continue // references, type expressions, connections, any: other checks
		}
		if at.Type == schema.String && len(at.Enum) == 0 {
			if a.Static {
				continue // a plain string where a string goes
			}
			// A template: its interpolations alone, not the whole heredoc.
			if d, found, ok := templateProblem(ctx, src, path, a.ExprRange, scope); ok {
				if found {
					out = append(out, d)
				}
				continue
			}
		}
		if at.Type == schema.ObjectOrTuple && int(a.ExprRange.Start.Byte) < len(src) && (src[a.ExprRange.Start.Byte] == '{' || src[a.ExprRange.Start.Byte] == '[') {
			continue // an object or tuple constructor: the right shape by its syntax
		}
		var v cty.Value
		if str, ok := parse.StringValue(src, a); a.Static && ok {
			v = cty.StringVal(str) // a plain string: nothing to evaluate
		} else {
			var diags hcl.Diagnostics
			v, diags = valueAt(ctx, src, path, a.ExprRange, scope)
			if d, ok := evalProblem(src, diags); ok {
				out = append(out, d)
				continue
			}
			if diags.HasErrors() || v.IsNull() {
				continue
			}
		}
		rng := a.ExprRange
		switch {
		case typed:
			cv, err := convert.Convert(v, ty)
			if err != nil {
				out = append(out, Diagnostic{Range: rng, Severity: Error, Code: CodeValue,
					Message: fmt.Sprintf("%s must be a %s: %s", a.Name, at.Type, err)})
				continue
			}
			if cv.IsKnown() && !cv.IsNull() {
				if d, ok := checkKnown(a, at, cv, rng); ok {
					out = append(out, d)
				}
			}
		case at.Type == schema.ObjectOrTuple:
			t := v.Type()
			if v.IsKnown() && !(t.IsObjectType() || t.IsMapType() || t.IsTupleType() || t.IsListType()) {
				out = append(out, Diagnostic{Range: rng, Severity: Error, Code: CodeValue,
					Message: fmt.Sprintf("%s must be an object (arguments by param name) or a list (arguments by position), not a %s", a.Name, t.FriendlyName())})
			}
		case at.Type == schema.Object:
			t := v.Type()
			if v.IsKnown() && !(t.IsObjectType() || t.IsMapType()) {
				out = append(out, Diagnostic{Range: rng, Severity: Error, Code: CodeValue,
					Message: fmt.Sprintf("%s must be an object, not a %s", a.Name, t.FriendlyName())})
			}
		case at.Type == schema.List:
			t := v.Type()
			if v.IsKnown() && !(t.IsTupleType() || t.IsListType() || t.IsSetType()) {
				out = append(out, Diagnostic{Range: rng, Severity: Error, Code: CodeValue,
					Message: fmt.Sprintf("%s must be a list, not a %s", a.Name, t.FriendlyName())})
			}
		}
	}
	return out
}

// checkKnown checks a known value of the attribute's type: the grid width,
// the documented values.
func checkKnown(a parse.Attr, at *schema.Attribute, v cty.Value, rng parse.Range) (Diagnostic, bool) {
	if a.Name == "width" && v.Type() == cty.Number {
		f := v.AsBigFloat()
		if !f.IsInt() {
			// Powerpipe decodes width into an integer.
			return Diagnostic{Range: rng, Severity: Error, Code: CodeValue,
				Message: fmt.Sprintf("width is in grid columns: a whole number from 0 to 12, not %s (Powerpipe: \"value must be a whole number\")", f.Text('g', -1))}, true
		}
		if f.Cmp(big.NewFloat(0)) < 0 || f.Cmp(big.NewFloat(12)) > 0 {
			return Diagnostic{Range: rng, Severity: Warning, Code: CodeValue,
				Message: fmt.Sprintf("width is in grid columns: a whole number from 0 to 12, not %s", f.Text('g', -1))}, true
		}
	}
	if len(at.Enum) > 0 && v.Type() == cty.String && !slices.Contains(at.Enum, v.AsString()) {
		if at.StrictEnum {
			return Diagnostic{Range: rng, Severity: Error, Code: CodeValue,
				Message: fmt.Sprintf("%q is not a valid %s: use %s", v.AsString(), a.Name, strings.Join(at.Enum, ", "))}, true
		}
		return Diagnostic{Range: rng, Severity: Hint, Code: CodeEnum,
			Message: fmt.Sprintf("%q is not a documented value of %s (%s)", v.AsString(), a.Name, strings.Join(at.Enum, ", "))}, true
	}
	return Diagnostic{}, false
}

// evalProblem turns the first evaluation error worth reporting into a
// diagnostic: calls to unknown functions and functions refusing their
// arguments. Errors about unknown roots or attributes of runtime values
// are left to the reference checks.
func evalProblem(src []byte, diags hcl.Diagnostics) (Diagnostic, bool) {
	for _, d := range diags {
		if d.Severity != hcl.DiagError || d.Subject == nil {
			continue
		}
		switch d.Summary {
		case "Call to unknown function", "Invalid function argument", "Error in function call", "Not enough function arguments", "Too many function arguments":
		default:
			continue
		}
		sev := Error
		if strings.Contains(d.Detail, "modls reads only files inside") {
			sev = Warning // Powerpipe would read it; modls will not look
		}
		return Diagnostic{Range: span.RangeOf(src, d.Subject.Start.Byte, d.Subject.End.Byte), Severity: sev, Code: CodeEvalFail,
			Message: d.Summary + ": " + d.Detail}, true
	}
	return Diagnostic{}, false
}

// interpolations returns the byte ranges, within text, of the expressions
// of the ${…} sequences of a quoted or heredoc template, skipping $${
// escapes and string literals inside the sequences. ok is false when text
// is not such a template, holds a %{…} directive, or does not balance: the
// caller then parses the whole expression.
func interpolations(text []byte) (spans [][2]int, ok bool) {
	if len(text) == 0 || text[0] != '"' && !bytes.HasPrefix(text, []byte("<<")) {
		return nil, false
	}
	for i := 0; i+1 < len(text); i++ {
		c := text[i]
		if (c == '$' || c == '%') && i+2 < len(text) && text[i+1] == c && text[i+2] == '{' {
			i += 2 // an escape: $${ or %%{
			continue
		}
		if c == '%' && text[i+1] == '{' {
			return nil, false
		}
		if c != '$' || text[i+1] != '{' {
			continue
		}
		depth, inString, end := 0, false, -1
	scan:
		for j := i + 1; j < len(text); j++ {
			switch b := text[j]; {
			case inString && b == '\\':
				j++
			case b == '"':
				inString = !inString
			case inString:
			case b == '{':
				depth++
			case b == '}':
				depth--
				if depth == 0 {
					end = j
					break scan
				}
			}
		}
		if end < 0 {
			return nil, false
		}
		spans = append(spans, [2]int{i + 2, end})
		i = end
	}
	return spans, true
}

// templateProblem evaluates each interpolation of a template separately
// (a parse of a few bytes instead of the whole heredoc) and reports the
// first that fails or cannot be made a string. ok is false when the
// template needs a full parse.
func templateProblem(ctx context.Context, src []byte, path string, r parse.Range, scope func() *eval.Scope) (d Diagnostic, found, ok bool) {
	if int(r.End.Byte) > len(src) || r.Start.Byte >= r.End.Byte {
		return Diagnostic{}, false, false
	}
	spans, ok := interpolations(src[r.Start.Byte:r.End.Byte])
	if !ok {
		return Diagnostic{}, false, false
	}
	for _, sp := range spans {
		start, end := int(r.Start.Byte)+sp[0], int(r.Start.Byte)+sp[1]
		v, diags := valueAt(ctx, src, path, parse.Range{Start: posFrom(src, r.Start, start), End: posFrom(src, r.Start, end)}, scope)
		if isSyntaxError(diags) {
			return Diagnostic{}, false, false
		}
		if d, ok := evalProblem(src, diags); ok {
			return d, true, true
		}
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() {
			continue
		}
		if _, err := convert.Convert(v, cty.String); err != nil {
			return Diagnostic{Range: parse.Range{Start: posFrom(src, r.Start, start), End: posFrom(src, r.Start, end)}, Severity: Error, Code: CodeValue,
				Message: fmt.Sprintf("a %s cannot be interpolated into a string", v.Type().FriendlyName())}, true, true
		}
	}
	return Diagnostic{}, false, true
}

// posFrom returns the position of byte offset off of src, counting from
// the known position base before it.
func posFrom(src []byte, base parse.Pos, off int) parse.Pos {
	p := base
	for i := int(base.Byte); i < off && i < len(src); i++ {
		if src[i] == '\n' {
			p.Line++
			p.Col = 1
		} else {
			p.Col++
		}
	}
	p.Byte = uint32(min(off, len(src)))
	return p
}

// valueAt evaluates the expression at r of src.
func valueAt(ctx context.Context, src []byte, path string, r parse.Range, scope func() *eval.Scope) (cty.Value, hcl.Diagnostics) {
	if int(r.End.Byte) > len(src) || r.Start.Byte > r.End.Byte {
		return cty.DynamicVal, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "range outside the source"}}
	}
	start := hcl.Pos{Byte: int(r.Start.Byte), Line: int(r.Start.Line), Column: int(r.Start.Col)}
	return scope().ValueOf(ctx, src[r.Start.Byte:r.End.Byte], path, start)
}

// isSyntaxError reports diagnostics of a parse rather than an evaluation.
func isSyntaxError(diags hcl.Diagnostics) bool {
	for _, d := range diags {
		if d.Severity == hcl.DiagError && d.EvalContext == nil && d.Expression == nil {
			return true
		}
	}
	return false
}

// shared are expressions parsed by parseShared, by text.
var shared, _ = lru.New[string, sharedExpr](4096)

type sharedExpr struct {
	expr  hclsyntax.Expression
	diags hcl.Diagnostics
}

// parseShared parses the expression at r of src as if it began the file
// (byte 0, line 1, column 1), or returns the parse of the same text made
// before: the args of a mod repeat (`[self.input.arn.value]` thousands of
// times in a dashboard-heavy mod). The caller adds r.Start.Byte to the
// offsets of the ranges; the lines and columns of the expression's ranges
// are not those of src. The expression is shared: it must not be modified.
func parseShared(src []byte, r parse.Range) (hclsyntax.Expression, hcl.Diagnostics) {
	if int(r.End.Byte) > len(src) || r.Start.Byte > r.End.Byte {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "range outside the source"}}
	}
	text := src[r.Start.Byte:r.End.Byte]
	if x, ok := shared.Get(string(text)); ok {
		return x.expr, x.diags
	}
	expr, diags := parse.ParseExpression(text, "", hcl.InitialPos)
	shared.Add(string(text), sharedExpr{expr, diags})
	return expr, diags
}

// parseExpr parses the expression at r of src with whole-file positions.
func parseExpr(src []byte, path string, r parse.Range) (hclsyntax.Expression, hcl.Diagnostics) {
	if int(r.End.Byte) > len(src) || r.Start.Byte > r.End.Byte {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "range outside the source"}}
	}
	start := hcl.Pos{Byte: int(r.Start.Byte), Line: int(r.Start.Line), Column: int(r.Start.Col)}
	return parse.ParseExpression(src[r.Start.Byte:r.End.Byte], path, start)
}
