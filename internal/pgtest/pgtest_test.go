package pgtest

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
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

// TestDiesWithTheTests: a test binary killed without stopping its server
// leaves no server behind.
func TestDiesWithTheTests(t *testing.T) {
	if os.Getenv("MODLS_PGTEST_CHILD") == "1" {
		return // the child's part is TestChildServer
	}
	Need(t) // PostgreSQL is here
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildServer$", "-test.v")
	cmd.Env = append(os.Environ(), "MODLS_PGTEST_CHILD=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(out)
	var port, dir string
	for port == "" {
		line, err := r.ReadString('\n')
		if err != nil {
			cmd.Process.Kill()
			t.Fatalf("the child printed no port: %v", err)
		}
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "port "); ok {
			port, dir, _ = strings.Cut(rest, " ")
		}
	}
	t.Logf("the child's server is on port %s", port)
	if c, err := net.Dial("tcp", "127.0.0.1:"+port); err != nil {
		t.Fatalf("the child's server is not up: %v", err)
	} else {
		c.Close()
	}
	cmd.Process.Kill()
	cmd.Wait()
	defer os.RemoveAll(dir) // the killed child could not
	for deadline := time.Now().Add(time.Minute); ; {
		c, err := net.Dial("tcp", "127.0.0.1:"+port)
		if err != nil {
			break // gone
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatalf("the server on port %s outlived its test binary", port)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestChildServer is TestDiesWithTheTests's child: it starts a server,
// prints its port and waits to be killed.
func TestChildServer(t *testing.T) {
	if os.Getenv("MODLS_PGTEST_CHILD") != "1" {
		t.Skip("the child of TestDiesWithTheTests")
	}
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(s.Dir)
	fmt.Printf("port %d %s\n", s.Port, s.Dir)
	time.Sleep(10 * time.Minute)
}
