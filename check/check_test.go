package check

import (
	"os"
	"strings"
	"testing"
)

// TestCodesDocumented keeps docs/diagnostics.md in step with the codes.
func TestCodesDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/diagnostics.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range Codes() {
		if !strings.Contains(string(doc), "\n## "+c.Code+"\n") {
			t.Errorf("docs/diagnostics.md has no section for %s", c.Code)
		}
		if c.Summary == "" {
			t.Errorf("code %s has no summary", c.Code)
		}
	}
}

func TestSeverity(t *testing.T) {
	for _, s := range []Severity{Error, Warning, Info, Hint} {
		if got, ok := ParseSeverity(s.String()); !ok || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s.String(), got, ok)
		}
	}
	if _, ok := ParseSeverity("fatal"); ok {
		t.Error("ParseSeverity accepts fatal")
	}
}
