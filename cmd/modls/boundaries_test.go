package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modls/modls/internal/testtree"
)

// TestExecutesNothing: the modls binary cannot run a program — it does not
// even link the packages that would (os/exec, plugin loading) — nor speak
// HTTP or RPC. It links net for one reason: the database driver (pgx),
// which TestOpensNoSocketUnconfigured holds to a configured database.
func TestExecutesNothing(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	forbidden := map[string]bool{"os/exec": true, "net/http": true, "plugin": true, "net/rpc": true}
	for _, pkg := range strings.Fields(string(out)) {
		if forbidden[pkg] {
			t.Errorf("modls links %s", pkg)
		}
	}
	// Of modls's own packages only db imports net's clients (pgx).
	out, err = exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "github.com/modls/modls/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || f[0] == "github.com/modls/modls/db" || strings.HasPrefix(f[0], "github.com/modls/modls/internal/pgtest") {
			continue
		}
		for _, imp := range f[1:] {
			if imp == "net" || strings.HasPrefix(imp, "github.com/jackc/") {
				t.Errorf("%s imports %s: only package db may reach the network", f[0], imp)
			}
		}
	}
}

// TestOpensNoSocketUnconfigured: with no database configured — even with a
// mod that names one, in a workspace not trusted — neither modls check nor
// a whole editor session opens a socket of any kind (the system calls,
// traced with strace); with a database given, the same tracing sees the
// connection (the method works).
func TestOpensNoSocketUnconfigured(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("strace not found: .ci/run must install Debian's strace")
		}
		t.Skip("skipped: strace is not installed (Debian's strace package)")
	}
	bin := filepath.Join(t.TempDir(), "modls")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	mod := testtree.New(t, map[string]string{
		"mod.pp": "mod \"m\" {\n  database = \"postgres://steampipe@127.0.0.1:9193/steampipe\"\n}\n",
		"q.pp":   "query \"q\" {\n  sql = \"select name from aws_s3_bucket\"\n}\n\ncontrol \"c\" {\n  query = query.q\n}\n",
	})
	home := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CACHE_HOME=" + filepath.Join(home, "cache"), "POWERPIPE_INSTALL_DIR=" + filepath.Join(home, "pp")}
	traced := func(stdin string, args ...string) []string {
		t.Helper()
		log := filepath.Join(t.TempDir(), "strace")
		cmd := exec.Command(strace, append([]string{"-f", "-qq", "-e", "trace=socket,connect", "-e", "signal=none", "-o", log, bin}, args...)...)
		cmd.Env, cmd.Dir = env, mod
		cmd.Stdin = strings.NewReader(stdin)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		cmd.Run()
		data, err := os.ReadFile(log)
		if err != nil {
			t.Fatalf("strace wrote nothing: %v: %s", err, out.String())
		}
		var calls []string
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if l := sc.Text(); strings.Contains(l, "socket(") || strings.Contains(l, "connect(") {
				calls = append(calls, l)
			}
		}
		return calls
	}
	if calls := traced("", "check", mod); len(calls) > 0 {
		t.Errorf("modls check opened sockets:\n%s", strings.Join(calls, "\n"))
	}
	if calls := traced("", "sql", "control.c", mod); len(calls) > 0 {
		t.Errorf("modls sql opened sockets:\n%s", strings.Join(calls, "\n"))
	}
	uri := "file://" + filepath.ToSlash(filepath.Join(mod, "q.pp"))
	session := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"file://`+filepath.ToSlash(mod)+`","capabilities":{}}}`) +
		frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`) +
		frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"`+uri+`","languageId":"powerpipe","version":1,"text":"query \"q\" {\n  sql = \"select name from aws_s3_bucket\"\n}\n"}}}`) +
		frame(`{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"`+uri+`"},"position":{"line":1,"character":25}}}`) +
		frame(`{"jsonrpc":"2.0","id":3,"method":"textDocument/completion","params":{"textDocument":{"uri":"`+uri+`"},"position":{"line":1,"character":25}}}`) +
		frame(`{"jsonrpc":"2.0","id":4,"method":"modls/stats","params":{}}`) +
		frame(`{"jsonrpc":"2.0","id":5,"method":"shutdown"}`) +
		frame(`{"jsonrpc":"2.0","method":"exit"}`)
	if calls := traced(session, "--stdio"); len(calls) > 0 {
		t.Errorf("an editor session opened sockets:\n%s", strings.Join(calls, "\n"))
	}
	// The method sees a connection when there is one to see (port 1 of
	// the loopback: refused at once).
	if calls := traced("", "catalog", "--database", "postgres://u@127.0.0.1:1/db"); len(calls) == 0 {
		t.Error("strace saw no socket of a configured database: the test proves nothing")
	}
}

func frame(body string) string {
	return "Content-Length: " + itoa(len(body)) + "\r\n\r\n" + body
}
