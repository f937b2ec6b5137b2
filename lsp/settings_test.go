package lsp

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/modls/modls/internal/fileuri"
)

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
