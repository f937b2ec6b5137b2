package lsp

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/modls/modls/internal/fileuri"
)

func TestDecodeSettings(t *testing.T) {
	def := defaultSettings()
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
		{"unknown", `{"cacheBudget": 10, "diagnostics": {"spelling": true}}`, func(*Settings) {}, []string{`unknown setting "cacheBudget"`, `unknown setting "diagnostics.spelling"`}},
		{"wrong type", `{"cacheBudgetMB": "big"}`, func(*Settings) {}, []string{`setting "cacheBudgetMB"`}},
		{"too small", `{"cacheBudgetMB": 0}`, func(*Settings) {}, []string{"at least 1"}},
		{"not an object", `[1]`, func(*Settings) {}, []string{"must be a JSON object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := decodeSettings(json.RawMessage(tt.raw))
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
	// Every documented setting decodes.
	for _, sp := range SettingsSpec() {
		if sp.Doc == "" {
			t.Errorf("setting %s has no doc", sp.Key)
		}
	}
}

func TestSettingsThroughTheProtocol(t *testing.T) {
	root := exampleRoot(t)
	// Unknown keys in initializationOptions are reported to the user; the
	// ignore setting keeps files out of the index.
	c := startServer(t, nil)
	c.initializeWith(root, map[string]any{"ignorePaths": []string{"queries/**"}, "bogus": 1}, false)
	m := c.waitNote("showMessage", func(m *message) bool { return m.Method == "window/showMessage" })
	if !strings.Contains(string(m.Params), `unknown setting \"bogus\"`) {
		t.Errorf("showMessage: %s", m.Params)
	}
	if names := symbolNames(c, "bucket_versioning_check"); len(names) > 0 && names[0] == "query.bucket_versioning_check" {
		t.Errorf("an ignored file is indexed: %v", names)
	}

	// Settings pulled with workspace/configuration turn a diagnostic off.
	c2 := startServer(t, nil)
	c2.answers["workspace/configuration"] = `[{"diagnostics": {"references": false}}]`
	c2.initializeWith(root, nil, true)
	c2.waitNote("configuration request", func(m *message) bool { return m.Method == "workspace/configuration" })
	path := filepath.Join(root, "zz_settings_test.pp")
	uri := fileuri.FromPath(path)
	eventually(t, "settings applied", func() string {
		c2.srv.mu.Lock()
		defer c2.srv.mu.Unlock()
		if c2.srv.settings.Diagnostics.References {
			return "references still on"
		}
		return ""
	})
	c2.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": "control \"x_settings\" {\n  query = query.nothing_here\n}\n"}})
	pub := c2.waitNote("diagnostics", func(m *message) bool {
		return m.Method == "textDocument/publishDiagnostics" && strings.Contains(string(m.Params), "zz_settings_test.pp")
	})
	if strings.Contains(string(pub.Params), "unresolved-reference") {
		t.Errorf("a diagnostic that the settings turned off: %s", pub.Params)
	}
}
