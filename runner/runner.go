package runner

// This file defines Prepare, Run and the answer's shape.

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/modls/modls/db"
	"github.com/modls/modls/index"
	"github.com/modls/modls/pgsql"
	"github.com/modls/modls/render"
)

// Statement is a resource's SQL ready to run.
type Statement struct {
	Resource string // its qualified name
	Kind     index.Kind
	SQL      string
	Args     []any    // the values of $1, $2, …
	Names    []string // the param each comes from ("" for a positional arg)
	Entry    *index.Entry
}

// Prepare renders the SQL of e with r and binds its placeholders: args (by
// param name, or "1", "2" … by position) over e's own args and the params'
// defaults. The SQL must be known statically and run on Steampipe or
// PostgreSQL.
func Prepare(ctx context.Context, r *render.Renderer, e *index.Entry, args map[string]cty.Value) (*Statement, error) {
	res, err := r.SQL(ctx, e)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", e.QualifiedName(), err)
	}
	if res.Dialect != render.Postgres {
		return nil, fmt.Errorf("%s runs on %s: modls runs SQL only on Steampipe and PostgreSQL", e.QualifiedName(), res.Dialect.Title())
	}
	if !res.Complete {
		var why []string
		for _, u := range res.Unknown {
			why = append(why, u.Reason)
		}
		return nil, fmt.Errorf("%s: the SQL is not known statically: %s", e.QualifiedName(), strings.Join(why, "; "))
	}
	binds, err := r.Bindings(ctx, e, res)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", e.QualifiedName(), err)
	}
	used := map[string]bool{}
	for i := range binds {
		for _, key := range []string{binds[i].Name, fmt.Sprint(i + 1)} {
			if v, ok := args[key]; ok && key != "" {
				binds[i].Value, binds[i].From = v, "the args given"
				used[key] = true
			}
		}
	}
	var unknown []string
	for k := range args {
		if !used[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		var names []string
		for _, b := range binds {
			if b.Name != "" {
				names = append(names, b.Name)
			}
		}
		takes := "no param"
		if len(names) > 0 {
			takes = "the params " + strings.Join(names, ", ")
		}
		return nil, fmt.Errorf("%s takes %s, not %s", e.QualifiedName(), takes, strings.Join(unknown, ", "))
	}
	// As many values as the text's placeholders: $n beyond the params are
	// an error, params no $n uses are not sent.
	n := 0
	for _, ph := range pgsql.Placeholders(res.Text) {
		n = max(n, ph.N)
	}
	st := &Statement{Resource: e.QualifiedName(), Kind: e.Kind, SQL: res.Text, Entry: e}
	for i := 0; i < n; i++ {
		b := binds[i]
		if b.From == "" {
			what := fmt.Sprintf("$%d", i+1)
			if b.Name != "" {
				what = "param " + b.Name
			}
			return nil, fmt.Errorf("%s: %s has no value: give it as an arg (%s=…)", e.QualifiedName(), what, or(b.Name, fmt.Sprint(i+1)))
		}
		v, err := goValue(b.Value)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %v", e.QualifiedName(), or(b.Name, fmt.Sprintf("$%d", i+1)), err)
		}
		st.Args = append(st.Args, v)
		st.Names = append(st.Names, b.Name)
	}
	return st, nil
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// goValue converts a value for the driver: strings, numbers (integers as
// int64), bools, lists of strings as text[], anything else as JSON text.
func goValue(v cty.Value) (any, error) {
	if v.IsNull() {
		return nil, nil
	}
	t := v.Type()
	switch {
	case t == cty.String:
		return v.AsString(), nil
	case t == cty.Bool:
		return v.True(), nil
	case t == cty.Number:
		f := v.AsBigFloat()
		if f.IsInt() {
			if i, acc := f.Int64(); acc == big.Exact {
				return i, nil
			}
		}
		x, _ := f.Float64()
		return x, nil
	case t.IsListType() || t.IsSetType() || t.IsTupleType():
		strs := []string{}
		allStrings := true
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if e.IsNull() || e.Type() != cty.String {
				allStrings = false
				break
			}
			strs = append(strs, e.AsString())
		}
		if allStrings {
			return strs, nil
		}
	}
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// ParseArg reads the value of `--arg name=value` as Powerpipe's command
// line does: an HCL literal (a number, true, a quoted string, a list) when
// it is one, else the text itself.
func ParseArg(text string) cty.Value {
	expr, diags := hclsyntax.ParseExpression([]byte(text), "arg", hcl.InitialPos)
	if !diags.HasErrors() {
		if v, diags := expr.Value(nil); !diags.HasErrors() && v.IsWhollyKnown() {
			return v
		}
	}
	return cty.StringVal(text)
}

// JSONArg converts a JSON value (an arg of modls.run) to a cty value.
func JSONArg(raw json.RawMessage) (cty.Value, error) {
	t, err := ctyjson.ImpliedType(raw)
	if err != nil {
		return cty.NilVal, err
	}
	return ctyjson.Unmarshal(raw, t)
}

// Summary counts a control's rows by status.
type Summary struct {
	OK    int `json:"ok"`
	Alarm int `json:"alarm"`
	Info  int `json:"info"`
	Skip  int `json:"skip"`
	Error int `json:"error"`
}

// Answer is what a run returns: modls.run's result and modls run --output
// json.
type Answer struct {
	Resource   string      `json:"resource"`
	Columns    []db.Field  `json:"columns"`
	Rows       [][]any     `json:"rows"`
	Truncated  bool        `json:"truncated"`
	DurationMs int64       `json:"durationMs"`
	Summary    *Summary    `json:"summary,omitempty"`
	Args       []NamedArgs `json:"args,omitempty"`
}

// NamedArgs is one value bound, for the answer.
type NamedArgs struct {
	Name  string `json:"name,omitempty"`
	Value any    `json:"value"`
}

// Run runs st on c.
func Run(ctx context.Context, c *db.Conn, st *Statement, opt db.RunOptions) (*Answer, error) {
	res, err := c.Run(ctx, st.SQL, st.Args, opt)
	if err != nil {
		return nil, err
	}
	a := &Answer{Resource: st.Resource, Columns: res.Columns, Rows: res.Rows, Truncated: res.Truncated, DurationMs: res.Duration.Round(time.Millisecond).Milliseconds()}
	if a.Columns == nil {
		a.Columns = []db.Field{}
	}
	for i, v := range st.Args {
		a.Args = append(a.Args, NamedArgs{Name: st.Names[i], Value: v})
	}
	if st.Kind == index.KindControl {
		a.Summary = Summarize(res.Columns, res.Rows)
	}
	return a, nil
}

// Summarize counts rows by their status column (ok, alarm, info, skip,
// error; anything else, as Powerpipe does, is an error).
func Summarize(cols []db.Field, rows [][]any) *Summary {
	s := &Summary{}
	col := -1
	for i, c := range cols {
		if c.Name == "status" {
			col = i
		}
	}
	for _, row := range rows {
		status := ""
		if col >= 0 {
			status, _ = row[col].(string)
		}
		switch status {
		case "ok":
			s.OK++
		case "alarm":
			s.Alarm++
		case "info":
			s.Info++
		case "skip":
			s.Skip++
		default:
			s.Error++
		}
	}
	return s
}
