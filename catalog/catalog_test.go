package catalog_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modls/modls/catalog"
	"github.com/modls/modls/internal/catgen"
)

func TestLookups(t *testing.T) {
	c := &catalog.Catalog{SearchPath: []string{"public", "aws", "gcp"}, Schemas: []catalog.Schema{
		{Name: "aws", Tables: []catalog.Table{{Name: "bucket", Kind: "foreign table"}, {Name: "pg_class", Kind: "table"}}},
		{Name: "gcp", Tables: []catalog.Table{{Name: "bucket", Kind: "foreign table"}, {Name: "gcp_only"}}},
		{Name: "pg_catalog", Tables: []catalog.Table{{Name: "pg_class", Kind: "table"}}},
		{Name: "internal", Tables: []catalog.Table{{Name: "hidden"}}},
	}}
	for _, tc := range []struct{ schema, name, want string }{
		{"", "bucket", "aws.bucket"},            // the first schema of the path
		{"gcp", "bucket", "gcp.bucket"},         // qualified
		{"", "pg_class", "pg_catalog.pg_class"}, // pg_catalog first, as PostgreSQL
		{"", "hidden", ""},                      // off the path
		{"internal", "hidden", "internal.hidden"},
		{"nope", "bucket", ""},
	} {
		got := ""
		if tb := c.Table(tc.schema, tc.name); tb != nil {
			got = tb.QualifiedName()
		}
		if got != tc.want {
			t.Errorf("Table(%q, %q) = %q, want %q", tc.schema, tc.name, got, tc.want)
		}
	}
	var names []string
	for _, tb := range c.Visible() {
		names = append(names, tb.QualifiedName())
	}
	if strings.Join(names, " ") != "aws.bucket gcp.gcp_only pg_catalog.pg_class" {
		t.Errorf("Visible = %v", names)
	}
	if got := strings.Join(c.Candidates(""), " "); got != "bucket gcp_only" {
		t.Errorf("Candidates = %q (no system tables)", got)
	}
}

// TestCacheRoundTrip: a catalog saved to the cache path of a connection is
// loaded back equal; the path names no secret; a file that is not a
// catalog, or not a regular file, is an error.
func TestCacheRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path, err := catalog.CachePath(dir, "postgres://steampipe@127.0.0.1:9193/steampipe")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(path, "steampipe") || filepath.Dir(path) != dir {
		t.Errorf("cache path %s", path)
	}
	c := catgen.Catalog(3, 4)
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := catalog.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if tables, columns := back.Size(); tables != 3 || columns != 12 || back.Table("", "aws_service_002").Column("region") == nil {
		t.Errorf("loaded %d tables, %d columns", tables, columns)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"query": "select 1"}`), 0o644)
	if _, err := catalog.Load(bad); err == nil || !strings.Contains(err.Error(), "not a catalog") {
		t.Errorf("not a catalog: %v", err)
	}
	if _, err := catalog.Load(dir); err == nil {
		t.Error("a folder loaded as a catalog")
	}
}
