//go:build cgo

package pgsql

import (
	"reflect"
	"strings"
	"testing"
)

func TestRelations(t *testing.T) {
	for _, tc := range []struct {
		sql  string
		want []string // schema.name@text alias
	}{
		{"select * from aws_s3_bucket", []string{".aws_s3_bucket@aws_s3_bucket"}},
		{"select b.name from aws.aws_s3_bucket as b join AWS_IAM_USER u on true", []string{"aws.aws_s3_bucket@aws.aws_s3_bucket b", ".aws_iam_user@AWS_IAM_USER u"}},
		{`select * from "My Schema" . "T"`, []string{`My Schema.T@"My Schema" . "T"`}},
		// A CTE is not a table; the table it reads is.
		{"with buckets as (select * from aws_s3_bucket) select * from buckets", []string{".aws_s3_bucket@aws_s3_bucket"}},
		// A qualified name is a table even when a CTE has its name.
		{"with t as (select 1) select * from t, public.t", []string{"public.t@public.t"}},
		{"select * from jsonb_array_elements('[]') e, generate_series(1, 2) g", nil},
		{"select (select count(*) from aws_iam_user) from aws_s3_bucket where name in (select name from gcp_storage_bucket)",
			[]string{".aws_iam_user@aws_iam_user", ".aws_s3_bucket@aws_s3_bucket", ".gcp_storage_bucket@gcp_storage_bucket"}},
	} {
		rels, ok := Relations(tc.sql)
		if !ok {
			t.Errorf("%q: not parsed", tc.sql)
			continue
		}
		var got []string
		for _, r := range rels {
			s := r.Schema + "." + r.Name + "@" + tc.sql[r.Offset:r.End]
			if r.Alias != "" {
				s += " " + r.Alias
			}
			got = append(got, s)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q:\n got %q\nwant %q", tc.sql, got, tc.want)
		}
	}
	if _, ok := Relations("select from from"); ok {
		t.Error("SQL that does not parse gave relations")
	}
}

// FuzzRelations: on any text, Relations never panics and every range lies
// in the text and starts the name it reports (case aside).
func FuzzRelations(f *testing.F) {
	for _, s := range []string{"select * from a.b x", `select * from "q""x"`, "with c as (select 1) select * from c, d", "select * from a . b . c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		rels, _ := Relations(sql)
		for _, r := range rels {
			if r.Offset < 0 || r.End > len(sql) || r.End <= r.Offset {
				t.Fatalf("range %d..%d in %d bytes", r.Offset, r.End, len(sql))
			}
			if text := strings.ToLower(sql[r.Offset:r.End]); r.Schema == "" && !strings.Contains(text, strings.ToLower(r.Name)) && !strings.Contains(text, `"`) {
				t.Fatalf("%q at %d..%d is %q", r.Name, r.Offset, r.End, text)
			}
		}
	})
}
