package settings

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	def := Default()
	tests := []struct {
		name     string
		raw      string
		want     func(*Settings)
		problems []string
	}{
		{"empty", ``, func(*Settings) {}, nil},
		{"null", `null`, func(*Settings) {}, nil},
		{"flat", `{"cacheBudgetMB": 10, "ignorePaths": ["x/**"]}`, func(s *Settings) { s.CacheBudgetMB = 10; s.IgnorePaths = []string{"x/**"} }, nil},
		{"section", `{"modls": {"diagnostics": {"references": false}}}`, func(s *Settings) { s.Diagnostics.References = false }, nil},
		{"dotted", `{"diagnostics.sql": false, "run": {"maxRows": 5}, "database": "connection.steampipe.default"}`, func(s *Settings) {
			s.Diagnostics.SQL = false
			s.Run.MaxRows = 5
			s.Database = "connection.steampipe.default"
		}, nil},
		{"unknown", `{"cacheBudget": 10, "diagnostics": {"spelling": true}}`, func(*Settings) {}, []string{`unknown setting "cacheBudget"`, `unknown setting "diagnostics.spelling"`}},
		{"wrong type", `{"cacheBudgetMB": "big"}`, func(*Settings) {}, []string{`setting "cacheBudgetMB"`}},
		{"too small", `{"cacheBudgetMB": 0, "run": {"timeoutSeconds": -1, "maxRows": 0}}`, func(*Settings) {}, []string{"at least 1", "at least 1", "at least 1"}},
		{"section not an object", `{"diagnostics": false, "trustModDatabase": true}`, func(s *Settings) { s.TrustModDatabase = true }, []string{`setting "diagnostics" must be a JSON object`}},
		{"not an object", `[1]`, func(*Settings) {}, []string{"must be a JSON object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := Decode(json.RawMessage(tt.raw))
			want := def
			want.IgnorePaths = nil
			tt.want(&want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("settings %+v, want %+v", got, want)
			}
			if len(problems) != len(tt.problems) {
				t.Fatalf("problems %q, want %q", problems, tt.problems)
			}
			for i, p := range tt.problems {
				if !strings.Contains(problems[i], p) {
					t.Errorf("problem %q lacks %q", problems[i], p)
				}
			}
		})
	}
}

// TestSpec: every setting is documented, and its key decodes into the
// field its default sets.
func TestSpec(t *testing.T) {
	def := Default()
	if def.CacheBudgetMB != DefaultCacheBudgetMB || !def.Diagnostics.Syntax || def.Diagnostics.Workspace || def.Run.MaxRows != 1000 || def.IgnorePaths != nil {
		t.Errorf("defaults %+v", def)
	}
	for _, sp := range Spec() {
		if sp.Doc == "" {
			t.Errorf("setting %s has no doc", sp.Key)
		}
		// A value other than the default, at the key.
		var v any
		switch sp.Type {
		case "integer":
			v = sp.Default.(int) + 7
		case "boolean":
			v = !sp.Default.(bool)
		case "string":
			v = "x" + sp.Default.(string)
		case "array":
			v = []string{"x"}
		default:
			t.Fatalf("%s: type %q", sp.Key, sp.Type)
		}
		raw := map[string]any{sp.Key: v}
		if section, key, ok := strings.Cut(sp.Key, "."); ok {
			raw = map[string]any{section: map[string]any{key: v}}
		}
		b, _ := json.Marshal(raw)
		got, problems := Decode(b)
		if len(problems) > 0 {
			t.Errorf("%s: %q", b, problems)
		}
		if reflect.DeepEqual(got, def) {
			t.Errorf("%s: the settings did not change", b)
		}
		if field := reflect.ValueOf(sp.field(&got)).Elem().Interface(); !reflect.DeepEqual(field, v) {
			t.Errorf("%s: the field is %v", b, field)
		}
	}
}
