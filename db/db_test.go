package db

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/modls/modls/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// open connects to the test server (or url) and waits, as a hang guard,
// for the state want.
func open(t *testing.T, url string, want State) *Conn {
	t.Helper()
	changes := make(chan Status, 64)
	c, err := Open(Target{URL: url, From: "test"}, Options{MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond,
		OnChange: func(s Status) {
			select {
			case changes <- s:
			default:
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	waitState(t, c, want)
	return c
}

func waitState(t *testing.T, c *Conn, want State) Status {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if s := c.Status(); s.State == want {
			return s
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("never %s: %+v", want, c.Status())
	return Status{}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

func TestCatalog(t *testing.T) {
	s := pgtest.Need(t)
	c := open(t, s.URL(), Connected)
	cat, err := c.ReadCatalog(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(cat.SearchPath, ",") != "public,aws,gcp" {
		t.Errorf("search path %v", cat.SearchPath)
	}
	b := cat.Table("", "aws_s3_bucket")
	if b == nil || b.Schema != "aws" || !strings.HasPrefix(b.Description, "An Amazon S3 bucket") {
		t.Fatalf("aws_s3_bucket: %+v", b)
	}
	if col := b.Column("versioning_enabled"); col == nil || col.Type != "boolean" || col.Description != "The versioning state of a bucket." {
		t.Errorf("versioning_enabled: %+v", col)
	}
	if col := b.Column("creation_date"); col == nil || col.Type != "timestamp with time zone" {
		t.Errorf("creation_date: %+v", col)
	}
	if v := cat.Table("aws", "aws_s3_bucket_versioned"); v == nil || v.Kind != "view" || len(v.Columns) != 2 {
		t.Errorf("the view: %+v", v)
	}
	if cat.Table("", "connection_state") != nil || cat.Table("internal", "connection_state") == nil {
		t.Error("a table off the search path is found unqualified, or not found qualified")
	}
	if cat.Table("", "pg_tables") == nil {
		t.Error("pg_catalog's relations are not in the catalog")
	}
	if strings.Contains(cat.Database, pgtest.Password) {
		t.Error("the catalog names the password")
	}
}

func TestDescribe(t *testing.T) {
	s := pgtest.Need(t)
	c := open(t, s.URL(), Connected)
	d, err := c.Describe(ctx(t), "select name, versioning_enabled as v, count(*) from aws_s3_bucket where region = $1 group by 1, 2")
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, f := range d.Columns {
		cols = append(cols, f.Name+" "+f.Type)
	}
	if strings.Join(cols, ", ") != "name text, v bool, count int8" || strings.Join(d.Params, ",") != "text" {
		t.Errorf("described %v params %v", cols, d.Params)
	}
	for sql, code := range map[string]string{
		"select * from aws_s3_buckt":                 "42P01",
		"select nme from aws_s3_bucket":              "42703",
		"select * from aws_s3_bucket where name = 1": "42883",
	} {
		_, err := c.Describe(ctx(t), sql)
		var pe *Error
		if !errors.As(err, &pe) || pe.Code != code || pe.Position == 0 {
			t.Errorf("%s: %v, want SQLSTATE %s with a position", sql, err, code)
		}
	}
	// Describing runs nothing: a write is described, not made.
	if _, err := c.Describe(ctx(t), "delete from aws_iam_user"); err != nil {
		t.Fatal(err)
	}
	r, err := c.Run(ctx(t), "select count(*) from aws_iam_user", nil, RunOptions{})
	if err != nil || r.Rows[0][0] != int64(2) {
		t.Errorf("after describing a delete: %v %v", r, err)
	}
}

func TestRun(t *testing.T) {
	s := pgtest.Need(t)
	c := open(t, s.URL(), Connected)
	r, err := c.Run(ctx(t), "select name, versioning_enabled, creation_date, tags from aws_s3_bucket where region = $1 order by name", []any{"us-east-1"}, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 2 || r.Rows[0][0] != "archive" || r.Rows[1][1] != true || r.Rows[0][2] != "2022-11-12T13:14:15Z" || r.Truncated {
		t.Errorf("rows %v truncated %v", r.Rows, r.Truncated)
	}
	if m, ok := r.Rows[1][3].(map[string]any); !ok || m["owner"] != "ops" {
		t.Errorf("jsonb: %#v", r.Rows[1][3])
	}
	if len(r.Columns) != 4 || r.Columns[3].Type != "jsonb" {
		t.Errorf("columns %v", r.Columns)
	}

	// The row limit.
	r, err = c.Run(ctx(t), "select g from generate_series(1, 100000) g", nil, RunOptions{MaxRows: 10})
	if err != nil || len(r.Rows) != 10 || !r.Truncated {
		t.Fatalf("limited run: %v rows, truncated %v, %v", len(r.Rows), r != nil && r.Truncated, err)
	}

	// A write, refused by the read-only transaction: the data stays.
	_, err = c.Run(ctx(t), "delete from aws_iam_user", nil, RunOptions{})
	var pe *Error
	if !errors.As(err, &pe) || pe.Code != "25006" || !strings.Contains(pe.Message, "read-only transaction") {
		t.Errorf("a write: %v", err)
	}
	_, err = c.Run(ctx(t), "with d as (delete from aws_iam_user returning *) select * from d", nil, RunOptions{})
	if !errors.As(err, &pe) || pe.Code != "25006" {
		t.Errorf("a write in a CTE: %v", err)
	}

	// The statement timeout.
	_, err = c.Run(ctx(t), "select pg_sleep(30)", nil, RunOptions{Timeout: 50 * time.Millisecond})
	if !errors.As(err, &pe) || pe.Code != "57014" || !strings.Contains(pe.Message, "statement timeout") {
		t.Errorf("a timeout: %v", err)
	}

	// A cancel stops the statement on the server.
	cctx, cancel := context.WithCancel(ctx(t))
	done := make(chan error, 1)
	go func() {
		_, err := c.Run(cctx, "select pg_sleep(60)", nil, RunOptions{})
		done <- err
	}()
	admin, err := s.Admin(ctx(t), pgtest.Database)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	active := func() int {
		var n int
		admin.QueryRow(ctx(t), "select count(*) from pg_stat_activity where query = 'select pg_sleep(60)' and state = 'active'").Scan(&n)
		return n
	}
	for deadline := time.Now().Add(time.Minute); active() == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the statement never ran")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: %v", err)
	}
	for deadline := time.Now().Add(time.Minute); active() != 0; {
		if time.Now().After(deadline) {
			t.Fatal("the cancelled statement still runs on the server")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The connection serves the next run.
	if _, err := c.Run(ctx(t), "select 1", nil, RunOptions{}); err != nil {
		t.Errorf("after a cancel: %v", err)
	}
}

// TestWrongPassword: a clear error, retried, and no password anywhere.
func TestWrongPassword(t *testing.T) {
	s := pgtest.Need(t)
	const wrong = "Wr0ng-Secret-pw"
	c := open(t, s.URLWith(pgtest.User, wrong), Disconnected)
	st := c.Status()
	if !strings.Contains(st.Error, "password authentication failed") {
		t.Errorf("status error %q", st.Error)
	}
	_, err := c.Run(ctx(t), "select 1", nil, RunOptions{})
	if !errors.Is(err, ErrNotConnected) {
		t.Errorf("run while not connected: %v", err)
	}
	for _, text := range []string{st.Error, st.Database, err.Error()} {
		if strings.Contains(text, wrong) {
			t.Errorf("the password shows: %s", text)
		}
	}
}

// TestServerStops: the database stopped mid-session gives a clear error,
// and the connection comes back when the server does.
func TestServerStops(t *testing.T) {
	s := pgtest.Need(t)
	c := open(t, s.URL(), Connected)
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	defer s.Resume()
	_, err := c.Run(ctx(t), "select 1", nil, RunOptions{})
	if err == nil {
		t.Fatal("a run on a stopped server succeeded")
	}
	if strings.Contains(err.Error(), pgtest.Password) {
		t.Errorf("the password shows: %v", err)
	}
	st := waitState(t, c, Disconnected)
	if st.Error == "" {
		t.Error("disconnected without a reason")
	}
	if _, err := c.Describe(ctx(t), "select 1"); !errors.Is(err, ErrNotConnected) {
		t.Errorf("describe while disconnected: %v", err)
	}
	if err := s.Resume(); err != nil {
		t.Fatal(err)
	}
	waitState(t, c, Connected)
	if _, err := c.Run(ctx(t), "select 1", nil, RunOptions{}); err != nil {
		t.Errorf("after the server came back: %v", err)
	}
}
