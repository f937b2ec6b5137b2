package check

// This file checks variable blocks: a default must suit the declared type
// (mod-language.md §6.1, "default value type mismatched").

import (
	"fmt"

	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/parse"
)

// CodeDefaultType is the code of a variable default that does not suit its
// type.
const CodeDefaultType = "default-type-mismatch"

// variables checks the defaults of the file's top-level variable blocks
// against their types. Custom types (connection.<type>, notifier) and
// defaults that need evaluation (function calls) are left alone.
func variables(c *cache.Cache, path string, src []byte, f *parse.File) []Diagnostic {
	var out []Diagnostic
	for _, b := range f.Blocks {
		if b.Parent >= 0 || b.Type != "variable" || b.Open {
			continue
		}
		blk, diags := c.GetOrParseBlock(path, src, b.Range)
		if blk == nil || diags.HasErrors() {
			continue
		}
		ta, da := blk.Body.Attributes["type"], blk.Body.Attributes["default"]
		if ta == nil || da == nil {
			continue
		}
		ty, tdiags := typeexpr.TypeConstraint(ta.Expr)
		if tdiags.HasErrors() {
			continue // a custom type, or one the type checks report
		}
		val, vdiags := da.Expr.Value(nil)
		if vdiags.HasErrors() || !val.IsWhollyKnown() {
			continue
		}
		if _, err := convert.Convert(val, ty); err != nil {
			r := da.Expr.Range()
			out = append(out, Diagnostic{Range: byteRange(src, r.Start.Byte, r.End.Byte), Severity: Error, Code: CodeDefaultType,
				Message: fmt.Sprintf("the default does not suit the variable's type %s: %s", typeString(ty), err)})
		}
	}
	return out
}

func typeString(ty cty.Type) string { return typeexpr.TypeString(ty) }
