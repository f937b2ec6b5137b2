package complete

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// at splits a text holding one "|" into the text without it and the
// cursor's offset.
func at(t testing.TB, s string) ([]byte, int) {
	t.Helper()
	i := strings.Index(s, "|")
	if i < 0 {
		t.Fatalf("no cursor in %q", s)
	}
	return []byte(s[:i] + s[i+1:]), i
}

// workspace indexes files (name → content) as one mod rooted at /m, plus a
// dependency mod "dep" at /m/.powerpipe/mods/dep@v1 when deps is not empty.
func workspace(files map[string]string, deps map[string]string) *index.Index {
	b := index.NewBuilder()
	m := b.AddMod("/m", "/m/mod.pp")
	if len(deps) > 0 {
		d := b.AddMod("/m/.powerpipe/mods/dep@v1", "/m/.powerpipe/mods/dep@v1/mod.pp")
		b.SetDeps(m, d)
		for name, text := range deps {
			b.SetFile(d, "/m/.powerpipe/mods/dep@v1/"+name, []byte(text), parse.Scan([]byte(text)))
		}
	}
	for name, text := range files {
		b.SetFile(m, "/m/"+name, []byte(text), parse.Scan([]byte(text)))
	}
	return b.Index()
}

// labels returns the labels of l, comma-separated.
func labels(l List) string {
	var out []string
	for _, it := range l.Items {
		out = append(out, it.Label)
	}
	return strings.Join(out, ",")
}

func TestPlaces(t *testing.T) {
	for _, tc := range []struct {
		in    string
		place place
		path  string // enclosing block types, space-separated
		attr  string
		depth int
		word  string // the text from start to the cursor
	}{
		{in: "|", place: placeLineStart},
		{in: "con|", place: placeLineStart, word: "con"},
		{in: "control \"c\" {\n  ti|\n}\n", place: placeLineStart, path: "control", word: "ti"},
		{in: "control \"c\" {\n  |\n}\n", place: placeLineStart, path: "control"},
		{in: "control \"c\" {|}\n", place: placeLineStart, path: "control"},
		{in: "control \"c\" {\n  title |\n}\n", place: placeNone, path: "control"},
		{in: "control \"|c\" {\n}\n", place: placeNone},
		{in: "control \"c\" {\n  query = query.bu|\n}\n", place: placeExpr, path: "control", attr: "query", word: "query.bu"},
		{in: "control \"c\" {\n  query = |\n}\n", place: placeExpr, path: "control", attr: "query"},
		{in: "control \"c\" {\n  args = [var.a, loc|]\n}\n", place: placeExpr, path: "control", attr: "args", depth: 1, word: "loc"},
		{in: "control \"c\" {\n  args = {\n    a = with.|\n  }\n}\n", place: placeExpr, path: "control", attr: "args", depth: 1, word: "with."},
		{in: "control \"c\" {\n  args = {\n    |\n  }\n}\n", place: placeArgKey, path: "control", attr: "args"},
		{in: "control \"c\" {\n  tags = { a = \"b\", |", place: placeNone, path: "control"},
		{in: "control \"c\" {\n  severity = \"hi|\"\n}\n", place: placeString, path: "control", attr: "severity", word: "hi"},
		{in: "control \"c\" {\n  title = \"a ${var.|}\"\n}\n", place: placeExpr, path: "control", attr: "title", depth: 2, word: "var."},
		{in: "control \"c\" {\n  title = \"a $${var.|}\"\n}\n", place: placeString, path: "control", attr: "title", word: "a $${var."},
		{in: "control \"c\" {\n  title = \"a\" # var.|\n}\n", place: placeNone, path: "control"},
		{in: "control \"c\" {\n  /* var.| */\n}\n", place: placeNone, path: "control"},
		{in: "control \"c\" {\n  sql = <<-EOQ\n    select var.|\n  EOQ\n}\n", place: placeNone, path: "control"},
		{in: "control \"c\" {\n  sql = <<-EOQ|\n    select 1\n  EOQ\n}\n", place: placeNone, path: "control"},
		{in: "control \"c\" {\n  sql = <<-EOQ\n    select 1\n  EOQ\n  |\n}\n", place: placeLineStart, path: "control"},
		{in: "control \"c\" {\n  sql = \"\"\"\n}\n|", place: placeLineStart},
		{in: "dashboard \"d\" {\n  container {\n    chart {\n      type = |\n    }\n  }\n}\n", place: placeExpr, path: "dashboard container chart", attr: "type"},
		{in: "dashboard \"d\" {\n  container {\n    chart {\n      |", place: placeLineStart, path: "dashboard container chart"},
		{in: "dashboard \"d\" {\n  container {\n    chart {\n      |\n\ncontrol \"x\" {\n}\n", place: placeLineStart, path: "dashboard container chart"},
		{in: "dashboard \"d\" {\n  chart {\n    sql = \"x\"\n  }\n  |\n}\n", place: placeLineStart, path: "dashboard"},
		{in: "control \"c\" {\n}\n|", place: placeLineStart},
		{in: "control \"c\" {\n  title = join(\",\", [a], |)\n}\n", place: placeExpr, path: "control", attr: "title", depth: 1},
		{in: "control \"c\" {\n  title = x[0].|\n}\n", place: placeExpr, path: "control", attr: "title", word: "."},
	} {
		src, off := at(t, tc.in)
		c := locate(src, off)
		word := ""
		if c.place != placeNone {
			word = string(src[c.start:off])
		}
		got := fmt.Sprintf("%d %q %q %d %q", c.place, strings.Join(c.path, " "), c.attr, c.depth, word)
		if c.place == placeNone {
			got = fmt.Sprintf("%d %q", c.place, strings.Join(c.path, " "))
		}
		want := fmt.Sprintf("%d %q %q %d %q", tc.place, tc.path, tc.attr, tc.depth, tc.word)
		if tc.place == placeNone {
			want = fmt.Sprintf("%d %q", tc.place, tc.path)
		}
		if got != want {
			t.Errorf("%q:\n got %s\nwant %s", tc.in, got, want)
		}
	}
}

func TestComplete(t *testing.T) {
	lib := `
query "q_one" {
  title = "Query one"
  sql = "select 1"
}
query "q_two" {
  sql = "select 2"
}
control "c_one" {
  title = "Control one"
  sql = "select 1"
}
control "c_two" {
  sql = "select 1"
}
benchmark "b_one" {
  children = [control.c_one]
}
detection "d_one" {
  sql = "select 1"
}
variable "region" {
  default = "eu"
}
locals {
  tags = {}
}
dashboard "board" {
  chart "nested_named" {
    sql = "select 1"
  }
  chart {
    sql = "select 1"
  }
}
chart "top" {
  sql = "select 1"
}
`
	dep := `
mod "dep" {}
control "remote" {
  sql = "select 1"
}
query "remote_q" {
  sql = "select 1"
}
variable "dep_var" {}
`
	for _, tc := range []struct {
		in   string
		want string
	}{
		// Reference names, filtered by target type, self and listed names left out.
		{"control \"x\" {\n  query = query.|\n}\n", "q_one,q_two"},
		{"control \"x\" {\n  query = |\n}\n", "query,dep"},
		{"benchmark \"x\" {\n  children = [control.c_one, control.|]\n}\n", "c_two"},
		{"benchmark \"x\" {\n  children = [|]\n}\n", "benchmark,control,dep"},
		{"benchmark \"x\" {\n  type = \"detection\"\n  children = [|]\n}\n", "benchmark,detection,dep"},
		{"benchmark \"x\" {\n  children = [query.|]\n}\n", ""},
		{"benchmark \"x\" {\n  children = [dep.|]\n}\n", "benchmark,control"},
		{"benchmark \"x\" {\n  children = [dep.control.|]\n}\n", "remote"},
		{"control \"x\" {\n  query = dep.query.|\n}\n", "remote_q"},
		{"control \"x\" {\n  args = [dep.var.|]\n}\n", "dep_var"},
		{"control \"x\" {\n  query = nodep.query.|\n}\n", ""},
		{"chart \"x\" {\n  base = chart.|\n}\n", "nested_named,top"},
		{"control \"x\" {\n  base = control.|\n}\n", "c_one,c_two"},
		{"control \"x\" {\n  args = [var.|]\n}\n", "region"},
		{"control \"x\" {\n  tags = local.|\n}\n", "tags"},
		{"control \"x\" {\n  title = var.reg|\n}\n", "region"},
		// Runtime roots only where runtime references are allowed.
		{"control \"x\" {\n  title = self.|\n}\n", ""},
		{"control \"x\" {\n  args = [self.|]\n}\n", "input"},
		{"control \"x\" {\n  param \"p\" {\n    default = param.|\n  }\n}\n", ""},
		// Static attributes take no references but connections.
		{"variable \"v\" {\n  default = var.|\n}\n", ""},
		// Documented values.
		{"control \"x\" {\n  severity = \"|\"\n}\n", "none,low,medium,high,critical"},
		{"variable \"v\" {\n  default = |\n}\n", "connection"},
		{"variable \"v\" {\n  type = |\n}\n", "connection"},
		{"variable \"v\" {\n  sensitive = t|\n}\n", "true,false,benchmark,…"},
		// Block types and attributes.
		{"mod \"m\" {\n  require {\n    |\n  }\n}\n", "mod,plugin,powerpipe,steampipe"},
		{"mod \"m\" {\n  require {\n    mod \"x\" {\n      version = \"1\"\n      |\n    }\n  }\n}\n", "args,branch,database,path,search_path,search_path_prefix,tag"},
		{"chart \"x\" {\n  title = \"x\"\n  legend {\n    |\n  }\n}\n", "display,position"},
		{"dashboard \"x\" {\n  container {\n    |\n  }\n}\n", "database,description,display,documentation,search_path,search_path_prefix,tags,title,type,width,benchmark,card,chart,container,dashboard,detection,flow,graph,hierarchy,image,input,table,text"},
		{"dashboard \"x\" {\n  graph {\n    |\n  }\n}\n", "args,base,database,description,direction,display,documentation,query,search_path,search_path_prefix,sql,tags,title,type,width,category,edge,node"},
		{"control \"x\" {\n  ti| = \"a\"\n}\n", "args,base,database,description,display,documentation,query,search_path,search_path_prefix,severity,sql,tags,title,type,width"},
		{"locals {\n  |\n}\n", ""},
		{"widget \"x\" {\n  |\n}\n", ""},
	} {
		src, off := at(t, tc.in)
		ix := workspace(map[string]string{"lib.pp": lib, "x.pp": string(src)}, map[string]string{"mod.pp": dep})
		l := Complete(ix, "/m/x.pp", src, off, Options{Snippets: true})
		// Functions follow roots; the test leaves them out.
		var head []string
		for _, it := range l.Items {
			if it.Kind != ItemFunction {
				head = append(head, it.Label)
			}
		}
		got := strings.Join(head, ",")
		if p, ok := strings.CutSuffix(tc.want, "…"); ok && strings.HasPrefix(got, p) {
			got = tc.want
		}
		if got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.in, got, tc.want)
		}
		for _, it := range l.Items {
			if it.Start > off || it.End < off || strings.ContainsAny(string(src[it.Start:it.End]), "\n") {
				t.Errorf("%q: %s replaces %d..%d, cursor at %d", tc.in, it.Label, it.Start, it.End, off)
			}
		}
	}
}

// TestFunctions checks where functions are offered: in values, not in
// references or type expressions.
func TestFunctions(t *testing.T) {
	for in, want := range map[string]bool{
		"control \"c\" {\n  title = |\n}\n":        true,
		"variable \"v\" {\n  default = |\n}\n":     true,
		"control \"c\" {\n  database = |\n}\n":     true,
		"control \"c\" {\n  query = |\n}\n":        false,
		"benchmark \"b\" {\n  children = [|]\n}\n": false,
		"variable \"v\" {\n  type = |\n}\n":        false,
	} {
		src, off := at(t, in)
		l := Complete(nil, "/m/x.pp", src, off, Options{})
		got := slices.ContainsFunc(l.Items, func(it Item) bool { return it.Kind == ItemFunction })
		if got != want {
			t.Errorf("%q: functions %v, want %v", in, got, want)
		}
	}
}

func TestRuntimeScope(t *testing.T) {
	in := `dashboard "d" {
  input "outer" {
    sql = "select 1"
  }
  with "w_outer" {
    sql = "select 1"
  }
  container {
    input "inner" {
      sql = "select 1"
    }
    chart {
      args = [self.input.|]
    }
  }
  dashboard "sub" {
    input "hidden" {
      sql = "select 1"
    }
  }
}
graph "g" {
  param "gp" {}
  with "w_graph" {
    sql = "select 1"
  }
  node {
    param "np" {}
    args = { a = with.| }
  }
}
`
	src, off := at(t, in)
	ix := workspace(map[string]string{"x.pp": string(src)}, nil)
	if got := labels(Complete(ix, "/m/x.pp", src, off, Options{})); got != "inner,outer" {
		t.Errorf("self.input.: %s", got)
	}
	i := strings.Index(string(src), "with.") + len("with.")
	if got := labels(Complete(ix, "/m/x.pp", src, i, Options{})); got != "w_graph" {
		t.Errorf("with.: %s", got)
	}
	src2 := []byte(strings.Replace(string(src), "a = with.", "a = param.", 1))
	i = strings.Index(string(src2), "param.") + len("param.")
	ix = workspace(map[string]string{"x.pp": string(src2)}, nil)
	if got := labels(Complete(ix, "/m/x.pp", src2, i, Options{})); got != "gp,np" {
		t.Errorf("param.: %s", got)
	}
}

func TestSnippets(t *testing.T) {
	for _, tc := range []struct {
		in, label string
		snippet   string
		plain     string
	}{
		{"con|", "control",
			"control \"${1:name}\" {\n  title = \"$2\"\n  sql = <<-EOQ\n    $0\n  EOQ\n}",
			"control \"\" {\n  title = \"\"\n  sql = <<-EOQ\n\n  EOQ\n}"},
		// A top-level chart may go without SQL (a base); a nested one needs it.
		{"cha|", "chart", "chart \"${1:name}\" {\n  title = \"$2\"\n  $0\n}", "chart \"\" {\n  title = \"\"\n\n}"},
		{"dashboard \"d\" {\n  cha|\n}\n", "chart", "chart {\n  sql = <<-EOQ\n    $0\n  EOQ\n}", "chart {\n  sql = <<-EOQ\n\n  EOQ\n}"},
		// An input's SQL has exemptions: none is pre-filled.
		{"dashboard \"d\" {\n  inp|\n}\n", "input", "input \"${1:name}\" {\n  title = \"$2\"\n  $0\n}", "input \"\" {\n  title = \"\"\n\n}"},
		// A required one-of: the first alternative.
		{"mod \"m\" {\n  require {\n    |\n  }\n}\n", "mod", "mod \"${1:module path}\" {\n  version = \"$2\"\n  $0\n}", "mod \"\" {\n  version = \"\"\n\n}"},
		// A required attribute.
		{"mod \"m\" {\n  require {\n    |\n  }\n}\n", "plugin", "plugin \"${1:plugin name}\" {\n  min_version = \"$2\"\n  $0\n}", "plugin \"\" {\n  min_version = \"\"\n\n}"},
		{"control \"c\" {\n  sev|\n}\n", "severity", "severity = \"${1|none,low,medium,high,critical|}\"", "severity = "},
		{"control \"c\" {\n  sq|\n}\n", "sql", "sql = <<-EOQ\n  $0\nEOQ", "sql = "},
		{"variable \"v\" {\n  sen|\n}\n", "sensitive", "sensitive = ${1|true,false|}", "sensitive = "},
		{"control \"c\" {\n  title = jso|\n}\n", "jsonencode", "jsonencode($1)", "jsonencode()"},
		// The rest of the line decides: renaming an attribute, retyping a block type.
		{"control \"c\" {\n  sev| = \"low\"\n}\n", "severity", "severity", "severity"},
		{"cont| \"c\" {\n}\n", "control", "control", "control"},
	} {
		src, off := at(t, tc.in)
		for _, snippets := range []bool{true, false} {
			l := Complete(nil, "/m/x.pp", src, off, Options{Snippets: snippets})
			want := tc.plain
			if snippets {
				want = tc.snippet
			}
			i := slices.IndexFunc(l.Items, func(it Item) bool { return it.Label == tc.label })
			if i < 0 {
				t.Errorf("%q: no %s among %s", tc.in, tc.label, labels(l))
				continue
			}
			it := l.Items[i]
			if it.Insert != want {
				t.Errorf("%q %s (snippets %v):\n got %q\nwant %q", tc.in, tc.label, snippets, it.Insert, want)
			}
			if it.Snippet && !snippets {
				t.Errorf("%q %s: a snippet for a client without snippet support", tc.in, tc.label)
			}
		}
	}
}

func TestPlain(t *testing.T) {
	for in, want := range map[string]string{
		`a ${1:b} $2 ${3|x,y|} $0`:  "a",
		`x\$y \\ ${1:a\}b}`:         `x$y \`,
		"t {\n  $0\n}":              "t {\n\n}",
		`"${1:name}" \${not}`:       `"" ${not}`,
		`unterminated ${1:abc`:      "unterminated",
		`${10:ten}$11 dollar$`:      " dollar",
		"sql = <<-EOQ\n    $0\nEOQ": "sql = <<-EOQ\n\nEOQ",
	} {
		if got := plain(in); got != want {
			t.Errorf("plain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		name, typed string
		tier        int
		ok          bool
	}{
		{"bucket_versioning", "", 0, true},
		{"bucket_versioning", "BUCK", 0, true},
		{"bucket_versioning", "version", 1, true},
		{"bucket_versioning", "bv", 2, true},
		{"bucket_versioning", "vb", 0, false},
		{"ab", "abc", 0, false},
		{"Été", "ét", 0, true},
		{"été", "E", 0, false},
		{"été", "été", 0, true},
	} {
		tier, ok := match(tc.name, tc.typed)
		if ok != tc.ok || ok && tier != tc.tier {
			t.Errorf("match(%q, %q) = %d, %v; want %d, %v", tc.name, tc.typed, tier, ok, tc.tier, tc.ok)
		}
	}
}

// TestSelector checks the streaming selection against filtering and
// sorting the whole list.
func TestSelector(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var src strings.Builder
	for i := range 500 {
		fmt.Fprintf(&src, "query \"q%03d_%c\" {\n  sql = \"\"\n}\n", rng.IntN(300)+i%7, 'a'+rune(rng.IntN(26)))
	}
	ix := workspace(map[string]string{"q.pp": src.String(), "r.pp": src.String()}, nil)
	var all []*index.Entry
	for _, path := range []string{"/m/q.pp", "/m/r.pp"} {
		f := ix.File(path)
		for i := range f.Entries() {
			all = append(all, &f.Entries()[i])
		}
	}
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	for _, partial := range []string{"", "q1", "2_b", "Q2B", "zz"} {
		for _, n := range []int{1, 2, 7, 100, 999, 1000, 2000} {
			sel := newSelector(n, partial)
			for _, e := range all {
				sel.add(e)
			}
			got, cut := sel.result()
			var want []candidate
			for _, e := range all {
				if tier, ok := match(e.Name(), partial); ok || len(all) <= n {
					want = append(want, candidate{e: e, tier: tier})
				}
			}
			if len(all) <= n {
				for i := range want {
					want[i].tier = 0 // a list that fits is not filtered
				}
			}
			slices.SortFunc(want, compareCandidates)
			want = want[:min(n, len(want))]
			want = slices.CompactFunc(want, func(a, b candidate) bool { return a.e.Name() == b.e.Name() })
			if cut != (len(all) > n) || !slices.EqualFunc(got, want, func(a, b candidate) bool { return a.e == b.e }) {
				t.Errorf("%q, %d: %d names (cut %v), want %d", partial, n, len(got), cut, len(want))
			}
		}
	}
}

// TestBound checks that a long list is cut to the best matches, marked
// incomplete, and that the names typed are among them.
func TestBound(t *testing.T) {
	var src strings.Builder
	for i := range 300 {
		fmt.Fprintf(&src, "control \"check_%03d\" {\n  sql = \"\"\n}\n", i)
	}
	text := src.String() + "benchmark \"b\" {\n  children = [control.check_29|]\n}\n"
	in, off := at(t, text)
	ix := workspace(map[string]string{"x.pp": string(in)}, nil)
	l := Complete(ix, "/m/x.pp", in, off, Options{Max: 5})
	if !l.Incomplete || labels(l) != "check_290,check_291,check_292,check_293,check_294" {
		t.Errorf("incomplete %v, %s", l.Incomplete, labels(l))
	}
	// Fewer matches than the bound: still incomplete, other names were left
	// out (the editor asks again when the word changes).
	in2 := []byte(strings.Replace(string(in), "check_29]", "check_299]", 1))
	l = Complete(ix, "/m/x.pp", in2, off+1, Options{Max: 5})
	if !l.Incomplete || labels(l) != "check_299" {
		t.Errorf("incomplete %v, %s", l.Incomplete, labels(l))
	}
	l = Complete(ix, "/m/x.pp", in, off, Options{Max: 400})
	if l.Incomplete || len(l.Items) != 300 || l.Items[0].Label != "check_000" {
		t.Errorf("incomplete %v, %d items from %s", l.Incomplete, len(l.Items), l.Items[0].Label)
	}
}

// TestCancelled: a completion whose context ends stops evaluating titles
// (a template's title is evaluated name by name) and returns what it has,
// marked incomplete.
func TestCancelled(t *testing.T) {
	var src strings.Builder
	for i := range 300 {
		fmt.Fprintf(&src, "control \"check_%03d\" {\n  sql = \"\"\n}\n", i)
	}
	in, off := at(t, src.String()+"benchmark \"b\" {\n  children = [control.|]\n}\n")
	ix := workspace(map[string]string{"x.pp": string(in)}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	titles := 0
	title := func(e *index.Entry) string {
		titles++
		if titles == 10 {
			cancel() // the client moved on
		}
		return e.Title()
	}
	l := Complete(ix, "/m/x.pp", in, off, Options{Max: 400, Title: title, Context: ctx})
	if titles != 10 || len(l.Items) != 10 || !l.Incomplete {
		t.Errorf("cancelled after 10 titles: %d titles, %d items, incomplete %v", titles, len(l.Items), l.Incomplete)
	}
}

func TestResolve(t *testing.T) {
	src := "query \"q\" {\n  title = \"The query\"\n  description = \"What it does.\"\n  sql = \"select 1\"\n}\ncontrol \"c\" {\n  query = query.\n}\n"
	ix := workspace(map[string]string{"x.pp": src}, nil)
	off := strings.Index(src, "query.") + len("query.")
	l := Complete(ix, "/m/x.pp", []byte(src), off, Options{})
	if len(l.Items) != 1 {
		t.Fatalf("items %s", labels(l))
	}
	if got, want := Resolve(ix, l.Items[0].Ref), "**query** `local.query.q` — The query\n\nWhat it does.\n\n*x.pp:1* · mod `local`"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	for _, ref := range []Ref{
		{Kind: RefAttribute, Context: []string{"dashboard", "chart"}, Name: "type"},
		{Kind: RefBlock, Context: []string{"dashboard"}, Name: "chart"},
		{Kind: RefFunction, Name: "join"},
		{Kind: RefRoot, Name: "self"},
	} {
		if Resolve(ix, ref) == "" {
			t.Errorf("%+v: no documentation", ref)
		}
	}
	for _, ref := range []Ref{
		{},
		{Kind: RefEntry, Path: "/m/x.pp", Offset: 3},
		{Kind: RefEntry, Path: "/nowhere.pp"},
		{Kind: RefAttribute, Name: "type"},
		{Kind: RefAttribute, Context: []string{"widget"}, Name: "type"},
		{Kind: RefBlock, Context: []string{"control"}, Name: "chart"},
		{Kind: RefFunction, Name: "templatefile"},
	} {
		if got := Resolve(ix, ref); got != "" {
			t.Errorf("%+v: %q", ref, got)
		}
	}
	if got := Resolve(nil, Ref{Kind: RefEntry, Path: "/m/x.pp"}); got != "" {
		t.Errorf("nil index: %q", got)
	}
}

func TestCallAt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		fn   string
		arg  int
		none bool
	}{
		{in: "locals {\n  x = join(|\n}\n", fn: "join", arg: 0},
		{in: "locals {\n  x = join(\",\", |)\n}\n", fn: "join", arg: 1},
		{in: "locals {\n  x = join(\"a,b\", [1, 2, 3], |\n}\n", fn: "join", arg: 2},
		{in: "locals {\n  x = format(\"%s\", lower(|), 1)\n}\n", fn: "lower", arg: 0},
		{in: "locals {\n  x = format(\"%s\", lower(\"a\"), { a = 1, b = 2 }, |)\n}\n", fn: "format", arg: 3},
		{in: "locals {\n  x = format(\"%s\", (1 + |))\n}\n", fn: "format", arg: 1},
		{in: "locals {\n  x = format(\"a ${upper(|)}\")\n}\n", fn: "upper", arg: 0},
		{in: "locals {\n  x = nosuch(1, |)\n}\n", none: true},
		{in: "locals {\n  x = upper(\"a\")|\n}\n", none: true},
		{in: "locals {\n  x = var.upper(|)\n}\n", none: true},
		{in: "locals {\n  # x = upper(|\n}\n", none: true},
		{in: "locals {\n  x = join(\n    \",\",\n    |\n}\n", fn: "join", arg: 1},
	} {
		src, off := at(t, tc.in)
		call, ok := CallAt(src, off)
		if tc.none {
			if ok {
				t.Errorf("%q: call of %s", tc.in, call.Function.Name)
			}
			continue
		}
		if !ok || call.Function.Name != tc.fn || call.Arg != tc.arg || string(src[call.Start:call.Start+len(tc.fn)]) != tc.fn {
			t.Errorf("%q: %v %s arg %d at %d", tc.in, ok, call.Function.Name, call.Arg, call.Start)
		}
	}
}

// FuzzComplete holds Complete, Resolve and CallAt to their contract on any
// text and cursor: no panic, edits within the cursor's line around the
// cursor, unique labels.
func FuzzComplete(f *testing.F) {
	for _, s := range []string{
		"control \"c\" {\n  query = query.\n}\n",
		"dashboard \"d\" {\n  container {\n    chart {\n      type = \"b",
		"locals {\n  x = format(\"%s ${upper(\"a\", [1, {b = 2}], <<EOQ\nx\nEOQ\n)}\", \n}\n",
		"benchmark \"b\" {\n  children = [control., shared.control.\n",
		"x = \"\\\"${\"${\"}\"}\"\n/* unclosed",
		"a \"b\" { c \"d\" { e { f = g.h.i.j[0].k(\n",
	} {
		for _, off := range []int{0, len(s) / 2, len(s)} {
			f.Add(s, off)
		}
	}
	f.Fuzz(func(t *testing.T, s string, off int) {
		src := []byte(s)
		off = cmp.Or(max(0, min(off, len(src))), 0)
		ix := workspace(map[string]string{"x.pp": s}, nil)
		for _, snippets := range []bool{true, false} {
			l := Complete(ix, "/m/x.pp", src, off, Options{Snippets: snippets, Max: 3})
			seen := map[string]bool{}
			for _, it := range l.Items {
				if it.Start > off || it.End < off || it.End > len(src) || strings.ContainsAny(s[it.Start:it.End], "\n") {
					t.Fatalf("%q at %d: %s replaces %d..%d", s, off, it.Label, it.Start, it.End)
				}
				if seen[it.Label] {
					t.Fatalf("%q at %d: %s twice", s, off, it.Label)
				}
				seen[it.Label] = true
				Resolve(ix, it.Ref)
			}
		}
		if call, ok := CallAt(src, off); ok && (call.Arg < 0 || call.Start < 0 || call.Start >= off) {
			t.Fatalf("%q at %d: call %+v", s, off, call)
		}
	})
}

// TestArgKeys: inside args = { … }, the params of the query that runs: the
// block's own, its query's (here or in a dependency), its base's; not those
// the object names already.
func TestArgKeys(t *testing.T) {
	files := map[string]string{
		"q.pp": "query \"by_arn\" {\n  sql = \"select $1, $2\"\n  param \"arn\" {}\n  param \"region\" {\n    default = \"x\"\n  }\n}\n\nchart \"reusable\" {\n  sql = \"select $1\"\n  param \"owner\" {}\n}\n",
	}
	deps := map[string]string{"mod.pp": "mod \"dep\" {}\n", "q.pp": "query \"dq\" {\n  sql = \"select $1\"\n  param \"account\" {}\n}\n\nvariable \"region\" {\n  default = \"a\"\n}\n\nvariable \"account_id\" {\n  default = \"b\"\n}\n"}
	for _, tc := range []struct{ name, text, want string }{
		{"query", "control \"c\" {\n  query = query.by_arn\n  args = {\n    |\n  }\n}\n", "arn,region"},
		{"given", "control \"c\" {\n  query = query.by_arn\n  args = {\n    arn = \"a\"\n    re|\n  }\n}\n", "region"},
		{"own", "control \"c\" {\n  sql = \"select $1\"\n  param \"mine\" {}\n  args = { | }\n}\n", "mine"},
		{"dependency", "control \"c\" {\n  query = dep.query.dq\n  args = { | }\n}\n", "account"},
		{"base", "dashboard \"d\" {\n  chart {\n    base = chart.reusable\n    args = { | }\n  }\n}\n", "owner"},
		{"dependency variables", "mod \"m\" {\n  require {\n    mod \"dep\" {\n      version = \"*\"\n      args = { | }\n    }\n  }\n}\n", "account_id,region"},
		{"value side", "control \"c\" {\n  query = query.by_arn\n  args = { arn = | }\n}\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, off := at(t, tc.text)
			fs := map[string]string{"mod.pp": "mod \"m\" {}\n", "c.pp": string(src)}
			for k, v := range files {
				fs[k] = v
			}
			ix := workspace(fs, deps)
			var got []string
			for _, it := range Complete(ix, "/m/c.pp", src, off, Options{}).Items {
				if it.Kind == ItemParam || it.Kind == ItemVariable {
					got = append(got, it.Label)
				}
			}
			if strings.Join(got, ",") != tc.want {
				t.Errorf("got %q, want %q", strings.Join(got, ","), tc.want)
			}
		})
	}
}

// TestArgParam: the key of an args object leads to the param it passes.
func TestArgParam(t *testing.T) {
	q := "query \"by_arn\" {\n  sql = \"select $1\"\n  param \"arn\" {}\n}\n"
	text := "control \"c\" {\n  query = query.by_arn\n  args = {\n    a|rn = \"x\"\n    nope = 1\n  }\n}\n"
	src, off := at(t, text)
	ix := workspace(map[string]string{"mod.pp": "mod \"m\" {}\n", "q.pp": q, "c.pp": string(src)}, nil)
	p, start, end, ok := ArgParam(ix, "/m/c.pp", src, off)
	if !ok || p.Name() != "arn" || p.File().Path != "/m/q.pp" || string(src[start:end]) != "arn" {
		t.Fatalf("ArgParam = %v, %d, %d, %v", p, start, end, ok)
	}
	if _, _, _, ok := ArgParam(ix, "/m/c.pp", src, strings.Index(string(src), "nope")+1); ok {
		t.Error("nope is no param")
	}
	if _, _, _, ok := ArgParam(ix, "/m/c.pp", src, strings.Index(string(src), "\"x\"")); ok {
		t.Error("a value is no key")
	}
}

// TestArgKeyAt: what an args key binds to, or that it binds none, and when
// that cannot be known.
func TestArgKeyAt(t *testing.T) {
	q := "query \"by_arn\" {\n  sql = \"select $1\"\n  param \"arn\" {}\n}\nquery \"plain\" {\n  sql = \"select 1\"\n}\n"
	for _, tc := range []struct {
		text       string
		target, of string // target "" when the key binds none
		params     int
		known      bool
	}{
		{"control \"c\" {\n  query = query.by_arn\n  args = { a|rn = 1 }\n}\n", "arn", "query.by_arn", 1, true},
		{"control \"c\" {\n  query = query.by_arn\n  args = { n|ope = 1 }\n}\n", "", "query.by_arn", 1, true},
		{"control \"c\" {\n  query = query.plain\n  args = { a|rn = 1 }\n}\n", "", "query.plain", 0, true},
		{"control \"c\" {\n  sql = \"select 1\"\n  args = { a|rn = 1 }\n}\n", "", "this control", 0, true},
		{"control \"c\" {\n  sql = \"select $1\"\n  args = { l|evel = 1 }\n  param \"level\" {}\n}\n", "level", "this control", 1, true},
		{"control \"c\" {\n  query = query.gone\n  args = { a|rn = 1 }\n}\n", "", "", 0, false},
		{"control \"c\" {\n  query = query.by_arn\n  args = { arn = 1|0 }\n}\n", "", "", 0, false},
	} {
		src, off := at(t, tc.text)
		ix := workspace(map[string]string{"mod.pp": "mod \"m\" {}\n", "q.pp": q, "c.pp": string(src)}, nil)
		k, ok := ArgKeyAt(ix, "/m/c.pp", src, off)
		target := ""
		if k.Target != nil {
			target = k.Target.Name()
		}
		if ok != tc.known || target != tc.target || k.Of != tc.of || len(k.Targets) != tc.params {
			t.Errorf("%q: got %q of %q (%d params), %v; want %q of %q (%d), %v", tc.text, target, k.Of, len(k.Targets), ok, tc.target, tc.of, tc.params, tc.known)
		}
	}
}

// TestRuntimeProperties: after self.input.<name>. comes value, after
// with.<name>. rows.
func TestRuntimeProperties(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"dashboard \"d\" {\n  input \"i\" {\n    sql = \"select 1\"\n  }\n  table {\n    sql  = \"select $1\"\n    args = [self.input.i.|]\n  }\n}\n", "value"},
		{"dashboard \"d\" {\n  with \"w\" {\n    sql = \"select 1\"\n  }\n  table {\n    sql  = \"select $1\"\n    args = [with.w.|]\n  }\n}\n", "rows"},
	} {
		src, off := at(t, tc.text)
		ix := workspace(map[string]string{"mod.pp": "mod \"m\" {}\n", "d.pp": string(src)}, nil)
		if got := labels(Complete(ix, "/m/d.pp", src, off, Options{})); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
		}
	}
}
