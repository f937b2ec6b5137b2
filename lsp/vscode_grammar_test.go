package lsp

// The VS Code extension (editors/vscode) describes the language again, in
// its TextMate grammar. These tests keep it in step with the one source in
// schema: the block types, the reference roots and the functions. (Its
// settings are checked against settings.Spec in package settings.)

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/modls/modls/schema"
)

var vscodeDir = filepath.Join("..", "editors", "vscode")

// grammarAlternatives returns the names listed in the first group of
// alternatives that follows prefix in re, e.g. "(?:a|b|c)".
func grammarAlternatives(t *testing.T, re, prefix string) []string {
	t.Helper()
	i := strings.Index(re, prefix)
	if i < 0 {
		t.Fatalf("%q not found in the grammar's %q", prefix, re)
	}
	rest := re[i+len(prefix):]
	end := strings.IndexByte(rest, ')')
	if end < 0 {
		t.Fatalf("no end of the group after %q in %q", prefix, re)
	}
	names := strings.Split(rest[:end], "|")
	sort.Strings(names)
	return names
}

func TestVSCodeGrammar(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(vscodeDir, "syntaxes", "powerpipe.tmLanguage.json"))
	if err != nil {
		t.Fatalf("the VS Code extension's grammar: %v", err)
	}
	type rule struct {
		Comment       string `json:"comment"`
		Match         string `json:"match"`
		Begin         string `json:"begin"`
		BeginCaptures map[string]struct {
			Patterns []rule `json:"patterns"`
		} `json:"beginCaptures"`
		Patterns []rule `json:"patterns"`
	}
	var g struct {
		Repository map[string]rule `json:"repository"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatalf("powerpipe.tmLanguage.json: %v", err)
	}

	// Block types: every top-level type, and the nested-only ones.
	block := g.Repository["block"].BeginCaptures["1"].Patterns
	if len(block) == 0 {
		t.Fatal("the grammar's block rule has no patterns for the block type")
	}
	blocks := grammarAlternatives(t, block[0].Match, "(?:")
	wantBlocks := []string{"container", "param", "with"}
	for _, b := range schema.TopLevel() {
		wantBlocks = append(wantBlocks, b.Type)
	}
	sort.Strings(wantBlocks)
	if !slices.Equal(blocks, wantBlocks) {
		t.Errorf("block types in the grammar:\n%v\nin schema:\n%v", blocks, wantBlocks)
	}

	// Functions: exactly the function table.
	fns := grammarAlternatives(t, g.Repository["function_call"].Begin, "(?:(")
	var wantFns []string
	for _, f := range schema.Functions() {
		wantFns = append(wantFns, f.Name)
	}
	sort.Strings(wantFns)
	if !slices.Equal(fns, wantFns) {
		t.Errorf("functions in the grammar:\n%v\nin schema:\n%v", fns, wantFns)
	}

	// Reference roots: the resource types, and a rule for each other root.
	var resources, others []string
	for _, r := range schema.Roots() {
		if r.Resource {
			resources = append(resources, r.Name)
		} else {
			others = append(others, r.Name)
		}
	}
	sort.Strings(resources)
	found := false
	text := map[string]bool{}
	for _, r := range g.Repository["references"].Patterns {
		text[r.Match] = true
		if strings.HasPrefix(r.Comment, "<type>.<name>") {
			found = true
			if got := grammarAlternatives(t, r.Match, "(?<![\\w.-])("); !slices.Equal(got, resources) {
				t.Errorf("resource roots in the grammar:\n%v\nin schema:\n%v", got, resources)
			}
		}
	}
	if !found {
		t.Error("the grammar has no rule for <type>.<name> references")
	}
	for _, root := range others {
		ok := false
		for m := range text {
			if strings.HasPrefix(m, "(?<![\\w.-])("+root+")") {
				ok = true
			}
		}
		if !ok {
			t.Errorf("the grammar has no rule for references of the root %q", root)
		}
	}
}
