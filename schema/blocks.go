package schema

// This file holds the data: every block type of the mod language, where it
// may appear, and its attributes (mod-language.md §2, §3.1, §4.2, §5, §6,
// §8). Attribute groups (§2.2) are slices combined with attrs.

import (
	"slices"
	"strings"
)

// attrs joins attribute groups into one set sorted by name.
func attrs(groups ...[]Attribute) []Attribute {
	var out []Attribute
	for _, g := range groups {
		out = append(out, g...)
	}
	slices.SortStableFunc(out, func(a, b Attribute) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// names returns its arguments sorted.
func names(n ...string) []string {
	slices.Sort(n)
	return n
}

// Shared attributes.
var (
	attrTitle = Attribute{Name: "title", Type: String,
		Doc: "Display title, shown in dashboards, listings and reports."}
	attrDescription = Attribute{Name: "description", Type: String,
		Doc: "A short description, shown in listings and as help text."}
	attrDocumentation = Attribute{Name: "documentation", Type: String,
		Doc: "Long-form documentation in Markdown, usually loaded with `file(\"./docs/name.md\")` (paths are relative to the mod root). Not inherited through `base`."}
	attrTags = Attribute{Name: "tags", Type: MapOfString,
		Doc: "A map of string tags used to group, filter and describe the block. Tags are merged with those of `base`."}
	attrMaxConcurrency = Attribute{Name: "max_concurrency", Type: Number, Hidden: true,
		Doc:        "Accepted by the shared resource schema for compatibility with Flowpipe; it has no effect in Powerpipe.",
		Deprecated: "`max_concurrency` has no effect in Powerpipe (a Flowpipe leftover); remove it."}

	attrDatabase = Attribute{Name: "database", Type: Connection, Targets: []string{"connection"},
		Doc: "The database to query: a connection string, a Pipes workspace (`org/workspace`), a connection reference such as `connection.steampipe.default`, or a variable holding one. Overrides the mod's default database."}
	attrSearchPath = Attribute{Name: "search_path", Type: ListOfString,
		Doc: "The search path (schemas or connections, in order) to use for queries, replacing the default."}
	attrSearchPathPrefix = Attribute{Name: "search_path_prefix", Type: ListOfString,
		Doc: "Schemas or connections to put in front of the default search path for queries."}

	attrWidth = Attribute{Name: "width", Type: Number,
		Doc: "Width in grid units, 0–12 (12 is the full width of the parent)."}
	attrDisplay = Attribute{Name: "display", Type: String,
		Doc: "A display option passed to the dashboard UI."}

	attrSQL = Attribute{Name: "sql", Type: String,
		Doc: "The SQL to run. Positional parameters `$1`, `$2`, … bind to `param` blocks or `args` in order. Set either `sql` or `query`, not both."}
	attrQuery = Attribute{Name: "query", Type: Reference, Targets: []string{"query"},
		Doc: "The `query` resource to run, e.g. `query.bucket_count` or `<dependency>.query.<name>`. Set either `query` or `sql`, not both."}
	attrArgs = Attribute{Name: "args", Type: ObjectOrTuple, Runtime: true,
		Doc: "Arguments for the query's parameters: an object binds by `param` name, a list binds positionally (`$1`, `$2`, …). Values may use `self.input.<name>.value`, `with.<name>.rows` and `param.<name>`."}
	attrBase = Attribute{Name: "base", Type: Reference, Targets: []string{SameType},
		Doc: "A resource of the same type to inherit from: every property this block leaves unset is taken from it."}

	attrSeverity = Attribute{Name: "severity", Type: String,
		Enum: []string{"none", "low", "medium", "high", "critical"},
		Doc:  "The severity of a failing result: `none`, `low`, `medium`, `high` or `critical`."}
	attrHref = Attribute{Name: "href", Type: String,
		Doc: "A link to open on click. May contain jq-style templates over the row, e.g. `{{ .'ARN' | @uri }}`."}
	attrColor = Attribute{Name: "color", Type: String,
		Doc: "A color: a named color, an RGB or RGBA string, or a control status color (`alert`, `ok`, `info`, …)."}
	attrIcon = Attribute{Name: "icon", Type: String,
		Doc: "An icon: an icon name (e.g. `inventory_2`) or an image URL."}
	attrShowAllNone = []string{"all", "none"}
)

// The attribute groups of §2.2.
var (
	// groupH is the base group of every resource decoded generically.
	groupH = []Attribute{attrTitle, attrDescription, attrDocumentation, attrTags, attrMaxConcurrency}
	// groupD is database targeting.
	groupD = []Attribute{attrDatabase, attrSearchPath, attrSearchPathPrefix}
	// groupQ is the query provider group (param blocks are listed in Blocks).
	groupQ = []Attribute{attrSQL, attrQuery, attrArgs}
	// groupB is inheritance.
	groupB = []Attribute{attrBase}
)

// groupL is the leaf/layout group, with the block's own `type` attribute.
func groupL(typ Attribute) []Attribute {
	return []Attribute{attrWidth, attrDisplay, typ}
}

// displayType makes a block's `type` attribute.
func displayType(doc string, enum ...string) Attribute {
	return Attribute{Name: "type", Type: String, Doc: doc, Enum: enum}
}

var genericType = displayType("A display type passed to the dashboard UI; no values are documented for this block.")

// Rules shared by query providers.
var (
	sqlOrQuery = Exclusion{
		Alternatives: [][]string{{"sql"}, {"query"}},
		Severity:     Error,
		Message:      "Only one of `sql` and `query` may be set.",
	}
	paramWithQuery = Exclusion{
		Alternatives: [][]string{{"param"}, {"query"}},
		Severity:     Warning,
		Message:      "Deprecated usage: `param` blocks together with `query`; declare the params on the referenced query.",
	}
	queryOrNodes = Exclusion{
		Alternatives: [][]string{{"sql", "query"}, {"node", "edge"}},
		Severity:     Error,
		Message:      "A flow, graph or hierarchy takes either a query (`sql` or `query`) or `node`/`edge` blocks, not both.",
	}
	providerRules = []Exclusion{sqlOrQuery, paramWithQuery}
)

// Targeted messages for things people write in the wrong place.
const (
	msgNotProvider = "is not a query provider: it takes no `sql`, `query`, `args` or `param`."
)

func msgNodeNested(typ string) string {
	return "`" + typ + "` blocks belong in a `graph`, `flow` or `hierarchy`; a top-level one can be reused with `base`."
}

func notProvider(typ string) map[string]string {
	m := "`" + typ + "` " + msgNotProvider
	return map[string]string{"sql": m, "query": m, "args": m}
}

// dashboardChildren are the blocks of a dashboard or container (§3.1).
var dashboardChildren = names("benchmark", "card", "chart", "container", "dashboard", "detection",
	"flow", "graph", "hierarchy", "image", "input", "table", "text", "with")

var dashboardRejected = map[string]string{
	"control":  "A `control` cannot be nested in a dashboard (the docs show it, Powerpipe rejects it): define it at the top level and show it through a `benchmark`.",
	"query":    "A `query` cannot be nested in a dashboard: define it at the top level and reference it with `query = query.<name>`.",
	"node":     msgNodeNested("node"),
	"edge":     msgNodeNested("edge"),
	"category": "A `category` belongs at the top level or in a `graph`, `flow` or `hierarchy`.",
	"param":    "A dashboard takes no `param` blocks; parameters belong on query providers.",
	"variable": "A `variable` must be declared at the top level.",
}

// Resources and the blocks shared by several parents.
var (
	mod = &Block{
		Type: "mod", Labels: 1, LabelName: "mod name", TopLevel: true,
		Doc: "The mod definition: its name (the alias dependants use in references), metadata and requirements. Only the first `mod` block of `mod.pp` (or `mod.sp`) counts; any other is ignored.",
		Attributes: attrs(groupH, groupD, []Attribute{
			{Name: "color", Type: String, Doc: "The color of the mod on the Powerpipe Hub."},
			{Name: "icon", Type: String, Doc: "The URL or path of the mod's icon."},
			{Name: "categories", Type: ListOfString, Doc: "The Powerpipe Hub categories of the mod."},
		}),
		Blocks: names("opengraph", "require", "requires"),
		Exclusive: []Exclusion{{
			Alternatives: [][]string{{"require"}, {"requires"}},
			PresentWhen:  map[string][]string{"requires": {"mod", "plugin"}},
			Severity:     Error,
			Message:      "Both `require` and the legacy `requires` are set; keep only `require`.",
		}},
		sub: []*Block{opengraph, require, requires},
	}

	variable = &Block{
		Type: "variable", Labels: 1, LabelName: "variable name", TopLevel: true, Strict: true,
		Doc: "An input variable, referenced as `var.<name>`. Values come from `default`, `PP_VAR_<name>`, `.ppvars` files, `--var` and prompts.",
		Attributes: attrs([]Attribute{
			{Name: "type", Type: TypeExpr, Static: true,
				Doc: "The value type: `string`, `number`, `bool`, `list(T)`, `set(T)`, `map(T)`, `object({...})`, `tuple([...])`, `any`, or a custom `connection`, `connection.<type>` or `notifier`. Defaults to the type of `default`."},
			{Name: "default", Type: Any, Static: true,
				Doc: "The default value; must match `type`. Evaluated before everything else: only literals, functions and `connection.*` references, no `var`, `local` or resources."},
			{Name: "description", Type: String, Doc: "A description of the variable, shown when Powerpipe prompts for a value."},
			{Name: "title", Type: String, Doc: "The display title of the variable."},
			attrTags,
			{Name: "enum", Type: List,
				Doc: "The allowed values, for `string`, `number` and `bool` variables (or lists of them); `default` must be one of them."},
			{Name: "format", Type: String, Enum: []string{"text", "multiline", "json"}, StrictEnum: true,
				Doc: "The input format of a string variable: `text` (default), `multiline` or `json`."},
			{Name: "sensitive", Type: Bool, Doc: "Marks the value as sensitive. Accepted; it has no visible effect in Powerpipe."},
		}),
		RejectedBlocks: map[string]string{
			"validation": "Variable `validation` blocks are in the schema but not implemented: Powerpipe fails to load the mod.",
		},
	}

	locals = &Block{
		Type: "locals", Labels: 0, TopLevel: true, FreeAttributes: true,
		Doc: "Local values: each attribute defines `local.<name>`, visible in this mod only. Values may use functions, variables, other locals and resources.",
	}

	query = &Block{
		Type: "query", Labels: 1, LabelName: "name", TopLevel: true, Query: QueryAlways,
		Doc:        "A reusable SQL query, run by controls, dashboard panels and `powerpipe query run`. Parameters are declared with `param` blocks, bound in order to `$1`, `$2`, ….",
		Attributes: attrs(groupH, groupD, []Attribute{{Name: "sql", Type: String, Doc: "The SQL of the query (required). Positional parameters `$1`, `$2`, … bind to the `param` blocks in order."}}),
		Blocks:     names("param"),
		RejectedAttributes: map[string]string{
			"query":   "A query cannot reference another query: set `sql` (e.g. `sql = query.other.sql`).",
			"args":    "A query takes no `args`: declare `param` blocks and pass `args` from the block that uses the query.",
			"base":    "A query has no `base`.",
			"width":   "A query is not a dashboard panel: it has no `width`, `type` or `display`.",
			"type":    "A query is not a dashboard panel: it has no `width`, `type` or `display`.",
			"display": "A query is not a dashboard panel: it has no `width`, `type` or `display`.",
		},
	}

	control = &Block{
		Type: "control", Labels: 1, LabelName: "name", TopLevel: true, Query: QueryAlways,
		Doc:        "A compliance check: its query returns `resource`, `status` (`ok`, `alarm`, `info`, `skip`, `error`) and `reason` per row. Controls are run through benchmarks.",
		Attributes: attrs(groupH, groupD, groupL(genericType), groupQ, groupB, []Attribute{attrSeverity}),
		Blocks:     names("param"),
		Exclusive:  providerRules,
	}

	detection = &Block{
		Type: "detection", Labels: 1, LabelName: "name", LabelOptional: true, TopLevel: true, Query: QueryWhenNested,
		Doc: "A detection: a query that finds events or resources worth a look. Detections are run through detection benchmarks (`benchmark` with `type = \"detection\"`).",
		Attributes: attrs(groupH, groupD, groupL(genericType), groupQ, groupB, []Attribute{attrSeverity,
			{Name: "display_columns", Type: ListOfString, Doc: "The columns of the results to display, in order."}}),
		Blocks:    names("param"),
		Exclusive: providerRules,
	}

	benchmark = &Block{
		Type: "benchmark", Labels: 1, LabelName: "name", LabelOptional: true, TopLevel: true, Strict: true,
		Doc: "A group of controls and benchmarks run together (a detection benchmark, with `type = \"detection\"`, groups detections). Its children are listed in `children`; it has no nested blocks.",
		Attributes: attrs([]Attribute{attrTitle, attrDescription, attrDocumentation, attrTags, attrWidth, attrDisplay,
			{Name: "children", Type: ReferenceList, Targets: names("benchmark", "control"),
				TargetsByType: map[string][]string{"detection": names("benchmark", "detection")},
				Doc:           "The children, in order: controls and benchmarks (detections and benchmarks when `type = \"detection\"`), local or of a direct dependency. Duplicates are rejected."},
			displayType("Set to `detection` to make a detection benchmark, whose children are detections; any other value, or none, makes a control benchmark.", "detection"),
			{Name: "base", Type: Reference, Targets: []string{SameType},
				Doc: "A benchmark to inherit from: its children are used when this block lists none, and every property left unset is taken from it."},
		}),
		RejectedAttributes: map[string]string{
			"database":           "A benchmark takes no `database`: set it on the controls, or on the mod.",
			"search_path":        "A benchmark takes no `search_path`: set it on the controls, or on the mod.",
			"search_path_prefix": "A benchmark takes no `search_path_prefix`: set it on the controls, or on the mod.",
			"sql":                "A benchmark runs no SQL itself: list controls in `children`.",
			"query":              "A benchmark runs no SQL itself: list controls in `children`.",
		},
		RejectedBlocks: map[string]string{
			"control":   "Controls cannot be nested in a benchmark: define them at the top level and list them in `children`.",
			"benchmark": "Benchmarks cannot be nested in a benchmark: define them at the top level and list them in `children`.",
			"detection": "Detections cannot be nested in a benchmark: define them at the top level and list them in `children`.",
		},
	}

	dashboard = &Block{
		Type: "dashboard", Labels: 1, LabelName: "name", LabelOptional: true, TopLevel: true,
		Doc: "A dashboard: a page of panels laid out in a 12-unit grid. Its children are the nested blocks, in order.",
		Attributes: attrs(groupH, groupD, groupL(genericType), []Attribute{
			{Name: "base", Type: Reference, Targets: []string{SameType},
				Doc: "A dashboard to inherit from: when this block has no child blocks, the base's children (and inputs) are used."}}),
		Blocks:         dashboardChildren,
		RejectedBlocks: dashboardRejected,
		RejectedAttributes: map[string]string{
			"children": "A dashboard has no `children` attribute: its children are its nested blocks.",
			"args":     "A dashboard takes no `args`.",
		},
	}

	container = &Block{
		Type: "container", Labels: 1, LabelName: "name", LabelOptional: true,
		Doc:            "A layout group inside a dashboard: its nested blocks are laid out together, within the container's width. Inputs declared in it belong to the enclosing dashboard.",
		Attributes:     attrs(groupH, groupD, groupL(genericType)),
		Blocks:         dashboardChildren,
		RejectedBlocks: dashboardRejected,
		RejectedAttributes: map[string]string{
			"base": "A container has no `base`.",
		},
		Warnings: map[string]string{
			"with": "A `with` block belongs on the dashboard, graph, flow or hierarchy: containers are not `with` providers.",
		},
	}

	card = &Block{
		Type: "card", Labels: 1, LabelName: "name", LabelOptional: true, TopLevel: true, Query: QueryOptional,
		Doc: "A card: a single value with a label, from its query (columns `label`, `value`, `type`) or static attributes.",
		Attributes: attrs(groupH, groupD, groupQ, groupB, groupL(displayType(
			"The card style: `plain` (default), `alert`, `info`, `ok` or `table` (the UI also knows `severity`). The query may set it per run with a `type` column.",
			"plain", "alert", "info", "ok", "table", "severity")),
			[]Attribute{
				{Name: "label", Type: String, Doc: "The label shown above the value."},
				{Name: "value", Type: String, Doc: "A static value to show (a query's `value` column takes precedence)."},
				attrIcon, attrHref,
			}),
		Blocks:    names("param"),
		Exclusive: providerRules,
	}

	chart = &Block{
		Type: "chart", Labels: 1, LabelName: "name", LabelOptional: true, TopLevel: true, Query: QueryWhenNested,
		Doc: "A chart of its query's results: the first column is the x-axis, the others are series (row-series data is crosstabbed automatically).",
		Attributes: attrs(groupH, groupD, groupQ, groupB, groupL(displayType(
			"The chart type: `area`, `bar`, `column`, `donut`, `heatmap`, `line`, `pie`, or `table` for the raw data.",
			"area", "bar", "column", "donut", "heatmap", "line", "pie", "table")),
			[]Attribute{
				{Name: "grouping", Type: String, Enum: []string{"stack", "compare"},
					Doc: "How multi-series charts are laid out: `stack` (default) or `compare` (side by side)."},
				{Name: "transform", Type: String, Enum: []string{"auto", "crosstab", "none"},
					Doc: "The data transformation: `auto` (default) crosstabs row-series data when it detects it, `crosstab` always does, `none` never does."},
			}),
		Blocks:    names("axes", "legend", "param", "series"),
		Exclusive: providerRules,
		sub:       []*Block{axes, legend, series},
	}

	flow = nodeEdgeProvider("flow",
		"A flow (Sankey) diagram of nodes and edges: from a query returning node and edge rows, or from `node` and `edge` blocks.",
		displayType("The flow type: `sankey` (default) or `table` for the raw data.", "sankey", "table"))

	graph = nodeEdgeProvider("graph",
		"A graph of nodes and edges, laid out automatically: from a query returning node and edge rows, or from `node` and `edge` blocks.",
		displayType("The graph type: `graph` (default) or `table` for the raw data.", "graph", "table"),
		Attribute{Name: "direction", Type: String, Enum: []string{"left_right", "top_down", "LR", "TB"},
			Doc: "The layout direction: `left_right` or `top_down` (`LR` and `TB` are accepted too)."})

	hierarchy = nodeEdgeProvider("hierarchy",
		"A tree of nodes and edges: from a query returning node and edge rows, or from `node` and `edge` blocks.",
		displayType("The hierarchy type: `tree` (default) or `table` for the raw data.", "tree", "table"))

	image = &Block{
		Type: "image", Labels: 1, LabelName: "name", LabelOptional: true, TopLevel: true, Query: QueryOptional,
		Doc: "An image, from a static `src` or from its query.",
		Attributes: attrs(groupH, groupD, groupQ, groupB, groupL(genericType), []Attribute{
			{Name: "src", Type: String, Doc: "The URL of the image."},
			{Name: "alt", Type: String, Doc: "Alternative text for the image."},
		}),
		Blocks:    names("param"),
		Exclusive: providerRules,
	}

	input = &Block{
		Type: "input", Labels: 1, LabelName: "name", LabelOptional: true, TopLevel: true, Query: QueryWhenNested,
		AnonymousWarning: "An input without a name cannot be referenced (`self.input.<name>.value`).",
		Doc:              "A dashboard input (select, text, date, …); blocks of the same dashboard read its value as `self.input.<name>.value` in `args`. Options come from its query (`label`, `value`) or from `option` blocks.",
		Attributes: attrs(groupH, groupD, groupQ, groupB, groupL(displayType(
			"The input type: `text`, `select`, `multiselect`, `combo`, `multicombo`, `date`, `datetime`, `date_range`, `datetime_range` or `time` (the UI also knows `hidden` and `table`).",
			"text", "select", "multiselect", "combo", "multicombo", "date", "datetime", "date_range", "datetime_range", "time", "hidden", "table")),
			[]Attribute{
				{Name: "label", Type: String, Doc: "The label shown with the input."},
				{Name: "placeholder", Type: String, Doc: "The text shown while no value is chosen."},
			}),
		Blocks: names("option", "param"),
		QueryExempt: &Exemption{
			Attributes: []string{"placeholder"},
			Blocks:     []string{"option"},
			Types:      []string{"date", "datetime", "date_range", "datetime_range", "text", "time"},
		},
		Exclusive: providerRules,
		sub:       []*Block{option},
	}

	table = &Block{
		Type: "table", Labels: 1, LabelName: "name", LabelOptional: true, TopLevel: true, Query: QueryWhenNested,
		Doc: "A table of its query's results.",
		Attributes: attrs(groupH, groupD, groupQ, groupB, groupL(displayType(
			"The table type: `table` (default) or `line` (one record per block, for wide rows).",
			"table", "line"))),
		Blocks:    names("column", "param"),
		Exclusive: providerRules,
		sub:       []*Block{column},
	}

	text = &Block{
		Type: "text", Labels: 1, LabelName: "name", LabelOptional: true, TopLevel: true,
		Doc: "Static text: Markdown (default) or raw HTML. Not a query provider.",
		Attributes: attrs(groupH, groupD, groupB, groupL(displayType(
			"How `value` is rendered: `markdown` (default) or `raw` HTML.", "markdown", "raw")),
			[]Attribute{{Name: "value", Type: String,
				Doc: "The text to show: Markdown, or HTML when `type = \"raw\"`; often loaded with `file(...)`."}}),
		RejectedAttributes: notProvider("text"),
		RejectedBlocks:     map[string]string{"param": "`text` " + msgNotProvider},
	}

	node = nodeOrEdge("node",
		"A node of a graph, flow or hierarchy: its query returns one row per node (`id`, `title`, `category`, `depth`, `properties`).")

	edge = nodeOrEdge("edge",
		"An edge of a graph, flow or hierarchy: its query returns one row per edge (`from_id`, `to_id`, `title`, `category`, `properties`).")

	category = &Block{
		Type: "category", Labels: 1, LabelName: "name", TopLevel: true,
		Doc:        "A category of graph, flow and hierarchy items: their color, icon, link, folding and property display. Nodes and edges name it with `category = category.<name>`.",
		Attributes: categoryAttributes,
		Blocks:     names("fold", "property"),
		RejectedAttributes: map[string]string{
			"width": "A category is not a panel: it has no `width`, `type` or `display`.",
		},
		sub: []*Block{fold, property},
	}

	with = &Block{
		Type: "with", Labels: 1, LabelName: "name", LabelOptional: true, Query: QueryWhenNested,
		AnonymousWarning: "A `with` without a name cannot be referenced (`with.<name>.rows`).",
		Doc:              "A prerequisite query, run before the blocks that use it: siblings and descendants read its results as `with.<name>.rows` in `args`. Only on top-level dashboards, graphs, flows and hierarchies.",
		Attributes:       attrs(groupH, groupD, groupQ, groupL(genericType)),
		Blocks:           names("param"),
		Exclusive:        providerRules,
		InNestedResource: &Check{Severity: Error, Message: "`with` blocks are allowed on top-level resources only."},
		RejectedAttributes: map[string]string{
			"base": "A `with` block has no `base`.",
		},
	}

	param = &Block{
		Type: "param", Labels: 1, LabelName: "parameter name", Strict: true,
		Doc: "A query parameter, bound positionally (`$1` is the first `param`) or by name from `args`.",
		Attributes: attrs([]Attribute{
			{Name: "description", Type: String, Doc: "A description of the parameter."},
			{Name: "default", Type: Any, Runtime: true,
				Doc: "The value used when no argument is passed. May use `self.input.<name>.value`, `with.<name>.rows` and `param.<name>`."},
		}),
		InNestedResource: &Check{Severity: Warning,
			Message: "Deprecated usage: `param` blocks on a nested resource; declare params on a top-level resource (or its query) and pass `args`."},
	}
)

// nodeEdgeProvider makes flow, graph and hierarchy.
func nodeEdgeProvider(typ, doc string, typeAttr Attribute, own ...Attribute) *Block {
	return &Block{
		Type: typ, Labels: 1, LabelName: "name", LabelOptional: true, TopLevel: true, Query: QueryOrNodesWhenNested,
		Doc:        doc,
		Attributes: attrs(groupH, groupD, groupQ, groupB, groupL(typeAttr), own),
		Blocks:     names("category", "edge", "node", "param", "with"),
		Exclusive:  []Exclusion{sqlOrQuery, paramWithQuery, queryOrNodes},
		sub:        []*Block{nestedCategory},
	}
}

// nodeOrEdge makes node and edge.
func nodeOrEdge(typ, doc string) *Block {
	return &Block{
		Type: typ, Labels: 1, LabelName: "name", LabelOptional: true, TopLevel: true, Query: QueryWhenNested,
		Doc: doc,
		Attributes: attrs(groupH, groupD, groupQ, groupB, groupL(genericType), []Attribute{
			{Name: "category", Type: Reference, Targets: []string{"category"},
				Doc: "A top-level `category` for the items (`category.<name>`); a row's `category` column selects a nested category by name instead."},
		}),
		Blocks:    names("param"),
		Exclusive: providerRules,
		RejectedAttributes: map[string]string{
			"depth": "`depth` is an attribute of `category`, not of `" + typ + "` (the docs show it here, Powerpipe rejects it); return a `depth` column or set it on the category.",
		},
	}
}

var categoryAttributes = attrs(groupH, groupD, groupB, []Attribute{
	attrColor, attrIcon, attrHref,
	{Name: "depth", Type: Number, Doc: "The depth (level) at which items of this category are placed in a hierarchy or graph."},
	{Name: "property_order", Type: ListOfString, Doc: "The order in which the items' properties are listed."},
})

// Blocks that have a meaning of their own inside one parent.
var (
	nestedCategory = &Block{
		Type: "category", Labels: 1, LabelName: "name", LabelOptional: true,
		AnonymousWarning: "A nested category is matched by name from the `category` column of the rows; without a name it matches nothing.",
		Doc:              "A category scoped to this graph, flow or hierarchy, matched by name from the `category` column of node and edge rows. It is not a mod resource: `category.<name>` does not reach it.",
		Attributes:       categoryAttributes,
		Blocks:           names("fold", "property"),
		sub:              []*Block{fold, property},
	}

	fold = &Block{
		Type: "fold", Strict: true,
		Doc: "Folds the items of this category into one node when there are many of them.",
		Attributes: attrs([]Attribute{
			{Name: "title", Type: String, Doc: "The title of the folded node."},
			{Name: "threshold", Type: Number, Doc: "The number of items at which they are folded into one node."},
			{Name: "icon", Type: String, Doc: "The icon of the folded node: an icon name or an image URL."},
		}),
	}

	property = &Block{
		Type: "property", Labels: 1, LabelName: "property name", Strict: true,
		Doc:        "Display options for one property of the items of this category (a key of the rows' `properties`).",
		Attributes: attrs(columnAttributes("property")),
	}

	column = &Block{
		Type: "column", Labels: 1, LabelName: "column name", Strict: true,
		Doc:        "Display options for one column of the table, named as in the query results.",
		Attributes: attrs(columnAttributes("column")),
	}

	option = &Block{
		Type: "option", Labels: 1, LabelName: "option value", Strict: true,
		Doc:        "A fixed choice of the input; the label is the value passed on.",
		Attributes: attrs([]Attribute{{Name: "label", Type: String, Doc: "The text shown for the option (defaults to its value)."}}),
	}

	legend = &Block{
		Type: "legend", Strict: true,
		Doc: "The chart's legend.",
		Attributes: attrs([]Attribute{
			{Name: "display", Type: String, Enum: []string{"auto", "all", "none"},
				Doc: "When the legend is shown: `auto` (default, when there are several series), `all` (always) or `none`."},
			{Name: "position", Type: String, Enum: []string{"top", "right", "bottom", "left"},
				Doc: "Where the legend is placed: `top` (default), `right`, `bottom` or `left`."},
		}),
	}

	axes = &Block{
		Type: "axes", Strict: true,
		Doc:    "The chart's axes, in `x` and `y` blocks. Merged with those of `base`.",
		Blocks: names("x", "y"),
		sub:    []*Block{axis("x"), axis("y")},
	}

	axisTitle = &Block{
		Type: "title", Strict: true,
		Doc: "The axis title.",
		Attributes: attrs([]Attribute{
			{Name: "display", Type: String, Enum: []string{"always", "none"},
				Doc: "Whether the title is shown: `always` or `none` (default)."},
			{Name: "align", Type: String, Enum: []string{"start", "center", "end"},
				Doc: "Where the title is aligned: `start`, `center` (default) or `end`."},
			{Name: "value", Type: String, Doc: "The text of the title."},
		}),
	}

	axisLabels = &Block{
		Type: "labels", Strict: true,
		Doc: "The axis labels.",
		Attributes: attrs([]Attribute{
			{Name: "display", Type: String, Enum: []string{"auto", "always", "none"},
				Doc: "Which labels are shown: `auto` (default, as many as fit), `always` (all, truncated) or `none`."},
			{Name: "format", Type: String, Doc: "The format of the labels."},
		}),
	}

	series = &Block{
		Type: "series", Labels: 1, LabelName: "series name", Strict: true,
		Doc: "Display options for one series, named as the column (or series value) in the query results. Merged with those of `base`.",
		Attributes: attrs([]Attribute{
			{Name: "title", Type: String, Doc: "The display name of the series (defaults to its name)."},
			attrColor,
		}),
		Blocks: names("point"),
		sub:    []*Block{point},
	}

	point = &Block{
		Type: "point", Labels: 1, LabelName: "point name", Strict: true,
		Doc:        "Display options for one data point of the series (an x-axis value).",
		Attributes: attrs([]Attribute{attrColor}),
	}

	opengraph = &Block{
		Type: "opengraph", Strict: true,
		Doc: "Open Graph metadata used when the mod's page is shared.",
		Attributes: attrs([]Attribute{
			{Name: "title", Type: String, Doc: "The title shown in link previews."},
			{Name: "description", Type: String, Doc: "The description shown in link previews."},
			{Name: "image", Type: String, Doc: "The path of the image shown in link previews."},
		}),
	}

	require  = requireBlock("require", "")
	requires = requireBlock("requires", "`requires` is the legacy spelling: rename it to `require`.")

	requirePowerpipe = &Block{
		Type: "powerpipe", Strict: true,
		Doc:        "The Powerpipe version the mod needs; checked when the mod loads.",
		Attributes: attrs([]Attribute{minVersion("The minimum Powerpipe version (semver; a leading `v` and prereleases are accepted).", false)}),
	}

	requireSteampipe = &Block{
		Type: "steampipe", Strict: true,
		Doc:        "The Steampipe version a Steampipe-era mod needs. Powerpipe accepts it and ignores it.",
		Attributes: attrs([]Attribute{minVersion("The minimum Steampipe version; Powerpipe ignores it.", false)}),
	}

	requirePlugin = &Block{
		Type: "plugin", Labels: 1, LabelName: "plugin name", Strict: true,
		Doc:        "A Steampipe plugin the mod's queries need, e.g. `plugin \"aws\"`; checked only against a Steampipe backend.",
		Attributes: attrs([]Attribute{minVersion("The minimum plugin version (semver).", true)}),
	}

	requireMod = &Block{
		Type: "mod", Labels: 1, LabelName: "module path", Strict: true,
		Doc: "A dependency mod, named by its module path (e.g. `github.com/turbot/steampipe-mod-aws-compliance`) and installed under `.powerpipe/mods`. References use the alias of the dependency's own `mod` block: `<alias>.<type>.<name>`.",
		Attributes: attrs([]Attribute{
			{Name: "version", Type: String,
				Doc: "A semver constraint (`^1.0`, `~1.0.0`, `>=0.1.0`, `*`, an exact version); empty or `latest` means `*`, any other non-semver string is a git tag."},
			{Name: "branch", Type: String, Doc: "The git branch to install."},
			{Name: "tag", Type: String, Doc: "The git tag to install."},
			{Name: "path", Type: String, Doc: "A local directory to use in place (not copied)."},
			{Name: "args", Type: Object,
				Doc: "Values for the dependency's variables, keyed by variable name (commonly `var.<name>` of this mod)."},
			{Name: "database", Type: Connection, Targets: []string{"connection"},
				Doc: "The database the dependency's queries use, overriding its own default."},
			{Name: "search_path", Type: ListOfString, Doc: "The search path the dependency's queries use."},
			{Name: "search_path_prefix", Type: ListOfString, Doc: "A search path prefix for the dependency's queries."},
		}),
		Exclusive: []Exclusion{{
			Alternatives: [][]string{{"version"}, {"branch"}, {"tag"}, {"path"}},
			Required:     true,
			Severity:     Error,
			Message:      "Exactly one of `version`, `branch`, `tag` and `path` must be set.",
		}},
	}
)

// requireBlock makes require and its legacy spelling requires.
func requireBlock(typ, deprecated string) *Block {
	return &Block{
		Type: typ, Strict: true, Deprecated: deprecated,
		Doc: "The mod's requirements: the Powerpipe version, Steampipe plugins and dependency mods. `powerpipe mod install` rewrites this block.",
		Attributes: attrs([]Attribute{{Name: "steampipe", Type: String,
			Doc:        "The minimum Steampipe version (legacy form).",
			Deprecated: "The `steampipe` attribute is deprecated: use a `steampipe { min_version = \"…\" }` block (Powerpipe ignores both). Setting both is an error."}}),
		Blocks: names("mod", "plugin", "powerpipe", "steampipe"),
		RejectedBlocks: map[string]string{
			"flowpipe": "A `flowpipe` requirement is not expected here: Powerpipe mods cannot require Flowpipe.",
		},
		sub: []*Block{requireMod, requirePlugin, requirePowerpipe, requireSteampipe},
	}
}

func minVersion(doc string, required bool) Attribute {
	return Attribute{Name: "min_version", Type: String, Doc: doc, Required: required}
}

// axis makes the x or y block of axes.
func axis(typ string) *Block {
	return &Block{
		Type: typ, Strict: true,
		Doc: "The " + typ + "-axis.",
		Attributes: attrs([]Attribute{
			{Name: "min", Type: Number, Doc: "The lowest value of the axis (by default derived from the data)."},
			{Name: "max", Type: Number, Doc: "The highest value of the axis (by default derived from the data)."},
		}),
		Blocks: names("labels", "title"),
		sub:    []*Block{axisLabels, axisTitle},
	}
}

// columnAttributes are the attributes of table columns and category properties.
func columnAttributes(what string) []Attribute {
	return []Attribute{
		{Name: "display", Type: String, Enum: attrShowAllNone, Doc: "Whether the " + what + " is shown: `all` (default) or `none`."},
		{Name: "wrap", Type: String, Enum: attrShowAllNone, Doc: "Whether long values wrap: `all` wraps them, `none` (default) truncates them."},
		attrHref,
	}
}

// shared are the descriptions found by type wherever a parent allows them.
var shared = map[string]*Block{}

// root is the top level of a file.
var root = &Block{
	Doc: "The top level of a mod file.",
	RejectedBlocks: map[string]string{
		"detection_benchmark": "`detection_benchmark` is not a Powerpipe block type: use `benchmark` with `type = \"detection\"`.",
		"tile":                "`tile` is a historic Steampipe block type that Powerpipe does not recognise: use `card`.",
		"panel":               "`panel` is a historic Steampipe block type that Powerpipe does not recognise.",
		"report":              "`report` is a historic Steampipe block type that Powerpipe does not recognise: use `dashboard`.",
		"pipeline":            "`pipeline` is a Flowpipe block type; Powerpipe cannot load it.",
		"trigger":             "`trigger` is a Flowpipe block type; Powerpipe cannot load it.",
		"integration":         "`integration` is a Flowpipe block type; Powerpipe cannot load it.",
		"container":           "A `container` can only be nested in a dashboard or container.",
		"with":                "A `with` block can only be nested in a dashboard, graph, flow or hierarchy.",
		"param":               "A `param` block can only be nested in a query provider.",
	},
}

func init() {
	for _, b := range []*Block{mod, variable, locals, query, control, detection, benchmark, dashboard, container,
		card, chart, flow, graph, hierarchy, image, input, table, text, node, edge, category, with, param} {
		shared[b.Type] = b
		if b.TopLevel {
			root.Blocks = append(root.Blocks, b.Type)
		}
	}
	slices.Sort(root.Blocks)
}
