package pgsql

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/modls/modls/internal/corpus"
)

// needParser skips a test in a build without cgo, after checking that the
// parser's answers there say it is unavailable.
func needParser(t testing.TB) {
	t.Helper()
	if Available() {
		return
	}
	if errs, ok := Check("selec 1"); ok || errs != nil {
		t.Errorf("without cgo, Check = %v, %v; want nil, false", errs, ok)
	}
	if names, known := Columns("select 1 as a"); known || names != nil {
		t.Errorf("without cgo, Columns = %v, %v; want nil, false", names, known)
	}
	t.Skip("built without cgo: no parser")
}

func TestCheck(t *testing.T) {
	needParser(t)
	tests := []struct {
		name, sql string
		at        int    // the error's offset, -1 when sql parses
		text      string // sql[Offset:End]
		msg       string
	}{
		{"keyword typo", "selec 1", 0, "selec", `syntax error at or near "selec"`},
		{"from typo after a star", "select * fro t", 9, "fro", `syntax error at or near "fro"`},
		{"from typo taken for an alias", "select name fro aws_s3_bucket", 16, "aws_s3_bucket", `syntax error at or near "aws_s3_bucket"`},
		{"doubled comma", "select a,,b from t", 9, ",", `syntax error at or near ","`},
		{"unclosed parenthesis", "select (a from t", 10, "from", `syntax error at or near "from"`},
		{"unterminated string", "select 'abc", 7, "'abc", `unterminated quoted string at or near "'abc"`},
		{"unterminated dollar quote", "select $$abc\n", 7, "$$abc\n", `unterminated dollar-quoted string at or near "$$abc` + "\n" + `"`},
		{"unterminated comment", "select 1 /* a /* b */", 9, "/* a /* b */", `unterminated /* comment at or near "/* a /* b */"`},
		{"end of input", "select a from", 13, "", "syntax error at end of input"},
		{"end of input after a comment", "select a from -- c\n", 19, "", "syntax error at end of input"},
		{"non-ASCII before the error", "select 'ü日本🎉', * fro t", 25, "fro", `syntax error at or near "fro"`},
		{"non-ASCII identifier", "select größe fro t", 19, "t", `syntax error at or near "t"`},
		{"escape string", `select e'it\'s', * fro t`, 19, "fro", `syntax error at or near "fro"`},
		{"second statement", "select 1; selec 2", 10, "selec", `syntax error at or near "selec"`},
		{"operator", "select 1 from t where a ->> = 2", 28, "=", `syntax error at or near "="`},
		{"no token text in the message", "select 1 limit all, 2", 9, "limit", "LIMIT #,# syntax is not supported"},
		{"NUL byte", "select 1\x00", 8, "\x00", `invalid byte sequence for encoding "UTF8": 0x00`},
		{"invalid UTF-8", "select '\xc3(' ", 8, "\xc3", `invalid byte sequence for encoding "UTF8": 0xc3 0x28`},
		{"empty", "", -1, "", ""},
		{"comment only", "-- nothing", -1, "", ""},
		{"Steampipe JSON operators", `select
  title,
  tags ->> 'Name' as name,
  jsonb_array_elements(policy_std -> 'Statement') as s,
  (data::jsonb #>> '{a,b}')::int as n,
  tags #> '{a}' as t
from
  aws_s3_bucket
where
  region = $1
  and tags ?| array['a', 'b']
  and tags ?& array['c']
  and tags @> '{"a": 1}'::jsonb
  and '{"a": 1}'::jsonb <@ tags
  and name || '-x' <> 'y'`, -1, "", ""},
		{"CTE and lateral", `with policies as (
  select arn, jsonb_array_elements(policy_std -> 'Statement') as s from aws_s3_bucket
)
select p.arn, a as action
from policies as p, jsonb_array_elements_text(p.s -> 'Action') as a
where p.s ->> 'Effect' = 'Allow'
order by 1
limit $2`, -1, "", ""},
		{"dollar quotes", "select $$it's a $1$$ as x, $tag$a$$b$tag$ as y, $a$ $b$ $a$ as z", -1, "", ""},
		{"nested comment", "select 1 /* a /* b */ c */ as n -- $1", -1, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			errs, ok := Check(tc.sql)
			if !ok {
				t.Fatal("Check: not ok")
			}
			if tc.at < 0 {
				if errs != nil {
					t.Fatalf("Check(%q) = %+v; want no error", tc.sql, errs)
				}
				return
			}
			if len(errs) != 1 {
				t.Fatalf("Check(%q) = %+v; want one error", tc.sql, errs)
			}
			e := errs[0]
			if e.Offset != tc.at || tc.sql[e.Offset:e.End] != tc.text || e.Message != tc.msg {
				t.Errorf("Check(%q) = %d..%d %q %q; want %d %q %q", tc.sql, e.Offset, e.End, tc.sql[e.Offset:e.End], e.Message, tc.at, tc.text, tc.msg)
			}
		})
	}
}

// TestCheckDeep: deep expressions neither crash Check nor Columns (whose
// output of the tree would recurse too deep: it does not parse them); deep
// nesting that the parser's stack bounds is an error.
func TestCheckDeep(t *testing.T) {
	needParser(t)
	deep := "select 1" + strings.Repeat("+1", 200_000)
	if errs, ok := Check(deep); !ok || errs != nil {
		t.Errorf("200,000 additions: %v, %v; want nil, true", errs, ok)
	}
	if _, known := Columns(deep); known {
		t.Error("200,000 additions: columns known")
	}
	if names, known := Columns("select 1" + strings.Repeat("+1", 1_000) + " as n"); !known || len(names) != 1 {
		t.Errorf("1,000 additions: %v, %v; want [n], true", names, known)
	}
	errs, ok := Check("select " + strings.Repeat("(", 20_000) + "1" + strings.Repeat(")", 20_000))
	if !ok || len(errs) != 1 || errs[0].Message != `memory exhausted at or near "("` {
		t.Errorf("20,000 parentheses: %v, %v", errs, ok)
	}
}

// TestCheckConcurrent: libpg_query keeps its state per thread.
func TestCheckConcurrent(t *testing.T) {
	needParser(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				if errs, _ := Check("select a, b from t where c = $1"); errs != nil {
					t.Errorf("goroutine %d, call %d: %v", g, i, errs)
					return
				}
				if errs, _ := Check("select a fro t"); len(errs) != 1 || errs[0].Offset != 13 {
					t.Errorf("goroutine %d, call %d: %v", g, i, errs)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestColumns(t *testing.T) {
	needParser(t)
	tests := []struct {
		sql   string
		names string // comma-separated; "-" when unknown
	}{
		{"select a, b as \"Bee\", t.c, x as y from t", "a,Bee,c,y"},
		{"select count(*), pg_catalog.now(), 1, 'x', a + 1, nullif(a, b)", "count,now,?column?,?column?,?column?,nullif"},
		{"select 1::int, 'x'::text, a::text, (a ->> 'k')::int, tags ->> 'Name', data::jsonb", "int4,text,a,int4,?column?,data"},
		{"select case when x then 1 end, case when x then 1 else y end, case when x then 1 else 2::int end", "case,y,case"},
		{"select (select n from t), (select * from t limit 1) as named, exists(select 1), array(select 1)", "n,named,exists,array"},
		{"select coalesce(a, b), greatest(1, 2), least(1, 2), current_date, current_timestamp, current_user", "coalesce,greatest,least,current_date,current_timestamp,current_user"},
		{"select row(1, 2), array[1], (x).y, a[1], a collate \"C\", grouping(a) from t group by a", "row,array,y,a,a,grouping"},
		{"select json_object('a': 1), json_query(a, '$'), xmlconcat(a)", "json_object,json_query,xmlconcat"},
		{"select jsonb_array_elements(policy_std -> 'Statement') as s, title from aws_s3_bucket where region = $1", "s,title"},
		{"with c as (select 1 as x) select x, y from c", "x,y"},
		{"select a from c union all select b from d except select e from f", "a"},
		{"(select a as first from c) union select b from d order by 1", "first"},
		{"values (1, 2, 3)", "column1,column2,column3"},
		{"select 1 as a; select 2 as b", "b"},
		{"select from t", ""},
		{"select * from t", "-"},
		{"select t.* from t", "-"},
		{"select a, (x).* from t", "-"},
		{"select (select * from t)", "-"},
		{"insert into t values (1) returning id", "-"},
		{"select a into u from t", "-"},
		{"selec a", "-"},
		{"", "-"},
	}
	for _, tc := range tests {
		sameColumns(t, tc.sql)
		names, known := Columns(tc.sql)
		got := strings.Join(names, ",")
		if !known {
			got = "-"
		}
		if got != tc.names || !known && names != nil {
			t.Errorf("Columns(%q) = %q, %v; want %s", tc.sql, names, known, tc.names)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		sql  string
		want string // each placeholder as N@offset
	}{
		{"select $1, $2 from t where a = $10", "1@7 2@11 10@31"},
		{"select '$1', \"$2\", e'\\'$3', E'$4\\\\' || $5", "5@39"},
		{"select 'a''$1' , $2", "2@17"},
		{"select $$ $1 $$, $tag$ $$ $2 $tag$, $3", "3@36"},
		{"select $a$ $b$ $1 $a$ || $2", "2@25"},
		{"select 1 -- $1\n, $2 /* $3 /* $4 */ $5 */ $6", "2@17 6@41"},
		{"select a$1, a1$2, 1$3, $4abc, x.$5", "3@19 4@23 5@32"},
		{"select $0, $007, $99999999999", "0@7 7@11 2147483647@17"},
		{"select $ 1, $$", ""},
		{"select 'unterminated $1", ""},
		{"select 1 /* unterminated $1", ""},
		{"select U&'$1' || U&\"$2\" || b'$3' || x'$4' || n'$5', $6", "6@52"},
		{"select 'a'\n'$1', $2", "2@17"},
		{"", ""},
	}
	for _, tc := range tests {
		var got []string
		for _, p := range Placeholders(tc.sql) {
			got = append(got, strings.Join([]string{strconv.Itoa(p.N), strconv.Itoa(p.Offset)}, "@"))
			if !strings.HasPrefix(tc.sql[p.Offset:p.End], "$") {
				t.Errorf("Placeholders(%q): %+v does not start with $", tc.sql, p)
			}
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("Placeholders(%q) = %s; want %s", tc.sql, s, tc.want)
		}
	}
}

// heredoc matches an `sql` heredoc of a mod file (not one commented out);
// group 1 is its body.
var heredoc = regexp.MustCompile(`(?ms)^[ \t]*sql\s*=\s*<<-?EOQ\r?\n(.*?)^[ \t]*EOQ[ \t]*\r?$`)

// TestCorpus: every `sql` heredoc of the aws-insights mod without template
// sequences parses, its placeholders are PostgreSQL's, and Columns agrees
// with its reference.
func TestCorpus(t *testing.T) {
	needParser(t)
	dir := corpus.Mod(t, "aws-insights")
	n, named := 0, 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".pp" {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range heredoc.FindAllStringSubmatch(string(src), -1) {
			sql := m[1]
			if strings.Contains(sql, "${") {
				continue
			}
			n++
			if errs, ok := Check(sql); !ok || errs != nil {
				e := errs[0]
				t.Errorf("%s: %v: %q at %q", path, ok, e.Message, sql[e.Offset:e.End])
				continue
			}
			checkParamRefs(t, sql)
			sameColumns(t, sql)
			if _, known := Columns(sql); known {
				named++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 500 {
		t.Errorf("%d sql heredocs checked; the corpus has more", n)
	}
	t.Logf("%d sql heredocs parse, %d with known columns", n, named)
}

// FuzzCheck: Check never panics, and its errors lie within the input;
// Columns agrees with its reference.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"selec 1", "select 'abc", "select $$a", "select 1 /* x", "select e'\\", "select 'é' fro t",
		"select a ->> 'b', c::jsonb from t where d = $1", "select \xff", "select 1\x00", "with a as (select 1) select * from a",
		"select (select n from t) as \"N\\\"\", case when x then 1 else y::int end, (x).y, a[1], nullif(a, b) from t union select 1, 2, 3, 4, 5",
		"values (1, 2); select t.*, coalesce(a, b)::text collate \"C\", exists(select 1), array[1], row(1), greatest(1), current_user"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		errs, ok := Check(sql)
		if !ok {
			return
		}
		for _, e := range errs {
			if e.Offset < 0 || e.Offset > e.End || e.End > len(sql) || e.Message == "" {
				t.Fatalf("Check(%q): %+v", sql, e)
			}
			if e.End == e.Offset && e.Offset != len(sql) {
				t.Fatalf("Check(%q): empty range %+v before the end", sql, e)
			}
		}
		sameColumns(t, sql)
	})
}

// FuzzPlaceholders: Placeholders never panics, its ranges lie within the
// input, in order, each $ and digits; none is inside a string or a comment:
// where the SQL parses, they are exactly the parse tree's parameters.
func FuzzPlaceholders(f *testing.F) {
	for _, s := range []string{"select $1", "select '$1', $2", "select $$ $1 $$, $a$ $2 $a$ $3", "-- $1\n$2 /* /* $3 */ */ $4",
		"select e'\\'$1', \"$2\"", "select a$1, 1$2", "select x from t where a = $1 and b = $2::int"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		end := 0
		for _, p := range Placeholders(sql) {
			if p.Offset < end || p.End > len(sql) || p.End < p.Offset+2 || sql[p.Offset] != '$' {
				t.Fatalf("Placeholders(%q): %+v", sql, p)
			}
			for _, c := range []byte(sql[p.Offset+1 : p.End]) {
				if !isDigit(c) {
					t.Fatalf("Placeholders(%q): %+v", sql, p)
				}
			}
			end = p.End
		}
		checkParamRefs(t, sql)
	})
}

// BenchmarkCheck parses a typical 2 KB Steampipe query.
func BenchmarkCheck(b *testing.B) {
	needParser(b)
	b.SetBytes(int64(len(benchQuery)))
	b.ReportAllocs()
	for range b.N {
		if errs, _ := Check(benchQuery); errs != nil {
			b.Fatal(errs)
		}
	}
}

// BenchmarkColumns parses the same query and names its columns.
func BenchmarkColumns(b *testing.B) {
	needParser(b)
	b.SetBytes(int64(len(benchQuery)))
	b.ReportAllocs()
	for range b.N {
		if _, known := Columns(benchQuery); !known {
			b.Fatal("unknown")
		}
	}
}

// BenchmarkPlaceholders lexes the same query.
func BenchmarkPlaceholders(b *testing.B) {
	b.SetBytes(int64(len(benchQuery)))
	b.ReportAllocs()
	for range b.N {
		Placeholders(benchQuery)
	}
}

const benchQuery = `with bucket_policies as (
  select
    b.arn,
    b.name,
    b.region,
    b.account_id,
    jsonb_array_elements(b.policy_std -> 'Statement') as statement
  from
    aws_s3_bucket as b
  where
    b.arn = $1
    and b.region = any($2::text[])
), public_statements as (
  select
    p.arn,
    p.statement ->> 'Sid' as sid,
    p.statement ->> 'Effect' as effect,
    principal,
    action
  from
    bucket_policies as p,
    jsonb_array_elements_text(p.statement -> 'Principal' -> 'AWS') as principal,
    jsonb_array_elements_text(p.statement -> 'Action') as action
  where
    p.statement ->> 'Effect' = 'Allow'
    and (
      principal = '*'
      or principal like 'arn:aws:iam::%:root'
    )
    and p.statement -> 'Condition' is null
)
select
  b.arn as resource,
  case
    when count(ps.sid) > 0 then 'alarm'
    when b.block_public_acls and b.block_public_policy then 'ok'
    else 'info'
  end as status,
  case
    when count(ps.sid) > 0 then b.title || ' allows public access through ' || count(ps.sid) || ' statements.'
    else b.title || ' does not allow public access.'
  end as reason,
  b.region,
  b.account_id,
  (b.tags ->> 'Environment')::text as environment,
  coalesce(b.tags #>> '{Owner,Name}', 'unknown') as owner,
  to_char(b.creation_date, 'YYYY-MM-DD') as created,
  date_part('day', now() - b.creation_date)::int as age_days,
  b.tags @> '{"public": "true"}'::jsonb as tagged_public,
  array_agg(distinct ps.action) filter (where ps.action is not null) as actions,
  $$it's documented$$ as note
from
  aws_s3_bucket as b
  left join public_statements as ps on ps.arn = b.arn
where
  b.arn = $1
group by
  b.arn, b.title, b.region, b.account_id, b.tags, b.creation_date, b.block_public_acls, b.block_public_policy
order by
  b.arn;
`
