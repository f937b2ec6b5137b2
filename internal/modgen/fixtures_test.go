package modgen

// This file checks the hand-written HCL fixtures of the repository: the
// example mod under examples/ and the scanner fixtures under
// parse/testdata/. They are not generated, but they serve the same purpose
// as generated mods, and a fixture that stops parsing (or starts parsing,
// for the broken ones) is a silent test bug elsewhere.

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// repoRoot is the module root, relative to this package.
const repoRoot = "../.."

// hclFiles returns the files under dir (hidden directories included) whose
// names end in one of exts, as slash-separated paths relative to dir.
func hclFiles(t *testing.T, dir string, exts ...string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, ext := range exts {
			if strings.HasSuffix(p, ext) {
				rel, _ := filepath.Rel(dir, p)
				out = append(out, filepath.ToSlash(rel))
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("no %v files under %s", exts, dir)
	}
	return out
}

func parseFile(t *testing.T, p string) (*hcl.File, hcl.Diagnostics) {
	t.Helper()
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return hclsyntax.ParseConfig(src, p, hcl.InitialPos)
}

// ignorePatterns reads a .powerpipeignore file.
func ignorePatterns(t *testing.T, p string) []string {
	t.Helper()
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(src), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// ignored reports whether rel matches one of patterns. It understands only
// what the example uses: "dir/**" and plain path.Match patterns.
func ignored(rel string, patterns []string) bool {
	for _, p := range patterns {
		if prefix, ok := strings.CutSuffix(p, "/**"); ok && strings.HasPrefix(rel, prefix+"/") {
			return true
		}
		if ok, _ := path.Match(p, rel); ok {
			return true
		}
	}
	return false
}

// TestExamplesParse checks that every mod and vars file of the example mods
// parses, except the files excluded by .powerpipeignore, which must not.
func TestExamplesParse(t *testing.T) {
	root := filepath.Join(repoRoot, "examples", "acme")
	patterns := ignorePatterns(t, filepath.Join(root, ".powerpipeignore"))
	var ignoredSeen int
	for _, rel := range hclFiles(t, filepath.Join(repoRoot, "examples"), ".pp", ".sp", ".ppvars") {
		t.Run(rel, func(t *testing.T) {
			f, diags := parseFile(t, filepath.Join(repoRoot, "examples", rel))
			modRel, inAcme := strings.CutPrefix(rel, "acme/")
			if inAcme && ignored(modRel, patterns) {
				ignoredSeen++
				if !diags.HasErrors() {
					t.Error("file excluded by .powerpipeignore parses; it should be the deliberately broken one")
				}
				return
			}
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			if strings.HasSuffix(rel, ".ppvars") && len(f.Body.(*hclsyntax.Body).Blocks) > 0 {
				t.Error("a vars file may only contain attributes")
			}
		})
	}
	if ignoredSeen == 0 {
		t.Error("no example file is excluded by .powerpipeignore")
	}
}

// TestExampleCoverage checks that examples/acme uses every block type of the
// mod language and that its lock file agrees with the installed dependency.
func TestExampleCoverage(t *testing.T) {
	root := filepath.Join(repoRoot, "examples", "acme")
	patterns := ignorePatterns(t, filepath.Join(root, ".powerpipeignore"))
	types := map[string]int{}
	for _, rel := range hclFiles(t, root, ".pp", ".sp") {
		if ignored(rel, patterns) || strings.HasPrefix(rel, ".powerpipe/") {
			continue
		}
		f, diags := parseFile(t, filepath.Join(root, rel))
		if diags.HasErrors() {
			continue // reported by TestExamplesParse
		}
		hclsyntax.VisitAll(f.Body.(*hclsyntax.Body), func(n hclsyntax.Node) hcl.Diagnostics {
			if b, ok := n.(*hclsyntax.Block); ok {
				types[b.Type]++
			}
			return nil
		})
	}
	for _, typ := range []string{
		"mod", "opengraph", "require", "powerpipe", "plugin", "variable", "locals", "query",
		"param", "control", "detection", "benchmark", "dashboard", "container", "card",
		"chart", "legend", "axes", "series", "point", "flow", "graph", "hierarchy", "image",
		"input", "option", "table", "column", "text", "node", "edge", "category", "fold",
		"property", "with",
	} {
		if types[typ] == 0 {
			t.Errorf("examples/acme has no %s block", typ)
		}
	}

	// The lock file maps the dependency to an alias that must be the label
	// of the installed mod's own mod block.
	src, err := os.ReadFile(filepath.Join(root, ".mod.cache.json"))
	if err != nil {
		t.Fatal(err)
	}
	var lock map[string]map[string]struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Alias   string `json:"alias"`
	}
	if err := json.Unmarshal(src, &lock); err != nil {
		t.Fatal(err)
	}
	for parent, deps := range lock {
		for modPath, dep := range deps {
			dir := filepath.Join(root, ".powerpipe", "mods", filepath.FromSlash(modPath)+"@v"+dep.Version)
			f, diags := parseFile(t, filepath.Join(dir, "mod.sp"))
			if diags.HasErrors() {
				t.Fatalf("%s: %s", parent, diags.Error())
			}
			blocks := f.Body.(*hclsyntax.Body).Blocks
			if len(blocks) == 0 || blocks[0].Type != "mod" || blocks[0].Labels[0] != dep.Alias {
				t.Errorf("lock alias %q does not match the mod block of %s", dep.Alias, dir)
			}
		}
	}
}

// TestExampleReferences checks that every reference of the example mod and
// of its installed dependency resolves.
func TestExampleReferences(t *testing.T) {
	root := filepath.Join(repoRoot, "examples", "acme")
	depRoot := filepath.Join(root, ".powerpipe", "mods", "github.com", "acme", "steampipe-mod-acme-shared@v1.2.0")
	patterns := ignorePatterns(t, filepath.Join(root, ".powerpipeignore"))
	dep := loadMod(t, depRoot)
	dep.checkReferences(t)
	ix := loadModFiltered(t, root, func(rel string) bool {
		return strings.HasPrefix(rel, ".") || ignored(rel, patterns)
	})
	ix.deps = map[string]*modIndex{"acme_shared": dep}
	if n := ix.checkReferences(t); n < 100 {
		t.Errorf("only %d references checked", n)
	}
	for typ, names := range ix.registered {
		for name, n := range names {
			if n > 1 {
				t.Errorf("%s.%s is defined %d times", typ, name, n)
			}
		}
	}
	checkBenchmarks(t, ix)
	checkFileCalls(t, ix)
	checkFileCalls(t, dep)
}

// TestSyntaxFixtures checks that the scanner fixtures are valid HCL and
// that the byte-level properties they exist for survived editors and git.
func TestSyntaxFixtures(t *testing.T) {
	dir := filepath.Join(repoRoot, "parse", "testdata", "syntax")
	for _, rel := range hclFiles(t, dir, ".pp") {
		t.Run(rel, func(t *testing.T) {
			if _, diags := parseFile(t, filepath.Join(dir, rel)); diags.HasErrors() {
				t.Fatal(diags.Error())
			}
		})
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	crlf := read("crlf.pp")
	if n, lf := bytes.Count(crlf, []byte("\r\n")), bytes.Count(crlf, []byte("\n")); n == 0 || n != lf {
		t.Errorf("crlf.pp: %d CRLF of %d line ends, want all", n, lf)
	}
	for _, name := range []string{"bom.pp", "bom_block_first.pp"} {
		if !bytes.HasPrefix(read(name), []byte("\xef\xbb\xbf")) {
			t.Errorf("%s lost its byte order mark", name)
		}
	}
	if !bytes.Contains(read("tabs.pp"), []byte("\n\t\t")) {
		t.Error("tabs.pp is no longer indented with tabs")
	}
	if b := read("no_trailing_newline.pp"); bytes.HasSuffix(b, []byte("\n")) {
		t.Error("no_trailing_newline.pp ends with a newline")
	}
}

// TestBrokenFixtures checks that every broken fixture has a syntax error
// and documents what a tolerant scanner should recover.
func TestBrokenFixtures(t *testing.T) {
	dir := filepath.Join(repoRoot, "parse", "testdata", "broken")
	for _, rel := range hclFiles(t, dir, ".pp") {
		t.Run(rel, func(t *testing.T) {
			p := filepath.Join(dir, rel)
			if _, diags := parseFile(t, p); !diags.HasErrors() {
				t.Error("parses without errors")
			}
			src, _ := os.ReadFile(p)
			if !bytes.HasPrefix(src, []byte("# Expect: ")) {
				t.Error(`does not start with a "# Expect: ..." comment`)
			}
		})
	}
}
