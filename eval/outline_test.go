package eval

import (
	"errors"
	"reflect"
	"testing"
)

// TestOutline reads the outlines of the blocks of one file: attributes and
// nested block types at the top of each block only, params in order with
// whether they have a default, and the file read once for all of them.
func TestOutline(t *testing.T) {
	s, _ := workspace(t, map[string]string{
		"mod.pp": `mod "m" {}`,
		"q.pp": `
query "a" {
  sql = "select $1, $2"
  param "p1" {
    default = "x"
  }
  param "p2" {
    description = "no default"
  }
}

chart "c" {
  type = "bar"
  query = query.a
  series "s" {
    title = "t"
  }
  param "p3" {}
}

query "b" {
  sql = "select 1"
}
`})
	reads := 0
	read := s.read
	s.read = func(p string) ([]byte, error) { reads++; return read(p) }
	want := map[string]Outline{
		"query.a": {Attrs: []string{"sql"}, Blocks: []string{"param"}, Params: []Param{{"p1", true}, {"p2", false}}},
		"chart.c": {Attrs: []string{"type", "query"}, Blocks: []string{"series", "param"}, Params: []Param{{"p3", false}}},
		"query.b": {Attrs: []string{"sql"}},
	}
	for name, w := range want {
		es := s.ix.Lookup(s.mod.ID, name)
		if len(es) != 1 {
			t.Fatalf("%s: %d entries", name, len(es))
		}
		o, ok := s.Outline(es[0])
		if !ok || !reflect.DeepEqual(*o, w) {
			t.Errorf("%s: got %+v, %v; want %+v", name, o, ok, w)
		}
	}
	if reads != 1 {
		t.Errorf("the file was read %d times, want once", reads)
	}
	if o, _ := s.Outline(s.ix.Lookup(s.mod.ID, "query.a")[0]); !o.HasAttr("sql") || o.HasAttr("title") || !o.HasBlock("param") || o.HasBlock("series") {
		t.Errorf("HasAttr/HasBlock disagree with %+v", o)
	}
	// A file that cannot be read gives no outline, and an entry whose block
	// is not where the index saw it (the text changed) none either.
	s2, _ := workspace(t, map[string]string{"mod.pp": `mod "m" {}`, "q.pp": `query "a" { sql = "select 1" }`})
	e := s2.ix.Lookup(s2.mod.ID, "query.a")[0]
	s2.read = func(string) ([]byte, error) { return nil, errors.New("gone") }
	if _, ok := s2.Outline(e); ok {
		t.Error("outline of an unreadable file")
	}
	s2.read = func(string) ([]byte, error) { return []byte("\n\n" + `query "a" { sql = "select 1" }`), nil }
	if _, ok := s2.Outline(e); ok {
		t.Error("outline of a block that moved")
	}
}

// TestTitle: a title written as an expression is its value when static
// evaluation knows it; a plain one is the index's; an unknown one is "".
func TestTitle(t *testing.T) {
	s, _ := workspace(t, map[string]string{
		"mod.pp": `mod "m" {}`,
		"t.pp": `
variable "service" {
  default = "Storage"
}

locals {
  area = "ACME/${var.service}"
}

query "templated" { title = "${local.area} buckets" }

query "plain" {
  title = "Plain"
}

query "number" {
  title = 1 + 2
}

query "runtime" {
  title = self.input.x.value
}

query "none" {
  sql = "select 1"
}
`})
	for name, want := range map[string]string{
		"query.templated": "ACME/Storage buckets", "query.plain": "Plain", "query.number": "3", "query.runtime": "", "query.none": "",
	} {
		es := s.ix.Lookup(s.mod.ID, name)
		if len(es) != 1 {
			t.Fatalf("%s: %d entries", name, len(es))
		}
		if got := s.Title(es[0]); got != want {
			t.Errorf("Title(%s) = %q, want %q", name, got, want)
		}
	}
}
