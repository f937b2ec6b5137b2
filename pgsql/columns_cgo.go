//go:build cgo

package pgsql

// This file defines Columns: the names PostgreSQL gives the result columns
// of a query, read from libpg_query's parse tree (decoded from its JSON
// only as deep as the names need) by the rules of PostgreSQL's
// transformTargetList and FigureColname (parse_target.c).

import (
	"encoding/json"
	"strconv"
)

// Columns returns the result column names of the statement (the last one
// when sql holds several) when the text alone determines them, as
// PostgreSQL names them: the alias; else, by FigureColname's rules, the
// last field of a column reference, a function's name, the type of a cast
// whose operand has no good name, "case", "?column?" …; column1, column2 …
// for VALUES. Of UNION, INTERSECT and EXCEPT the leftmost arm names the
// columns; a WITH query's are its main select's.
//
// known is false for a `*` or `t.*` (the columns come from the catalog),
// a statement other than SELECT or VALUES (or SELECT INTO), SQL that does
// not parse, SQL of more than 10,000 operators and names (see maxNames),
// and in a build without cgo.
func Columns(sql string) (names []string, known bool) {
	if tooDeep(sql) {
		return nil, false
	}
	tree, err := parseJSON(sql)
	if err != nil {
		return nil, false
	}
	var r struct {
		Stmts []struct {
			Stmt node `json:"stmt"`
		} `json:"stmts"`
	}
	if json.Unmarshal([]byte(tree), &r) != nil || len(r.Stmts) == 0 {
		return nil, false
	}
	return columns(r.Stmts[len(r.Stmts)-1].Stmt.SelectStmt)
}

// node is a node of the parse tree: an object with one key, the node's
// type. Only the types and fields that name columns are decoded.
type node struct {
	SelectStmt *selectStmt `json:"SelectStmt"`
	ResTarget  *struct {
		Name string `json:"name"`
		Val  *node  `json:"val"`
	} `json:"ResTarget"`
	List *struct {
		Items []node `json:"items"`
	} `json:"List"`
	String *struct {
		Sval string `json:"sval"`
	} `json:"String"`
	AStar     *struct{} `json:"A_Star"`
	ColumnRef *struct {
		Fields []node `json:"fields"`
	} `json:"ColumnRef"`
	AIndirection *struct {
		Arg         *node  `json:"arg"`
		Indirection []node `json:"indirection"`
	} `json:"A_Indirection"`
	FuncCall *struct {
		Funcname []node `json:"funcname"`
	} `json:"FuncCall"`
	AExpr *struct {
		Kind string `json:"kind"`
	} `json:"A_Expr"`
	TypeCast *struct {
		Arg      *node `json:"arg"`
		TypeName *struct {
			Names []node `json:"names"`
		} `json:"typeName"`
	} `json:"TypeCast"`
	CollateClause *struct {
		Arg *node `json:"arg"`
	} `json:"CollateClause"`
	SubLink *struct {
		SubLinkType string `json:"subLinkType"`
		Subselect   *node  `json:"subselect"`
	} `json:"SubLink"`
	CaseExpr *struct {
		Defresult *node `json:"defresult"`
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

type selectStmt struct {
	TargetList  []node          `json:"targetList"`
	ValuesLists []node          `json:"valuesLists"`
	IntoClause  json.RawMessage `json:"intoClause"`
	Op          string          `json:"op"`
	Larg        *selectStmt     `json:"larg"`
}

// columns returns the column names of a select, or false.
func columns(s *selectStmt) ([]string, bool) {
	switch {
	case s == nil || s.IntoClause != nil:
		return nil, false
	case s.Op != "" && s.Op != "SETOP_NONE":
		return columns(s.Larg)
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
		if rt == nil || rt.Val == nil || star(rt.Val) {
			return nil, false
		}
		name := rt.Name
		if name == "" {
			n, _, ok := figure(rt.Val)
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

// star reports whether a target is expanded into the columns of a table or
// a composite value: `*`, `t.*`, `(x).*`.
func star(n *node) bool {
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

// lastString returns the last String of nodes, or "".
func lastString(nodes []node) string {
	name := ""
	for _, n := range nodes {
		if n.String != nil {
			name = n.String.Sval
		}
	}
	return name
}

// figure is FigureColnameInternal: the name of an expression without an
// alias and PostgreSQL's confidence in it (0 none, 1 second best, 2
// good). ok is false when the name depends on more than the text (a
// scalar subquery whose first column is a star).
func figure(n *node) (name string, strength int, ok bool) {
	if n == nil {
		return "", 0, true
	}
	named := func(s string) (string, int, bool) { return s, 2, true }
	switch {
	case n.ColumnRef != nil:
		if s := lastString(n.ColumnRef.Fields); s != "" {
			return named(s)
		}
	case n.AIndirection != nil:
		if s := lastString(n.AIndirection.Indirection); s != "" {
			return named(s)
		}
		return figure(n.AIndirection.Arg)
	case n.FuncCall != nil:
		if f := n.FuncCall.Funcname; len(f) > 0 && f[len(f)-1].String != nil {
			return named(f[len(f)-1].String.Sval)
		}
	case n.AExpr != nil:
		if n.AExpr.Kind == "AEXPR_NULLIF" {
			return named("nullif")
		}
	case n.TypeCast != nil:
		name, strength, ok = figure(n.TypeCast.Arg)
		if ok && strength <= 1 && n.TypeCast.TypeName != nil {
			if t := n.TypeCast.TypeName.Names; len(t) > 0 && t[len(t)-1].String != nil {
				return t[len(t)-1].String.Sval, 1, true
			}
		}
		return name, strength, ok
	case n.CollateClause != nil:
		return figure(n.CollateClause.Arg)
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
				names, known := columns(sub.SelectStmt)
				if !known || len(names) == 0 {
					return "", 0, false
				}
				return named(names[0])
			}
		}
	case n.CaseExpr != nil:
		name, strength, ok = figure(n.CaseExpr.Defresult)
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

// sqlValueFunctions names the SQLValueFunction operations.
var sqlValueFunctions = map[string]string{
	"SVFOP_CURRENT_DATE":        "current_date",
	"SVFOP_CURRENT_TIME":        "current_time",
	"SVFOP_CURRENT_TIME_N":      "current_time",
	"SVFOP_CURRENT_TIMESTAMP":   "current_timestamp",
	"SVFOP_CURRENT_TIMESTAMP_N": "current_timestamp",
	"SVFOP_LOCALTIME":           "localtime",
	"SVFOP_LOCALTIME_N":         "localtime",
	"SVFOP_LOCALTIMESTAMP":      "localtimestamp",
	"SVFOP_LOCALTIMESTAMP_N":    "localtimestamp",
	"SVFOP_CURRENT_ROLE":        "current_role",
	"SVFOP_CURRENT_USER":        "current_user",
	"SVFOP_USER":                "user",
	"SVFOP_SESSION_USER":        "session_user",
	"SVFOP_CURRENT_CATALOG":     "current_catalog",
	"SVFOP_CURRENT_SCHEMA":      "current_schema",
}

// xmlFunctions names the XmlExpr operations (IS_DOCUMENT has no name).
var xmlFunctions = map[string]string{
	"IS_XMLCONCAT":    "xmlconcat",
	"IS_XMLELEMENT":   "xmlelement",
	"IS_XMLFOREST":    "xmlforest",
	"IS_XMLPARSE":     "xmlparse",
	"IS_XMLPI":        "xmlpi",
	"IS_XMLROOT":      "xmlroot",
	"IS_XMLSERIALIZE": "xmlserialize",
}

// maxNames bounds the operators and names (keywords included) of the text
// Columns parses. Each may add a level to the parse tree (1+1+…+1 is that
// many nested operator nodes), and libpg_query's output of the tree as JSON
// recurses once per level in C, on the calling thread's stack, without
// PostgreSQL's stack depth check: 70,000 levels overflow a stack of 8 MB
// and crash the process (its parser alone does not recurse: Check has no
// bound).
// 10,000 levels need about 1.5 MB; the largest query of the corpus mods has
// 485 operators and names.
const maxNames = 10000

// tooDeep reports whether sql has more than maxNames operators and names.
func tooDeep(sql string) bool {
	n := 0
	for i := 0; i < len(sql); {
		kind, end := next(sql, i)
		if kind == tkOperator || kind == tkIdent {
			if n++; n > maxNames {
				return true
			}
		}
		i = end
	}
	return false
}
