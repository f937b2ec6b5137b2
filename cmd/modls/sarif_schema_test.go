package main

import (
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/modls/modls/internal/testtree"
)

// sarifSchema compiles the official SARIF 2.1.0 schema of
// testdata/sarif-schema-2.1.0.json (see testdata/README.md), with formats
// (uri, date-time) asserted.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSARIFSchema validates the SARIF of modls check against the official
// SARIF 2.1.0 schema: a mod with errors, warnings, hints, related
// locations, a file outside %SRCROOT%, a file not checked and non-ASCII
// text; and the validator rejects a log the schema forbids.
func TestSARIFSchema(t *testing.T) {
	schema := sarifSchema(t)
	files := map[string]string{}
	for name, text := range checkModFiles {
		files[name] = text
	}
	files["d.pp"] = "dashboard \"d\" {\n  input {\n    sql = \"select 1\"\n  }\n  chart {\n    type = \"pie3d\"\n    sql  = \"select 1\"\n  }\n}\n"
	files["s.pp"] = "query \"z\" { # modls-ignore unused,unsued\n  sql = \"select 1\"\n}\n"
	files["loop/x"] = ""
	dir := testtree.Write(t, t.TempDir(), files)
	os.Remove(dir + "/loop/x")
	if err := os.Symlink(dir, dir+"/loop/back"); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runIn(t, dir, "check", "--format", "sarif")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("modls check --format sarif does not follow the SARIF 2.1.0 schema: %v\n%s", err, out)
	}
	log := readSARIF(t, out)
	seen := map[string]bool{}
	for _, r := range log.Runs[0].Results {
		seen[r.Level] = true
		seen[r.RuleID] = true
	}
	for _, w := range []string{"error", "warning", "note", "duplicate-name", "file-not-checked", "unused-suppression"} {
		if !seen[w] {
			t.Errorf("the log has no %s result, so the schema did not see one:\n%s", w, out)
		}
	}
	// The schema bites: a level SARIF does not have.
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(out, `"level": "warning"`, `"level": "warn"`, 1)))
	if err := schema.Validate(bad); err == nil {
		t.Error("the schema accepts a result with level warn")
	}
}
