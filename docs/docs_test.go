package docs

import (
	"slices"
	"strings"
	"testing"

	"github.com/modls/modls/check"
)

func TestDiagnostic(t *testing.T) {
	c, ok := Diagnostic("syntax")
	if !ok || c.Level != "error" || !strings.HasPrefix(c.Text, "The file is not valid HCL;") || strings.Contains(c.Text, "\n") {
		t.Errorf("syntax: %+v, %v", c, ok)
	}
	if c, ok := Diagnostic("unused"); !ok || c.Level != "hint" {
		t.Errorf("unused: %+v, %v", c, ok)
	}
	if c, ok := Diagnostic("anonymous-block"); !ok || c.Level != "warning" {
		t.Errorf("anonymous-block: %+v, %v", c, ok)
	}
	if _, ok := Diagnostic("no-such-code"); ok {
		t.Error("no-such-code is documented")
	}
}

// TestCodesDocumented: every code the checks report has its section in
// docs/diagnostics.md, whose first paragraph is the SARIF rule's full
// description and, by its first words ("A warning", "A hint"), its default
// level; and the page documents no code that does not exist.
func TestCodesDocumented(t *testing.T) {
	var codes []string
	for _, c := range check.Codes() {
		codes = append(codes, c.Code)
	}
	for _, code := range codes {
		if d, ok := Diagnostic(code); !ok || d.Text == "" {
			t.Errorf("docs/diagnostics.md has no section for %s", code)
		}
	}
	for _, code := range Documented() {
		if !slices.Contains(codes, code) {
			t.Errorf("docs/diagnostics.md documents %s, which check.Codes does not list", code)
		}
	}
}
