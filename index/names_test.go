package index

import (
	"slices"
	"strings"
	"testing"
)

// names returns "<unqualified name>" for every entry of the file at path,
// in index order.
func names(t *testing.T, ix *Index, path string) []string {
	t.Helper()
	f := ix.File(path)
	if f == nil {
		t.Fatalf("no file %s", path)
	}
	var out []string
	for i := range f.Entries() {
		out = append(out, f.Entries()[i].UnqualifiedName())
	}
	return out
}

func TestAnonymousNames(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "powerpipe snapshot example (§3.2)",
			src: `
dashboard "sibling_containers_report" {
  container {
    chart {
      sql = "select 1"
    }
  }
}`,
			want: []string{
				"dashboard.sibling_containers_report",
				"container.dashboard_sibling_containers_report_anonymous_container_0",
				"chart.container_dashboard_sibling_containers_report_anonymous_container_0_anonymous_chart_0",
			},
		},
		{
			name: "named siblings count",
			src: `
dashboard "d" {
  chart "a" {}
  chart {}
  table {}
  chart {}
}`,
			want: []string{
				"dashboard.d", "chart.a", "chart.dashboard_d_anonymous_chart_1",
				"table.dashboard_d_anonymous_table_0", "chart.dashboard_d_anonymous_chart_2",
			},
		},
		{
			name: "top-level graph numbers against the mod",
			src: `
graph "g" {
  node {}
  edge {}
  node "n" {}
  node {}
  param "p" {}
}
flow "f" {
  node {}
}`,
			want: []string{
				"graph.g", "node.mod_m_anonymous_node_0", "edge.mod_m_anonymous_edge_0",
				"node.n", "node.mod_m_anonymous_node_2", "param.p",
				"flow.f", "node.mod_m_anonymous_node_3",
			},
		},
		{
			name: "graphs inside a container share its counter",
			src: `
dashboard "d" {
  container {
    graph {
      node {}
    }
    graph "g2" {
      node {}
      category "c" {}
    }
  }
}`,
			want: []string{
				"dashboard.d",
				"container.dashboard_d_anonymous_container_0",
				"graph.container_dashboard_d_anonymous_container_0_anonymous_graph_0",
				"node.container_dashboard_d_anonymous_container_0_anonymous_node_0",
				"graph.g2",
				"node.container_dashboard_d_anonymous_container_0_anonymous_node_1",
				"category.c",
			},
		},
		{
			name: "nested dashboard is a naming parent",
			src: `
dashboard "outer" {
  dashboard {
    card {}
  }
  dashboard "inner" {
    card {}
  }
}`,
			want: []string{
				"dashboard.outer",
				"dashboard.dashboard_outer_anonymous_dashboard_0",
				"card.dashboard_dashboard_outer_anonymous_dashboard_0_anonymous_card_0",
				"dashboard.inner",
				"card.dashboard_inner_anonymous_card_0",
			},
		},
		{
			name: "structural blocks are not entries",
			src: `
chart "c" {
  sql = "select 1"
  legend { display = "none" }
  axes {
    x { title { value = "x" } }
  }
  series "s" {
    point "p" { color = "red" }
  }
  param "owner" {}
}
table "t" {
  column "name" { wrap = "all" }
}
input "i" {
  option "a" {}
}
mod "m" {
  require {
    mod "github.com/x/y" { version = "1" }
  }
  opengraph {}
}
category "cat" {
  fold {}
  property "p" {}
}
`,
			want: []string{"chart.c", "param.owner", "table.t", "input.i", "mod.m", "category.cat"},
		},
		{
			name: "variables, locals, unknown and misplaced blocks",
			src: `
variable "region" { default = "x" }
locals {
  a = 1
  b = local.a
}
detection_benchmark "old" {}
container "top" {}
control "c" {
  sql = "select 1"
}
dashboard "d" {
  control "nested" {}
  with "w" {}
  input "i" {}
}`,
			want: []string{
				"var.region", "local.a", "local.b", "control.c",
				"dashboard.d", "with.w", "input.i",
			},
		},
		{
			name: "wrong label counts",
			src: `
query {}
query "a" "b" {}
dashboard "d" {
  param {}
  chart "x" "y" {}
}`,
			want: []string{"query.", "query.a", "dashboard.d", "chart.x"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := newIndex(t, map[string]string{"mod.pp": `mod "m" {}`, "a.pp": tt.src})
			got := names(t, ix, "/ws/a.pp")
			if !slices.Equal(got, tt.want) {
				t.Errorf("names:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestFlags(t *testing.T) {
	ix := newIndex(t, map[string]string{
		"mod.pp": `mod "m" {}`,
		"a.pp": `
query {}
dashboard "d" {
  input "i" {}
  with "w" {}
  container {
    chart "c" {
      param "p" {}
    }
  }
}
graph "g" {
  node {}
  category "cat" {}
}
locals { l = 1 }
`,
	})
	want := map[string]Flags{
		"query.":      TopLevel | BadLabels,
		"dashboard.d": TopLevel,
		"input.i":     Nested | Scoped,
		"with.w":      Nested | Scoped,
		"container.dashboard_d_anonymous_container_0": Nested | Anonymous,
		"chart.c":                     Nested,
		"param.p":                     Nested | Scoped,
		"graph.g":                     TopLevel,
		"node.mod_m_anonymous_node_0": Nested | Anonymous | ModPrefixed | Scoped,
		"category.cat":                Nested | Scoped,
		"local.l":                     TopLevel,
	}
	f := ix.File("/ws/a.pp")
	for i := range f.Entries() {
		e := &f.Entries()[i]
		w, ok := want[e.UnqualifiedName()]
		if !ok {
			t.Errorf("unexpected entry %s", e.UnqualifiedName())
			continue
		}
		if e.Flags != w {
			t.Errorf("%s: flags %b, want %b", e.UnqualifiedName(), e.Flags, w)
		}
	}
}

func TestModPrefixFollowsModName(t *testing.T) {
	graph := `graph "g" {
  node {}
}`
	// The mod file comes after the graph file in the batch: the graph's
	// anonymous node must still carry the final mod name.
	b := NewBuilder()
	id := b.AddMod("/ws", "")
	setFile(b, id, "/ws/a.pp", graph)
	setFile(b, id, "/ws/mod.pp", `mod "first" {}`)
	ix := b.Index()
	if got := names(t, ix, "/ws/a.pp"); got[1] != "node.mod_first_anonymous_node_0" {
		t.Fatalf("got %q", got)
	}
	_ = ix.OfKind(id, KindGraph) // build the tables, so the next snapshot derives from them
	a := ix.File("/ws/a.pp")

	ix2 := replace(ix, id, "/ws/mod.pp", `mod "second" {}`)
	if got := names(t, ix2, "/ws/a.pp"); got[1] != "node.mod_second_anonymous_node_0" {
		t.Fatalf("after rename got %q", got)
	}
	if ix2.Mod(id).Name != "second" || ix.Mod(id).Name != "first" {
		t.Fatalf("mod names %q, %q", ix.Mod(id).Name, ix2.Mod(id).Name)
	}
	if got := names(t, ix, "/ws/a.pp"); got[1] != "node.mod_first_anonymous_node_0" || ix.File("/ws/a.pp") != a {
		t.Fatalf("old snapshot changed: %q", got)
	}
	if e := ix2.Lookup(id, "second.graph.g"); len(e) != 1 || e[0].QualifiedName() != "second.graph.g" {
		t.Fatalf("lookup after rename: %v", e)
	}
	if e := ix2.Lookup(id, "first.graph.g"); len(e) != 0 {
		t.Fatalf("old name still found: %v", e)
	}

	// Without a mod file the mod is "local".
	ix3 := ix2.RemoveFile("/ws/mod.pp")
	if ix3.Mod(id).Name != DefaultModName {
		t.Fatalf("name %q", ix3.Mod(id).Name)
	}
	if got := names(t, ix3, "/ws/a.pp"); got[1] != "node.mod_local_anonymous_node_0" {
		t.Fatalf("got %q", got)
	}
}

func TestAnonymousName(t *testing.T) {
	if got, want := AnonymousName("container.dashboard_x_anonymous_container_0", "chart", 3),
		"container_dashboard_x_anonymous_container_0_anonymous_chart_3"; got != want {
		t.Errorf("got %q want %q", got, want)
	}
	if got, want := AnonymousName("mod.m", "node", 0), "mod_m_anonymous_node_0"; got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestParseName(t *testing.T) {
	tests := []struct {
		in   string
		want Name
		ok   bool
	}{
		{"control.x", Name{Kind: KindControl, Name: "x"}, true},
		{"aws.control.x", Name{Mod: "aws", Kind: KindControl, Name: "x"}, true},
		{"mod-1.query.q", Name{Mod: "mod-1", Kind: KindQuery, Name: "q"}, true},
		{"var.region", Name{Kind: KindVar, Name: "region"}, true},
		{"variable.region", Name{Kind: KindVar, Name: "region"}, true},
		{"m.local.l", Name{Mod: "m", Kind: KindLocal, Name: "l"}, true},
		{"control", Name{}, false},
		{"nope.x", Name{}, false},
		{"a.b.c.d", Name{}, false},
		{".control.x", Name{}, false},
		{"control.", Name{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseName(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseName(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestKinds(t *testing.T) {
	for k := KindMod; k < numKinds; k++ {
		if BlockKind(k.BlockType()) != k && k != KindLocal {
			t.Errorf("BlockKind(%q) = %v", k.BlockType(), BlockKind(k.BlockType()))
		}
		if ParseKind(k.String()) != k {
			t.Errorf("ParseKind(%q) = %v", k.String(), ParseKind(k.String()))
		}
		if strings.TrimSpace(k.String()) == "" {
			t.Errorf("kind %d has no name", k)
		}
	}
	if BlockKind("locals") != KindNone || BlockKind("legend") != KindNone {
		t.Error("locals/legend should not be kinds")
	}
}
