// Package docs holds the documentation the binary shows as it is written
// here: the diagnostics reference, diagnostics.md, whose section of each
// code is that code's help everywhere — the full description and default
// level of its rule in SARIF, its hover in a suppression comment or a
// .modls.hcl. The page is the one copy; nothing restates it.
package docs

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed diagnostics.md
var diagnostics string

// Code is the documentation of one diagnostic code.
type Code struct {
	// Text is the first paragraph of the code's section, on one line.
	Text string
	// Level is the severity the code is reported with by default: "error",
	// or "warning" or "hint" when the paragraph begins "A warning" or "A
	// hint".
	Level string
}

var codes = sync.OnceValue(func() map[string]Code {
	out := map[string]Code{}
	for _, s := range strings.Split(diagnostics, "\n## ")[1:] {
		code, body, _ := strings.Cut(s, "\n")
		para, _, _ := strings.Cut(strings.TrimSpace(body), "\n\n")
		para = strings.Join(strings.Fields(para), " ")
		level := "error"
		switch {
		case strings.HasPrefix(para, "A warning"):
			level = "warning"
		case strings.HasPrefix(para, "A hint"):
			level = "hint"
		}
		out[strings.TrimSpace(code)] = Code{Text: para, Level: level}
	}
	return out
})

// Diagnostic returns the documentation of a diagnostic code, and whether
// diagnostics.md documents it.
func Diagnostic(code string) (Code, bool) {
	c, ok := codes()[code]
	return c, ok
}
