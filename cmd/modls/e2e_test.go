package main

// This file holds the end-to-end test: it builds the modls binary and
// drives a whole LSP session over its stdio on a corpus mod, as an editor
// would.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rpc is a minimal LSP client over a process's stdio.
type rpc struct {
	t   *testing.T
	in  io.Writer
	out *bufio.Reader
	id  int
	log []map[string]any // every message received, in order
}

func (c *rpc) send(msg map[string]any) {
	msg["jsonrpc"] = "2.0"
	body, err := json.Marshal(msg)
	if err != nil {
		c.t.Fatal(err)
	}
	fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

// next reads one message.
func (c *rpc) next() map[string]any {
	length := -1
	for {
		line, err := c.out.ReadString('\n')
		if err != nil {
			c.t.Fatalf("reading from modls: %v", err)
		}
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			length, _ = strconv.Atoi(v)
		}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(c.out, body); err != nil {
		c.t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		c.t.Fatalf("modls wrote invalid JSON: %s", body)
	}
	c.log = append(c.log, m)
	return m
}

// request sends a request and reads until its response, answering the
// server's own requests on the way.
func (c *rpc) request(method string, params any) map[string]any {
	c.id++
	id := c.id
	c.send(map[string]any{"id": id, "method": method, "params": params})
	return c.await(id)
}

func (c *rpc) await(id int) map[string]any {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		m := c.next()
		if _, isReq := m["method"]; isReq {
			if sid, ok := m["id"]; ok {
				c.send(map[string]any{"id": sid, "result": nil})
			}
			continue
		}
		if n, _ := m["id"].(float64); int(n) == id {
			return m
		}
	}
	c.t.Fatalf("no response to request %d", id)
	return nil
}

func TestEndToEndSession(t *testing.T) {
	corpus, err := filepath.Abs("../../../shared/corpus/aws-insights")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus not found at %s (CI always has it): %v", corpus, err)
	}
	bin := filepath.Join(t.TempDir(), "modls")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "--stdio")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	c := &rpc{t: t, in: stdin, out: bufio.NewReader(stdout)}
	uri := func(rel string) string { return "file://" + filepath.ToSlash(filepath.Join(corpus, rel)) }

	init := c.request("initialize", map[string]any{
		"processId": os.Getpid(), "rootUri": uri(""),
		"capabilities": map[string]any{
			"window":       map[string]any{"workDoneProgress": true},
			"textDocument": map[string]any{"definition": map[string]any{"linkSupport": false}, "documentSymbol": map[string]any{"hierarchicalDocumentSymbolSupport": true}},
		},
	})
	if init["error"] != nil {
		t.Fatalf("initialize: %v", init["error"])
	}
	c.send(map[string]any{"method": "initialized", "params": map[string]any{}})

	// Workspace symbols wait for the index, then rank the exact name first.
	syms := c.request("workspace/symbol", map[string]any{"query": "vpc_security_group_detail"})
	list, _ := syms["result"].([]any)
	if len(list) == 0 || list[0].(map[string]any)["name"] != "dashboard.vpc_security_group_detail" {
		t.Fatalf("workspace/symbol: %v", syms)
	}
	// The index build is reported as progress, ending with a summary (it
	// may arrive just after the first answer).
	sawProgressEnd := func() bool {
		for _, m := range c.log {
			if m["method"] == "$/progress" && strings.Contains(fmt.Sprint(m["params"]), "kind:end") {
				return true
			}
		}
		return false
	}
	for deadline := time.Now().Add(10 * time.Second); !sawProgressEnd() && time.Now().Before(deadline); {
		c.next()
	}
	if !sawProgressEnd() {
		t.Error("no $/progress end")
	}

	// The outline of a dashboard file.
	file := "dashboards/vpc/vpc_security_group_detail.pp"
	outline := c.request("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": uri(file)}})
	if top, _ := outline["result"].([]any); len(top) == 0 {
		t.Fatalf("documentSymbol: %v", outline)
	}

	// Definition of the first `query.` reference of that file.
	src, err := os.ReadFile(filepath.Join(corpus, file))
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(src), "query = query.")
	if i < 0 {
		t.Fatal("no query reference in the test file")
	}
	line := strings.Count(string(src[:i]), "\n")
	col := i - (strings.LastIndex(string(src[:i]), "\n") + 1) + len("query = query.") + 1
	def := c.request("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": uri(file)}, "position": map[string]any{"line": line, "character": col}})
	locs, _ := def["result"].([]any)
	if len(locs) != 1 {
		t.Fatalf("definition: %v", def)
	}

	// Open the file and break the reference with an edit: definition finds
	// nothing; undo the edit: it resolves again.
	c.send(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{"uri": uri(file), "languageId": "powerpipe", "version": 1, "text": string(src)}}})
	edit := func(version int, text string, endCol int) {
		c.send(map[string]any{"method": "textDocument/didChange", "params": map[string]any{
			"textDocument": map[string]any{"uri": uri(file), "version": version},
			"contentChanges": []any{map[string]any{
				"range": map[string]any{"start": map[string]any{"line": line, "character": col - 1}, "end": map[string]any{"line": line, "character": endCol}},
				"text":  text,
			}},
		}})
	}
	name := string(src[i+len("query = query.") : i+len("query = query.")+strings.IndexAny(string(src[i+len("query = query."):]), " \n\r")])
	edit(2, "zz_missing", col-1+len(name))
	def = c.request("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": uri(file)}, "position": map[string]any{"line": line, "character": col}})
	if r, _ := def["result"].([]any); len(r) != 0 {
		t.Errorf("definition of a broken reference: %v", def)
	}
	edit(3, name, col-1+len("zz_missing"))
	def = c.request("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": uri(file)}, "position": map[string]any{"line": line, "character": col}})
	if r, _ := def["result"].([]any); len(r) != 1 {
		t.Errorf("definition after undoing the edit: %v", def)
	}

	// Every authoring feature answers through the binary, on the open file.
	doc := map[string]any{"uri": uri(file)}
	at := map[string]any{"textDocument": doc, "position": map[string]any{"line": line, "character": col}}
	whole := map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": line + 5, "character": 0}}
	for _, f := range []struct {
		method   string
		params   any
		nonEmpty bool
	}{
		{"textDocument/hover", at, true},
		{"textDocument/references", map[string]any{"textDocument": doc, "position": at["position"], "context": map[string]any{"includeDeclaration": true}}, true},
		{"textDocument/documentHighlight", at, true},
		{"textDocument/prepareRename", at, true},
		{"textDocument/rename", map[string]any{"textDocument": doc, "position": at["position"], "newName": name + "_renamed"}, true},
		{"textDocument/completion", at, true},
		{"textDocument/signatureHelp", at, false},
		{"textDocument/formatting", map[string]any{"textDocument": doc, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}, false},
		{"textDocument/rangeFormatting", map[string]any{"textDocument": doc, "range": whole, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}, false},
		{"textDocument/foldingRange", map[string]any{"textDocument": doc}, true},
		{"textDocument/selectionRange", map[string]any{"textDocument": doc, "positions": []any{at["position"]}}, true},
		{"textDocument/semanticTokens/full", map[string]any{"textDocument": doc}, true},
		{"textDocument/semanticTokens/range", map[string]any{"textDocument": doc, "range": whole}, true},
		{"textDocument/documentLink", map[string]any{"textDocument": doc}, false},
		{"textDocument/codeLens", map[string]any{"textDocument": doc}, true},
		{"textDocument/inlayHint", map[string]any{"textDocument": doc, "range": whole}, false},
		{"textDocument/codeAction", map[string]any{"textDocument": doc, "range": whole, "context": map[string]any{"diagnostics": []any{}}}, false},
		{"modls/resources", map[string]any{}, true},
	} {
		r := c.request(f.method, f.params)
		if r["error"] != nil {
			t.Errorf("%s: %v", f.method, r["error"])
			continue
		}
		if f.nonEmpty && (r["result"] == nil || fmt.Sprint(r["result"]) == "[]" || fmt.Sprint(r["result"]) == "map[]") {
			t.Errorf("%s: empty answer %v", f.method, r["result"])
		}
	}

	// A request cancelled before it runs is answered with RequestCancelled
	// or, if it won the race, with its result: never left unanswered.
	c.id++
	c.send(map[string]any{"id": c.id, "method": "workspace/symbol", "params": map[string]any{"query": "a"}})
	c.send(map[string]any{"method": "$/cancelRequest", "params": map[string]any{"id": c.id}})
	if r := c.await(c.id); r["error"] != nil {
		if code := r["error"].(map[string]any)["code"].(float64); code != -32800 {
			t.Errorf("cancelled request: %v", r)
		}
	}

	if r := c.request("shutdown", nil); r["error"] != nil {
		t.Fatalf("shutdown: %v", r)
	}
	c.send(map[string]any{"method": "exit"})
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("modls exited with %v after shutdown and exit, want 0", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("modls did not exit")
	}
	if stderr.Len() > 0 {
		t.Errorf("modls wrote to stderr in a clean session:\n%s", stderr.String())
	}
}
