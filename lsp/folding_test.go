package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modls/modls/internal/fileuri"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// renderFolds renders folding ranges as 1-based "start-end kind" lines.
func renderFolds(rs []protocol.FoldingRange) string {
	var b strings.Builder
	for _, r := range rs {
		kind := "code"
		if r.Kind != nil {
			kind = *r.Kind
		}
		fmt.Fprintf(&b, "%d-%d %s", r.StartLine+1, r.EndLine+1, kind)
		if r.StartCharacter != nil {
			fmt.Fprintf(&b, " %d-%d", *r.StartCharacter+1, *r.EndCharacter+1)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestFoldingRangesLineOnly(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"closing brace stays visible", "a {\n  b = 1\n}\n", "1-2 code\n"},
		{"closer after content is folded with it", "x = [\n  1,\n  2]\n", "1-3 code\n"},
		{"empty body hides nothing", "a {\n}\n", ""},
		{"heredoc keeps its marker visible", "x = <<EOT\none\ntwo\nEOT\n", "1-3 region\n"},
		{"empty heredoc", "x = <<EOT\nEOT\n", ""},
		{"comment run", "# a\n# b\n# c\nx = 1\n", "1-3 comment\n"},
		{"one comment line", "# a\n\n# b\n", ""},
		{"block comment", "/* a\n   b */\n", "1-2 comment\n"},
		{"nested, one per start line", "a {\n  b = [{\n    c = 1\n  }]\n}\n", "1-4 code\n2-3 code\n"},
		{"unclosed block", "a {\n  b {\n    c = 1\n", "1-3 code\n2-3 code\n"},
		{"crlf", "a {\r\n  b = 1\r\n}\r\n", "1-2 code\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := []byte(tc.src)
			if got := renderFolds(foldingRanges(text, newLineIndex(text), true, 0)); got != tc.want {
				t.Errorf("folds of %q:\n%s\nwant:\n%s", tc.src, got, tc.want)
			}
		})
	}
}

func TestFoldingRangesCharacters(t *testing.T) {
	src := "a \"é\" {\n  t = \"😀\" # x\n  b = [\n    1]\n}\n"
	text := []byte(src)
	got := renderFolds(foldingRanges(text, newLineIndex(text), false, 0))
	// The block's fold starts after "{" (UTF-16 column 7) and ends before
	// "}"; the list's starts after "[" and ends before "]".
	want := "1-5 code 8-1\n3-4 code 8-6\n"
	if got != want {
		t.Errorf("folds:\n%s\nwant:\n%s", got, want)
	}
}

func TestFoldingRangeLimit(t *testing.T) {
	// Three top-level blocks, each with two nested ones: a limit of 4 keeps
	// the three top-level folds and the first nested one.
	var b strings.Builder
	for i := range 3 {
		fmt.Fprintf(&b, "a \"%d\" {\n  b {\n    x = 1\n  }\n  c {\n    y = 2\n  }\n}\n", i)
	}
	text := []byte(b.String())
	all := foldingRanges(text, newLineIndex(text), true, 0)
	if len(all) != 9 {
		t.Fatalf("%d folds, want 9:\n%s", len(all), renderFolds(all))
	}
	got := renderFolds(foldingRanges(text, newLineIndex(text), true, 4))
	want := "1-7 code\n2-3 code\n9-15 code\n17-23 code\n"
	if got != want {
		t.Errorf("limited folds:\n%s\nwant:\n%s", got, want)
	}
}

// TestFoldingClientCapabilities checks, through the protocol, that a client
// declaring lineFoldingOnly and a rangeLimit gets line-only folds within
// the limit.
func TestFoldingClientCapabilities(t *testing.T) {
	dir := t.TempDir()
	src := "dashboard \"d\" {\n  container {\n    card {\n      width = 3\n    }\n  }\n}\n# a\n# b\n"
	for name, text := range map[string]string{"mod.pp": "mod \"m\" {}\n", "d.pp": src} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := startServer(t, nil)
	c.result("initialize", map[string]any{
		"processId": nil,
		"rootUri":   string(fileuri.FromPath(dir)),
		"capabilities": map[string]any{"textDocument": map[string]any{
			"foldingRange": map[string]any{"lineFoldingOnly": true, "rangeLimit": 2},
		}},
	}, nil)
	c.notify("initialized", map[string]any{})
	var folds []protocol.FoldingRange
	c.result("textDocument/foldingRange", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(filepath.Join(dir, "d.pp"))}}, &folds)
	if got, want := renderFolds(folds), "1-6 code\n8-9 comment\n"; got != want {
		t.Errorf("folds:\n%s\nwant:\n%s", got, want)
	}
}
