package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modls/modls/internal/corpus"
)

// TestSQLCommandLine: modls sql prints a corpus control's SQL with the
// dimension locals substituted, exits 1 with a note when the SQL is not
// fully known, and 2 for a resource that does not exist.
func TestSQLCommandLine(t *testing.T) {
	var out, errb bytes.Buffer
	dir := corpus.Mod(t, "gcp-compliance")
	if code := run([]string{"sql", "control.cis_v120_2_1", dir}, &out, &errb); code != 0 || errb.Len() > 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if s := out.String(); !strings.Contains(s, "default_audit_configs.project as project") || strings.Contains(s, "${") {
		t.Errorf("the dimensions are not substituted:\n%s", s)
	}

	mod := t.TempDir()
	for name, text := range map[string]string{
		"mod.pp": `mod "m" {}`,
		"q.pp":   "variable \"v\" {\n  type = string\n}\n\nquery \"q\" {\n  sql = \"select '${var.v}'\"\n}\n",
	} {
		if err := os.WriteFile(filepath.Join(mod, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"sql", "query.q", mod}, &out, &errb); code != 1 || out.String() != "select '${var.v}'\n" || !strings.Contains(errb.String(), "var.v") {
		t.Errorf("incomplete: exit %d, %q, %q", code, out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"sql", "query.nope", mod}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "no resource query.nope") {
		t.Errorf("no such query: exit %d, %q", code, errb.String())
	}
}
