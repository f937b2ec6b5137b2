package eval

// This file bounds static evaluation. A few bytes of a mod can ask for
// unbounded work: setproduct(range(1000), range(1000), range(1000)) is a
// billion tuples, indent(99999999, x) a gigabyte, three nested for
// expressions over range(1000) a billion iterations, "${1e9999999}" ten
// million digits that take minutes to print, a parseint of a megabyte of
// digits seconds (math/big parses in quadratic time), and a chain of locals
// that each double the last grows past any memory. modls evaluates while the
// user types, so:
//
//   - every evaluation (an expression, a variable default, a local) has a
//     budget of work: one unit per value visited by a check (roughly what
//     building one costs), per 256 bytes of string checked or to be built,
//     and four per iteration of a for expression;
//   - every value built — a function's arguments and result, an operand, a
//     for expression's collection and result, a template's interpolation, a
//     condition's result, an index key, a local — is held to MaxValues values, MaxBytes
//     bytes of string, MaxDepth levels, numbers within 2^±MaxExponent, and
//     strings that convert to numbers to MaxNumberText characters;
//   - the functions whose result can be much larger than their arguments
//     (setproduct, indent, format, formatlist, join, replace, split,
//     regexall) estimate it first, and those whose work is more than linear
//     (distinct; jsondecode, depth times length) are held to what the
//     budget allows;
//   - a chain of locals deeper than maxLocalChain is cut, as a cycle is:
//     the locals above the cut are unknown (which ones depends on the local
//     asked for first: cutting is for mods no one writes).
//
// Past a bound the evaluation fails with an error saying which; the value
// is unknown, so no check judges it.

import (
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// Limits of one value built by static evaluation.
const (
	// MaxValues bounds the values of one value: elements, attributes and
	// leaves, all counted.
	MaxValues = 1 << 18
	// MaxBytes bounds the bytes of the strings of one value.
	MaxBytes = 16 << 20
	// MaxDepth bounds how deeply collections nest in one value.
	MaxDepth = 1000
	// MaxExponent bounds the binary exponent of a number (about 1e±1233):
	// such a number prints in at most a few thousand digits.
	MaxExponent = 4096
	// MaxNumberText bounds the digits of a string converted to a number.
	MaxNumberText = 2048
)

const (
	// maxWork is the budget of one evaluation (see the file comment).
	maxWork = 1 << 18
	// iterationCost is what one iteration of a for expression costs.
	iterationCost = 4
	// maxLocalChain bounds a chain of locals that refer to one another.
	maxLocalChain = 1000
)

// errBudget is the error of an evaluation that ran out of budget.
var errBudget = fmt.Errorf("the expression needs more work than modls does to evaluate a value statically (%d units)", maxWork)

// budget is the work left to one evaluation. An evaluation runs on one
// goroutine.
type budget struct {
	left     int64
	reported bool // a check failed and said so: later ones fail quietly
}

func newBudget() *budget { return &budget{left: maxWork} }

func (b *budget) spend(n int64) error {
	b.left -= n
	if b.left < 0 {
		return errBudget
	}
	return nil
}

// exhausted reports whether the budget is spent.
func (b *budget) exhausted() bool { return b.left < 0 }

// size is what checkValue measured of a value.
type size struct {
	values, bytes int
}

// checkValue holds v to the limits, charging b (if not nil) for the work.
func checkValue(v cty.Value, b *budget) (size, error) {
	var sz size
	err := sz.walk(v, 0, b)
	return sz, err
}

func (sz *size) walk(v cty.Value, depth int, b *budget) error {
	sz.values++
	if sz.values > MaxValues {
		return fmt.Errorf("the value has more than %d elements, over what modls evaluates statically", MaxValues)
	}
	if depth > MaxDepth {
		return fmt.Errorf("the value nests more than %d levels deep, over what modls evaluates statically", MaxDepth)
	}
	if b != nil {
		if err := b.spend(1); err != nil {
			return err
		}
	}
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		s := v.AsString()
		sz.bytes += len(s)
		if sz.bytes > MaxBytes {
			return fmt.Errorf("the value holds more than %d MB of text, over what modls evaluates statically", MaxBytes>>20)
		}
		if numberLike(s) > MaxNumberText {
			return fmt.Errorf("a string of more than %d digits, too long for modls to convert to a number", MaxNumberText)
		}
		if b != nil {
			return b.spend(int64(len(s) / 256))
		}
	case ty == cty.Number:
		if err := checkNumber(v.AsBigFloat()); err != nil {
			return err
		}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if err := sz.walk(e, depth+1, b); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkNumber holds a number to MaxExponent.
func checkNumber(f *big.Float) error {
	if f.IsInf() || f.Sign() == 0 {
		return nil
	}
	if e := f.MantExp(nil); e > MaxExponent || e < -MaxExponent {
		return fmt.Errorf("a number beyond 1e±1233, too large for modls to evaluate statically")
	}
	return nil
}

// numberLike returns the length of the longest prefix of s that reads as the
// start of a number (a sign, digits, a point): what a conversion to a number
// parses before it can fail.
func numberLike(s string) int {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	n := i
	for n < len(s) && (s[n] >= '0' && s[n] <= '9' || s[n] == '.' || s[n] == '_') {
		n++
	}
	if n == i {
		return 0
	}
	return n
}

// guard makes a copy of an expression tree that evaluates under a budget:
// the children through which a value can grow or be converted are wrapped
// in checks, and the function table is bound to the budget. The original
// tree is never modified: parses are shared by concurrent requests.
type guard struct {
	b     *budget
	base  map[string]function.Function
	calls map[string]bool
	diags hcl.Diagnostics
}

// evaluate evaluates expr with the variables vars and the functions of base
// under a fresh budget, and holds the result to the limits.
func evaluate(expr hcl.Expression, vars map[string]cty.Value, base map[string]function.Function) (cty.Value, hcl.Diagnostics) {
	g := &guard{b: newBudget(), base: base, calls: map[string]bool{}}
	e := expr
	if se, ok := expr.(hclsyntax.Expression); ok {
		e = g.expr(se)
		if g.diags.HasErrors() {
			return cty.DynamicVal, g.diags
		}
	} else {
		for name := range base {
			g.calls[name] = true
		}
	}
	v, diags := e.Value(&hcl.EvalContext{Variables: vars, Functions: g.functions()})
	if diags.HasErrors() {
		return v, diags
	}
	if _, err := checkValue(v, g.b); err != nil {
		return cty.DynamicVal, append(diags, tooLarge(expr, err))
	}
	return v, diags
}

// Literal evaluates an expression that needs no variables or functions — a
// title, a tags object, a value in a variable file — under the limits of
// static evaluation.
func Literal(expr hcl.Expression) (cty.Value, hcl.Diagnostics) {
	return evaluate(expr, nil, nil)
}

func tooLarge(expr hcl.Expression, err error) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Value too large to evaluate",
		Detail:   strings.ToUpper(err.Error()[:1]) + err.Error()[1:] + ".",
		Subject:  expr.Range().Ptr(),
	}
}

// functions returns the functions the expression calls, bound to the budget.
func (g *guard) functions() map[string]function.Function {
	if len(g.calls) == 0 {
		return nil
	}
	m := make(map[string]function.Function, len(g.calls))
	unknown := false
	for name := range g.calls {
		if f, ok := g.base[name]; ok {
			m[name] = bounded(name, f, g.b)
		} else {
			unknown = true
		}
	}
	if unknown {
		// The names of the others, for the "did you mean" of the error
		// (they are not called).
		for name, f := range g.base {
			if _, ok := m[name]; !ok {
				m[name] = f
			}
		}
	}
	return m
}

// checked wraps an expression whose value it holds to the limits; for a
// for expression's collection, it also charges each iteration.
type checked struct {
	hclsyntax.Expression
	b    *budget
	iter bool
}

func (c *checked) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if c.b.exhausted() && c.b.reported {
		// Out of budget: the first failure was reported; stop evaluating
		// (an unknown value makes the enclosing loops end at once).
		return cty.DynamicVal, nil
	}
	v, diags := c.Expression.Value(ctx)
	if diags.HasErrors() {
		return v, diags
	}
	_, err := checkValue(v, c.b)
	if err == nil && c.iter {
		if u, _ := v.Unmark(); u.IsKnown() && !u.IsNull() && u.CanIterateElements() {
			err = c.b.spend(int64(u.LengthInt()) * iterationCost)
		}
	}
	if err != nil {
		if c.b.reported {
			return cty.DynamicVal, diags
		}
		c.b.reported = true
		d := tooLarge(c.Expression, err)
		d.Expression, d.EvalContext = c.Expression, ctx
		return cty.DynamicVal, append(diags, d)
	}
	return v, diags
}

func (g *guard) wrap(e hclsyntax.Expression) hclsyntax.Expression {
	return &checked{Expression: g.expr(e), b: g.b}
}

// expr returns the guarded copy of e. Literal numbers and traversal keys are
// checked here, once.
func (g *guard) expr(e hclsyntax.Expression) hclsyntax.Expression {
	switch e := e.(type) {
	case nil:
		return nil
	case *hclsyntax.LiteralValueExpr:
		g.literal(e.Val, e.SrcRange)
		return e
	case *hclsyntax.ScopeTraversalExpr:
		g.traversal(e.Traversal, e.SrcRange)
		return e
	case *hclsyntax.RelativeTraversalExpr:
		g.traversal(e.Traversal, e.SrcRange)
		c := *e
		c.Source = g.expr(e.Source)
		return &c
	case *hclsyntax.FunctionCallExpr:
		g.calls[e.Name] = true
		c := *e
		c.Args = make([]hclsyntax.Expression, len(e.Args))
		for i, a := range e.Args {
			c.Args[i] = g.expr(a)
		}
		return &c
	case *hclsyntax.ConditionalExpr:
		c := *e
		c.Condition = g.expr(e.Condition)
		c.TrueResult = g.wrap(e.TrueResult)
		c.FalseResult = g.wrap(e.FalseResult)
		return &c
	case *hclsyntax.IndexExpr:
		c := *e
		c.Collection = g.expr(e.Collection)
		c.Key = g.wrap(e.Key)
		return &c
	case *hclsyntax.TupleConsExpr:
		c := *e
		c.Exprs = make([]hclsyntax.Expression, len(e.Exprs))
		for i, x := range e.Exprs {
			c.Exprs[i] = g.expr(x)
		}
		return &c
	case *hclsyntax.ObjectConsExpr:
		c := *e
		c.Items = make([]hclsyntax.ObjectConsItem, len(e.Items))
		for i, it := range e.Items {
			c.Items[i] = hclsyntax.ObjectConsItem{KeyExpr: g.expr(it.KeyExpr), ValueExpr: g.expr(it.ValueExpr)}
		}
		return &c
	case *hclsyntax.ObjectConsKeyExpr:
		// Not wrapped: a bare name key is recognized by its node type.
		c := *e
		c.Wrapped = g.expr(e.Wrapped)
		return &c
	case *hclsyntax.ForExpr:
		c := *e
		c.CollExpr = &checked{Expression: g.expr(e.CollExpr), b: g.b, iter: true}
		c.KeyExpr = g.expr(e.KeyExpr)
		c.ValExpr = g.expr(e.ValExpr)
		c.CondExpr = g.expr(e.CondExpr)
		return &checked{Expression: &c, b: g.b}
	case *hclsyntax.SplatExpr:
		// Item stays the same node: Each finds the current element by it.
		c := *e
		c.Source = g.expr(e.Source)
		c.Each = g.expr(e.Each)
		return &c
	case *hclsyntax.BinaryOpExpr:
		c := *e
		c.LHS = g.wrap(e.LHS)
		c.RHS = g.wrap(e.RHS)
		return &c
	case *hclsyntax.UnaryOpExpr:
		c := *e
		c.Val = g.wrap(e.Val)
		return &c
	case *hclsyntax.TemplateExpr:
		c := *e
		c.Parts = make([]hclsyntax.Expression, len(e.Parts))
		for i, p := range e.Parts {
			if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok {
				c.Parts[i] = g.expr(lit)
			} else {
				c.Parts[i] = g.wrap(p)
			}
		}
		return &c
	case *hclsyntax.TemplateJoinExpr:
		c := *e
		c.Tuple = g.expr(e.Tuple)
		return &c
	case *hclsyntax.TemplateWrapExpr:
		c := *e
		c.Wrapped = g.expr(e.Wrapped)
		return &c
	case *hclsyntax.ParenthesesExpr:
		c := *e
		c.Expression = g.expr(e.Expression)
		return &c
	}
	// AnonSymbolExpr, ExprSyntaxError: nothing to guard.
	return e
}

func (g *guard) literal(v cty.Value, rng hcl.Range) {
	if _, err := checkValue(v, nil); err != nil {
		g.diags = append(g.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Value too large to evaluate",
			Detail: strings.ToUpper(err.Error()[:1]) + err.Error()[1:] + ".", Subject: rng.Ptr()})
	}
}

func (g *guard) traversal(t hcl.Traversal, rng hcl.Range) {
	for _, step := range t {
		if ix, ok := step.(hcl.TraverseIndex); ok {
			g.literal(ix.Key, rng)
		}
	}
}

// bounded wraps a function of the table: its arguments and result are held
// to the limits, and the functions whose result can be much larger than
// their arguments estimate it first.
func bounded(name string, f function.Function, b *budget) function.Function {
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      f.Params(),
		VarParam:    f.VarParam(),
		// Some functions compute their result to know its type (flatten):
		// the arguments are checked first.
		Type: func(args []cty.Value) (cty.Type, error) {
			if b.exhausted() && b.reported {
				return cty.DynamicPseudoType, nil
			}
			if _, err := checkArgs(args, b); err != nil {
				b.reported = true
				return cty.DynamicPseudoType, err
			}
			return f.ReturnTypeForValues(args)
		},
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			if b.exhausted() && b.reported {
				// Out of budget, and said so: stop quietly (see checked).
				return cty.UnknownVal(retType), nil
			}
			v, err := call(name, f, args, b)
			if err != nil {
				b.reported = b.reported || b.exhausted()
				return cty.UnknownVal(retType), err
			}
			return v, nil
		},
	})
}

// call calls f under the limits.
func call(name string, f function.Function, args []cty.Value, b *budget) (cty.Value, error) {
	total, err := checkArgs(args, b)
	if err != nil {
		return cty.NilVal, err
	}
	if err := estimate(name, args, total, b); err != nil {
		return cty.NilVal, err
	}
	v, err := f.Call(args)
	if err != nil {
		return cty.NilVal, err
	}
	if _, err := checkValue(v, b); err != nil {
		return cty.NilVal, err
	}
	return v, nil
}

// checkArgs holds a call's arguments, together, to the limits.
func checkArgs(args []cty.Value, b *budget) (size, error) {
	var total size
	for _, a := range args {
		sz, err := checkValue(a, b)
		if err != nil {
			return total, err
		}
		total.values += sz.values
		total.bytes += sz.bytes
	}
	if total.values > MaxValues || total.bytes > MaxBytes {
		return total, errors.New("the arguments are larger than what modls evaluates statically")
	}
	return total, nil
}

// estimate refuses a call whose result would be over the limits, before it
// is built.
func estimate(name string, args []cty.Value, total size, b *budget) error {
	for _, a := range args {
		if u, _ := a.Unmark(); !u.IsWhollyKnown() {
			return nil // the result is unknown: nothing is built
		}
	}
	values, bytes := 1, 0
	switch name {
	case "setproduct":
		values = 1
		for _, a := range args {
			if !a.CanIterateElements() {
				return nil // the call fails on its own
			}
			values = mulCap(values, a.LengthInt())
		}
		values = mulCap(values, len(args)+1)
	case "indent":
		if len(args) == 2 && args[1].Type() == cty.String {
			lines := strings.Count(args[1].AsString(), "\n") + 1
			bytes = mulCap(intArg(args[0]), lines) + len(args[1].AsString())
		}
	case "format", "formatlist":
		if len(args) > 0 && args[0].Type() == cty.String {
			// Each item repeats the format, its widths and the scalar
			// arguments; a list argument gives one element to each.
			items, per, once := 1, len(args[0].AsString())+formatWidths(args[0].AsString()), 0
			for _, a := range args[1:] {
				sz, _ := checkValue(a, nil)
				text := sz.bytes + 32*sz.values
				if name == "formatlist" && (a.Type().IsListType() || a.Type().IsTupleType() || a.Type().IsSetType()) {
					items = max(items, a.LengthInt())
					once += text
				} else {
					per += text
				}
			}
			bytes = mulCap(items, per) + once
		}
	case "join":
		if len(args) > 1 && args[0].Type() == cty.String {
			n := 0
			for _, a := range args[1:] {
				if a.CanIterateElements() {
					n += a.LengthInt()
				}
			}
			bytes = total.bytes + mulCap(n, len(args[0].AsString()))
		}
	case "replace":
		if len(args) == 3 && args[0].Type() == cty.String && args[1].Type() == cty.String && args[2].Type() == cty.String {
			s, sub, repl := args[0].AsString(), args[1].AsString(), args[2].AsString()
			room := (MaxBytes-len(s))/max(len(repl), 1) + 1
			n := 0
			if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
				if re, err := regexp.Compile(sub[1 : len(sub)-1]); err == nil {
					n = len(re.FindAllStringIndex(s, room+1))
				}
			} else if sub != "" {
				n = strings.Count(s, sub)
			}
			bytes = len(s) + mulCap(n, len(repl))
		}
	case "split":
		if len(args) == 2 && args[0].Type() == cty.String && args[1].Type() == cty.String {
			sep, s := args[0].AsString(), args[1].AsString()
			if sep == "" {
				values = utf8.RuneCountInString(s) + 1
			} else {
				values = strings.Count(s, sep) + 1
			}
		}
	case "regexall":
		if len(args) == 2 && args[0].Type() == cty.String && args[1].Type() == cty.String {
			if re, err := regexp.Compile(args[0].AsString()); err == nil {
				values = len(re.FindAllStringIndex(args[1].AsString(), MaxValues/(re.NumSubexp()+2)+1)) * (re.NumSubexp() + 2)
			}
		}
	case "distinct":
		if len(args) == 1 && args[0].CanIterateElements() {
			n := int64(args[0].LengthInt())
			if err := b.spend(n * n); err != nil {
				return err
			}
		}
	case "jsondecode":
		// go-cty decodes each level of nesting from the raw text of the
		// level: the work is the depth times the length.
		if len(args) == 1 && args[0].Type() == cty.String {
			text := args[0].AsString()
			d := jsonDepth(text)
			if d > MaxDepth {
				return fmt.Errorf("the JSON nests more than %d levels deep, over what modls evaluates statically", MaxDepth)
			}
			if err := b.spend(int64(d) * int64(len(text)) / 1024); err != nil {
				return err
			}
		}
	case "parseint", "tonumber":
		if len(args) > 0 && args[0].Type() == cty.String && len(args[0].AsString()) > MaxNumberText {
			return fmt.Errorf("a string of more than %d characters, too long for modls to convert to a number", MaxNumberText)
		}
	}
	switch {
	case values > MaxValues:
		return fmt.Errorf("the result would have more than %d elements, over what modls evaluates statically", MaxValues)
	case bytes > MaxBytes:
		return fmt.Errorf("the result would hold more than %d MB of text, over what modls evaluates statically", MaxBytes>>20)
	}
	return b.spend(int64(values) + int64(bytes/256))
}

// mulCap multiplies, saturating above the limits.
func mulCap(a, b int) int {
	const ceiling = 1 << 40
	if a <= 0 || b <= 0 {
		return 0
	}
	if a > ceiling/b {
		return ceiling
	}
	return a * b
}

// intArg returns a number argument as an int, saturated.
func intArg(v cty.Value) int {
	if v.Type() != cty.Number {
		return 0
	}
	f := v.AsBigFloat()
	if f.Cmp(big.NewFloat(1<<40)) > 0 {
		return 1 << 40
	}
	i, _ := f.Int64()
	return int(max(i, 0))
}

// formatWidths sums the widths and precisions of a format string's verbs:
// what they add to the arguments' own text (Go's fmt caps each at 10^6).
func formatWidths(f string) int {
	total := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		for i++; i < len(f) && strings.IndexByte("+-# 0123456789.[]*", f[i]) >= 0; i++ {
			if f[i] >= '1' && f[i] <= '9' {
				n := 0
				for ; i < len(f) && f[i] >= '0' && f[i] <= '9'; i++ {
					n = min(n*10+int(f[i]-'0'), 1e6)
				}
				total += n
				i--
			}
		}
	}
	return total
}

// jsonDepth returns the deepest nesting of arrays and objects in JSON text,
// outside strings.
func jsonDepth(text string) int {
	depth, deepest, inString := 0, 0, false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			depth++
			deepest = max(deepest, depth)
		case c == ']' || c == '}':
			depth--
		}
	}
	return deepest
}
