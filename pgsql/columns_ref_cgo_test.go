//go:build cgo

package pgsql

// This file holds the first implementation of Columns, which decodes the
// tree with encoding/json into structs: a reference the reader of
// json_cgo.go must agree with (TestColumnsReference, FuzzCheck).

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"
)

// refColumns is Columns by encoding/json; decoded is false when it cannot
// decode the tree (deeper than its limit of 10,000 levels).
func refColumns(sql string) (names []string, known, decoded bool) {
	tree, err := parseJSON(sql)
	if err != nil {
		return nil, false, true
	}
	var r struct {
		Stmts []struct {
			Stmt refNode `json:"stmt"`
		} `json:"stmts"`
	}
	if json.Unmarshal([]byte(tree), &r) != nil {
		return nil, false, false
	}
	if len(r.Stmts) == 0 {
		return nil, false, true
	}
	names, known = refColumnsOf(r.Stmts[len(r.Stmts)-1].Stmt.SelectStmt)
	return names, known, true
}

// refNode is a node of the parse tree: an object with one key, the node's
// type. Only the types and fields that name columns are decoded.
type refNode struct {
	SelectStmt *refSelect `json:"SelectStmt"`
	ResTarget  *struct {
		Name string   `json:"name"`
		Val  *refNode `json:"val"`
	} `json:"ResTarget"`
	List *struct {
		Items []refNode `json:"items"`
	} `json:"List"`
	String *struct {
		Sval string `json:"sval"`
	} `json:"String"`
	AStar     *struct{} `json:"A_Star"`
	ColumnRef *struct {
		Fields []refNode `json:"fields"`
	} `json:"ColumnRef"`
	AIndirection *struct {
		Arg         *refNode  `json:"arg"`
		Indirection []refNode `json:"indirection"`
	} `json:"A_Indirection"`
	FuncCall *struct {
		Funcname []refNode `json:"funcname"`
	} `json:"FuncCall"`
	AExpr *struct {
		Kind string `json:"kind"`
	} `json:"A_Expr"`
	TypeCast *struct {
		Arg      *refNode `json:"arg"`
		TypeName *struct {
			Names []refNode `json:"names"`
		} `json:"typeName"`
	} `json:"TypeCast"`
	CollateClause *struct {
		Arg *refNode `json:"arg"`
	} `json:"CollateClause"`
	SubLink *struct {
		SubLinkType string   `json:"subLinkType"`
		Subselect   *refNode `json:"subselect"`
	} `json:"SubLink"`
	CaseExpr *struct {
		Defresult *refNode `json:"defresult"`
	} `json:"CaseExpr"`
	MinMaxExpr *struct {
		Op string `json:"op"`
	} `json:"MinMaxExpr"`
	SQLValueFunction *struct {
		Op string `json:"op"`
	} `json:"SQLValueFunction"`
	XMLExpr *struct {
		Op string `json:"op"`
	} `json:"XmlExpr"`
	JSONFuncExpr *struct {
		Op string `json:"op"`
	} `json:"JsonFuncExpr"`

	// Nodes named for their type alone.
	GroupingFunc              *struct{} `json:"GroupingFunc"`
	MergeSupportFunc          *struct{} `json:"MergeSupportFunc"`
	AArrayExpr                *struct{} `json:"A_ArrayExpr"`
	RowExpr                   *struct{} `json:"RowExpr"`
	CoalesceExpr              *struct{} `json:"CoalesceExpr"`
	XMLSerialize              *struct{} `json:"XmlSerialize"`
	JSONParseExpr             *struct{} `json:"JsonParseExpr"`
	JSONScalarExpr            *struct{} `json:"JsonScalarExpr"`
	JSONSerializeExpr         *struct{} `json:"JsonSerializeExpr"`
	JSONObjectConstructor     *struct{} `json:"JsonObjectConstructor"`
	JSONArrayConstructor      *struct{} `json:"JsonArrayConstructor"`
	JSONArrayQueryConstructor *struct{} `json:"JsonArrayQueryConstructor"`
	JSONObjectAgg             *struct{} `json:"JsonObjectAgg"`
	JSONArrayAgg              *struct{} `json:"JsonArrayAgg"`
}

type refSelect struct {
	TargetList  []refNode       `json:"targetList"`
	ValuesLists []refNode       `json:"valuesLists"`
	IntoClause  json.RawMessage `json:"intoClause"`
	Op          string          `json:"op"`
	Larg        *refSelect      `json:"larg"`
}

// refColumnsOf returns the column names of a select, or false.
func refColumnsOf(s *refSelect) ([]string, bool) {
	switch {
	case s == nil || s.IntoClause != nil:
		return nil, false
	case s.Op != "" && s.Op != "SETOP_NONE":
		return refColumnsOf(s.Larg)
	case len(s.ValuesLists) > 0:
		first := s.ValuesLists[0].List
		if first == nil {
			return nil, false
		}
		names := make([]string, len(first.Items))
		for i := range names {
			names[i] = "column" + strconv.Itoa(i+1)
		}
		return names, true
	}
	names := make([]string, 0, len(s.TargetList))
	for _, t := range s.TargetList {
		rt := t.ResTarget
		if rt == nil || rt.Val == nil || refStar(rt.Val) {
			return nil, false
		}
		name := rt.Name
		if name == "" {
			n, _, ok := refFigure(rt.Val)
			if !ok {
				return nil, false
			}
			if n == "" {
				n = "?column?"
			}
			name = n
		}
		names = append(names, name)
	}
	return names, true
}

// refStar reports whether a target is expanded into the columns of a table or
// a composite value: `*`, `t.*`, `(x).*`.
func refStar(n *refNode) bool {
	switch {
	case n.ColumnRef != nil:
		f := n.ColumnRef.Fields
		return len(f) > 0 && f[len(f)-1].AStar != nil
	case n.AIndirection != nil:
		ind := n.AIndirection.Indirection
		return len(ind) > 0 && ind[len(ind)-1].AStar != nil
	}
	return false
}

// refLastString returns the last String of nodes, or "".
func refLastString(nodes []refNode) string {
	name := ""
	for _, n := range nodes {
		if n.String != nil {
			name = n.String.Sval
		}
	}
	return name
}

// refFigure is FigureColnameInternal: the name of an expression without an
// alias and PostgreSQL's confidence in it (0 none, 1 second best, 2
// good). ok is false when the name depends on more than the text (a
// scalar subquery whose first column is a star).
func refFigure(n *refNode) (name string, strength int, ok bool) {
	if n == nil {
		return "", 0, true
	}
	named := func(s string) (string, int, bool) { return s, 2, true }
	switch {
	case n.ColumnRef != nil:
		if s := refLastString(n.ColumnRef.Fields); s != "" {
			return named(s)
		}
	case n.AIndirection != nil:
		if s := refLastString(n.AIndirection.Indirection); s != "" {
			return named(s)
		}
		return refFigure(n.AIndirection.Arg)
	case n.FuncCall != nil:
		if f := n.FuncCall.Funcname; len(f) > 0 && f[len(f)-1].String != nil {
			return named(f[len(f)-1].String.Sval)
		}
	case n.AExpr != nil:
		if n.AExpr.Kind == "AEXPR_NULLIF" {
			return named("nullif")
		}
	case n.TypeCast != nil:
		name, strength, ok = refFigure(n.TypeCast.Arg)
		if ok && strength <= 1 && n.TypeCast.TypeName != nil {
			if t := n.TypeCast.TypeName.Names; len(t) > 0 && t[len(t)-1].String != nil {
				return t[len(t)-1].String.Sval, 1, true
			}
		}
		return name, strength, ok
	case n.CollateClause != nil:
		return refFigure(n.CollateClause.Arg)
	case n.GroupingFunc != nil:
		return named("grouping")
	case n.MergeSupportFunc != nil:
		return named("merge_action")
	case n.SubLink != nil:
		switch n.SubLink.SubLinkType {
		case "EXISTS_SUBLINK":
			return named("exists")
		case "ARRAY_SUBLINK":
			return named("array")
		case "EXPR_SUBLINK":
			// PostgreSQL reads the name of the transformed subquery's
			// single column.
			if sub := n.SubLink.Subselect; sub != nil {
				names, known := refColumnsOf(sub.SelectStmt)
				if !known || len(names) == 0 {
					return "", 0, false
				}
				return named(names[0])
			}
		}
	case n.CaseExpr != nil:
		name, strength, ok = refFigure(n.CaseExpr.Defresult)
		if ok && strength <= 1 {
			return "case", 1, true
		}
		return name, strength, ok
	case n.AArrayExpr != nil:
		return named("array")
	case n.RowExpr != nil:
		return named("row")
	case n.CoalesceExpr != nil:
		return named("coalesce")
	case n.MinMaxExpr != nil:
		switch n.MinMaxExpr.Op {
		case "IS_GREATEST":
			return named("greatest")
		case "IS_LEAST":
			return named("least")
		}
	case n.SQLValueFunction != nil:
		if s, found := sqlValueFunctions[n.SQLValueFunction.Op]; found {
			return named(s)
		}
	case n.XMLExpr != nil:
		if s, found := xmlFunctions[n.XMLExpr.Op]; found {
			return named(s)
		}
	case n.XMLSerialize != nil:
		return named("xmlserialize")
	case n.JSONParseExpr != nil:
		return named("json")
	case n.JSONScalarExpr != nil:
		return named("json_scalar")
	case n.JSONSerializeExpr != nil:
		return named("json_serialize")
	case n.JSONObjectConstructor != nil:
		return named("json_object")
	case n.JSONArrayConstructor != nil, n.JSONArrayQueryConstructor != nil:
		return named("json_array")
	case n.JSONObjectAgg != nil:
		return named("json_objectagg")
	case n.JSONArrayAgg != nil:
		return named("json_arrayagg")
	case n.JSONFuncExpr != nil:
		switch n.JSONFuncExpr.Op {
		case "JSON_EXISTS_OP":
			return named("json_exists")
		case "JSON_QUERY_OP":
			return named("json_query")
		case "JSON_VALUE_OP":
			return named("json_value")
		}
	}
	return "", 0, true
}

// sameColumns checks that Columns and the reference agree on sql.
func sameColumns(t *testing.T, sql string) {
	t.Helper()
	if tooDeep(sql) {
		return
	}
	names, known := Columns(sql)
	want, wantKnown, decoded := refColumns(sql)
	if decoded && known != wantKnown || !slices.Equal(names, want) {
		t.Errorf("Columns(%q) = %q, %v; the reference's: %q, %v", sql, names, known, want, wantKnown)
	}
}
