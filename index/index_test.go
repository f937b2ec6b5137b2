package index

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/modls/modls/discover"
	"github.com/modls/modls/parse"
)

// setFile scans src and sets it as the file at path of mod.
func setFile(b *Builder, mod ModID, path, src string) {
	b.SetFile(mod, path, []byte(src), parse.Scan([]byte(src)))
}

// replace returns ix with the file at path replaced by src.
func replace(ix *Index, mod ModID, path, src string) *Index {
	return ix.ReplaceFile(mod, path, []byte(src), parse.Scan([]byte(src)))
}

// newIndex indexes files (relative path → source) as one mod rooted at /ws.
func newIndex(t testing.TB, files map[string]string) *Index {
	t.Helper()
	b := NewBuilder()
	id := b.AddMod("/ws", "")
	for path, src := range files {
		setFile(b, id, "/ws/"+path, src)
	}
	return b.Index()
}

// offset returns the byte offset of the n-th (0-based) occurrence of sub in
// the file at path of the sources, plus delta.
func offset(t *testing.T, src, sub string, n, delta int) uint32 {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(src[off:], sub)
		if j < 0 {
			t.Fatalf("%q: occurrence %d not found", sub, n)
		}
		if i == n {
			return uint32(off + j + delta)
		}
		off += j + len(sub)
	}
}

// text returns the source text of r.
func text(src string, r parse.Range) string { return src[r.Start.Byte:r.End.Byte] }

// qnames returns the qualified names of es.
func qnames(es []*Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.QualifiedName())
	}
	return out
}

// sites returns "file:text-of-name-range" for each posting.
func sites(ps []*Posting, srcs map[string]string) []string {
	var out []string
	for _, p := range ps {
		src := srcs[filepath.Base(p.File().Path)]
		out = append(out, fmt.Sprintf("%s:%d:%s", filepath.Base(p.File().Path), p.NameRange().Start.Line, text(src, p.TargetRange())))
	}
	return out
}

var benchSrc = map[string]string{
	"mod.pp": `mod "acme" {
  title = "ACME"
  database = var.database
}
`,
	"vars.pp": `variable "database" {
  type    = string
  default = "x"
}
locals {
  tags = { service = "storage" }
  more = merge(local.tags, {})
}
`,
	"bench.pp": `benchmark "storage" {
  title    = "Storage Baseline"
  children = [
    control.versioning,
    control.encrypted,
    benchmark.logging,
  ]
  tags = local.tags
}

benchmark "logging" {
  title    = "Storage Logging"
  children = [control.versioning]
}

query "flag_check" {
  sql = "select 1"
  param "flag" {
    default = true
  }
}

control "versioning" {
  title       = "Buckets have versioning"
  description = <<-EOT
    Versioning protects objects.
  EOT
  query = query.flag_check
  args  = { flag = true }
}

control "encrypted" {
  title = "Buckets are \"encrypted\""
  sql   = query.flag_check.sql
}
`,
	"dash.pp": `chart "count_by_region" {
  sql = "select region, count(*) from b where owner = $1 group by 1"
  param "owner" {}
}

dashboard "overview" {
  title = "Overview"
  input "owner" {
    sql = "select 1"
  }
  with "owner_buckets" {
    sql  = "select name from b where owner = $1"
    args = [self.input.owner.value]
  }
  container {
    chart {
      base = chart.count_by_region
      args = { owner = self.input.owner.value }
    }
  }
  table {
    args = [with.owner_buckets.rows[*].name]
  }
}

graph "relations" {
  param "bucket_name" {}
  with "policies" {
    args = [param.bucket_name]
  }
  node {
    args = [param.bucket_name]
  }
  edge {
    args = [with.policies.rows[*].policy_id]
  }
}
`,
}

func TestEntries(t *testing.T) {
	ix := newIndex(t, benchSrc)
	f := ix.File("/ws/bench.pp")
	if f == nil || f.Mod().Name != "acme" {
		t.Fatalf("file %v", f)
	}
	var got []string
	for i := range f.Entries() {
		e := &f.Entries()[i]
		parent := ""
		if p := e.Parent(); p != nil {
			parent = " in " + p.UnqualifiedName()
		}
		got = append(got, fmt.Sprintf("%s %q %q%s", e.QualifiedName(), e.Title(), e.Description(), parent))
	}
	want := []string{
		`acme.benchmark.storage "Storage Baseline" ""`,
		`acme.benchmark.logging "Storage Logging" ""`,
		`acme.query.flag_check "" ""`,
		`acme.param.flag "" "" in query.flag_check`,
		`acme.control.versioning "Buckets have versioning" "Versioning protects objects.\n"`,
		`acme.control.encrypted "Buckets are \"encrypted\"" ""`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("entries:\n got %q\nwant %q", got, want)
	}

	src := benchSrc["bench.pp"]
	e := ix.Lookup(0, "control.versioning")[0]
	if got := text(src, e.NameRange); got != `"versioning"` {
		t.Errorf("name range %q", got)
	}
	if got := text(src, e.TypeRange()); got != "control" {
		t.Errorf("type range %q", got)
	}
	if got := text(src, e.Range); !strings.HasPrefix(got, `control "versioning" {`) || !strings.HasSuffix(got, "}") {
		t.Errorf("range %q", got)
	}
	l := ix.Lookup(0, "local.more")[0]
	if got := text(benchSrc["vars.pp"], l.Range); got != "more = merge(local.tags, {})" {
		t.Errorf("local range %q", got)
	}
	if got := text(benchSrc["vars.pp"], l.NameRange); got != "more" {
		t.Errorf("local name range %q", got)
	}
}

func TestLookup(t *testing.T) {
	ix := newIndex(t, benchSrc)
	tests := []struct {
		name string
		want []string
	}{
		{"control.versioning", []string{"acme.control.versioning"}},
		{"acme.control.versioning", []string{"acme.control.versioning"}},
		{"var.database", []string{"acme.var.database"}},
		{"variable.database", []string{"acme.var.database"}},
		{"local.tags", []string{"acme.local.tags"}},
		{"mod.acme", []string{"mod.acme"}},
		{"chart.count_by_region", []string{"acme.chart.count_by_region"}},
		{"chart.container_dashboard_overview_anonymous_container_0_anonymous_chart_0",
			[]string{"acme.chart.container_dashboard_overview_anonymous_container_0_anonymous_chart_0"}},
		{"input.owner", nil}, // nested inputs are scoped to their dashboard
		{"param.flag", nil},  // params are scoped
		{"other.control.versioning", nil},
		{"control.nope", nil},
		{"bad", nil},
	}
	for _, tt := range tests {
		if got := qnames(ix.Lookup(0, tt.name)); !slices.Equal(got, tt.want) {
			t.Errorf("Lookup(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := qnames(ix.OfKind(0, KindControl)); !slices.Equal(got, []string{"acme.control.versioning", "acme.control.encrypted"}) {
		t.Errorf("OfKind(control) = %q", got)
	}
	if got := qnames(ix.OfKind(0, KindInput)); !slices.Equal(got, []string{"acme.input.owner"}) {
		t.Errorf("OfKind(input) = %q", got)
	}
}

func TestReferences(t *testing.T) {
	ix := newIndex(t, benchSrc)
	find := func(name string) *Entry {
		t.Helper()
		es := ix.Lookup(0, name)
		if len(es) != 1 {
			t.Fatalf("Lookup(%q) = %v", name, qnames(es))
		}
		return es[0]
	}
	tests := []struct {
		entry *Entry
		want  []string
	}{
		{find("control.versioning"), []string{"bench.pp:4:control.versioning", "bench.pp:13:control.versioning"}},
		{find("query.flag_check"), []string{"bench.pp:28:query.flag_check", "bench.pp:34:query.flag_check"}},
		{find("benchmark.logging"), []string{"bench.pp:6:benchmark.logging"}},
		{find("var.database"), []string{"mod.pp:3:var.database"}},
		{find("local.tags"), []string{"bench.pp:8:local.tags", "vars.pp:7:local.tags"}},
		{find("chart.count_by_region"), []string{"dash.pp:17:chart.count_by_region"}},
		{find("benchmark.storage"), nil},
	}
	for _, tt := range tests {
		if got := sites(ix.References(tt.entry), benchSrc); !slices.Equal(got, tt.want) {
			t.Errorf("References(%s) = %q, want %q", tt.entry.QualifiedName(), got, tt.want)
		}
	}

	// Scoped entries: inputs, withs and params.
	dash := ix.File("/ws/dash.pp")
	scoped := map[string][]string{
		"input.owner":        {"dash.pp:13:self.input.owner", "dash.pp:18:self.input.owner"},
		"with.owner_buckets": {"dash.pp:22:with.owner_buckets"},
		"with.policies":      {"dash.pp:35:with.policies"},
		"param.bucket_name":  {"dash.pp:29:param.bucket_name", "dash.pp:32:param.bucket_name"},
		"param.owner":        nil, // chart param: used positionally
	}
	for i := range dash.Entries() {
		e := &dash.Entries()[i]
		want, ok := scoped[e.UnqualifiedName()]
		if !ok {
			continue
		}
		delete(scoped, e.UnqualifiedName())
		if got := sites(ix.References(e), benchSrc); !slices.Equal(got, want) {
			t.Errorf("References(%s) = %q, want %q", e.UnqualifiedName(), got, want)
		}
	}
	if len(scoped) > 0 {
		t.Errorf("entries not found: %v", scoped)
	}
}

func TestPostings(t *testing.T) {
	ix := newIndex(t, benchSrc)
	src := benchSrc["dash.pp"]
	var got []string
	for _, p := range ix.File("/ws/dash.pp").Postings() {
		from := "-"
		if e := p.From(); e != nil {
			from = e.UnqualifiedName()
		}
		got = append(got, fmt.Sprintf("%s %s name=%q range=%q attr=%s from=%s",
			p.Kind, p.Key(), text(src, p.NameRange()), text(src, p.Range), p.Attr(), from))
	}
	want := []string{
		`input input.owner name="owner" range="self.input.owner.value" attr=args from=with.owner_buckets`,
		`chart chart.count_by_region name="count_by_region" range="chart.count_by_region" attr=base from=chart.container_dashboard_overview_anonymous_container_0_anonymous_chart_0`,
		`input input.owner name="owner" range="self.input.owner.value" attr=args from=chart.container_dashboard_overview_anonymous_container_0_anonymous_chart_0`,
		`with with.owner_buckets name="owner_buckets" range="with.owner_buckets.rows" attr=args from=table.dashboard_overview_anonymous_table_0`,
		`param param.bucket_name name="bucket_name" range="param.bucket_name" attr=args from=with.policies`,
		`param param.bucket_name name="bucket_name" range="param.bucket_name" attr=args from=node.mod_acme_anonymous_node_0`,
		`with with.policies name="policies" range="with.policies.rows" attr=args from=edge.mod_acme_anonymous_edge_0`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("postings:\n got %q\nwant %q", got, want)
	}
	// A reference in a local's value comes from that local.
	ps := ix.File("/ws/vars.pp").Postings()
	if len(ps) != 1 || ps[0].From().UnqualifiedName() != "local.more" || ps[0].Attr() != "more" {
		t.Errorf("local posting: %d postings", len(ps))
	}
}

func TestDefinition(t *testing.T) {
	ix := newIndex(t, benchSrc)
	src := benchSrc["bench.pp"]
	tests := []struct {
		file, sub string
		n, delta  int
		want      []string
	}{
		{"bench.pp", "control.versioning", 0, 0, []string{"acme.control.versioning"}},
		{"bench.pp", "control.versioning", 0, len("control.versioning"), []string{"acme.control.versioning"}},
		{"bench.pp", "query.flag_check.sql", 0, len("query.flag_check.s"), []string{"acme.query.flag_check"}},
		{"bench.pp", `"versioning" {`, 0, 1, []string{"acme.control.versioning"}}, // on a declaration
		{"bench.pp", `title    = "Storage`, 0, 0, nil},
		{"dash.pp", "self.input.owner", 1, 12, []string{"acme.input.owner"}},
		{"dash.pp", "param.bucket_name", 1, 7, []string{"acme.param.bucket_name"}},
		{"dash.pp", "with.owner_buckets", 0, 6, []string{"acme.with.owner_buckets"}},
	}
	for _, tt := range tests {
		s := benchSrc[tt.file]
		_ = src
		off := offset(t, s, tt.sub, tt.n, tt.delta)
		_, es := ix.Definition("/ws/"+tt.file, off)
		if got := qnames(es); !slices.Equal(got, tt.want) {
			t.Errorf("Definition(%s at %q+%d) = %q, want %q", tt.file, tt.sub, tt.delta, got, tt.want)
		}
	}
	e, p := ix.At("/ws/dash.pp", offset(t, benchSrc["dash.pp"], "self.input.owner", 1, 0))
	if e == nil || p == nil || !strings.HasSuffix(e.Name(), "anonymous_chart_0") || p.Name() != "owner" {
		t.Errorf("At: %v %v", e, p)
	}
}

func TestDependencies(t *testing.T) {
	srcs := map[string]string{
		"mod.pp": `mod "app" {}`,
		"a.pp": `benchmark "b" {
  children = [
    aws.control.c1,
    aws.benchmark.b2,
    control.local_c,
    other.control.c1,
    app.control.local_c,
  ]
  title = aws.var.region
}
control "local_c" { sql = "select 1" }
`,
	}
	dep := map[string]string{
		"mod.sp": `mod "aws" {}`,
		"c.sp": `control "c1" { sql = "select 1" }
benchmark "b2" { children = [control.c1] }
variable "region" {}
`,
	}
	const depRoot = "/ws/.powerpipe/mods/github.com/turbot/steampipe-mod-aws@v1.0.0"
	b := NewBuilder()
	app := b.AddMod("/ws", "/ws/mod.pp")
	aws := b.AddMod(depRoot, "")
	b.SetDeps(app, aws)
	for p, s := range srcs {
		setFile(b, app, "/ws/"+p, s)
	}
	for p, s := range dep {
		setFile(b, aws, depRoot+"/"+p, s)
	}
	ix := b.Index()
	if got := ix.Mod(aws).Name; got != "aws" {
		t.Fatalf("dep name %q", got)
	}
	if m := ix.ModAt(depRoot + "/c.sp"); m == nil || m.ID != aws {
		t.Errorf("ModAt(dep file) = %v", m)
	}
	if m := ix.ModAt("/ws/a.pp"); m == nil || m.ID != app {
		t.Errorf("ModAt(app file) = %v", m)
	}
	if m := ix.ModAt("/elsewhere/a.pp"); m != nil {
		t.Errorf("ModAt(elsewhere) = %v", m)
	}

	all := map[string]string{}
	for k, v := range srcs {
		all[k] = v
	}
	for k, v := range dep {
		all[k] = v
	}
	c1 := ix.Lookup(aws, "control.c1")
	if len(c1) != 1 {
		t.Fatalf("c1: %v", qnames(c1))
	}
	if got, want := sites(ix.References(c1[0]), all), []string{"c.sp:2:control.c1", "a.pp:3:aws.control.c1"}; !slices.Equal(got, want) {
		t.Errorf("References(aws.control.c1) = %q, want %q", got, want)
	}
	local := ix.Lookup(app, "control.local_c")[0]
	if got, want := sites(ix.References(local), all), []string{"a.pp:5:control.local_c", "a.pp:7:app.control.local_c"}; !slices.Equal(got, want) {
		t.Errorf("References(control.local_c) = %q, want %q", got, want)
	}
	region := ix.Lookup(app, "aws.var.region")
	if len(region) != 1 || region[0].Mod().ID != aws {
		t.Fatalf("aws.var.region: %v", qnames(region))
	}
	if got := sites(ix.References(region[0]), all); !slices.Equal(got, []string{"a.pp:9:aws.var.region"}) {
		t.Errorf("References(aws.var.region) = %q", got)
	}
	_, es := ix.Definition("/ws/a.pp", offset(t, srcs["a.pp"], "other.control.c1", 0, 8))
	if es != nil {
		t.Errorf("unknown alias resolved to %v", qnames(es))
	}
	_, es = ix.Definition("/ws/a.pp", offset(t, srcs["a.pp"], "aws.benchmark.b2", 0, 5))
	if got := qnames(es); !slices.Equal(got, []string{"aws.benchmark.b2"}) {
		t.Errorf("Definition(aws.benchmark.b2) = %q", got)
	}
	// The mod entry's references are the alias uses.
	modEntry := ix.Lookup(aws, "mod.aws")
	if len(modEntry) != 1 {
		t.Fatalf("mod.aws: %v", qnames(modEntry))
	}
	var aliases []string
	for _, p := range ix.References(modEntry[0]) {
		aliases = append(aliases, text(srcs["a.pp"], p.AliasRange()))
	}
	if want := []string{"aws", "aws", "aws"}; !slices.Equal(aliases, want) {
		t.Errorf("alias references %q, want %q", aliases, want)
	}
}

// TestReplaceFile edits one file and checks that the other files are shared,
// that lookups see the change (through the derived tables and through a
// rebuild), and that the old snapshot is unchanged.
func TestReplaceFile(t *testing.T) {
	for _, warm := range []bool{false, true} {
		t.Run(fmt.Sprintf("warm=%v", warm), func(t *testing.T) {
			ix := newIndex(t, benchSrc)
			if warm {
				ix.Lookup(0, "control.versioning") // build tables: the next snapshot derives
			}
			bench := ix.File("/ws/bench.pp")
			dash := ix.File("/ws/dash.pp")

			edited := strings.Replace(benchSrc["bench.pp"], `control "versioning"`, `control "versioned"`, 1)
			edited = strings.Replace(edited, "children = [control.versioning]", "children = [control.versioned]", 1)
			ix2 := replace(ix, 0, "/ws/bench.pp", edited)
			if warm && ix2.base == nil {
				t.Error("warm snapshot did not derive its tables")
			}
			if ix2.File("/ws/dash.pp") != dash {
				t.Error("unchanged file not shared")
			}
			if ix2.File("/ws/bench.pp") == bench {
				t.Error("edited file shared")
			}
			if got := qnames(ix2.Lookup(0, "control.versioning")); got != nil {
				t.Errorf("old name found: %q", got)
			}
			e := ix2.Lookup(0, "control.versioned")
			if len(e) != 1 {
				t.Fatalf("new name: %q", qnames(e))
			}
			srcs := map[string]string{"bench.pp": edited}
			if got := sites(ix2.References(e[0]), srcs); !slices.Equal(got, []string{"bench.pp:13:control.versioned"}) {
				t.Errorf("References = %q", got)
			}
			if got := qnames(ix2.OfKind(0, KindControl)); !slices.Equal(got, []string{"acme.control.versioned", "acme.control.encrypted"}) {
				t.Errorf("OfKind = %q", got)
			}
			// The old snapshot still answers as before.
			if got := qnames(ix.Lookup(0, "control.versioning")); !slices.Equal(got, []string{"acme.control.versioning"}) {
				t.Errorf("old snapshot: %q", got)
			}

			// Edit again, then remove a file.
			ix3 := replace(ix2, 0, "/ws/bench.pp", benchSrc["bench.pp"])
			if got := qnames(ix3.Lookup(0, "control.versioning")); !slices.Equal(got, []string{"acme.control.versioning"}) {
				t.Errorf("re-edit: %q", got)
			}
			if got := len(ix3.References(ix3.Lookup(0, "query.flag_check")[0])); got != 2 {
				t.Errorf("references after re-edit: %d", got)
			}
			ix4 := ix3.RemoveFile("/ws/bench.pp")
			if ix4.File("/ws/bench.pp") != nil || len(ix4.Files()) != 3 {
				t.Errorf("removed file still there")
			}
			if got := qnames(ix4.Lookup(0, "control.versioning")); got != nil {
				t.Errorf("removed file's entry found: %q", got)
			}
			if got := ix4.References(ix4.Lookup(0, "local.tags")[0]); len(got) != 1 {
				t.Errorf("local.tags references after removal: %d", len(got))
			}
			// A new file.
			ix5 := replace(ix4, 0, "/ws/new.pp", `control "versioning" { sql = "select 2" }`)
			if got := qnames(ix5.Lookup(0, "control.versioning")); !slices.Equal(got, []string{"acme.control.versioning"}) || ix5.Lookup(0, "control.versioning")[0].File().Path != "/ws/new.pp" {
				t.Errorf("new file: %q", got)
			}
		})
	}
}

// TestDeltaLimit edits many files one by one: lookups stay right when the
// snapshots stop deriving their tables and rebuild them.
func TestDeltaLimit(t *testing.T) {
	files := map[string]string{}
	for i := range 300 {
		files[fmt.Sprintf("q%03d.pp", i)] = fmt.Sprintf("query \"q%d\" { sql = \"select 1\" }\n", i)
	}
	ix := newIndex(t, files)
	ix.Lookup(0, "query.q0")
	for i := range 300 {
		ix = replace(ix, 0, fmt.Sprintf("/ws/q%03d.pp", i), fmt.Sprintf("query \"r%d\" { sql = query.r%d.sql }\n", i, (i+1)%300))
		if i%50 == 0 {
			ix.Lookup(0, "query.r0") // sometimes warm the tables
		}
	}
	for i := range 300 {
		if got := ix.Lookup(0, fmt.Sprintf("query.q%d", i)); got != nil {
			t.Fatalf("q%d still found", i)
		}
		got := ix.Lookup(0, fmt.Sprintf("query.r%d", i))
		if len(got) != 1 {
			t.Fatalf("r%d: %v", i, qnames(got))
		}
		if refs := ix.References(got[0]); len(refs) != 1 {
			t.Fatalf("r%d: %d references", i, len(refs))
		}
	}
}

// TestConcurrentReaders reads one snapshot from many goroutines while the
// next ones are built (run with -race).
func TestConcurrentReaders(t *testing.T) {
	ix := newIndex(t, benchSrc)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				for _, e := range ix.Lookup(0, "control.versioning") {
					ix.References(e)
				}
				symbols(ix, "ver", 10)
				ix.Definition("/ws/bench.pp", 60)
			}
		}()
	}
	next := ix
	for i := range 50 {
		next = replace(next, 0, "/ws/bench.pp", strings.ReplaceAll(benchSrc["bench.pp"], "versioning", fmt.Sprintf("v%d", i)))
		next.Lookup(0, "control.v1")
	}
	wg.Wait()
	if got := qnames(next.Lookup(0, "control.v49")); len(got) != 1 {
		t.Errorf("last snapshot: %q", got)
	}
}

// TestCounts compares the block counts with what hclsyntax sees.
func TestCounts(t *testing.T) {
	ix := newIndex(t, benchSrc)
	c := ix.Counts()
	top, nested := map[string]int{}, map[string]int{}
	traversals := 0
	for name, src := range benchSrc {
		file, diags := hclsyntax.ParseConfig([]byte(src), name, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		var walk func(b *hclsyntax.Body, depth int)
		walk = func(b *hclsyntax.Body, depth int) {
			for _, a := range b.Attributes {
				traversals += len(a.Expr.Variables())
			}
			for _, blk := range b.Blocks {
				if depth == 0 {
					top[blk.Type]++
				} else {
					nested[blk.Type]++
				}
				walk(blk.Body, depth+1)
			}
		}
		walk(file.Body.(*hclsyntax.Body), 0)
	}
	if fmt.Sprint(c.TopLevel) != fmt.Sprint(top) {
		t.Errorf("top-level counts %v, want %v", c.TopLevel, top)
	}
	if fmt.Sprint(c.Nested) != fmt.Sprint(nested) {
		t.Errorf("nested counts %v, want %v", c.Nested, nested)
	}
	if c.Traversals != traversals {
		t.Errorf("traversals %d, want %d", c.Traversals, traversals)
	}
	if c.Files != 4 || c.Postings != 16 || c.Entries != 23 {
		t.Errorf("files %d, postings %d, entries %d", c.Files, c.Postings, c.Entries)
	}
}

// fileBuilder for tests: builds a parse.File by hand, with positions that
// increase in pre-order (one line per item).
type pfBuilder struct {
	f    parse.File
	line uint32
}

func (b *pfBuilder) pos() parse.Pos {
	b.line++
	return parse.Pos{Byte: b.line * 100, Line: b.line, Col: 1}
}

func (b *pfBuilder) block(parent int32, typ string, labels ...string) int32 {
	start := b.pos()
	blk := parse.Block{Type: typ, Parent: parent}
	blk.Range.Start = start
	blk.TypeRange = spanFrom(start, len(typ))
	for i, l := range labels {
		s := blk.TypeRange.End
		s.Byte += uint32(1 + i*(len(l)+3))
		s.Col += uint32(1 + i*(len(l)+3))
		blk.Labels = append(blk.Labels, parse.Label{Value: l, Range: spanFrom(s, len(l)+2)})
	}
	b.f.Blocks = append(b.f.Blocks, blk)
	return int32(len(b.f.Blocks) - 1)
}

func (b *pfBuilder) attr(block int32, name string, refs ...string) int32 {
	start := b.pos()
	a := parse.Attr{Name: name, Block: block, NameRange: spanFrom(start, len(name))}
	a.Range = spanFrom(start, 80)
	b.f.Attrs = append(b.f.Attrs, a)
	ai := int32(len(b.f.Attrs) - 1)
	col := uint32(len(name) + 3)
	for _, r := range refs {
		s := start
		s.Byte += col
		s.Col += col
		ref := parse.Ref{Attr: ai, Range: spanFrom(s, len(r)), First: uint32(len(b.f.Steps))}
		for i, part := range strings.Split(r, ".") {
			st := parse.Step{Kind: parse.StepAttr, Name: part, Range: spanFrom(s, len(part)+1)}
			if i == 0 {
				st.Kind, st.Range = parse.StepRoot, spanFrom(s, len(part))
			}
			s = st.Range.End
			b.f.Steps = append(b.f.Steps, st)
			ref.N++
		}
		b.f.Refs = append(b.f.Refs, ref)
		col += uint32(len(r) + 2)
	}
	return ai
}

// file closes the blocks: each ends after its last descendant.
func (b *pfBuilder) file() *parse.File {
	for i := len(b.f.Blocks) - 1; i >= 0; i-- {
		blk := &b.f.Blocks[i]
		if blk.Range.End.Byte == 0 {
			blk.Range.End = blk.TypeRange.End
		}
		for _, a := range b.f.Attrs {
			if a.Block == int32(i) && a.Range.End.Byte > blk.Range.End.Byte {
				blk.Range.End = a.Range.End
			}
		}
		if p := blk.Parent; p >= 0 && blk.Range.End.Byte > b.f.Blocks[p].Range.End.Byte {
			b.f.Blocks[p].Range.End = blk.Range.End
		}
	}
	return &b.f
}

// TestHandBuilt indexes a parse.File built by hand, independent of Scan.
func TestHandBuilt(t *testing.T) {
	var pb pfBuilder
	d := pb.block(-1, "dashboard", "sibling_containers_report")
	c := pb.block(d, "container")
	ch := pb.block(c, "chart")
	pb.attr(ch, "base", "chart.shared")
	pb.block(ch, "series", "s")
	pb.block(c, "chart", "named")
	pb.block(c, "chart")
	pb.block(-1, "chart", "shared")
	b := pb.block(-1, "benchmark", "b")
	pb.attr(b, "children", "control.x", "dep.control.y", "connection.steampipe.default")
	pf := pb.file()

	bl := NewBuilder()
	id := bl.AddMod("/ws", "")
	bl.SetFile(id, "/ws/a.pp", nil, pf)
	ix := bl.Index()

	want := []string{
		"local.dashboard.sibling_containers_report",
		"local.container.dashboard_sibling_containers_report_anonymous_container_0",
		"local.chart.container_dashboard_sibling_containers_report_anonymous_container_0_anonymous_chart_0",
		"local.chart.named",
		"local.chart.container_dashboard_sibling_containers_report_anonymous_container_0_anonymous_chart_2",
		"local.chart.shared",
		"local.benchmark.b",
	}
	f := ix.File("/ws/a.pp")
	var got []string
	for i := range f.Entries() {
		got = append(got, f.Entries()[i].QualifiedName())
	}
	if !slices.Equal(got, want) {
		t.Errorf("entries:\n got %q\nwant %q", got, want)
	}
	var keys []string
	for _, p := range f.Postings() {
		keys = append(keys, p.Key().String()+" in "+p.From().UnqualifiedName())
	}
	wantKeys := []string{
		"chart.shared in chart.container_dashboard_sibling_containers_report_anonymous_container_0_anonymous_chart_0",
		"control.x in benchmark.b",
		"dep.control.y in benchmark.b",
	}
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("postings:\n got %q\nwant %q", keys, wantKeys)
	}
	shared := ix.Lookup(id, "chart.shared")
	if len(shared) != 1 || len(ix.References(shared[0])) != 1 {
		t.Errorf("chart.shared: %v", qnames(shared))
	}
	p := &f.Postings()[2]
	if p.NameRange().End != p.Range.End || p.NameRange().Start.Byte != p.Range.End.Byte-1 {
		t.Errorf("name range %v of %v", p.NameRange(), p.Range)
	}
}

const (
	sizeofEntry   = unsafe.Sizeof(Entry{})
	sizeofPosting = unsafe.Sizeof(Posting{})
)

// synthetic returns a mod of n resources spread over files of 100, written
// as HCL, with titles and cross-references.
func synthetic(n int) map[string]string {
	files := map[string]string{"mod.pp": `mod "big" { title = "Big" }`}
	var sb strings.Builder
	for i := range n {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&sb, "query \"q_%d\" {\n  title = \"Query number %d\"\n  sql = \"select %d\"\n}\n", i, i, i)
		case 1:
			fmt.Fprintf(&sb, "control \"aws_s3_bucket_check_%d\" {\n  title = \"S3 bucket check %d\"\n  description = \"Checks bucket %d.\"\n  query = query.q_%d\n  severity = \"high\"\n}\n", i, i, i, i-1)
		case 2:
			fmt.Fprintf(&sb, "benchmark \"bench_%d\" {\n  title = \"Benchmark %d\"\n  children = [control.aws_s3_bucket_check_%d, control.aws_s3_bucket_check_%d]\n}\n", i, i, i-1, i-1)
		case 3:
			fmt.Fprintf(&sb, "dashboard \"dash_%d\" {\n  title = \"Dashboard %d\"\n  container {\n    card {\n      sql = query.q_%d.sql\n    }\n  }\n}\n", i, i, i-3)
		}
		if i%100 == 99 || i == n-1 {
			files[fmt.Sprintf("f%05d.pp", i/100)] = sb.String()
			sb.Reset()
		}
	}
	return files
}

// heapBytes returns the live heap after a GC.
func heapBytes() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestMemory reports the index's memory per entry and per posting for a
// synthetic mod of 50,000 resources (run with -v to see the figures).
func TestMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	const n = 50000
	files := synthetic(n)
	before := heapBytes()
	// Scan and index inside a function: the sources and scans are garbage
	// once it returns, so the heap growth is what the index keeps.
	ix, id := func() (*Index, ModID) {
		b := NewBuilder()
		id := b.AddMod("/ws", "")
		for p, s := range files {
			src := []byte(s)
			b.SetFile(id, "/ws/"+p, src, parse.Scan(src))
		}
		return b.Index(), id
	}()
	afterIndex := heapBytes()
	ix.Lookup(id, "query.q_0") // build the lookup tables
	afterTables := heapBytes()
	c := ix.Counts()
	runtime.KeepAlive(ix)
	runtime.KeepAlive(files)

	idxBytes := float64(afterIndex - before)
	tabBytes := float64(afterTables - afterIndex)
	t.Logf("%d entries, %d postings, %d files", c.Entries, c.Postings, c.Files)
	t.Logf("records: Entry %d B, Posting %d B (fixed part)", sizeofEntry, sizeofPosting)
	t.Logf("index: %.0f B total, %.1f B per entry+posting, %.1f B per resource", idxBytes, idxBytes/float64(c.Entries+c.Postings), idxBytes/float64(c.Entries))
	t.Logf("lookup tables: %.0f B total, %.1f B per entry+posting", tabBytes, tabBytes/float64(c.Entries+c.Postings))
	if c.Entries < n {
		t.Fatalf("only %d entries", c.Entries)
	}
	if per := (idxBytes + tabBytes) / float64(c.Entries); per > 600 {
		t.Errorf("%.0f bytes per entry (index + tables): too much", per)
	}
}

func BenchmarkBuild(b *testing.B) {
	files := synthetic(50000)
	type scanned struct {
		path string
		src  []byte
		pf   *parse.File
	}
	var in []scanned
	for p, s := range files {
		in = append(in, scanned{"/ws/" + p, []byte(s), parse.Scan([]byte(s))})
	}
	b.ReportAllocs()
	for b.Loop() {
		bl := NewBuilder()
		id := bl.AddMod("/ws", "")
		for _, s := range in {
			bl.SetFile(id, s.path, s.src, s.pf)
		}
		bl.Index().Lookup(id, "query.q_0")
	}
}

// BenchmarkEdit measures one keystroke: replace a file, then resolve a name
// and find its references in the new snapshot.
func BenchmarkEdit(b *testing.B) {
	ix := newIndex(b, synthetic(50000))
	ix.Lookup(0, "query.q_0")
	src := []byte(synthetic(100)["f00000.pp"])
	pf := parse.Scan(src)
	b.ReportAllocs()
	for b.Loop() {
		ix = ix.ReplaceFile(0, "/ws/f00000.pp", src, pf)
		for _, e := range ix.Lookup(0, "query.q_4") {
			ix.References(e)
		}
	}
}

// TestAddModDir sets the mods of a discovered workspace: only direct
// dependencies (from the lock) resolve.
func TestAddModDir(t *testing.T) {
	const mods = "/ws/.powerpipe/mods/"
	d := &discover.ModDir{
		Root:    "/ws",
		ModFile: "/ws/mod.pp",
		Deps: []*discover.ModDir{
			{Root: mods + "github.com/x/aws@v1.0.0", ModFile: mods + "github.com/x/aws@v1.0.0/mod.sp", InstallPath: "github.com/x/aws@v1.0.0"},
			{Root: mods + "github.com/x/base@v2.0.0", ModFile: mods + "github.com/x/base@v2.0.0/mod.pp", InstallPath: "github.com/x/base@v2.0.0"},
		},
		Lock: &discover.Lock{
			RootKey: "app",
			Parents: map[string]map[string]discover.LockEntry{
				"app":                     {"github.com/x/aws": {ModulePath: "github.com/x/aws", Version: "1.0.0"}},
				"github.com/x/aws@v1.0.0": {"github.com/x/base": {ModulePath: "github.com/x/base", Version: "2.0.0"}},
			},
		},
	}
	b := NewBuilder()
	app := b.AddModDir(d)
	aws := b.AddMod(d.Deps[0].Root, "")
	base := b.AddMod(d.Deps[1].Root, "")
	setFile(b, app, "/ws/mod.pp", `mod "app" {}`)
	setFile(b, app, "/ws/a.pp", `benchmark "b" {
  children = [aws.control.c, base.control.d]
}`)
	setFile(b, aws, d.Deps[0].ModFile, `mod "aws" {}
control "c" { sql = base.query.q.sql }`)
	setFile(b, base, d.Deps[1].ModFile, `mod "base" {}
query "q" { sql = "select 1" }
control "d" { sql = "select 1" }`)
	ix := b.Index()
	if got := ix.Mod(app).Deps; !slices.Equal(got, []ModID{aws}) {
		t.Errorf("app deps %v", got)
	}
	if got := ix.Mod(aws).Deps; !slices.Equal(got, []ModID{base}) {
		t.Errorf("aws deps %v", got)
	}
	var got []string
	for _, f := range ix.Files() {
		for i := range f.Postings() {
			p := &f.Postings()[i]
			got = append(got, fmt.Sprintf("%s→%q", p.Key(), qnames(ix.Resolve(p))))
		}
	}
	want := []string{
		`base.query.q→["base.query.q"]`,
		`aws.control.c→["aws.control.c"]`,
		`base.control.d→[]`, // transitive: not visible from app
	}
	if !slices.Equal(got, want) {
		t.Errorf("resolutions:\n got %q\nwant %q", got, want)
	}
}

// TestFileBuilt: a file knows the text it was built from.
func TestFileBuilt(t *testing.T) {
	src := []byte("query \"q\" {\n  sql = \"select 1\"\n}\n")
	b := NewBuilder()
	id := b.AddMod("/m", "/m/mod.pp")
	b.SetFile(id, "/m/a.pp", src, parse.Scan(src))
	f := b.Index().File("/m/a.pp")
	if !f.Built(src) {
		t.Error("Built(its own source) = false")
	}
	for _, other := range []string{"", "query \"q\" {\n  sql = \"select 2\"\n}\n", string(src) + "\n"} {
		if f.Built([]byte(other)) {
			t.Errorf("Built(%q) = true", other)
		}
	}
}

// TestBlockFlags: what a block sets at its top (sql, query, args, base, a
// param's default, a computed title) is flagged on its entry, not what its
// nested blocks set; Descendants are the entries nested in an entry.
func TestBlockFlags(t *testing.T) {
	src := `query "q" {
  sql = "select $1"
  param "with_default" {
    default = "x"
  }
  param "without" {}
}

chart "c" {
  base  = chart.b
  args  = { a = 1 }
  title = "${local.t} chart"
}

chart "b" {
  query = query.q
}

dashboard "d" {
  title = "D"
  card {
    sql = "select 1"
  }
}
`
	ix := newIndex(t, map[string]string{"a.pp": src})
	want := map[string]Flags{
		"query.q": HasSQL, "param.with_default": HasDefault, "param.without": 0,
		"chart.c": HasBase | HasArgs | ComputedTitle, "chart.b": HasQuery, "dashboard.d": 0,
	}
	const block = HasSQL | HasQuery | HasArgs | HasBase | HasDefault | ComputedTitle
	f := ix.File("/ws/a.pp")
	for i := range f.Entries() {
		e := &f.Entries()[i]
		w, ok := want[e.Kind.String()+"."+e.Name()]
		if e.Kind == KindCard {
			w, ok = HasSQL, true
		}
		if ok && e.Flags&block != w {
			t.Errorf("%s: flags %b, want %b", e.UnqualifiedName(), e.Flags&block, w)
		}
	}
	var got []string
	for _, name := range []string{"query.q", "dashboard.d", "chart.b"} {
		e := ix.Lookup(0, name)[0]
		var ds []string
		for _, d := range e.Descendants() {
			ds = append(ds, d.Kind.String())
		}
		got = append(got, name+":"+strings.Join(ds, ","))
	}
	if g := strings.Join(got, " "); g != "query.q:param,param dashboard.d:card chart.b:" {
		t.Errorf("descendants: %s", g)
	}
}
