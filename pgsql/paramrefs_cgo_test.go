//go:build cgo

package pgsql

import (
	"encoding/json"
	"slices"
	"testing"
)

// checkParamRefs checks that Placeholders finds exactly the ParamRef nodes
// of the parse tree of sql, when it parses.
func checkParamRefs(t *testing.T, sql string) {
	t.Helper()
	if tooDeep(sql) {
		return
	}
	tree, perr := parseJSON(sql)
	if perr != nil {
		return
	}
	var v any
	if err := json.Unmarshal([]byte(tree), &v); err != nil {
		t.Fatal(err)
	}
	var want []Placeholder
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if p, ok := v["ParamRef"].(map[string]any); ok {
				n, _ := p["number"].(float64)
				at, _ := p["location"].(float64)
				want = append(want, Placeholder{N: int(n), Offset: int(at)})
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(v)
	var got []Placeholder
	for _, p := range Placeholders(sql) {
		got = append(got, Placeholder{N: p.N, Offset: p.Offset})
	}
	slices.SortFunc(want, func(a, b Placeholder) int { return a.Offset - b.Offset })
	if !slices.Equal(got, want) {
		t.Errorf("Placeholders(%q) = %v; the parse tree's: %v", sql, got, want)
	}
}
