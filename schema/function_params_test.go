package schema

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// implementations are the go-cty and HCL functions that Powerpipe's function
// table (pipe-fittings, Terraform-compatible) uses under the same name, so
// their parameter lists are the truth the signatures must agree with. The
// functions Terraform implements itself (file, cidrhost, bcrypt, index, …)
// are not here.
var implementations = map[string]function.Function{
	"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "chomp": stdlib.ChompFunc,
	"chunklist": stdlib.ChunklistFunc, "coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc,
	"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
	"csvdecode": stdlib.CSVDecodeFunc, "distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc,
	"flatten": stdlib.FlattenFunc, "floor": stdlib.FloorFunc, "format": stdlib.FormatFunc,
	"formatdate": stdlib.FormatDateFunc, "formatlist": stdlib.FormatListFunc, "indent": stdlib.IndentFunc,
	"join": stdlib.JoinFunc, "jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc,
	"keys": stdlib.KeysFunc, "length": stdlib.LengthFunc, "log": stdlib.LogFunc, "lookup": stdlib.LookupFunc,
	"lower": stdlib.LowerFunc, "max": stdlib.MaxFunc, "merge": stdlib.MergeFunc, "min": stdlib.MinFunc,
	"parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "range": stdlib.RangeFunc, "regex": stdlib.RegexFunc,
	"regexall": stdlib.RegexAllFunc, "reverse": stdlib.ReverseListFunc, "setintersection": stdlib.SetIntersectionFunc,
	"setproduct": stdlib.SetProductFunc, "setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc,
	"signum": stdlib.SignumFunc, "slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "split": stdlib.SplitFunc,
	"strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc, "timeadd": stdlib.TimeAddFunc,
	"title": stdlib.TitleFunc, "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc,
	"trimspace": stdlib.TrimSpaceFunc, "trimsuffix": stdlib.TrimSuffixFunc, "upper": stdlib.UpperFunc,
	"values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,
	"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
}

// signatureShape lists the signatures that deliberately differ in shape
// from their implementation, and why.
var signatureShape = map[string]string{
	// The implementation takes 1 to 3 numbers as one variadic parameter;
	// the signature names them as the documentation does.
	"range": "range(start number, limit number, step number) list(number)",
	// The implementations split the first set out of the variadic one
	// (first_set, other_sets...); the arguments are the same.
	"setunion":        "setunion(sets... set(any)) set(any)",
	"setintersection": "setintersection(sets... set(any)) set(any)",
}

// TestParamsMatchImplementations holds every signature to the parameter
// count and variadic parameter of the implementation Powerpipe runs.
func TestParamsMatchImplementations(t *testing.T) {
	for name, impl := range implementations {
		if sig, ok := signatureShape[name]; ok {
			if f, _ := FunctionNamed(name); f == nil || f.Signature != sig {
				t.Errorf("%s: the signature changed from %q: check it against the implementation and update signatureShape", name, sig)
			}
			continue
		}
		f, ok := FunctionNamed(name)
		if !ok {
			t.Errorf("%s: implemented but not in the function table", name)
			continue
		}
		ps := f.Params()
		fixed := len(ps)
		if fixed > 0 && ps[fixed-1].Variadic {
			fixed--
		}
		if want := len(impl.Params()); fixed != want {
			t.Errorf("%s: signature %q has %d fixed parameters, the implementation %d", name, f.Signature, fixed, want)
		}
		if variadic, want := fixed < len(ps), impl.VarParam() != nil; variadic != want {
			t.Errorf("%s: signature %q variadic %v, the implementation %v", name, f.Signature, variadic, want)
		}
	}
}

func TestParams(t *testing.T) {
	for _, f := range Functions() {
		ps := f.Params()
		inside := f.Signature[len(f.Name)+1 : strings.Index(f.Signature, ")")]
		if (inside == "") != (len(ps) == 0) {
			t.Errorf("%s: %d parameters from %q", f.Name, len(ps), f.Signature)
		}
		for i, p := range ps {
			if p.Name == "" || p.Type == "" || strings.ContainsAny(p.Name, " ,().") {
				t.Errorf("%s: parameter %d is %+v", f.Name, i, p)
			}
			if p.Variadic && i != len(ps)-1 {
				t.Errorf("%s: variadic parameter %s is not the last", f.Name, p.Name)
			}
			text := f.Signature[p.Start:p.End]
			want := p.Name + " " + p.Type
			if p.Variadic {
				want = p.Name + "... " + p.Type
			}
			if text != want {
				t.Errorf("%s: parameter %d spans %q, want %q", f.Name, i, text, want)
			}
		}
	}
	join, _ := FunctionNamed("join")
	got := join.Params()
	if len(got) != 2 || got[0].Name != "separator" || got[0].Type != "string" || got[0].Variadic ||
		got[1].Name != "lists" || got[1].Type != "list(string)" || !got[1].Variadic {
		t.Errorf("join: %+v", got)
	}
	ts, _ := FunctionNamed("timestamp")
	if ps := ts.Params(); ps != nil {
		t.Errorf("timestamp: %+v", ps)
	}
}
