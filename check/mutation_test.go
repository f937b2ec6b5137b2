package check

// This file holds the mutation test: faults injected into real corpus files
// must each be reported with the exact code at the exact place.

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
	"github.com/modls/modls/pgsql"
)

// copyMod copies the mod files and the docs they read with file() (.pp,
// .sp, .md) of a mod into a temporary directory.
func copyMod(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if ext := filepath.Ext(path); ext != ".pp" && ext != ".sp" && ext != ".md" {
			return nil
		}
		rel, _ := filepath.Rel(src, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestMutations(t *testing.T) {
	corpus := "../../shared/corpus"
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus not found at %s (CI always has it): %v", corpus, err)
	}
	tests := []struct {
		name, mod, file string
		// find is replaced by repl (first occurrence); the diagnostic must
		// start where at is found in the mutated file (first occurrence).
		find, repl, at string
		code           string
		// in is where the diagnostic is, when not in file: a control's
		// columns are reported on the control, not on its query.
		in string
	}{
		{"typo an SQL keyword", "gcp-compliance", "policy_bundle/resourcemanager.pp", "    select\n      default_audit_configs.service resource,", "    selec\n      default_audit_configs.service resource,", "selec\n", CodeSQLSyntax, ""},
		{"double a comma in SQL", "gcp-compliance", "policy_bundle/resourcemanager.pp", "gcp_audit_policy,\n", "gcp_audit_policy,,\n", ",\n            jsonb_array_elements(audit_log_configs)", CodeSQLSyntax, ""},
		{"a $2 that no use supplies", "aws-insights", "dashboards/s3/s3_bucket_detail.pp", "      'Versioning' as label,", "      'Versioning' as label, $2 as second,", "$2 as second", CodeSQLParams, ""},
		{"a control's query without reason", "gcp-compliance", "policy_bundle/compute.pp", "        else title || ' private Google Access is disabled.'\n      end as reason", "        else title || ' private Google Access is disabled.'\n      end as reasons", "query.compute_subnetwork_private_ip_google_access", CodeControlColumns, "policy_bundle/compute.pp"},
		{"make a benchmark child a query", "gcp-compliance", "cis_v120/section_1.pp", "control.cis_v120_1_1,", "query.alloydb_instance_log_min_error_statement_database_flag_configured,", "query.alloydb_instance_log_min_error_statement_database_flag_configured", CodeWrongTarget, ""},
		{"typo a reference", "gcp-compliance", "cis_v120/section_1.pp", "control.cis_v120_1_1,", "control.cis_v120_1_1x,", "control.cis_v120_1_1x", CodeUnresolved, ""},
		// A second definition of an existing name, added at the end.
		{"duplicate a name", "aws-insights", "dashboards/vpc/vpc_security_group_detail.pp", "", "\nquery \"vpc_security_group_input\" {\n  sql = \"select 1\"\n}\n", `query "vpc_security_group_input" {`, CodeDuplicate, ""},
		{"unknown attribute", "aws-insights", "dashboards/vpc/vpc_security_group_detail.pp", "  title = ", "  titel = ", "titel", CodeUnknownAttribute, ""},
		{"a width that is not a number", "aws-insights", "dashboards/vpc/vpc_security_group_detail.pp", "    width = 4", "    width = \"wide\"", "\"wide\"", CodeValue, ""},
		{"named args for a query without params", "aws-insights", "dashboards/vpc/vpc_security_group_detail.pp", "args  = [self.input.security_group_id.value]", "args  = { id = self.input.security_group_id.value }", "{ id", CodeArgs, ""},
		{"a typo in a runtime reference", "aws-insights", "dashboards/vpc/vpc_security_group_detail.pp", "args  = [self.input.security_group_id.value]", "args  = [self.input.security_group_idd.value]", "self.input.security_group_idd.value", CodeRuntime, ""},
		{"a runtime reference in a title", "aws-insights", "dashboards/vpc/vpc_security_group_detail.pp", "        title = \"Overview\"", "        title = self.input.security_group_id.value", "self.input.security_group_id.value\n", CodeRuntime, ""},
		{"a typo in a dashboard link", "aws-insights", "dashboards/redshift/redshift.pp", "/aws_insights.dashboard.redshift_cluster_detail?", "/aws_insights.dashboard.redshift_cluster_detial?", "aws_insights.dashboard.redshift_cluster_detial", CodeUnresolvedLink, ""},
		{"a default that suits its type only by conversion", "gcp-compliance", "variables.pp", "  default = []\n}\n\nlocals", "  default = [1]\n}\n\nlocals", "[1]", CodeDefaultType, ""},
		{"break the syntax mid-file", "gcp-compliance", "cis_v120/section_1.pp", "control.cis_v120_1_2,", "control.cis_v120_1_2 = ,", "= ,", CodeSyntax, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if (tt.code == CodeSQLSyntax || tt.code == CodeControlColumns) && !pgsql.Available() {
				t.Skip("built without cgo: no SQL parser")
			}
			dir := copyMod(t, filepath.Join(corpus, tt.mod))
			path := filepath.Join(dir, filepath.FromSlash(tt.file))
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			mutated := string(data) + tt.repl // an empty find appends
			if tt.find != "" {
				if !strings.Contains(string(data), tt.find) {
					t.Fatalf("%q not in %s", tt.find, tt.file)
				}
				mutated = strings.Replace(string(data), tt.find, tt.repl, 1)
			}
			if err := os.WriteFile(path, []byte(mutated), 0o644); err != nil {
				t.Fatal(err)
			}
			in, inText := path, mutated
			if tt.in != "" {
				in = filepath.Join(dir, filepath.FromSlash(tt.in))
				data, _ := os.ReadFile(in)
				inText = string(data)
			}
			at := strings.Index(inText, tt.at)
			if tt.code == CodeDuplicate {
				at += len(`query `) // the first of the two places: its label
			}
			ix, _, _ := index.Load([]string{dir})
			var found bool
			var got []Diagnostic
			for _, f := range ix.Files() {
				src, _ := os.ReadFile(f.Path)
				for _, d := range File(ix, cache.New(1<<20), f.Path, src, All) {
					if d.Severity == Hint {
						continue // the corpus has unused queries and locals
					}
					got = append(got, d)
					if f.Path == in && d.Code == tt.code && int(d.Range.Start.Byte) == at {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("no %s diagnostic at byte %d of %s; got %+v", tt.code, at, tt.file, got)
			}
			// Nothing else: one fault, one report (two for a duplicate:
			// both places).
			want := 1
			if tt.code == CodeDuplicate {
				want = 2
			}
			if tt.code != CodeSyntax && len(got) != want {
				t.Errorf("%d diagnostics for one fault, want %d: %+v", len(got), want, got)
			}
		})
	}
}
