package eval

import (
	"context"
	"testing"
)

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
		if got := s.Title(context.Background(), es[0]); got != want {
			t.Errorf("Title(%s) = %q, want %q", name, got, want)
		}
	}
}
