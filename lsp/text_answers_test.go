package lsp

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/modls/modls/internal/fileuri"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Answers kept by the text they follow from change with the text: after an
// edit, folding ranges, document symbols and semantic tokens describe the
// new text, and an edit back gives the first answers again.
func TestTextAnswersFollowEdits(t *testing.T) {
	dir := t.TempDir()
	one := "query \"a\" {\n  sql = <<-EOQ\n    select 1\n  EOQ\n}\n"
	two := one + "\nquery \"b\" {\n  sql = <<-EOQ\n    select 2\n  EOQ\n}\n"
	for name, text := range map[string]string{"mod.pp": "mod \"m\" {}\n", "q.pp": one} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := startServer(t, nil)
	c.initialize(dir)
	uri := fileuri.FromPath(filepath.Join(dir, "q.pp"))
	doc := map[string]any{"uri": uri}
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": one}})
	type counts struct{ folds, symbols, tokens int }
	ask := func() counts {
		var folds []protocol.FoldingRange
		var syms []protocol.DocumentSymbol
		var toks protocol.SemanticTokens
		c.result("textDocument/foldingRange", map[string]any{"textDocument": doc}, &folds)
		c.result("textDocument/documentSymbol", map[string]any{"textDocument": doc}, &syms)
		c.result("textDocument/semanticTokens/full", map[string]any{"textDocument": doc}, &toks)
		return counts{len(folds), len(syms), len(toks.Data)}
	}
	first := ask()
	if again := ask(); again != first || first.folds == 0 || first.symbols != 1 || first.tokens == 0 {
		t.Fatalf("answers for one query: %+v, then %+v", first, again)
	}
	set := func(version int, text string) {
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": version},
			"contentChanges": []map[string]any{{"text": text}}})
	}
	set(2, two)
	if got := ask(); got.folds != 2*first.folds || got.symbols != 2 || got.tokens != 2*first.tokens {
		t.Errorf("answers after adding a second query: %+v, first %+v", got, first)
	}
	set(3, one)
	if got := ask(); got != first {
		t.Errorf("answers after removing it again: %+v, want %+v", got, first)
	}
}
