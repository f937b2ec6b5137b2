package lsp

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/dbwork"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/internal/pgtest"
	"github.com/modls/modls/internal/testtree"
)

// dbServer starts a server on a mod of pgtest.Mod with the settings given
// (the database among them), its catalogs kept in a temporary folder, and
// no Powerpipe configuration of the user's.
func dbServer(t *testing.T, settings map[string]any) (*testClient, string) {
	t.Helper()
	pgtest.Isolate(t)
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"m\" {}\n", "q.pp": pgtest.Mod})
	cacheDir := t.TempDir()
	c := startServer(t, catalogCacheIn(cacheDir))
	c.initializeWith(root, settings, false)
	return c, root
}

// catalogCacheIn makes a server keep its catalogs in dir.
func catalogCacheIn(dir string) func(*Server) {
	return func(s *Server) {
		s.opt.CatalogCacheDir = dir
		s.dbs = dbwork.New(dbwork.Options{Context: s.base, CacheDir: dir, OnChange: s.databaseChanged})
	}
}

// waitStats polls modls/stats until ok says its database part is as
// wanted (the connection is made in the background); a hang guard bounds it.
func waitStats(t *testing.T, c *testClient, what string, ok func(*dbwork.Stats) bool) *dbwork.Stats {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); ; {
		var st Stats
		c.result("modls/stats", nil, &st)
		if st.Database != nil && ok(st.Database) {
			return st.Database
		}
		if time.Now().After(deadline) {
			b, _ := json.Marshal(st.Database)
			t.Fatalf("never %s: %s", what, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func connected(d *dbwork.Stats) bool {
	return len(d.Connections) == 1 && d.Connections[0].State == "connected" && d.Catalog != nil
}

func runCall(c *testClient, args map[string]any) *message {
	return c.call("workspace/executeCommand", map[string]any{"command": "modls.run", "arguments": []any{args}})
}

// TestRunThroughTheServer: modls.run of a query with its default and with
// an arg, of a control with its summary; a write and a timeout are errors
// carrying the database's message.
func TestRunThroughTheServer(t *testing.T) {
	s := pgtest.Need(t)
	c, _ := dbServer(t, map[string]any{"database": s.URL(), "run": map[string]any{"timeoutSeconds": 1}})
	st := waitStats(t, c, "connected", connected)
	if st.Catalog.Tables == 0 || st.Reason != "" {
		t.Errorf("stats: %+v", st)
	}
	type answer struct {
		Columns []struct{ Name, Type string }
		Rows    [][]any
		Summary *struct{ OK, Alarm, Info, Skip, Error int }
	}
	var a answer
	m := runCall(c, map[string]any{"resource": "query.buckets"})
	if m.Error != nil || json.Unmarshal(m.Result, &a) != nil || len(a.Rows) != 2 || a.Rows[0][0] != "archive" || a.Summary != nil {
		t.Errorf("query.buckets: %s %+v", m.Result, m.Error)
	}
	m = runCall(c, map[string]any{"resource": "query.buckets", "args": map[string]any{"region": "eu-west-1"}})
	if m.Error != nil || json.Unmarshal(m.Result, &a) != nil || len(a.Rows) != 1 || a.Rows[0][0] != "scratch" {
		t.Errorf("with an arg: %s %+v", m.Result, m.Error)
	}
	a = answer{}
	m = runCall(c, map[string]any{"resource": "control.versioning"})
	if m.Error != nil || json.Unmarshal(m.Result, &a) != nil || a.Summary == nil || a.Summary.OK != 2 || a.Summary.Alarm != 1 {
		t.Errorf("control: %s %+v", m.Result, m.Error)
	}
	m = runCall(c, map[string]any{"resource": "query.write"})
	if m.Error == nil || m.Error.Code != jsonrpc2.CodeRequestFailed || !strings.Contains(m.Error.Message, "cannot execute DELETE in a read-only transaction") {
		t.Errorf("a write: %+v", m.Error)
	}
	m = runCall(c, map[string]any{"resource": "query.slow"})
	if m.Error == nil || !strings.Contains(m.Error.Message, "canceling statement due to statement timeout") {
		t.Errorf("a timeout: %+v", m.Error)
	}
	m = runCall(c, map[string]any{"resource": "query.nope"})
	if m.Error == nil || m.Error.Code != jsonrpc2.CodeInvalidParams {
		t.Errorf("no such resource: %+v", m.Error)
	}
}

// TestRunCancelled: $/cancelRequest stops the statement on the database.
func TestRunCancelled(t *testing.T) {
	s := pgtest.Need(t)
	c, _ := dbServer(t, map[string]any{"database": s.URL()})
	waitStats(t, c, "connected", connected)
	id, ch := c.send("workspace/executeCommand", map[string]any{"command": "modls.run", "arguments": []any{map[string]any{"resource": "query.slow"}}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin, err := s.Admin(ctx, pgtest.Database)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	active := func() int {
		var n int
		admin.QueryRow(ctx, "select count(*) from pg_stat_activity where query = 'select pg_sleep(60)' and state = 'active'").Scan(&n)
		return n
	}
	for active() == 0 {
		if ctx.Err() != nil {
			t.Fatal("the statement never ran")
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.notify("$/cancelRequest", map[string]any{"id": id})
	select {
	case m := <-ch:
		if m.Error == nil || m.Error.Code != jsonrpc2.CodeRequestCancelled {
			t.Errorf("cancelled run: %s %+v", m.Result, m.Error)
		}
	case <-ctx.Done():
		t.Fatal("no answer to the cancelled run")
	}
	for active() != 0 {
		if ctx.Err() != nil {
			t.Fatal("the statement still runs on the database")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestDatabaseStopsMidSession: the database stopped mid-session makes a run
// fail with a clear error, the server keeps answering, and it connects
// again when the database is back.
func TestDatabaseStopsMidSession(t *testing.T) {
	s := pgtest.Need(t)
	c, _ := dbServer(t, map[string]any{"database": s.URL()})
	waitStats(t, c, "connected", connected)
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	defer s.Resume()
	m := runCall(c, map[string]any{"resource": "query.buckets"})
	if m.Error == nil || m.Error.Code != jsonrpc2.CodeRequestFailed {
		t.Fatalf("a run on a stopped database: %s %+v", m.Result, m.Error)
	}
	st := waitStats(t, c, "disconnected", func(d *dbwork.Stats) bool {
		return len(d.Connections) == 1 && d.Connections[0].State == "disconnected"
	})
	if st.Connections[0].Error == "" {
		t.Error("disconnected without a reason")
	}
	var syms []map[string]any
	c.result("workspace/symbol", map[string]any{"query": "buckets"}, &syms)
	if len(syms) == 0 {
		t.Error("the server stopped answering")
	}
	if err := s.Resume(); err != nil {
		t.Fatal(err)
	}
	waitStats(t, c, "connected again", connected)
	if m := runCall(c, map[string]any{"resource": "query.buckets"}); m.Error != nil {
		t.Errorf("after the database came back: %+v", m.Error)
	}
}

// TestWrongPasswordInTheServer: a clear status, a clear run error, and the
// password in no message the server sends.
func TestWrongPasswordInTheServer(t *testing.T) {
	s := pgtest.Need(t)
	const wrong = "Wr0ng-Secret-in-lsp"
	c, _ := dbServer(t, map[string]any{"database": s.URLWith(pgtest.User, wrong)})
	st := waitStats(t, c, "disconnected", func(d *dbwork.Stats) bool {
		return len(d.Connections) == 1 && d.Connections[0].State == "disconnected"
	})
	if !strings.Contains(st.Connections[0].Error, "password authentication failed") {
		t.Errorf("status: %+v", st.Connections[0])
	}
	m := runCall(c, map[string]any{"resource": "query.buckets"})
	if m.Error == nil || !strings.Contains(m.Error.Message, "password authentication failed") {
		t.Errorf("run: %+v", m.Error)
	}
	var stats Stats
	c.result("modls/stats", nil, &stats)
	b, _ := json.Marshal(stats)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range c.notes {
		b = append(b, n.Params...)
	}
	if strings.Contains(string(b)+m.Error.Message, wrong) {
		t.Error("the password shows in what the server sent")
	}
}

// TestDatabaseDiagnostics: once connected, the database's verdict on an
// open query is published on the exact token.
func TestDatabaseDiagnostics(t *testing.T) {
	s := pgtest.Need(t)
	c, root := dbServer(t, map[string]any{"database": s.URL()})
	uri := fileuri.FromPath(root + "/q.pp")
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": pgtest.Mod}})
	type diag struct {
		Range   protocol.Range
		Code    any
		Message string
	}
	unknownTable := func(m *message) *diag {
		var p struct {
			URI         protocol.DocumentUri
			Diagnostics []diag
		}
		if m.Method != "textDocument/publishDiagnostics" || json.Unmarshal(m.Params, &p) != nil || p.URI != uri {
			return nil
		}
		for _, d := range p.Diagnostics {
			if d.Code == "sql-unknown-table" && strings.Contains(d.Message, "did you mean") {
				return &d // once the catalog is read too
			}
		}
		return nil
	}
	d := unknownTable(c.waitNote("the unknown table", func(m *message) bool { return unknownTable(m) != nil }))
	if d.Range.Start.Line != 27 || d.Range.Start.Character != 26 || d.Range.End.Character != 40 || !strings.Contains(d.Message, "did you mean aws_s3_bucket?") {
		t.Errorf("%+v", d)
	}
}

// TestUntrustedModDatabase: a mod's own database is not connected to
// unless the workspace is trusted; the status says why.
func TestUntrustedModDatabase(t *testing.T) {
	s := pgtest.Need(t)
	pgtest.Isolate(t)
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"m\" {\n  database = \"" + s.URL() + "\"\n}\n", "q.pp": pgtest.Mod})
	c := startServer(t, catalogCacheIn(t.TempDir()))
	c.initialize(root)
	var st Stats
	c.result("modls/stats", nil, &st)
	if len(st.Database.Connections) != 0 || !strings.Contains(st.Database.Reason, "trusted") {
		t.Errorf("untrusted: %+v", st.Database)
	}
	if strings.Contains(st.Database.Reason, pgtest.Password) {
		t.Error("the reason shows the password")
	}
	c2, _ := func() (*testClient, string) {
		c := startServer(t, catalogCacheIn(t.TempDir()))
		c.initializeWith(root, map[string]any{"trustModDatabase": true}, false)
		return c, root
	}()
	waitStats(t, c2, "connected when trusted", connected)
}

// TestCatalogCompletionAndHover: in a query's SQL, with the database
// connected, tables complete after from, columns after an alias's dot, and
// hover describes a table and a column from their comments.
func TestCatalogCompletionAndHover(t *testing.T) {
	s := pgtest.Need(t)
	c, root := dbServer(t, map[string]any{"database": s.URL()})
	waitStats(t, c, "connected", connected)
	text := "query \"q\" {\n  sql = <<-EOQ\n    select b.ver from aws_s3_buck b\n  EOQ\n}\n"
	uri := fileuri.FromPath(root + "/new.pp")
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": text}})
	doc := map[string]any{"uri": uri}
	var list struct {
		Items []struct {
			Label, Detail string
			TextEdit      struct{ Range protocol.Range }
			Documentation *struct{ Value string }
		}
	}
	c.result("textDocument/completion", map[string]any{"textDocument": doc, "position": map[string]any{"line": 2, "character": 33}}, &list)
	if len(list.Items) != 2 || list.Items[0].Label != "aws_s3_bucket" || list.Items[1].Label != "aws_s3_bucket_versioned" ||
		list.Items[0].TextEdit.Range.Start.Character != 22 || list.Items[0].TextEdit.Range.End.Character != 33 ||
		list.Items[0].Documentation == nil || !strings.Contains(list.Items[0].Documentation.Value, "Amazon S3 bucket") {
		t.Errorf("tables: %+v", list.Items)
	}
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"text": strings.Replace(text, "b.ver from aws_s3_buck b", "b.ver from aws_s3_bucket b", 1)}}})
	c.result("textDocument/completion", map[string]any{"textDocument": doc, "position": map[string]any{"line": 2, "character": 16}}, &list)
	if len(list.Items) != 1 || list.Items[0].Label != "versioning_enabled" || list.Items[0].Detail != "boolean · aws_s3_bucket" ||
		list.Items[0].Documentation == nil || list.Items[0].Documentation.Value != "The versioning state of a bucket." {
		t.Errorf("columns: %+v", list.Items)
	}
	type hover struct {
		Contents struct{ Value string }
		Range    protocol.Range
	}
	var h hover
	c.result("textDocument/hover", map[string]any{"textDocument": doc, "position": map[string]any{"line": 2, "character": 25}}, &h)
	if !strings.HasPrefix(h.Contents.Value, "**aws.aws_s3_bucket** (table)") || !strings.Contains(h.Contents.Value, "| versioning_enabled | boolean | The versioning state of a bucket. |") {
		t.Errorf("table hover: %+v", h)
	}
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 3},
		"contentChanges": []any{map[string]any{"text": strings.Replace(text, "b.ver from aws_s3_buck b", "b.versioning_enabled from aws_s3_bucket b", 1)}}})
	h = hover{}
	c.result("textDocument/hover", map[string]any{"textDocument": doc, "position": map[string]any{"line": 2, "character": 15}}, &h)
	if h.Contents.Value != "**versioning_enabled** `boolean` — column of aws.aws_s3_bucket\n\nThe versioning state of a bucket." || h.Range.Start.Character != 13 || h.Range.End.Character != 31 {
		t.Errorf("column hover: %+v", h)
	}
}

// TestCatalogFileOffline: with the catalog setting and no database, the
// SQL completes from the file and an unknown table is reported; nothing
// connects.
func TestCatalogFileOffline(t *testing.T) {
	cat := `{"searchPath": ["aws"], "schemas": [{"name": "aws", "tables": [{"name": "aws_s3_bucket", "kind": "foreign table", "columns": [{"name": "name", "type": "text"}]}]}]}`
	file := testtree.New(t, map[string]string{"catalog.json": cat}) + "/catalog.json"
	c, root := dbServer(t, map[string]any{"catalog": file})
	uri := fileuri.FromPath(root + "/q.pp")
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": pgtest.Mod}})
	c.waitNote("the unknown table", func(m *message) bool {
		return m.Method == "textDocument/publishDiagnostics" && strings.Contains(string(m.Params), "no table or view aws_s3_buckett on the search path (aws); did you mean aws_s3_bucket?")
	})
	var list struct{ Items []struct{ Label string } }
	c.result("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 27, "character": 28}}, &list)
	if len(list.Items) != 2 || list.Items[0].Label != "aws_s3_bucket" || list.Items[1].Label != "aws" {
		t.Errorf("completion from the file: %+v", list.Items)
	}
	var st Stats
	c.result("modls/stats", nil, &st)
	if len(st.Database.Connections) != 0 || st.Database.Catalog == nil || st.Database.Catalog.Source != file || st.Database.Catalog.Tables != 1 {
		t.Errorf("stats: %+v %+v", st.Database, st.Database.Catalog)
	}
}

// TestRunLenses: with a database, each query and control has a Run lens
// whose argument modls.run takes; without one, none.
func TestRunLenses(t *testing.T) {
	s := pgtest.Need(t)
	for _, withDB := range []bool{true, false} {
		settings := map[string]any{}
		if withDB {
			settings["database"] = s.URL()
		}
		c, root := dbServer(t, settings)
		uri := fileuri.FromPath(root + "/q.pp")
		var lenses []struct {
			Range   protocol.Range
			Command *struct {
				Title, Command string
				Arguments      []map[string]string
			}
		}
		c.result("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": uri}}, &lenses)
		var runs []string
		for _, l := range lenses {
			if l.Command != nil && l.Command.Command == "modls.runResource" {
				runs = append(runs, l.Command.Arguments[0]["resource"])
			}
		}
		want := "query.buckets control.versioning query.write query.slow query.typo query.cte query.columns query.typed"
		if !withDB {
			want = ""
		}
		if strings.Join(runs, " ") != want {
			t.Errorf("database %v: run lenses %q, want %q", withDB, runs, want)
		}
		if withDB {
			waitStats(t, c, "connected", connected)
			if m := runCall(c, map[string]any{"resource": runs[1]}); m.Error != nil {
				t.Errorf("the lens's argument: %+v", m.Error)
			}
		}
	}
}

// TestDatabaseSettingChanges: a changed database setting closes the
// connection it replaces; cleared, nothing is connected and the status
// says why.
func TestDatabaseSettingChanges(t *testing.T) {
	s := pgtest.Need(t)
	c, _ := dbServer(t, map[string]any{"database": s.URL()})
	waitStats(t, c, "connected", connected)
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"modls": map[string]any{"database": ""}}})
	st := waitStats(t, c, "disconnected", func(d *dbwork.Stats) bool { return len(d.Connections) == 0 })
	if !strings.Contains(st.Reason, "no database configured") {
		t.Errorf("reason %q", st.Reason)
	}
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"modls": map[string]any{"database": s.URL()}}})
	waitStats(t, c, "connected again", connected)
}
