package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/catalog"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/testtree"
	"github.com/modls/modls/pgsql"
	"github.com/modls/modls/render"
)

func testCatalog() *catalog.Catalog {
	return &catalog.Catalog{SearchPath: []string{"public", "aws"}, Schemas: []catalog.Schema{
		{Name: "aws", Tables: []catalog.Table{
			{Name: "aws_s3_bucket", Kind: "foreign table", Columns: []catalog.Column{{Name: "name", Type: "text"}, {Name: "region", Type: "text"}}},
			{Name: "aws_iam_user", Kind: "foreign table", Columns: []catalog.Column{{Name: "name", Type: "text"}}},
		}},
		{Name: "pg_catalog", Tables: []catalog.Table{{Name: "pg_tables", Kind: "view"}}},
		{Name: "internal", Tables: []catalog.Table{{Name: "connection_state", Kind: "table"}}},
	}}
}

// codes checks file name of dir with opt and returns the diagnostics of
// the given codes as "line:col-col code message".
func codes(t *testing.T, dir, name string, opt Options, want ...string) []string {
	t.Helper()
	ix, _, _ := index.Load([]string{dir})
	path := filepath.Join(dir, name)
	src, _ := os.ReadFile(path)
	var got []string
	for _, d := range File(ix, cache.New(1<<20), path, src, opt) {
		for _, w := range want {
			if d.Code == w {
				s := fmt.Sprintf("%d:%d-%d %s", d.Range.Start.Line, d.Range.Start.Col, d.Range.End.Col, d.Message)
				for _, r := range d.Related {
					s += fmt.Sprintf(" [%s:%d:%d]", filepath.Base(r.Path), r.Range.Start.Line, r.Range.Start.Col)
				}
				got = append(got, s)
			}
		}
	}
	sort.Strings(got)
	return got
}

// TestUnknownTableOffline: with a catalog and no database, a table the
// catalog does not have is a warning on its exact token (or on the
// interpolation it came through); CTE names, functions, pg_catalog and
// known tables are not.
func TestUnknownTableOffline(t *testing.T) {
	if !pgsql.Available() {
		t.Skip("built without cgo: no SQL parser")
	}
	dir := testtree.New(t, map[string]string{
		"mod.pp":    "mod \"m\" {}\n",
		"locals.pp": "locals {\n  from = \"from aws_iam_usr\"\n}\n",
		"q.pp": `query "typo" {
  sql = "select name from aws_s3_buckett"
}
query "fine" {
  sql = <<-EOQ
    with b as (select * from aws_s3_bucket)
    select b.name, e.value from b, jsonb_array_elements('[]') e, pg_tables, internal.connection_state
  EOQ
}
query "local" {
  sql = "select name ${local.from}"
}
query "schema" {
  sql = "select * from gcp.gcp_storage_bucket, internal.connection_stat"
}
query "off_path" {
  sql = "select * from connection_state"
}
`,
	})
	opt := All
	opt.Database = func(*render.Renderer, *index.Entry) *Database { return &Database{Catalog: testCatalog()} }
	got := codes(t, dir, "q.pp", opt, CodeSQLUnknownTable)
	want := []string{
		"11:24-34 SQL: no table or view aws_iam_usr on the search path (public, aws); did you mean aws_iam_user? [locals.pp:2:16]",
		"14:24-46 SQL: no table or view gcp.gcp_storage_bucket in the catalog: it has no schema gcp",
		"14:48-72 SQL: no table or view internal.connection_stat in schema internal; did you mean connection_state?",
		"17:24-40 SQL: no table or view connection_state on the search path (public, aws)",
		"2:27-41 SQL: no table or view aws_s3_buckett on the search path (public, aws); did you mean aws_s3_bucket?",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Without a catalog, nothing.
	if got := codes(t, dir, "q.pp", All, CodeSQLUnknownTable); len(got) > 0 {
		t.Errorf("without a catalog: %v", got)
	}
}

type fakeDescribeError struct {
	state string
	pos   int
	msg   string
}

func (e fakeDescribeError) Error() string     { return e.msg }
func (e fakeDescribeError) SQLState() string  { return e.state }
func (e fakeDescribeError) CharPosition() int { return e.pos }
func (e fakeDescribeError) Hinted() bool      { return false }

// TestDescribed: the server's verdict maps to the code of its SQLSTATE on
// the token at its position; the columns it describes judge a control's
// select *.
func TestDescribed(t *testing.T) {
	if !pgsql.Available() {
		t.Skip("built without cgo: no SQL parser")
	}
	dir := testtree.New(t, map[string]string{
		"mod.pp": "mod \"m\" {}\n",
		"q.pp": `query "col" {
  sql = "select nme from aws_s3_bucket"
}
query "fn" {
  sql = "select nosuch(name) from aws_s3_bucket"
}
query "priv" {
  sql = "select * from secret"
}
control "star" {
  sql = "select * from aws_s3_bucket"
}
`,
	})
	answers := map[string]error{
		"select nme from aws_s3_bucket":          fakeDescribeError{"42703", 8, `column "nme" does not exist`},
		"select nosuch(name) from aws_s3_bucket": fakeDescribeError{"42883", 8, "function nosuch(text) does not exist"},
		"select * from secret":                   fakeDescribeError{"42501", 15, "permission denied for table secret"},
	}
	opt := All
	opt.Database = func(*render.Renderer, *index.Entry) *Database {
		return &Database{Catalog: testCatalog(), Describe: func(_ context.Context, sql string) ([]string, error) {
			if err, ok := answers[sql]; ok {
				return nil, err
			}
			return []string{"name", "region"}, nil
		}}
	}
	got := codes(t, dir, "q.pp", opt, CodeSQLUnknownColumn, CodeSQLSemantic, CodeSQLUnknownTable, CodeControlColumns)
	want := []string{
		"11:9-38 a control's SQL must return the columns resource, status and reason; its SQL returns no resource, status, reason (it returns name, region)",
		"2:17-20 SQL: column \"nme\" does not exist; did you mean name?",
		"5:17-23 SQL: function nosuch(text) does not exist",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
