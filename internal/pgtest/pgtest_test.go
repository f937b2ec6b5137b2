package pgtest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// TestFixture: the fixture's user reaches the plugin-like tables through
// the search path, with their comments, and a wrong password is refused.
func TestFixture(t *testing.T) {
	s := Need(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, s.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n int
	if err := c.QueryRow(ctx, "select count(*) from aws_s3_bucket where versioning_enabled").Scan(&n); err != nil || n != 2 {
		t.Errorf("versioned buckets = %d, %v; want 2", n, err)
	}
	var comment string
	if err := c.QueryRow(ctx, "select col_description('aws.aws_s3_bucket'::regclass, 1)").Scan(&comment); err != nil || comment != "The user friendly name of the bucket." {
		t.Errorf("comment of aws_s3_bucket.name = %q, %v", comment, err)
	}
	if _, err := pgx.Connect(ctx, s.URLWith(User, "wrong")); err == nil {
		t.Error("a wrong password connected")
	}
}

// TestStopResume: a stopped server refuses connections; resumed, it serves
// the same data on the same port.
func TestStopResume(t *testing.T) {
	s := Need(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if c, err := pgx.Connect(ctx, s.URL()); err == nil {
		c.Close(ctx)
		t.Fatal("connected to a stopped server")
	}
	if err := s.Resume(); err != nil {
		t.Fatal(err)
	}
	c, err := pgx.Connect(ctx, s.URL())
	if err != nil {
		t.Fatal(err)
	}
	c.Close(ctx)
}
