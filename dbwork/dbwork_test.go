package dbwork

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/db"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/catgen"
	"github.com/modls/modls/internal/pgtest"
	"github.com/modls/modls/internal/testtree"
	"github.com/modls/modls/render"
	"github.com/modls/modls/settings"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// load indexes the mod of files and returns a renderer of it.
func load(t *testing.T, files map[string]string) (*render.Renderer, string) {
	t.Helper()
	root := testtree.New(t, files)
	ix, _, _ := index.Load([]string{root})
	return render.New(ix, cache.New(1<<20), os.ReadFile, nil), root
}

// find returns the entry of r's snapshot named name.
func find(t *testing.T, r *render.Renderer, name string) *index.Entry {
	t.Helper()
	e, err := render.Find(r.Index(), name)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// A mod naming its database, a query naming another, a DuckDB detection,
// and an installed dependency naming a third.
var modFiles = map[string]string{
	"mod.pp": `mod "m" {
  database = "postgres://m@mod.example/db"
  require {
    mod "github.com/acme/dep" { version = "*" }
  }
}
`,
	"q.pp": `query "plain" {
  sql = "select 1"
}
query "own" {
  database = "postgres://q@query.example/db"
  sql = "select 2"
}
query "ducks" {
  database = "connection.duckdb.x"
  sql = "select 3"
}
control "c" {
  sql = "select 'ok' as status, 'r' as resource, 'x' as reason"
}
locals {
  l = 1
}
`,
	".powerpipe/mods/github.com/acme/dep@v1.0.0/mod.pp": `mod "dep" {
  database = "postgres://d@dep.example/db"
}
`,
	".powerpipe/mods/github.com/acme/dep@v1.0.0/q.pp": `query "dq" {
  sql = "select 4"
}
`,
}

func TestResolve(t *testing.T) {
	pgtest.Isolate(t)
	r, _ := load(t, modFiles)
	dep := find(t, r, "dep.query.dq")
	trusted := db.Inputs{Trusted: true}
	for _, tt := range []struct {
		name string
		in   db.Inputs
		e    *index.Entry
		r    *render.Renderer
		want string // URL, or the error's words
	}{
		{"untrusted", db.Inputs{}, nil, r, "no database configured"},
		{"the workspace's: the root mod's", trusted, nil, r, "postgres://m@mod.example/db"},
		{"a query of the mod", trusted, find(t, r, "query.plain"), r, "postgres://m@mod.example/db"},
		{"a query's own", trusted, find(t, r, "query.own"), r, "postgres://q@query.example/db"},
		{"a dependency's query", trusted, dep, r, "postgres://d@dep.example/db"},
		{"no mod", trusted, nil, nil, "no database configured"},
		{"the override first", db.Inputs{Override: "postgres://o@over.example/db", Trusted: true}, find(t, r, "query.own"), r, "postgres://o@over.example/db"},
	} {
		got, err := Resolve(context.Background(), tt.in, tt.r, tt.e)
		switch {
		case err != nil && !strings.Contains(err.Error(), tt.want):
			t.Errorf("%s: %v, want %s", tt.name, err, tt.want)
		case err == nil && got.URL != tt.want:
			t.Errorf("%s: %s, want %s", tt.name, got.URL, tt.want)
		}
	}
}

func TestRunnable(t *testing.T) {
	pgtest.Isolate(t)
	r, _ := load(t, modFiles)
	d := New(Options{CacheDir: "-"})
	defer d.Close()
	runnable := func() []string {
		var out []string
		for _, f := range r.Index().Files() {
			for _, x := range d.Runnable(context.Background(), r, f) {
				out = append(out, x.Resource+"@"+x.Entry.QualifiedName())
			}
		}
		return out
	}
	if got := runnable(); len(got) != 0 {
		t.Errorf("untrusted, no database: %q", got)
	}
	st := settings.Default()
	st.TrustModDatabase = true
	d.Apply(st)
	got := strings.Join(runnable(), " ")
	for _, want := range []string{"query.plain@m.query.plain", "query.own@m.query.own", "control.c@m.control.c", "dep.query.dq@dep.query.dq"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in %s", want, got)
		}
	}
	if strings.Contains(got, "ducks") || strings.Contains(got, "local") {
		t.Errorf("runs what does not run on PostgreSQL: %s", got)
	}
}

// TestCatalogFile: the catalog setting's file is what completion and the
// checks read without a database, read again when it changes; the status
// names it and says why nothing is connected.
func TestCatalogFile(t *testing.T) {
	pgtest.Isolate(t)
	r, root := load(t, modFiles)
	d := New(Options{CacheDir: "-"})
	defer d.Close()
	if d.Check(r, nil) != nil || d.Catalog(r, nil) != nil {
		t.Error("a database without any configured")
	}
	if st := d.Stats(r); st.Catalog != nil || !strings.Contains(st.Reason, "no database configured") || len(st.Connections) != 0 {
		t.Errorf("unconfigured stats %+v", st)
	}
	file := filepath.Join(root, "cat.json")
	if err := catgen.Catalog(3, 2).Save(file); err != nil {
		t.Fatal(err)
	}
	st := settings.Default()
	st.Catalog = file
	d.Apply(st)
	cd := d.Check(r, find(t, r, "query.plain"))
	if cd == nil || cd.Catalog == nil || cd.Describe != nil {
		t.Fatalf("with a catalog file: %+v", cd)
	}
	if tables, _ := cd.Catalog.Size(); tables != 3 {
		t.Errorf("%d tables", tables)
	}
	if d.Catalog(r, nil) != cd.Catalog {
		t.Error("completion reads another catalog")
	}
	q := filepath.Join(root, "q.pp")
	if d.CatalogAt(r, q, uint32(strings.Index(modFiles["q.pp"], "select 1"))) != cd.Catalog {
		t.Error("no catalog in a query's SQL")
	}
	if d.CatalogAt(r, q, uint32(strings.Index(modFiles["q.pp"], "l = 1"))) != nil {
		t.Error("a catalog outside any resource with SQL")
	}
	if s := d.Stats(r); s.Catalog == nil || s.Catalog.Source != file || s.Catalog.Tables != 3 {
		t.Errorf("stats %+v", s)
	}
	// Rewritten (with a later time, whatever the file system's clock).
	if err := catgen.Catalog(5, 2).Save(file); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Minute)
	os.Chtimes(file, later, later)
	if tables, _ := d.Catalog(r, nil).Size(); tables != 5 {
		t.Errorf("after a change, %d tables", tables)
	}
	os.WriteFile(file, []byte("{"), 0o644)
	os.Chtimes(file, later.Add(time.Minute), later.Add(time.Minute))
	if _, err := d.LoadCatalog(); err == nil || d.Check(r, nil) != nil {
		t.Errorf("a broken catalog file: %v", err)
	}
}

// TestConnected: with a database, the checks describe statements on it
// and read its catalog once connected; a run waits for it; a change of the
// database setting closes the connection and a closed Databases opens none.
func TestConnected(t *testing.T) {
	s := pgtest.Need(t)
	pgtest.Isolate(t)
	r, _ := load(t, map[string]string{"mod.pp": "mod \"m\" {}\n", "q.pp": pgtest.Mod})
	changed := make(chan struct{}, 1)
	d := New(Options{CacheDir: t.TempDir(), OnChange: func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}})
	defer d.Close()
	st := settings.Default()
	st.Database = s.URL()
	st.Run.MaxRows = 1
	d.Apply(st)
	e := find(t, r, "query.buckets")
	ctx := context.Background()
	c, err := d.Ready(ctx, r, e)
	if err != nil {
		t.Fatal(err)
	}
	if opt := d.RunOptions(); opt.MaxRows != 1 || opt.Timeout != 30*time.Second {
		t.Errorf("run options %+v", opt)
	}
	res, err := c.Run(ctx, "select name from aws_s3_bucket", nil, d.RunOptions())
	if err != nil || len(res.Rows) != 1 || !res.Truncated {
		t.Errorf("run: %+v, %v", res, err)
	}
	var cd = d.Check(r, e)
	for deadline := time.Now().Add(time.Minute); cd == nil || cd.Catalog == nil; cd = d.Check(r, e) {
		if time.Now().After(deadline) {
			t.Fatalf("never a catalog: %+v", cd)
		}
		select {
		case <-changed:
		case <-time.After(time.Second):
		}
	}
	cols, err := cd.Describe(ctx, "select name, region from aws_s3_bucket")
	if err != nil || strings.Join(cols, ",") != "name,region" {
		t.Errorf("describe: %q, %v", cols, err)
	}
	if cd.Catalog.Table("", "aws_s3_bucket") == nil {
		t.Error("the catalog lacks the fixture's table")
	}
	if stats := d.Stats(r); len(stats.Connections) != 1 || stats.Connections[0].State != db.Connected || stats.Reason != "" || stats.Catalog == nil {
		t.Errorf("stats %+v", stats)
	}
	if cs, err := d.Refresh(ctx, r); err != nil || cs.Tables == 0 || strings.Contains(cs.Source, pgtest.Password) {
		t.Errorf("refresh: %+v, %v", cs, err)
	}

	st.Database = s.URLWith("nobody", "wrong")
	d.Apply(st)
	if stats := d.Stats(r); len(stats.Connections) != 1 || stats.Connections[0].Database == c.Status().Database {
		t.Errorf("the old connection is kept: %+v", stats)
	}
	if c.Status().State == db.Connected {
		// Closed in the background.
		for deadline := time.Now().Add(time.Minute); c.Status().State != db.Closed; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the old connection stays %s", c.Status().State)
			}
		}
	}
	d.Close()
	if _, err := d.Ready(ctx, r, e); !errors.Is(err, db.ErrNotConnected) {
		t.Errorf("after Close: %v", err)
	}
}
