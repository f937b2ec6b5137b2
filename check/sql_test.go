package check

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
	"github.com/modls/modls/pgsql"
)

// TestSQLThroughLocal: a syntax error inside an interpolated local is
// reported on the interpolation in the query, with the exact token in the
// local's definition as related information; with SQL checks off, nothing.
func TestSQLThroughLocal(t *testing.T) {
	if !pgsql.Available() {
		t.Skip("built without cgo: no SQL parser")
	}
	dir := t.TempDir()
	files := map[string]string{
		"mod.pp":    "mod \"m\" {}\n",
		"locals.pp": "locals {\n  cols = <<-EOQ\n    a,, b\n  EOQ\n}\n",
		"q.pp":      "query \"q\" {\n  sql = \"select ${local.cols} from t\"\n}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix, _, _ := index.Load([]string{dir})
	path := filepath.Join(dir, "q.pp")
	src := []byte(files["q.pp"])
	var got []Diagnostic
	for _, d := range File(ix, cache.New(1<<20), path, src, All) {
		if d.Code == CodeSQLSyntax {
			got = append(got, d)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want one sql-syntax diagnostic, got %+v", got)
	}
	d := got[0]
	if r := d.Range; r.Start.Line != 2 || r.Start.Col != 19 || r.End.Col != 29 {
		t.Errorf("range %+v, want the interpolation local.cols at 2:19-2:29", r)
	}
	if len(d.Related) != 1 || d.Related[0].Path != filepath.Join(dir, "locals.pp") || d.Related[0].Range.Start.Line != 3 || d.Related[0].Range.Start.Col != 7 || d.Related[0].Range.End.Col != 8 {
		t.Errorf("related %+v, want the second comma at locals.pp:3:7", d.Related)
	}
	opt := All
	opt.SQL = false
	for _, d := range File(ix, cache.New(1<<20), path, src, opt) {
		if d.Code == CodeSQLSyntax {
			t.Errorf("SQL off: %+v", d)
		}
	}
}
