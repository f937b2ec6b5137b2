package schema

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// corpusDir is where the shared corpus of real mods lives, relative to this
// package; exampleDir is the example mod of the repository (with its
// installed dependency under .powerpipe/mods).
const (
	corpusDir  = "../../shared/corpus"
	exampleDir = "../examples/acme"
)

// offEnum lists the values outside an attribute's Enum that real mods use
// (Powerpipe does not validate them): "<block>.<attribute>" → values. The
// dashboard UI ignores them, so validation may hint at them, but a new entry
// here is a discrepancy to look at.
var offEnum = map[string][]string{
	"graph.direction": {"TD", "top-down"}, // aws-insights; the UI knows left_right, top_down, LR, TB
}

func TestCorpusAccepted(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s (it is in ../shared/corpus beside the repository; CI always has it): %v", corpusDir, err)
	}
	files := modFiles(t, corpusDir)
	if len(files) < 400 {
		t.Fatalf("found only %d corpus files", len(files))
	}
	checkMods(t, files)
}

func TestExampleAccepted(t *testing.T) {
	files := modFiles(t, exampleDir)
	dep := 0
	for _, f := range files {
		if strings.Contains(filepath.ToSlash(f), "/.powerpipe/mods/") {
			dep++
		}
	}
	if len(files) < 10 || dep == 0 {
		t.Fatalf("found %d example files, %d of the dependency", len(files), dep)
	}
	checkMods(t, files)
}

// modFiles lists the .pp and .sp files below dir that Powerpipe loads,
// leaving out what the mod's .powerpipeignore excludes (only `dir/**`
// patterns are supported, which is what the example uses).
func modFiles(t *testing.T, dir string) []string {
	t.Helper()
	var ignored []string
	if f, err := os.Open(filepath.Join(dir, ".powerpipeignore")); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			prefix, ok := strings.CutSuffix(line, "/**")
			if !ok || strings.ContainsAny(prefix, "*?[!") {
				t.Fatalf("%s: unsupported ignore pattern %q", dir, line)
			}
			ignored = append(ignored, filepath.Join(dir, prefix)+string(filepath.Separator))
		}
		f.Close()
	}
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		for _, p := range ignored {
			if strings.HasPrefix(path+string(filepath.Separator), p) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
		}
		if !d.IsDir() && (filepath.Ext(path) == ".pp" || filepath.Ext(path) == ".sp") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// checkMods asserts that every block and attribute of valid mods is known in
// its context and that no rule of the schema fires on them: the "no false
// alarm" guarantee validation relies on.
func checkMods(t *testing.T, files []string) {
	t.Helper()
	blocks, attributes := 0, 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		if diags.HasErrors() {
			t.Errorf("%s: %v", path, diags)
			continue
		}
		var walk func(parents []string, body *hclsyntax.Body)
		walk = func(parents []string, body *hclsyntax.Body) {
			for _, blk := range body.Blocks {
				blocks++
				at := fmt.Sprintf("%s:%d: %s", path, blk.TypeRange.Start.Line, strings.Join(append(slices.Clone(parents), blk.Type), "."))
				def, ok := BlockIn(parents, blk.Type)
				if !ok {
					t.Errorf("%s: block not accepted", at)
					continue
				}
				attributes += len(blk.Body.Attributes)
				for _, p := range checkBlock(parents, def, blk) {
					t.Errorf("%s: %s", at, p)
				}
				walk(append(slices.Clone(parents), blk.Type), blk.Body)
			}
		}
		walk(nil, f.Body.(*hclsyntax.Body))
	}
	t.Logf("%d files, %d blocks, %d attributes", len(files), blocks, attributes)
}

// checkBlock returns what a validator reading the schema would report about
// blk, whose definition is def.
func checkBlock(parents []string, def *Block, blk *hclsyntax.Block) []string {
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	nested := len(parents) > 0

	switch n := len(blk.Labels); {
	case n == 0 && def.Labels > 0 && !(nested && def.LabelOptional):
		report("label required")
	case n == 0 && def.Labels > 0 && def.AnonymousWarning != "":
		report("anonymous: %s", def.AnonymousWarning)
	case n > 0 && n != def.Labels:
		report("%d labels, want %d", n, def.Labels)
	}
	if def.Deprecated != "" {
		report("deprecated: %s", def.Deprecated)
	}
	if def.InNestedResource != nil && len(parents) >= 2 {
		report("%s", def.InNestedResource.Message)
	}
	if nested {
		parent, _ := BlockIn(parents[:len(parents)-1], parents[len(parents)-1])
		if msg, ok := parent.Warnings[blk.Type]; ok {
			report("%s", msg)
		}
	}

	for name, a := range blk.Body.Attributes {
		if def.FreeAttributes {
			continue
		}
		ad, ok := def.Attribute(name)
		if !ok {
			report("unknown attribute %q", name)
			continue
		}
		if ad.Deprecated != "" {
			report("attribute %q deprecated: %s", name, ad.Deprecated)
		}
		if ad.Enum != nil {
			if v, ok := literalString(a.Expr); ok && !slices.Contains(ad.Enum, v) &&
				!slices.Contains(offEnum[def.Type+"."+name], v) {
				report("attribute %q: value %q not in %v", name, v, ad.Enum)
			}
		}
	}
	for _, ad := range def.Attributes {
		if _, ok := blk.Body.Attributes[ad.Name]; ad.Required && !ok {
			report("attribute %q required", ad.Name)
		}
	}

	has := func(name string) bool {
		if _, ok := blk.Body.Attributes[name]; ok {
			return true
		}
		return slices.ContainsFunc(blk.Body.Blocks, func(c *hclsyntax.Block) bool { return c.Type == name })
	}
	for _, ex := range def.Exclusive {
		present := 0
		for _, alt := range ex.Alternatives {
			if slices.ContainsFunc(alt, has) {
				present++
			}
		}
		if present > 1 || ex.Required && present == 0 {
			report("%s", ex.Message)
		}
	}

	hasSQL := has("sql") || has("query") || has("base")
	switch def.Query {
	case QueryAlways:
		if !hasSQL {
			report("defines no query")
		}
	case QueryWhenNested:
		if nested && !hasSQL && !exempt(def.QueryExempt, blk, has) {
			report("nested, defines no query")
		}
	case QueryOrNodesWhenNested:
		if nested && !hasSQL && !has("node") && !has("edge") {
			report("nested, has no query and no nodes/edges")
		}
	}
	return problems
}

func exempt(e *Exemption, blk *hclsyntax.Block, has func(string) bool) bool {
	if e == nil {
		return false
	}
	if slices.ContainsFunc(e.Attributes, has) || slices.ContainsFunc(e.Blocks, has) {
		return true
	}
	if a, ok := blk.Body.Attributes["type"]; ok {
		v, ok := literalString(a.Expr)
		return ok && slices.Contains(e.Types, v)
	}
	return false
}

// literalString returns the value of a plain quoted string.
func literalString(e hclsyntax.Expression) (string, bool) {
	t, ok := e.(*hclsyntax.TemplateExpr)
	if !ok || len(t.Parts) != 1 {
		return "", false
	}
	lit, ok := t.Parts[0].(*hclsyntax.LiteralValueExpr)
	if !ok || !lit.Val.IsKnown() || lit.Val.IsNull() || lit.Val.Type().FriendlyName() != "string" {
		return "", false
	}
	return lit.Val.AsString(), true
}

func TestNotAccepted(t *testing.T) {
	for _, tc := range []struct {
		path  []string // enclosing blocks and the block
		attr  string   // an attribute of the block; empty: the block itself
		wantM bool     // a targeted message exists
	}{
		{path: []string{"text"}, attr: "sql", wantM: true},
		{path: []string{"dashboard", "text"}, attr: "query", wantM: true},
		{path: []string{"dashboard", "control"}, wantM: true},
		{path: []string{"dashboard", "container", "control"}, wantM: true},
		{path: []string{"node"}, attr: "depth", wantM: true},
		{path: []string{"graph", "node"}, attr: "depth", wantM: true},
		{path: []string{"query"}, attr: "base", wantM: true},
		{path: []string{"query"}, attr: "args", wantM: true},
		{path: []string{"query"}, attr: "query", wantM: true},
		{path: []string{"query"}, attr: "width", wantM: true},
		{path: []string{"dashboard", "card", "with"}},
		{path: []string{"card", "with"}},
		{path: []string{"chart", "with"}},
		{path: []string{"benchmark"}, attr: "database", wantM: true},
		{path: []string{"benchmark"}, attr: "sql", wantM: true},
		{path: []string{"benchmark", "control"}, wantM: true},
		{path: []string{"benchmark"}, attr: "max_concurrency"},
		{path: []string{"container"}, wantM: true},
		{path: []string{"with"}, wantM: true},
		{path: []string{"param"}, wantM: true},
		{path: []string{"detection_benchmark"}, wantM: true},
		{path: []string{"tile"}, wantM: true},
		{path: []string{"panel"}, wantM: true},
		{path: []string{"report"}, wantM: true},
		{path: []string{"pipeline"}, wantM: true},
		{path: []string{"trigger"}, wantM: true},
		{path: []string{"integration"}, wantM: true},
		{path: []string{"dashboard", "container"}, attr: "base", wantM: true},
		{path: []string{"dashboard", "with"}, attr: "base", wantM: true},
		{path: []string{"dashboard", "param"}, wantM: true},
		{path: []string{"dashboard", "node"}, wantM: true},
		{path: []string{"dashboard"}, attr: "children", wantM: true},
		{path: []string{"dashboard"}, attr: "args", wantM: true},
		{path: []string{"category"}, attr: "width", wantM: true},
		{path: []string{"text", "param"}, wantM: true},
		{path: []string{"variable", "validation"}, wantM: true},
		{path: []string{"variable"}, attr: "database"},
		{path: []string{"mod", "require", "flowpipe"}, wantM: true},
		{path: []string{"mod", "require", "mod"}, attr: "title"},
		{path: []string{"mod", "require", "plugin"}, attr: "version"},
		{path: []string{"chart"}, attr: "legend"},
		{path: []string{"chart"}, attr: "series"},
		{path: []string{"chart", "title"}},
		{path: []string{"chart", "node"}},
		{path: []string{"chart", "axes", "z"}},
		{path: []string{"chart", "axes", "x", "title"}, attr: "color"},
		{path: []string{"chart", "legend"}, attr: "title"},
		{path: []string{"table", "column"}, attr: "title"},
		{path: []string{"input", "option"}, attr: "value"},
		{path: []string{"locals", "x"}},
		{path: []string{"param", "param"}},
		{path: []string{"query", "param"}, attr: "type"},
		{path: []string{"graph"}, attr: "category"},
		{path: []string{"node"}, attr: "direction"},
		{path: []string{"control"}, attr: "display_columns"},
		{path: []string{"mod"}, attr: "width"},
		{path: []string{"unknown"}},
		{path: []string{"dashboard", "nonsense", "card"}},
	} {
		name := strings.Join(tc.path, ".")
		if tc.attr != "" {
			name += " " + tc.attr
		}
		t.Run(name, func(t *testing.T) {
			parents, typ := tc.path[:len(tc.path)-1], tc.path[len(tc.path)-1]
			if tc.attr == "" {
				if _, ok := BlockIn(parents, typ); ok {
					t.Fatal("accepted")
				}
				if msg, ok := RejectedBlock(parents, typ); ok != tc.wantM || ok && msg == "" {
					t.Errorf("RejectedBlock = %q, %v; want a message: %v", msg, ok, tc.wantM)
				}
				return
			}
			b, ok := BlockIn(parents, typ)
			if !ok {
				t.Fatalf("block %s not found", strings.Join(tc.path, "."))
			}
			if _, ok := b.Attribute(tc.attr); ok {
				t.Fatal("accepted")
			}
			if msg, ok := b.RejectedAttribute(tc.attr); ok != tc.wantM || ok && msg == "" {
				t.Errorf("RejectedAttribute = %q, %v; want a message: %v", msg, ok, tc.wantM)
			}
		})
	}
}

// TestContexts checks that blocks of the same name resolve to the right
// description in each context.
func TestContexts(t *testing.T) {
	get := func(path ...string) *Block {
		t.Helper()
		b, ok := BlockIn(path[:len(path)-1], path[len(path)-1])
		if !ok {
			t.Fatalf("%s not found", strings.Join(path, "."))
		}
		return b
	}
	hasAttr := func(b *Block, name string) bool { _, ok := b.Attribute(name); return ok }

	if top, inGraph := get("category"), get("graph", "category"); top == inGraph || !inGraph.LabelOptional || top.LabelOptional {
		t.Error("nested category should differ from the top-level one and may be anonymous")
	}
	if get("graph", "category") != get("dashboard", "container", "hierarchy", "category") {
		t.Error("nested categories should share one description")
	}
	if dep := get("mod", "require", "mod"); dep == get("mod") || !hasAttr(dep, "version") || hasAttr(get("mod"), "version") {
		t.Error("require.mod should be the dependency block")
	}
	if get("mod", "requires", "mod") != get("mod", "require", "mod") || get("mod", "requires").Deprecated == "" {
		t.Error("requires should be the deprecated spelling of require")
	}
	if title := get("chart", "axes", "x", "title"); !hasAttr(title, "align") || !hasAttr(get("chart"), "title") {
		t.Error("axis title block / chart title attribute")
	}
	if get("dashboard", "chart", "axes", "y", "labels") == nil || get("chart", "series", "point") == nil {
		t.Error("chart sub-blocks")
	}
	if get("dashboard", "dashboard", "container", "container", "card") != get("card") {
		t.Error("a nested card should be the card")
	}
	if !get("dashboard", "card").LabelOptional || get("card").TopLevel != true || get("dashboard", "container").TopLevel {
		t.Error("labels and top level")
	}
	for _, p := range [][]string{{"input", "option"}, {"table", "column"}, {"category", "property"}, {"category", "fold"},
		{"mod", "opengraph"}, {"mod", "require", "powerpipe"}, {"mod", "require", "steampipe"}, {"mod", "require", "plugin"},
		{"query", "param"}, {"graph", "with"}, {"dashboard", "with"}, {"dashboard", "container", "with"},
		{"flow", "node"}, {"hierarchy", "edge"}, {"dashboard", "benchmark"}, {"dashboard", "detection"}} {
		get(p...)
	}
	if msg := get("dashboard", "container").Warnings["with"]; msg == "" {
		t.Error("with in container should warn")
	}
	if get("dashboard", "with").InNestedResource.Severity != Error || get("query", "param").InNestedResource.Severity != Warning {
		t.Error("InNestedResource severities")
	}

	base, _ := get("chart").Attribute("base")
	if base.Type != Reference || !slices.Equal(base.Targets, []string{SameType}) {
		t.Errorf("chart base = %+v", base)
	}
	children, _ := get("benchmark").Attribute("children")
	if !slices.Equal(children.Targets, []string{"benchmark", "control"}) ||
		!slices.Equal(children.TargetsByType["detection"], []string{"benchmark", "detection"}) {
		t.Errorf("benchmark children = %+v", children)
	}
	q, _ := get("dashboard", "with").Attribute("query")
	if !slices.Equal(q.Targets, []string{"query"}) {
		t.Errorf("with query = %+v", q)
	}
	cat, _ := get("graph", "node").Attribute("category")
	if !slices.Equal(cat.Targets, []string{"category"}) {
		t.Errorf("node category = %+v", cat)
	}
	if mc, ok := get("card").Attribute("max_concurrency"); !ok || !mc.Hidden || mc.Deprecated == "" {
		t.Error("max_concurrency should be hidden and deprecated")
	}
	if a, _ := get("control").Attribute("args"); !a.Runtime {
		t.Error("args should take runtime references")
	}
	if a, _ := get("variable").Attribute("default"); !a.Static || a.Runtime {
		t.Error("variable default is evaluated in the variables pass")
	}
	if a, _ := get("mod", "require", "plugin").Attribute("min_version"); !a.Required {
		t.Error("plugin min_version is required")
	}
	if !get("locals").FreeAttributes || get("locals").Labels != 0 {
		t.Error("locals")
	}
	for typ, want := range map[string]QueryRule{
		"query": QueryAlways, "control": QueryAlways, "detection": QueryWhenNested, "card": QueryOptional,
		"image": QueryOptional, "graph": QueryOrNodesWhenNested, "text": NoQuery, "dashboard": NoQuery, "benchmark": NoQuery,
	} {
		if got := get(typ).Query; got != want {
			t.Errorf("%s Query = %v, want %v", typ, got, want)
		}
	}
	for _, p := range [][]string{{"benchmark"}, {"variable"}, {"query", "param"}, {"chart", "legend"}} {
		if !get(p...).Strict {
			t.Errorf("%v should be strict", p)
		}
	}
	if !get("mod", "require").Strict || !get("mod", "require", "mod").Strict || get("chart").Strict {
		t.Error("strictness")
	}

	var top []string
	for _, b := range TopLevel() {
		top = append(top, b.Type)
	}
	want := []string{"benchmark", "card", "category", "chart", "control", "dashboard", "detection", "edge", "flow",
		"graph", "hierarchy", "image", "input", "locals", "mod", "node", "query", "table", "text", "variable"}
	if !slices.Equal(top, want) {
		t.Errorf("TopLevel = %v, want %v", top, want)
	}
}

func TestEnums(t *testing.T) {
	for _, tc := range []struct {
		path []string
		attr string
		want []string
	}{
		{[]string{"chart"}, "type", []string{"area", "bar", "column", "donut", "heatmap", "line", "pie", "table"}},
		{[]string{"control"}, "severity", []string{"none", "low", "medium", "high", "critical"}},
		{[]string{"chart", "legend"}, "display", []string{"auto", "all", "none"}},
		{[]string{"chart", "legend"}, "position", []string{"top", "right", "bottom", "left"}},
		{[]string{"chart", "axes", "y", "title"}, "align", []string{"start", "center", "end"}},
		{[]string{"table", "column"}, "wrap", []string{"all", "none"}},
		{[]string{"text"}, "type", []string{"markdown", "raw"}},
		{[]string{"graph"}, "direction", []string{"left_right", "top_down", "LR", "TB"}},
		{[]string{"variable"}, "format", []string{"text", "multiline", "json"}},
	} {
		b, _ := BlockIn(tc.path[:len(tc.path)-1], tc.path[len(tc.path)-1])
		a, ok := b.Attribute(tc.attr)
		if !ok || !slices.Equal(a.Enum, tc.want) {
			t.Errorf("%s.%s Enum = %v, want %v", strings.Join(tc.path, "."), tc.attr, a.Enum, tc.want)
		}
	}
	for _, typ := range []string{"input", "card", "flow", "hierarchy", "table"} {
		b, _ := BlockIn(nil, typ)
		if a, _ := b.Attribute("type"); len(a.Enum) == 0 {
			t.Errorf("%s type has no values", typ)
		}
	}
}

// allBlocks returns every block description reachable from the top level,
// each once, with one path that reaches it.
func allBlocks() map[*Block][]string {
	seen := map[*Block][]string{}
	var visit func(b *Block, path []string)
	visit = func(b *Block, path []string) {
		for _, typ := range b.Blocks {
			c, ok := b.Child(typ)
			if !ok {
				panic("unresolvable child " + typ + " of " + strings.Join(path, "."))
			}
			if _, done := seen[c]; done {
				continue
			}
			p := append(slices.Clone(path), typ)
			seen[c] = p
			visit(c, p)
		}
	}
	visit(root, nil)
	return seen
}

func TestWellFormed(t *testing.T) {
	blocks := allBlocks()
	types := map[string]bool{}
	attrCount := 0
	for b, path := range blocks {
		at := strings.Join(path, ".")
		types[b.Type] = true
		attrCount += len(b.Attributes)
		if b.Type != path[len(path)-1] {
			t.Errorf("%s: Type %q", at, b.Type)
		}
		if strings.TrimSpace(b.Doc) == "" {
			t.Errorf("%s: no Doc", at)
		}
		if b.Labels > 0 && b.LabelName == "" || b.Labels == 0 && (b.LabelName != "" || b.LabelOptional) {
			t.Errorf("%s: labels %d %q optional %v", at, b.Labels, b.LabelName, b.LabelOptional)
		}
		if b.AnonymousWarning != "" && !b.LabelOptional {
			t.Errorf("%s: AnonymousWarning on a block that needs a label", at)
		}
		if b.FreeAttributes && len(b.Attributes) > 0 {
			t.Errorf("%s: free attributes and a list", at)
		}
		if !slices.IsSorted(b.Blocks) || len(slices.Compact(slices.Clone(b.Blocks))) != len(b.Blocks) {
			t.Errorf("%s: Blocks not sorted or duplicated: %v", at, b.Blocks)
		}
		if b.QueryExempt != nil && b.Query != QueryWhenNested {
			t.Errorf("%s: QueryExempt without QueryWhenNested", at)
		}
		if b.QueryProvider() != b.Allows("param") {
			t.Errorf("%s: query provider %v but param allowed %v", at, b.QueryProvider(), b.Allows("param"))
		}
		if a, ok := b.Attribute("args"); (ok && a.Type == ObjectOrTuple) != (b.QueryProvider() && b.Type != "query") {
			t.Errorf("%s: args %v", at, ok)
		}
		for i, a := range b.Attributes {
			if i > 0 && b.Attributes[i-1].Name >= a.Name {
				t.Errorf("%s: attributes not sorted or duplicated at %q", at, a.Name)
			}
			if got, ok := b.Attribute(a.Name); !ok || got.Name != a.Name {
				t.Errorf("%s: Attribute(%q) not found", at, a.Name)
			}
			if strings.TrimSpace(a.Doc) == "" {
				t.Errorf("%s.%s: no Doc", at, a.Name)
			}
			if a.Type == 0 || a.Type.String() == "invalid" {
				t.Errorf("%s.%s: no Type", at, a.Name)
			}
			if a.Enum != nil && (len(a.Enum) == 0 || slices.Contains(a.Enum, "")) {
				t.Errorf("%s.%s: empty Enum or value", at, a.Name)
			}
			refs := a.Type == Reference || a.Type == ReferenceList || a.Type == Connection
			if refs != (len(a.Targets) > 0) || a.TargetsByType != nil && a.Type != ReferenceList {
				t.Errorf("%s.%s: Targets %v on %v", at, a.Name, a.Targets, a.Type)
			}
			if a.Hidden && a.Deprecated == "" {
				t.Errorf("%s.%s: hidden but not deprecated", at, a.Name)
			}
			if b.Allows(a.Name) && (a.Name != "steampipe" || b.Type != "require" && b.Type != "requires") {
				t.Errorf("%s: %q is both an attribute and a block", at, a.Name)
			}
		}
		for name, msg := range b.RejectedAttributes {
			if _, ok := b.Attribute(name); ok || msg == "" {
				t.Errorf("%s: rejected attribute %q is accepted or has no message", at, name)
			}
		}
		for name, msg := range b.RejectedBlocks {
			if b.Allows(name) || msg == "" {
				t.Errorf("%s: rejected block %q is allowed or has no message", at, name)
			}
		}
		for name, msg := range b.Warnings {
			if !b.Allows(name) || msg == "" {
				t.Errorf("%s: warning for %q, which is not allowed", at, name)
			}
		}
		for _, ex := range b.Exclusive {
			if len(ex.Alternatives) < 1 || ex.Message == "" || ex.Severity == 0 || !ex.Required && len(ex.Alternatives) < 2 {
				t.Errorf("%s: malformed exclusion %+v", at, ex)
			}
			for _, alt := range ex.Alternatives {
				for _, n := range alt {
					_, isAttr := b.Attribute(n)
					if isAttr == b.Allows(n) {
						t.Errorf("%s: exclusion name %q must be exactly one of an attribute or a block", at, n)
					}
				}
			}
		}
		if e := b.QueryExempt; e != nil {
			for _, n := range e.Attributes {
				if _, ok := b.Attribute(n); !ok {
					t.Errorf("%s: exemption attribute %q unknown", at, n)
				}
			}
			for _, n := range e.Blocks {
				if !b.Allows(n) {
					t.Errorf("%s: exemption block %q unknown", at, n)
				}
			}
			typ, _ := b.Attribute("type")
			for _, v := range e.Types {
				if !slices.Contains(typ.Enum, v) {
					t.Errorf("%s: exemption type %q not a documented value", at, v)
				}
			}
		}
	}
	for msgType := range root.RejectedBlocks {
		if types[msgType] && msgType != "container" && msgType != "with" && msgType != "param" {
			t.Errorf("rejected top-level type %q is a block type", msgType)
		}
	}
	t.Logf("%d block descriptions (%d block types), %d attributes, %d functions, %d roots",
		len(blocks), len(types), attrCount, len(functions), len(roots))
}

func TestFunctions(t *testing.T) {
	fs := Functions()
	if len(fs) < 100 {
		t.Fatalf("%d functions", len(fs))
	}
	for i, f := range fs {
		if i > 0 && fs[i-1].Name >= f.Name {
			t.Errorf("functions not sorted or duplicated at %q", f.Name)
		}
		if !strings.HasPrefix(f.Signature, f.Name+"(") || !strings.Contains(f.Signature, ") ") || strings.TrimSpace(f.Doc) == "" {
			t.Errorf("%s: signature %q, doc %q", f.Name, f.Signature, f.Doc)
		}
		if g, ok := FunctionNamed(f.Name); !ok || g.Name != f.Name {
			t.Errorf("FunctionNamed(%q) failed", f.Name)
		}
	}
	for _, name := range []string{"file", "merge", "env", "jsonencode", "timestamp", "try", "cidrsubnet", "formatdate"} {
		if _, ok := FunctionNamed(name); !ok {
			t.Errorf("%s missing", name)
		}
	}
	for _, name := range []string{"templatefile", "templatestring", "type", "plantimestamp", ""} {
		if _, ok := FunctionNamed(name); ok {
			t.Errorf("%q should not be available", name)
		}
	}
}

func TestRoots(t *testing.T) {
	rs := Roots()
	for i, r := range rs {
		if i > 0 && rs[i-1].Name >= r.Name {
			t.Errorf("roots not sorted or duplicated at %q", r.Name)
		}
		if r.Doc == "" || !strings.HasPrefix(r.Form, r.Name+".") {
			t.Errorf("%s: form %q doc %q", r.Name, r.Form, r.Doc)
		}
		if g, ok := RootNamed(r.Name); !ok || g.Name != r.Name {
			t.Errorf("RootNamed(%q) failed", r.Name)
		}
		if r.Resource {
			if b, ok := BlockIn(nil, r.Name); !ok || b.Type != r.Name || r.Name == "mod" || r.Name == "variable" || r.Name == "locals" {
				t.Errorf("resource root %q is not a top-level resource", r.Name)
			}
		}
	}
	// Every top-level resource type is a root; runtime roots are exactly these.
	for _, b := range TopLevel() {
		if r, ok := RootNamed(b.Type); ok != (b.Type != "mod" && b.Type != "variable" && b.Type != "locals") || ok && !r.Resource {
			t.Errorf("root for %s: %v", b.Type, ok)
		}
	}
	var runtime []string
	for _, r := range rs {
		if r.Runtime {
			runtime = append(runtime, r.Name)
		}
	}
	if !slices.Equal(runtime, []string{"param", "self", "with"}) {
		t.Errorf("runtime roots = %v", runtime)
	}
	for _, n := range []string{"var", "local", "connection"} {
		if r, ok := RootNamed(n); !ok || r.Resource || r.Runtime {
			t.Errorf("root %s", n)
		}
	}
}

func TestTypeString(t *testing.T) {
	if ListOfString.String() != "list(string)" || Type(0).String() != "invalid" || Type(200).String() != "invalid" {
		t.Error("Type.String")
	}
}
