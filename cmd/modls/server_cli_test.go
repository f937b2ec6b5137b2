package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/modls/modls/internal/testtree"
	"github.com/modls/modls/lsp"
)

// serverCLIMod is a mod with a configuration and suppressions, problems of
// every severity, non-ASCII text, a variable file and an ignored folder.
var serverCLIMod = map[string]string{
	"mod.pp": "mod \"same\" {}\n",
	".modls.hcl": `ignore_paths = ["scratch/**"]

rule "unused" {
  severity = "info"
}

rule "undocumented-value" {
  enabled = false
}

rule "anonymous-block" {
  severity = "error"
}

rule "unsued" {}
`,
	"a.pp": `# modls-ignore-file wrong-target-type the benchmark is rebuilt next week
query "idle" {
  sql = "select 1"
}

control "c" {
  title = "Überblick €"
  query = query.missing # modls-ignore unresolved-reference the query arrives with the dependency
  tags  = { a = "€€", b = local.nope }
  widht = 3
}

dashboard "d" {
  input {
    sql = "select 1"
  }
  graph {
    direction = "TD"
  }
}

benchmark "b" {
  children = [query.idle]
}

# modls-ignore duplicate-name
query "kept" {
  sql = "select 2"
}
`,
	"b.pp":             "query \"kept\" {\n  # modls-ignore sql-params there are none\n  sql = \"selec 2\"\n}\n",
	"powerpipe.ppvars": "undeclared = 1 # modls-ignore unknown-variable set for the next release\nother = 2\n",
	"scratch/s.pp":     "control \"x\" {\n  query = query.none\n}\n",
}

// TestServerAndCLIAgree: the language server publishes exactly the
// diagnostics modls check reports — positions, severities, codes and
// messages — for every file of a mod with a configuration and suppression
// comments, the configuration file included.
func TestServerAndCLIAgree(t *testing.T) {
	dir := testtree.Write(t, t.TempDir(), serverCLIMod)
	// What modls check reports.
	_, out, _ := runIn(t, dir, "check", "--format", "json")
	var found []jsonFinding
	if err := json.Unmarshal([]byte(out), &found); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	var cli []string
	for _, f := range found {
		cli = append(cli, fmt.Sprintf("%s:%d:%d-%d:%d %s %s: %s", f.Path, f.Line, f.Column, f.EndLine, f.EndColumn, f.Severity, f.Code, f.Message))
	}
	sort.Strings(cli)

	// What the server publishes for the same files, opened in it.
	cr, sw := io.Pipe()
	sr, cw := io.Pipe()
	srv := lsp.New(sr, sw, lsp.Options{Log: slog.New(slog.DiscardHandler), Version: "test", NoWatch: true})
	done := make(chan int, 1)
	go func() { done <- srv.Run() }()
	c := &rpc{t: t, in: cw, out: bufio.NewReader(cr)}
	t.Cleanup(func() {
		c.request("shutdown", nil)
		c.send(map[string]any{"method": "exit"})
		go io.Copy(io.Discard, cr) // the server's last words
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Error("the server did not exit")
		}
	})
	uri := func(rel string) string { return "file://" + filepath.ToSlash(filepath.Join(dir, rel)) }
	c.request("initialize", map[string]any{"processId": nil, "rootUri": uri(""), "capabilities": map[string]any{}})
	c.send(map[string]any{"method": "initialized", "params": map[string]any{}})
	var names []string
	for name := range serverCLIMod {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		c.send(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{
			"uri": uri(name), "languageId": "powerpipe", "version": 1, "text": serverCLIMod[name]}}})
	}
	// Every open document is published (an empty list too); the contents
	// are those on disk, so the first answer for each is the answer.
	published := map[string][]any{}
	for deadline := time.Now().Add(60 * time.Second); len(published) < len(names) && time.Now().Before(deadline); {
		m := c.next()
		if m["method"] != "textDocument/publishDiagnostics" {
			continue
		}
		p := m["params"].(map[string]any)
		rel, _ := filepath.Rel(dir, strings.TrimPrefix(p["uri"].(string), "file://"))
		if _, ok := published[rel]; !ok {
			ds, _ := p["diagnostics"].([]any)
			published[filepath.ToSlash(rel)] = ds
		}
	}
	if len(published) < len(names) {
		t.Fatalf("published for %d of %d files", len(published), len(names))
	}
	severities := []string{"", "error", "warning", "info", "hint"}
	var server []string
	for rel, ds := range published {
		for _, d := range ds {
			d := d.(map[string]any)
			r := d["range"].(map[string]any)
			start, end := r["start"].(map[string]any), r["end"].(map[string]any)
			server = append(server, fmt.Sprintf("%s:%v:%v-%v:%v %s %s: %s", rel,
				start["line"].(float64)+1, start["character"].(float64)+1, end["line"].(float64)+1, end["character"].(float64)+1,
				severities[int(d["severity"].(float64))], d["code"], d["message"]))
		}
	}
	sort.Strings(server)
	if strings.Join(server, "\n") != strings.Join(cli, "\n") {
		t.Errorf("the server and modls check differ:\n--- server\n%s\n--- modls check\n%s", strings.Join(server, "\n"), strings.Join(cli, "\n"))
	}
	// The scenario has what it is about.
	all := strings.Join(cli, "\n")
	for _, w := range []string{"info unused", "error anonymous-block", "invalid-config: unsued", "unexplained-suppression", "hint unused-suppression", "error sql-syntax", "a.pp:9:27-9:37 error unresolved-reference"} {
		if !strings.Contains(all, w) {
			t.Errorf("modls check reports no %q:\n%s", w, all)
		}
	}
	for _, nw := range []string{"scratch/", "undocumented-value", "wrong-target-type", "query.missing", "unknown-variable: the mod declares no variable \"undeclared\""} {
		if strings.Contains(all, nw) {
			t.Errorf("modls check reports %q:\n%s", nw, all)
		}
	}
	if testing.Verbose() {
		os.Stdout.WriteString(all + "\n")
	}
}
