package hover

// This file defines the hover on a key of `args = { key = … }`: the param
// it passes a value to (its default, evaluated, and description), or the
// variable it sets in a dependency's require args, or that it binds none.

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/modls/modls/complete"
	"github.com/modls/modls/index"
)

// argKey describes what the args key k binds to.
func argKey(ctx context.Context, env *Env, k complete.ArgKey) string {
	var b strings.Builder
	of := "`" + k.Of + "`"
	if strings.HasPrefix(k.Of, "this ") {
		of = k.Of // the block itself, in words
	}
	kind := "param"
	if len(k.Targets) > 0 && k.Targets[0].Kind == index.KindVar {
		kind = "variable"
	}
	switch {
	case k.Target != nil && kind == "variable":
		fmt.Fprintf(&b, "`%s` sets variable `%s` of the dependency `%s`\n\n---\n\n", k.Name, k.Target.Name(), k.Of)
		b.WriteString(describe(ctx, env, k.Target))
		return b.String()
	case k.Target != nil:
		fmt.Fprintf(&b, "`%s` passes a value to param `%s` of %s\n", k.Name, k.Target.Name(), of)
		paramDetails(ctx, &b, env, k.Target)
		return b.String()
	case len(k.Targets) == 0:
		fmt.Fprintf(&b, "`%s` binds no param: %s declares none, so named args cannot bind (pass them as a list, or declare param blocks)\n", k.Name, of)
		return b.String()
	}
	names := make([]string, len(k.Targets))
	for i, t := range k.Targets {
		names[i] = "`" + t.Name() + "`"
	}
	if kind == "variable" {
		fmt.Fprintf(&b, "`%s` sets no variable: the dependency `%s` declares none of that name, and Powerpipe refuses the mod (its variables: %s)\n", k.Name, k.Of, strings.Join(names, ", "))
		return b.String()
	}
	fmt.Fprintf(&b, "`%s` binds no param: %s has no param of that name, so Powerpipe ignores it (its params: %s)\n", k.Name, of, strings.Join(names, ", "))
	return b.String()
}

// paramDetails writes what param p's block says: its default (with the
// value static evaluation knows, when the source does not say it) and its
// description.
func paramDetails(ctx context.Context, b *strings.Builder, env *Env, p *index.Entry) {
	src, err := env.Source(p.File().Path)
	if err != nil {
		return
	}
	blk, _ := env.Cache.GetOrParseBlock(p.File().Path, src, p.Range)
	if blk == nil {
		return
	}
	if d := blk.Body.Attributes["default"]; d != nil {
		text := exprText(src, d.Expr)
		fmt.Fprintf(b, "\ndefault: `%s`", Truncate(text, 200))
		v, diags := env.Renderer.Scope(ctx, p.Mod()).Value(ctx, d.Expr)
		if !diags.HasErrors() && v.IsWhollyKnown() && !v.IsNull() {
			val := strings.Join(strings.Fields(string(hclwrite.TokensForValue(v).Bytes())), " ")
			if val != strings.Join(strings.Fields(text), " ") {
				fmt.Fprintf(b, " = `%s`", Truncate(val, 200))
			}
			fmt.Fprintf(b, " (%s)", v.Type().FriendlyName())
		}
		b.WriteString("\n")
	} else {
		b.WriteString("\nno default: every use must pass it\n")
	}
	if d := blk.Body.Attributes["description"]; d != nil {
		if v, ok := staticString(d.Expr); ok {
			fmt.Fprintf(b, "\n%s\n", v)
		}
	}
}
