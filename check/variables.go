package check

// This file checks variable blocks (mod-language.md §6.1, §8.5): the type
// expression, the default against the type, enum (only for primitive types
// or lists of them, a list of values of the type, holding the default) and
// format (only for strings; its values are the schema's, checked with the
// other values).

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/eval"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

// Codes of variable checks.
const (
	CodeDefaultType = "default-type-mismatch"
	CodeVariable    = "invalid-variable"
)

// variables checks the file's top-level variable blocks.
func variables(c *cache.Cache, path string, src []byte, f *parse.File, scope func() *eval.Scope) []Diagnostic {
	var out []Diagnostic
	for _, b := range f.Blocks {
		if b.Parent >= 0 || b.Type != "variable" || b.Open {
			continue
		}
		blk, diags := c.GetOrParseBlock(path, src, b.Range)
		if blk == nil || diags.HasErrors() {
			continue
		}
		out = append(out, variable(src, blk, scope)...)
	}
	return out
}

func variable(src []byte, blk *hclsyntax.Block, scope func() *eval.Scope) []Diagnostic {
	var out []Diagnostic
	problem := func(code string, r hcl.Range, msg string) {
		out = append(out, Diagnostic{Range: span.RangeOf(src, r.Start.Byte, r.End.Byte), Severity: Error, Code: code, Message: msg})
	}
	attrs := blk.Body.Attributes
	ty, typed := cty.DynamicPseudoType, false
	if ta := attrs["type"]; ta != nil {
		t, diags := typeexpr.TypeConstraint(ta.Expr)
		switch {
		case !diags.HasErrors():
			ty, typed = t, true
		case !customType(ta.Expr):
			problem(CodeVariable, ta.Expr.Range(), "not a valid type: use string, number, bool, list(T), set(T), map(T), object({...}), tuple([...]), any, or connection, connection.<type>, notifier")
		}
	}
	var def cty.Value
	if da := attrs["default"]; da != nil {
		v, diags := scope().Static(da.Expr)
		if !diags.HasErrors() && v.IsWhollyKnown() {
			def = v
			if typed {
				// Powerpipe matches a default to the type structurally,
				// without conversion: 5 is not a string.
				cv, err := convert.Convert(v, ty)
				switch {
				case !compatible(ty, v):
					msg := fmt.Sprintf("the default is of type %s, which does not suit the variable's type %s", v.Type().FriendlyName(), typeString(ty))
					if err == nil {
						msg += ": Powerpipe does not convert a default"
					}
					problem(CodeDefaultType, da.Expr.Range(), msg+" (\"default value type mismatched\")")
					def = cty.NilVal
				case err != nil:
					def = cty.NilVal
				default:
					def = cv
				}
			}
		}
	}
	if fa := attrs["format"]; fa != nil {
		if typed && ty != cty.String {
			problem(CodeVariable, fa.NameRange, fmt.Sprintf("format can only be set for string variables, not %s", typeString(ty)))
		} // its value is checked against the schema's values (StrictEnum)
	}
	if ea := attrs["enum"]; ea != nil {
		out = append(out, enum(src, ea, ty, typed, def, scope)...)
	}
	return out
}

// enum checks a variable's enum against its type and default as Powerpipe
// does (pipe-fittings parse/variable.go): only string, number, bool and
// lists of them take one; it must be a list whose *first* element has the
// variable's (element) type — the others are not looked at; the default must
// be one of its values.
func enum(src []byte, ea *hclsyntax.Attribute, ty cty.Type, typed bool, def cty.Value, scope func() *eval.Scope) []Diagnostic {
	r := ea.Expr.Range()
	bad := func(msg string) []Diagnostic {
		return []Diagnostic{{Range: span.RangeOf(src, r.Start.Byte, r.End.Byte), Severity: Error, Code: CodeVariable, Message: msg}}
	}
	elem := ty
	if ty.IsListType() {
		elem = ty.ElementType()
	}
	if typed && (elem != cty.String && elem != cty.Number && elem != cty.Bool || ty.IsSetType() || ty.IsMapType()) {
		return bad(fmt.Sprintf("enum is only supported for string, number and bool variables (or lists of them), not %s", typeString(ty)))
	}
	v, diags := scope().Static(ea.Expr)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return nil
	}
	vt := v.Type()
	if !vt.IsTupleType() && !vt.IsListType() && !vt.IsSetType() {
		return bad("enum must be a list of values")
	}
	if typed {
		var first cty.Type
		switch {
		case vt.IsTupleType() && len(vt.TupleElementTypes()) > 0:
			first = vt.TupleElementTypes()[0]
		case vt.IsListType() || vt.IsSetType():
			first = vt.ElementType()
		}
		if first != cty.NilType && !first.Equals(elem) {
			return bad(fmt.Sprintf("the enum values must be of the variable's type %s, and its first is a %s (Powerpipe: \"enum values type mismatched\")", typeString(elem), first.FriendlyName()))
		}
	}
	var members []cty.Value
	for it := v.ElementIterator(); it.Next(); {
		_, m := it.Element()
		if typed {
			cv, err := convert.Convert(m, elem)
			if err != nil {
				return nil // a value of another type: membership is not judged
			}
			m = cv
		}
		members = append(members, m)
	}
	if def == cty.NilVal || def.IsNull() {
		return nil
	}
	in := func(x cty.Value) bool {
		return slices.ContainsFunc(members, func(m cty.Value) bool { return m.Equals(x).True() })
	}
	if def.Type().IsListType() || def.Type().IsSetType() || def.Type().IsTupleType() {
		for it := def.ElementIterator(); it.Next(); {
			if _, x := it.Element(); !in(x) {
				return bad(fmt.Sprintf("the default holds %s, which is not in the enum", x.GoString()))
			}
		}
		return nil
	}
	if !in(def) {
		return bad("the default is not in the enum")
	}
	return nil
}

// customType reports the custom variable types of Powerpipe: connection,
// connection.<type>, notifier, and collections of them.
func customType(e hcl.Expression) bool {
	switch x := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		root := x.Traversal.RootName()
		return root == "connection" || root == "notifier"
	case *hclsyntax.FunctionCallExpr:
		return len(x.Args) == 1 && customType(x.Args[0])
	}
	return false
}

func typeString(ty cty.Type) string { return typeexpr.TypeString(ty) }

// compatible reports whether value v suits type ty as Powerpipe judges a
// variable's default (pipe-fittings hclhelpers.IsValueCompatibleWithType):
// structurally and without conversion — null suits every type, an object
// suits a map whose element type each attribute suits, or an object type
// whose every attribute it has and suits (extra attributes allowed), a
// list, set or tuple suits a collection type whose element type each
// element suits; anything else must be of the type exactly.
func compatible(ty cty.Type, v cty.Value) bool {
	if ty == cty.DynamicPseudoType || v.IsNull() {
		return true
	}
	vt := v.Type()
	if (ty.IsMapType() || ty.IsObjectType()) && (vt.IsMapType() || vt.IsObjectType()) {
		if !v.IsKnown() {
			return false
		}
		if ty.IsMapType() {
			for it := v.ElementIterator(); it.Next(); {
				if _, e := it.Element(); !compatible(ty.ElementType(), e) {
					return false
				}
			}
			return true
		}
		for name, at := range ty.AttributeTypes() {
			if !vt.IsObjectType() || !vt.HasAttribute(name) || !compatible(at, v.GetAttr(name)) {
				return false
			}
		}
		return true
	}
	if ty.IsCollectionType() {
		if ty.ElementType() == cty.DynamicPseudoType {
			return true
		}
		if (vt.IsCollectionType() || vt.IsTupleType()) && v.IsKnown() {
			for it := v.ElementIterator(); it.Next(); {
				if _, e := it.Element(); !compatible(ty.ElementType(), e) {
					return false
				}
			}
			return true
		}
	}
	return ty.Equals(vt)
}
