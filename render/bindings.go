package render

// This file finds the values a run binds to a resource's $n placeholders:
// its params' defaults, overridden by the args of the resource that runs
// the query.

import (
	"context"
	"fmt"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/modls/modls/index"
	"github.com/modls/modls/pgsql"
)

// Binding is the value of one $n.
type Binding struct {
	Name  string    // the param's name; "" for a positional arg without a param
	Value cty.Value // cty.NilVal when nothing gives one
	From  string    // "default", "args of control.x"; "" when nothing gives a value
}

// Bindings returns the values of $1, $2, … of res, the SQL that e runs:
// the param blocks of the resource whose SQL it is (res.Source), each with
// its default, then the args of e when e runs another's query (named, or
// positional); as many as the text's highest $n, or as there are params.
// A value that is not known statically (an arg from self.input) is an
// error: only a dashboard run knows it.
func (r *Renderer) Bindings(ctx context.Context, e *index.Entry, res *Result) ([]Binding, error) {
	src := res.Source
	if src == nil {
		src = e
	}
	var out []Binding
	for i := range src.File().Entries() {
		c := &src.File().Entries()[i]
		if c.Kind != index.KindParam || c.Parent() != src {
			continue
		}
		b := Binding{Name: c.Name()}
		if _, blk, err := r.block(c); err == nil {
			if a := blk.Body.Attributes["default"]; a != nil {
				v, diags := r.Scope(ctx, c.Mod()).Value(ctx, a.Expr)
				if diags.HasErrors() || !v.IsWhollyKnown() {
					return nil, fmt.Errorf("the default of param %s is not known statically", b.Name)
				}
				b.Value, b.From = v, "default"
			}
		}
		out = append(out, b)
	}
	if e != src {
		_, blk, err := r.block(e)
		if err == nil {
			if a := blk.Body.Attributes["args"]; a != nil {
				from := "args of " + e.UnqualifiedName()
				eval := func(x hclsyntax.Expression, what string) (cty.Value, error) {
					v, diags := r.Scope(ctx, e.Mod()).Value(ctx, x)
					if diags.HasErrors() || !v.IsWhollyKnown() {
						return cty.NilVal, fmt.Errorf("%s: %s is known only when a dashboard runs", from, what)
					}
					return v, nil
				}
				switch x := a.Expr.(type) {
				case *hclsyntax.ObjectConsExpr:
					for _, item := range x.Items {
						key, diags := item.KeyExpr.Value(nil)
						if diags.HasErrors() || key.Type() != cty.String {
							continue
						}
						for i := range out {
							if out[i].Name == key.AsString() {
								v, err := eval(item.ValueExpr, key.AsString())
								if err != nil {
									return nil, err
								}
								out[i].Value, out[i].From = v, from
							}
						}
					}
				case *hclsyntax.TupleConsExpr:
					for i, x := range x.Exprs {
						v, err := eval(x, fmt.Sprintf("arg %d", i+1))
						if err != nil {
							return nil, err
						}
						if i < len(out) {
							out[i].Value, out[i].From = v, from
						} else {
							out = append(out, Binding{Value: v, From: from})
						}
					}
				}
			}
		}
	}
	n := 0
	for _, ph := range pgsql.Placeholders(res.Text) {
		n = max(n, ph.N)
	}
	for len(out) < n {
		out = append(out, Binding{})
	}
	return out, nil
}
