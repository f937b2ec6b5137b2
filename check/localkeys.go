package check

// This file checks reads of a local's value that name an attribute or key
// the value does not have (`local.m.b` with m = { a = 1 }): Powerpipe never
// resolves such a reference and refuses the mod. Only locals whose value
// depends on nothing outside the mod's text (no variable, whose value a
// variable file may change, no resource) are judged.

import (
	"context"
	"fmt"
	"strconv"

	"github.com/zclconf/go-cty/cty"

	"github.com/modls/modls/eval"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// localKeys reports the references of f (scanned as pf) that read a
// missing attribute or key of a statically known local.
func localKeys(ctx context.Context, ix *index.Index, f *index.File, pf *parse.File, scope func() *eval.Scope) []Diagnostic {
	if f == nil {
		return nil
	}
	var out []Diagnostic
	pure := map[string]bool{}
	for _, r := range pf.Refs {
		steps := pf.StepsOf(r)
		if len(steps) < 3 || steps[0].Name != "local" || steps[1].Kind != parse.StepAttr {
			continue
		}
		name := steps[1].Name
		if !localPure(ix, f.Mod(), name, pure, map[string]bool{}) {
			continue
		}
		v := scope().Local(ctx, name)
		for i := 2; i < len(steps); i++ {
			if !v.IsWhollyKnown() || v.IsNull() {
				break
			}
			s := steps[i]
			var key string
			switch {
			case s.Kind == parse.StepAttr:
				key = s.Name
			case s.Kind == parse.StepIndex && s.Key == parse.KeyString:
				key = s.Name
			case s.Kind == parse.StepIndex && s.Key == parse.KeyNumber:
				n, err := strconv.Atoi(s.Name)
				t := v.Type()
				if err != nil || !(t.IsTupleType() || t.IsListType()) {
					v = cty.DynamicVal
					continue
				}
				if n < 0 || n >= v.LengthInt() {
					out = append(out, Diagnostic{Range: s.Range, Severity: Error, Code: CodeUnresolved,
						Message: fmt.Sprintf("local.%s has %d %s here, so [%d] does not exist and Powerpipe never resolves this reference", name, v.LengthInt(), choose(v.LengthInt(), "element", "elements"), n)})
					i = len(steps)
					continue
				}
				v = v.Index(cty.NumberIntVal(int64(n)))
				continue
			default:
				i = len(steps)
				continue
			}
			t := v.Type()
			switch {
			case t.IsObjectType():
				if !t.HasAttribute(key) {
					out = append(out, Diagnostic{Range: s.Range, Severity: Error, Code: CodeUnresolved,
						Message: fmt.Sprintf("local.%s has no attribute %q here, so Powerpipe never resolves this reference", name, key)})
					i = len(steps)
					continue
				}
				v = v.GetAttr(key)
			case t.IsMapType():
				if !v.HasIndex(cty.StringVal(key)).True() {
					out = append(out, Diagnostic{Range: s.Range, Severity: Error, Code: CodeUnresolved,
						Message: fmt.Sprintf("local.%s has no key %q here, so Powerpipe never resolves this reference", name, key)})
					i = len(steps)
					continue
				}
				v = v.Index(cty.StringVal(key))
			default:
				i = len(steps)
			}
		}
	}
	return out
}

// localPure reports whether local name of mod m is defined once and its
// value depends only on literals, functions and other such locals.
func localPure(ix *index.Index, m *index.Mod, name string, memo, visiting map[string]bool) bool {
	if v, ok := memo[name]; ok {
		return v
	}
	if visiting[name] {
		return false
	}
	visiting[name] = true
	var e *index.Entry
	n := 0
	for _, c := range ix.Lookup(m.ID, "local."+name) {
		if c.Mod() == m && c.Kind == index.KindLocal {
			e, n = c, n+1
		}
	}
	ok := n == 1
	if ok {
		ps := e.File().Postings()
		for i := range ps {
			p := &ps[i]
			if p.From() != e {
				continue
			}
			if p.Kind != index.KindLocal || p.Alias() != "" || !localPure(ix, m, p.Name(), memo, visiting) {
				ok = false
				break
			}
		}
	}
	memo[name] = ok
	return ok
}
