package tokens

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/corpus"
)

// TestSQLLocalsCorpus: the locals of the mods whose values end up in SQL
// are those whose heredocs hold SQL, directly interpolated or through
// another local.
func TestSQLLocalsCorpus(t *testing.T) {
	for _, tc := range []struct{ mod, file, want string }{
		{"gcp-compliance", "variables.pp", "common_dimensions_global_sql common_dimensions_project_sql " +
			"common_dimensions_qualifier_global_sql common_dimensions_qualifier_project_sql common_dimensions_qualifier_sql " +
			"common_dimensions_sql tag_dimensions_qualifier_sql tag_dimensions_sql"},
		{"gcp-audit-log-detections", "locals.pp", "detection_sql_columns detection_sql_resource_column_resource_name detection_sql_where_conditions"},
	} {
		root := corpus.Mod(t, tc.mod)
		ix, _, _ := index.Load([]string{root})
		f := ix.File(filepath.Join(root, tc.file))
		if f == nil {
			t.Fatalf("%s: %s not indexed", tc.mod, tc.file)
		}
		if s := strings.Join(SQLLocals(ix, f.Path), " "); s != tc.want {
			t.Errorf("%s/%s: SQL locals %s; want %s", tc.mod, tc.file, s, tc.want)
		}
	}
}

// TestClassify: each token's kind and modifiers, by its text.
func TestClassify(t *testing.T) {
	src := "query \"q\" {\n  sql = \"select 1\"\n}\n" +
		"variable \"v\" {\n  type = list(string)\n}\n" +
		"control \"c\" {\n  query = query.q\n  args = { n = var.v }\n  title = upper(\"x\") # note\n}\n"
	var got []string
	for _, tk := range Classify([]byte(src), 0, len(src), nil) {
		got = append(got, fmt.Sprintf("%s:%d/%d", src[tk.Start:tk.End], tk.Kind, tk.Mods))
	}
	decl := Declaration | Definition
	want := []string{
		fmt.Sprint("query:", Namespace, "/0"), fmt.Sprint(`"q":`, Class, "/", decl), fmt.Sprint("sql:", Property, "/0"),
		fmt.Sprint(`":`, String, "/0"), fmt.Sprint("select:", Keyword, "/0"), fmt.Sprint("1:", Number, "/0"), fmt.Sprint(`":`, String, "/0"),
		fmt.Sprint("variable:", Namespace, "/0"), fmt.Sprint(`"v":`, Variable, "/", decl|Readonly), fmt.Sprint("type:", Property, "/0"),
		fmt.Sprint("list:", Type, "/", DefaultLibrary), fmt.Sprint("string:", Type, "/", DefaultLibrary),
		fmt.Sprint("control:", Namespace, "/0"), fmt.Sprint(`"c":`, Class, "/", decl), fmt.Sprint("query:", Property, "/0"),
		fmt.Sprint("query:", Type, "/0"), fmt.Sprint("q:", Class, "/0"),
		fmt.Sprint("args:", Property, "/0"), fmt.Sprint("n:", Parameter, "/0"),
		fmt.Sprint("var:", Variable, "/", DefaultLibrary), fmt.Sprint("v:", Variable, "/", Readonly),
		fmt.Sprint("title:", Property, "/0"), fmt.Sprint("upper:", Function, "/", DefaultLibrary),
		fmt.Sprint(`"x":`, String, "/0"), fmt.Sprint("# note:", Comment, "/0"),
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Classify:\n got %s\nwant %s", strings.Join(got, " "), strings.Join(want, " "))
	}
	// A range: the tokens that overlap it, whole.
	from := strings.Index(src, "elect")
	if r := Classify([]byte(src), from, from+1, nil); len(r) != 1 || src[r[0].Start:r[0].End] != "select" {
		t.Errorf("Classify of one byte of a token: %v", r)
	}
}
