//go:build cgo

package pgsql

// This file defines Columns: the names PostgreSQL gives the result columns
// of a query, read from libpg_query's parse tree by the rules of
// PostgreSQL's transformTargetList and FigureColname (parse_target.c). The
// tree comes as JSON, and only the nodes that name columns are read from
// it (json_cgo.go): the rest — FROM, WHERE, WITH, the arguments of calls —
// is skipped without being decoded.

import "strconv"

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
	r := &reader{s: tree}
	r.object(func(k string) {
		if k != "stmts" {
			return
		}
		r.array(func() {
			names, known = nil, false // the last statement's
			r.object(func(k string) {
				if k == "stmt" {
					r.object(func(typ string) {
						if typ == "SelectStmt" {
							names, known = columns(r)
						}
					})
				}
			})
		})
	})
	if !known {
		return nil, false
	}
	return names, true
}

// columns reads a SelectStmt and returns its column names, or false.
func columns(r *reader) ([]string, bool) {
	var (
		names     = []string{}
		known     = true
		setOp     bool
		larg      []string
		largKnown bool
		into      bool
		values    = -1 // the columns of VALUES
	)
	r.object(func(k string) {
		switch k {
		case "targetList":
			r.array(func() {
				name, ok := target(r)
				names = append(names, name)
				known = known && ok
			})
		case "valuesLists":
			r.array(func() {
				r.object(func(typ string) {
					if typ == "List" && values < 0 {
						values = 0
						r.object(func(k string) {
							if k == "items" {
								r.array(func() { values++ })
							}
						})
					}
				})
			})
		case "intoClause":
			into = true
		case "op":
			setOp = r.str() != "SETOP_NONE"
		case "larg":
			larg, largKnown = columns(r)
		}
	})
	switch {
	case into:
		return nil, false
	case setOp:
		return larg, largKnown
	case values >= 0:
		names = names[:0]
		for i := range values {
			names = append(names, "column"+strconv.Itoa(i+1))
		}
	}
	return names, known
}

// target reads a ResTarget and returns the name of its column, or false
// when the text does not tell it (a star).
func target(r *reader) (string, bool) {
	var (
		name string
		f    fig
		ok   bool
	)
	r.object(func(typ string) {
		if typ != "ResTarget" {
			return
		}
		r.object(func(k string) {
			switch k {
			case "name":
				name = r.str()
			case "val":
				f, ok = figure(r), true
			}
		})
	})
	switch {
	case !ok || f.star:
		return "", false
	case name != "":
		return name, true
	case f.unknown:
		return "", false
	case f.name != "":
		return f.name, true
	}
	return "?column?", true
}

// fig is what FigureColnameInternal finds of an expression: a name and
// PostgreSQL's confidence in it (0 none, 1 second best, 2 good); whether
// the name depends on more than the text (a scalar subquery whose first
// column is a star); whether the expression is `*`, `t.*` or `(x).*`,
// which a target list expands.
type fig struct {
	name     string
	strength int
	unknown  bool
	star     bool
}

// figure reads an expression's node and figures its column name, as
// FigureColnameInternal does (parse_target.c).
func figure(r *reader) fig {
	var f fig
	named := func(s string) { f.name, f.strength = s, 2 }
	r.object(func(typ string) {
		var (
			arg, def         fig // the operand of a cast, indirection, collation; a CASE's ELSE
			last, lastType   string
			typeName, kind   string
			op               string
			sub              []string
			subKnown, hasSub bool
		)
		r.object(func(k string) {
			switch {
			case k == "arg" && (typ == "TypeCast" || typ == "A_Indirection" || typ == "CollateClause"):
				arg = figure(r)
			case k == "defresult" && typ == "CaseExpr":
				def = figure(r)
			case k == "fields" && typ == "ColumnRef", k == "indirection" && typ == "A_Indirection",
				k == "funcname" && typ == "FuncCall":
				last, lastType = r.names()
			case k == "typeName" && typ == "TypeCast":
				r.object(func(k string) {
					if k == "names" {
						typeName, _ = r.names()
					}
				})
			case k == "kind" && typ == "A_Expr", k == "subLinkType" && typ == "SubLink":
				kind = r.str()
			case k == "op":
				op = r.str()
			case k == "subselect" && typ == "SubLink":
				r.object(func(t string) {
					if t == "SelectStmt" {
						sub, subKnown = columns(r)
						hasSub = true
					}
				})
			}
		})
		switch typ {
		case "ColumnRef":
			f.star = lastType == "A_Star"
			if last != "" {
				named(last)
			}
		case "A_Indirection":
			f.star = lastType == "A_Star"
			if last != "" {
				named(last)
			} else {
				f.name, f.strength, f.unknown = arg.name, arg.strength, arg.unknown
			}
		case "FuncCall":
			if last != "" {
				named(last)
			}
		case "A_Expr":
			if kind == "AEXPR_NULLIF" {
				named("nullif")
			}
		case "TypeCast":
			f.name, f.strength, f.unknown = arg.name, arg.strength, arg.unknown
			if !arg.unknown && arg.strength <= 1 && typeName != "" {
				f.name, f.strength = typeName, 1
			}
		case "CollateClause":
			f.name, f.strength, f.unknown = arg.name, arg.strength, arg.unknown
		case "SubLink":
			switch kind {
			case "EXISTS_SUBLINK":
				named("exists")
			case "ARRAY_SUBLINK":
				named("array")
			case "EXPR_SUBLINK":
				// PostgreSQL reads the name of the transformed subquery's
				// single column.
				if hasSub {
					if !subKnown || len(sub) == 0 {
						f.unknown = true
					} else {
						named(sub[0])
					}
				}
			}
		case "CaseExpr":
			f.name, f.strength, f.unknown = def.name, def.strength, def.unknown
			if !def.unknown && def.strength <= 1 {
				f.name, f.strength = "case", 1
			}
		case "MinMaxExpr":
			switch op {
			case "IS_GREATEST":
				named("greatest")
			case "IS_LEAST":
				named("least")
			}
		case "SQLValueFunction":
			if s, found := sqlValueFunctions[op]; found {
				named(s)
			}
		case "XmlExpr":
			if s, found := xmlFunctions[op]; found {
				named(s)
			}
		case "JsonFuncExpr":
			switch op {
			case "JSON_EXISTS_OP":
				named("json_exists")
			case "JSON_QUERY_OP":
				named("json_query")
			case "JSON_VALUE_OP":
				named("json_value")
			}
		default:
			if s, found := nodeNames[typ]; found {
				named(s)
			}
		}
	})
	return f
}

// nodeNames names the nodes that act like a function of that name.
var nodeNames = map[string]string{
	"GroupingFunc":              "grouping",
	"MergeSupportFunc":          "merge_action",
	"A_ArrayExpr":               "array",
	"RowExpr":                   "row",
	"CoalesceExpr":              "coalesce",
	"XmlSerialize":              "xmlserialize",
	"JsonParseExpr":             "json",
	"JsonScalarExpr":            "json_scalar",
	"JsonSerializeExpr":         "json_serialize",
	"JsonObjectConstructor":     "json_object",
	"JsonArrayConstructor":      "json_array",
	"JsonArrayQueryConstructor": "json_array",
	"JsonObjectAgg":             "json_objectagg",
	"JsonArrayAgg":              "json_arrayagg",
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
// bound). 10,000 levels need about 1.5 MB; the largest query of the corpus
// mods has 485 operators and names.
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
