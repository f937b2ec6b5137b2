package sqlcat

import (
	"strings"
	"testing"

	"github.com/modls/modls/catalog"
)

func testCatalog() *catalog.Catalog {
	return &catalog.Catalog{SearchPath: []string{"public", "aws"}, Schemas: []catalog.Schema{
		{Name: "aws", Description: "AWS", Tables: []catalog.Table{
			{Name: "aws_s3_bucket", Kind: "foreign table", Description: "An S3 bucket.", Columns: []catalog.Column{
				{Name: "name", Type: "text", Description: "The bucket's name."}, {Name: "region", Type: "text"}, {Name: "versioning_enabled", Type: "boolean"}}},
			{Name: "aws_iam_user", Kind: "foreign table", Columns: []catalog.Column{{Name: "name", Type: "text"}, {Name: "mfa_enabled", Type: "boolean"}}},
			{Name: "aws_s3_bucket_versioned", Kind: "view", Columns: []catalog.Column{{Name: "name", Type: "text"}}},
		}},
		{Name: "gcp", Tables: []catalog.Table{{Name: "gcp_storage_bucket", Kind: "foreign table", Columns: []catalog.Column{{Name: "location", Type: "text"}}}}},
		{Name: "pg_catalog", Tables: []catalog.Table{{Name: "pg_tables", Kind: "view"}}},
	}}
}

// cursor splits s at its "|".
func cursor(s string) (string, int) {
	i := strings.IndexByte(s, '|')
	return s[:i] + s[i+1:], i
}

func TestComplete(t *testing.T) {
	cat := testCatalog()
	for _, tc := range []struct {
		sql  string
		want string // labels, space-separated; "-" for not ok
		repl string // the text replaced
	}{
		{"select * from |", "aws_iam_user aws_s3_bucket aws_s3_bucket_versioned aws gcp", ""},
		{"select * from aws_s3|", "aws_s3_bucket aws_s3_bucket_versioned", "aws_s3"},
		{"select * from AWS_S3_B| x", "aws_s3_bucket aws_s3_bucket_versioned", "AWS_S3_B"},
		{"select * from aws_s3_bucket b join aws_i|", "aws_iam_user", "aws_i"},
		{"select * from aws_s3_bucket b, aws_i|", "aws_iam_user", "aws_i"},
		{"select * from gcp.|", "gcp_storage_bucket", ""},
		{"select b.| from aws_s3_bucket as b", "name region versioning_enabled", ""},
		{"select b.re| from aws_s3_bucket as b", "region", "re"},
		{"select aws_iam_user.m| from aws_iam_user", "mfa_enabled", "m"},
		{"select | from aws_s3_bucket b join aws_iam_user u on u.name = b.name", "name region versioning_enabled name mfa_enabled", ""},
		{"select name from aws_s3_bucket where ver|", "versioning_enabled", "ver"},
		{"select name from aws_s3_bucket where name = 'ver|'", "-", ""},
		{"select name -- from |\nfrom aws_s3_bucket", "-", ""},
		{"select x.| from aws_s3_bucket", "-", ""},
		{"with b as (select * from aws_s3_bucket) select | from b", "name region versioning_enabled", ""},
		{"select * from generate_series(1, 3) g where |", "-", ""},
	} {
		sql, off := cursor(tc.sql)
		items, from, to, ok := Complete(cat, sql, off)
		got := "-"
		if ok {
			var labels []string
			for _, it := range items {
				labels = append(labels, it.Label)
			}
			got = strings.Join(labels, " ")
		}
		if got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.sql, got, tc.want)
		}
		if ok && sql[from:to] != tc.repl {
			t.Errorf("%q: replaces %q, want %q", tc.sql, sql[from:to], tc.repl)
		}
	}
	items, _, _, _ := Complete(cat, "select b.| from aws_s3_bucket b", 9)
	if len(items) == 0 || items[0].Detail != "text · aws_s3_bucket" || items[0].Doc != "The bucket's name." {
		t.Errorf("a column's detail: %+v", items)
	}
}

func TestHover(t *testing.T) {
	cat := testCatalog()
	for _, tc := range []struct {
		sql, want string // want: a line of the Markdown; "-" for none
	}{
		{"select name from aws_s3_b|ucket", "**aws.aws_s3_bucket** (foreign table)"},
		{"select name from aws.aws_s3_b|ucket b", "**aws.aws_s3_bucket** (foreign table)"},
		{"select name from a|ws.aws_s3_bucket b", "**aws** (schema, 3 tables)"},
		{"select b.re|gion from aws_s3_bucket b", "**region** `text` — column of aws.aws_s3_bucket"},
		{"select |b.region from aws_s3_bucket b", "**aws.aws_s3_bucket** (foreign table)"},
		{"select na|me from aws_s3_bucket", "**name** `text` — column of aws.aws_s3_bucket"},
		{"select nope| from aws_s3_bucket", "-"},
		{"select 'na|me' from aws_s3_bucket", "-"},
	} {
		sql, off := cursor(tc.sql)
		md, from, to, ok := Hover(cat, sql, off)
		got := "-"
		if ok {
			got = strings.SplitN(md, "\n", 2)[0]
			if from > off || to < off {
				t.Errorf("%q: range %d..%d misses the cursor", tc.sql, from, to)
			}
		}
		if got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.sql, got, tc.want)
		}
	}
	md, _, _, _ := Hover(cat, "select * from aws_s3_bucket", 20)
	if !strings.Contains(md, "| versioning_enabled | boolean |") || !strings.Contains(md, "An S3 bucket.") {
		t.Errorf("a table's hover:\n%s", md)
	}
}

// FuzzComplete: on any text and offset, Complete and Hover never panic and
// their ranges lie in the text.
func FuzzComplete(f *testing.F) {
	for _, s := range []string{"select b. from aws_s3_bucket b", "select * from aws.", `select "x"."y" from "a" "b", c d join e on`, "from , , join ("} {
		f.Add(s, 9)
	}
	cat := testCatalog()
	f.Fuzz(func(t *testing.T, sql string, off int) {
		if off < 0 || off > len(sql) {
			return
		}
		if _, from, to, ok := Complete(cat, sql, off); ok && (from < 0 || to > len(sql) || from > to) {
			t.Fatalf("completion range %d..%d of %d bytes", from, to, len(sql))
		}
		if _, from, to, ok := Hover(cat, sql, off); ok && (from < 0 || to > len(sql) || from > to) {
			t.Fatalf("hover range %d..%d of %d bytes", from, to, len(sql))
		}
	})
}
