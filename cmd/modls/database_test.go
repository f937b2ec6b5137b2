package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/modls/modls/catalog"
	"github.com/modls/modls/internal/pgtest"
	"github.com/modls/modls/internal/testtree"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestCatalogCommand: modls catalog dumps the fixture's tables, and modls
// check --catalog finds a typo'd table with it, offline, at the token.
func TestCatalogCommand(t *testing.T) {
	s := pgtest.Need(t)
	pgtest.Isolate(t)
	var out, errb bytes.Buffer
	if code := run([]string{"catalog", "--database", s.URL(), t.TempDir()}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	cat, err := catalog.Decode(&out)
	if err != nil {
		t.Fatal(err)
	}
	if tb := cat.Table("", "aws_iam_user"); tb == nil || tb.Column("mfa_enabled") == nil || tb.Column("mfa_enabled").Description != "The MFA status of the user." {
		t.Errorf("aws_iam_user: %+v", tb)
	}
	if strings.Contains(out.String()+errb.String(), pgtest.Password) {
		t.Error("the password shows")
	}
	file := filepath.Join(t.TempDir(), "catalog.json")
	var b bytes.Buffer
	cat.Write(&b)
	os.WriteFile(file, b.Bytes(), 0o644)

	mod := testtree.New(t, map[string]string{"mod.pp": `mod "m" {}`, "q.pp": pgtest.Mod})
	out.Reset()
	errb.Reset()
	code := run([]string{"check", "--catalog", file, "--format", "json", "--disable", "unused", mod}, &out, &errb)
	found := checkFindings(t, out.Bytes())
	if code != 0 || len(found) != 1 || found[0].Code != "sql-unknown-table" || found[0].Line != 28 || found[0].Column != 27 ||
		!strings.Contains(found[0].Message, "did you mean aws_s3_bucket?") {
		t.Errorf("exit %d: %+v %s", code, found, errb.String())
	}

	// A file that is not a catalog is a usage error.
	if code := run([]string{"check", "--catalog", filepath.Join(mod, "q.pp"), mod}, &out, &errb); code != 2 {
		t.Errorf("a bad catalog: exit %d", code)
	}
}

// TestCheckDatabase: modls check --database has the server describe each
// statement: an unknown table and column at their tokens, a CTE and good SQL
// clean; nothing runs.
func TestCheckDatabase(t *testing.T) {
	s := pgtest.Need(t)
	pgtest.Isolate(t)
	mod := testtree.New(t, map[string]string{"mod.pp": `mod "m" {}`, "q.pp": pgtest.Mod})
	var out, errb bytes.Buffer
	code := run([]string{"check", "--database", s.URL(), "--format", "json", "--disable", "unused", mod}, &out, &errb)
	var got []string
	for _, f := range checkFindings(t, out.Bytes()) {
		got = append(got, f.Code+" "+itoa(f.Line)+":"+itoa(f.Column)+" "+f.Message)
	}
	want := []string{
		`sql-unknown-table 28:27 SQL: relation "aws_s3_buckett" does not exist; did you mean aws_s3_bucket?`,
		`sql-unknown-column 34:17 SQL: column "nme" does not exist. Perhaps you meant to reference the column "aws_s3_bucket.name".`,
		`sql-semantic 37:61 SQL: operator does not exist: timestamp with time zone < integer. No operator matches the given name and argument types. You might need to add explicit type casts.`,
	}
	if code != 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("exit %d:\n%s\nwant\n%s\n%s", code, strings.Join(got, "\n"), strings.Join(want, "\n"), errb.String())
	}
	// Describing ran nothing.
	var n int
	admin, err := s.Admin(t.Context(), pgtest.Database)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(t.Context())
	if admin.QueryRow(t.Context(), "select count(*) from aws.aws_iam_user").Scan(&n); n != 2 {
		t.Errorf("the delete ran: %d users", n)
	}

	// A wrong password: a clear error, exit 2, no password.
	out.Reset()
	errb.Reset()
	if code := run([]string{"check", "--database", s.URLWith(pgtest.User, "Wr0ngPw-xyz"), mod}, &out, &errb); code != 2 ||
		!strings.Contains(errb.String(), "password authentication failed") || strings.Contains(out.String()+errb.String(), "Wr0ngPw-xyz") {
		t.Errorf("wrong password: exit %d: %s%s", code, out.String(), errb.String())
	}
}

// checkFindings decodes modls check --format json.
func checkFindings(t *testing.T, out []byte) []jsonFinding {
	t.Helper()
	var found []jsonFinding
	if err := json.Unmarshal(out, &found); err != nil {
		t.Fatalf("modls check --format json: %v: %s", err, out)
	}
	return found
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestRunCommand: modls run of a query with its param's default and with
// --arg, of a control (counted by status) and of a write, which the
// read-only transaction refuses.
func TestRunCommand(t *testing.T) {
	s := pgtest.Need(t)
	pgtest.Isolate(t)
	mod := testtree.New(t, map[string]string{"mod.pp": `mod "m" {}`, "q.pp": pgtest.Mod})
	runIt := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(append([]string{"run", "--database", s.URL()}, args...), &out, &errb)
		if strings.Contains(out.String()+errb.String(), pgtest.Password) {
			t.Errorf("the password shows: %s %s", out.String(), errb.String())
		}
		return code, out.String(), errb.String()
	}
	code, out, errs := runIt("query.buckets", mod)
	if want := "name    | region\n--------+----------\narchive | us-east-1\nlogs    | us-east-1\n"; code != 0 || out != want {
		t.Errorf("default: exit %d:\n%s\nwant\n%s%s", code, out, want, errs)
	}
	code, out, errs = runIt("query.buckets", mod, "--arg", "region=eu-west-1", "--output", "csv")
	if code != 0 || out != "name,region\nscratch,eu-west-1\n" {
		t.Errorf("--arg: exit %d: %q %s", code, out, errs)
	}
	// The control's own args.
	code, out, errs = runIt("table.eu_buckets", mod, "--output", "csv")
	if code != 0 || out != "name,region\nscratch,eu-west-1\n" {
		t.Errorf("a control's args: exit %d: %q %s", code, out, errs)
	}
	code, out, errs = runIt("control.versioning", mod, "--output", "json")
	var ans struct {
		Columns []struct{ Name, Type string }
		Rows    [][]any
		Summary map[string]int
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil || code != 0 {
		t.Fatalf("exit %d: %v: %s %s", code, err, out, errs)
	}
	if len(ans.Rows) != 3 || ans.Summary["ok"] != 2 || ans.Summary["alarm"] != 1 || ans.Columns[1].Name != "status" || ans.Columns[1].Type != "text" {
		t.Errorf("control: %+v", ans)
	}
	code, out, _ = runIt("control.versioning", mod)
	if code != 0 || !strings.HasSuffix(out, "\nok 2, alarm 1, info 0, skip 0, error 0\n") {
		t.Errorf("control as a table: %s", out)
	}
	code, _, errs = runIt("query.write", mod)
	if code != 1 || !strings.Contains(errs, "cannot execute DELETE in a read-only transaction") {
		t.Errorf("a write: exit %d: %s", code, errs)
	}
	code, _, errs = runIt("query.buckets", mod, "--arg", "regoin=x")
	if code != 2 || !strings.Contains(errs, "takes the params region, not regoin") {
		t.Errorf("an unknown arg: exit %d: %s", code, errs)
	}
	// A wrong password: exit 1, the server's reason, no password.
	var o, e bytes.Buffer
	if code := run([]string{"run", "--database", s.URLWith(pgtest.User, "Wr0ngPw-xyz"), "query.buckets", mod}, &o, &e); code != 1 ||
		!strings.Contains(e.String(), "password authentication failed") || strings.Contains(o.String()+e.String(), "Wr0ngPw-xyz") {
		t.Errorf("wrong password: exit %d: %s%s", code, o.String(), e.String())
	}
	// No database configured: nothing connects, exit 2.
	o.Reset()
	e.Reset()
	if code := run([]string{"run", "query.buckets", mod}, &o, &e); code != 2 || !strings.Contains(e.String(), "no database configured") {
		t.Errorf("no database: exit %d: %s", code, e.String())
	}
}
