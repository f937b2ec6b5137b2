package modgen

// This file defines modIndex, a small test-only loader that parses every mod
// source file of a directory with hclsyntax and checks names and references
// the way Powerpipe resolves them.

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// resourceTypes are the block types counted by Stats.Resources.
var resourceTypes = map[string]bool{
	"mod": true, "variable": true, "query": true, "control": true, "detection": true,
	"benchmark": true, "dashboard": true, "container": true, "card": true, "chart": true,
	"flow": true, "graph": true, "hierarchy": true, "image": true, "input": true,
	"table": true, "text": true, "node": true, "edge": true, "category": true, "with": true,
}

// referenceable are the roots of `<type>.<name>` references to top-level
// resources.
var referenceable = map[string]bool{
	"query": true, "control": true, "detection": true, "benchmark": true, "dashboard": true,
	"card": true, "chart": true, "flow": true, "graph": true, "hierarchy": true, "image": true,
	"input": true, "table": true, "text": true, "node": true, "edge": true, "category": true,
}

// modIndex is what loadMod learns about a mod directory.
type modIndex struct {
	root      string
	files     map[string]*hcl.File // by slash-separated relative path
	paths     []string             // sorted keys of files
	topLevel  map[string]map[string]*hclsyntax.Block
	vars      map[string]bool
	locals    map[string]bool
	resources int // labelled blocks of resourceTypes at any depth
	// registered counts the names that Powerpipe registers in the mod,
	// by type then name: top-level blocks and named nested blocks except
	// the scoped ones (inputs, withs, graph-owned nodes/edges/categories).
	registered map[string]map[string]int
	// deps are the direct dependency mods by alias.
	deps map[string]*modIndex
}

// loadMod parses every .pp and .sp file under root and fails the test on
// any syntax error.
func loadMod(t testing.TB, root string) *modIndex {
	t.Helper()
	return loadModFiltered(t, root, func(string) bool { return false })
}

// loadModFiltered is loadMod without the files for which skip, given the
// slash-separated path relative to root, returns true.
func loadModFiltered(t testing.TB, root string, skip func(rel string) bool) *modIndex {
	t.Helper()
	ix := &modIndex{
		root:       root,
		files:      map[string]*hcl.File{},
		topLevel:   map[string]map[string]*hclsyntax.Block{},
		vars:       map[string]bool{},
		locals:     map[string]bool{},
		registered: map[string]map[string]int{},
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if ext := filepath.Ext(p); ext != ".pp" && ext != ".sp" {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if skip(rel) {
			return nil
		}
		f, diags := hclsyntax.ParseConfig(src, rel, hcl.InitialPos)
		if diags.HasErrors() {
			t.Errorf("%s: %s", rel, diags.Error())
			return nil
		}
		ix.files[rel] = f
		ix.paths = append(ix.paths, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(ix.paths)
	for _, rel := range ix.paths {
		for _, b := range ix.files[rel].Body.(*hclsyntax.Body).Blocks {
			ix.collectTop(t, rel, b)
		}
	}
	return ix
}

func (ix *modIndex) collectTop(t testing.TB, rel string, b *hclsyntax.Block) {
	switch b.Type {
	case "locals":
		for name := range b.Body.Attributes {
			if ix.locals[name] {
				t.Errorf("%s: local %s defined twice", rel, name)
			}
			ix.locals[name] = true
		}
		return
	case "variable":
		ix.vars[b.Labels[0]] = true
	}
	if len(b.Labels) != 1 {
		t.Errorf("%s: top-level %s block has %d labels", rel, b.Type, len(b.Labels))
		return
	}
	if ix.topLevel[b.Type] == nil {
		ix.topLevel[b.Type] = map[string]*hclsyntax.Block{}
	}
	ix.topLevel[b.Type][b.Labels[0]] = b
	ix.collect(b, nil)
}

// collect counts b and its descendants; parent is b's enclosing block.
func (ix *modIndex) collect(b, parent *hclsyntax.Block) {
	if resourceTypes[b.Type] && len(b.Labels) > 0 {
		ix.resources++
		scoped := b.Type == "input" || b.Type == "with" ||
			(parent != nil && slices.Contains([]string{"graph", "flow", "hierarchy"}, parent.Type))
		if !scoped {
			if ix.registered[b.Type] == nil {
				ix.registered[b.Type] = map[string]int{}
			}
			ix.registered[b.Type][b.Labels[0]]++
		}
	}
	for _, c := range b.Body.Blocks {
		ix.collect(c, b)
	}
}

// scope holds the runtime names visible inside one top-level block.
type scope struct {
	inputs, withs, params map[string]bool
}

func newScope(top *hclsyntax.Block) scope {
	s := scope{inputs: map[string]bool{}, withs: map[string]bool{}, params: map[string]bool{}}
	for _, c := range top.Body.Blocks {
		switch c.Type {
		case "with":
			s.withs[c.Labels[0]] = true
		case "param":
			s.params[c.Labels[0]] = true
		}
	}
	var inputs func(b *hclsyntax.Block)
	inputs = func(b *hclsyntax.Block) {
		for _, c := range b.Body.Blocks {
			if c.Type == "input" && len(c.Labels) > 0 {
				s.inputs[c.Labels[0]] = true
			}
			inputs(c)
		}
	}
	inputs(top)
	return s
}

// checkReferences reports every reference that does not resolve: unknown
// resources, variables and locals, and runtime references (self.input,
// with, param) that name nothing in scope or appear outside args and param
// defaults.
func (ix *modIndex) checkReferences(t testing.TB) (checked int) {
	for _, rel := range ix.paths {
		for _, top := range ix.files[rel].Body.(*hclsyntax.Body).Blocks {
			sc := newScope(top)
			var walk func(b *hclsyntax.Block)
			walk = func(b *hclsyntax.Block) {
				for _, a := range b.Body.Attributes {
					if b.Type == "variable" && a.Name == "type" {
						continue // a type expression, not a reference
					}
					for _, tr := range a.Expr.Variables() {
						checked++
						if msg := ix.resolve(tr, sc, b, a.Name); msg != "" {
							t.Errorf("%s:%d: %s: %s", rel, tr.SourceRange().Start.Line, traversalString(tr), msg)
						}
					}
				}
				for _, c := range b.Body.Blocks {
					walk(c)
				}
			}
			walk(top)
		}
	}
	return checked
}

// resolve returns "" if tr resolves in block b's attribute attr, else why not.
func (ix *modIndex) resolve(tr hcl.Traversal, sc scope, b *hclsyntax.Block, attr string) string {
	root := tr.RootName()
	step := func(i int) string {
		if i < len(tr) {
			if a, ok := tr[i].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
		return ""
	}
	runtimeOK := attr == "args" || (b.Type == "param" && attr == "default")
	switch {
	case root == "var":
		if !ix.vars[step(1)] {
			return "unknown variable"
		}
	case root == "local":
		if !ix.locals[step(1)] {
			return "unknown local"
		}
	case root == "connection":
	case root == "self":
		if step(1) != "input" || !sc.inputs[step(2)] || step(3) != "value" {
			return "self reference does not name an input of the dashboard"
		}
		if !runtimeOK {
			return "runtime reference outside args"
		}
	case root == "with":
		if !sc.withs[step(1)] {
			return "unknown with block"
		}
		if !runtimeOK {
			return "runtime reference outside args"
		}
	case root == "param":
		if !sc.params[step(1)] {
			return "unknown param"
		}
		if !runtimeOK {
			return "runtime reference outside args"
		}
	case referenceable[root]:
		if ix.topLevel[root][step(1)] == nil {
			return "no top-level " + root + " of that name"
		}
	case ix.deps[root] != nil:
		dep := ix.deps[root]
		if typ, name := step(1), step(2); typ == "var" && !dep.vars[name] ||
			typ != "var" && dep.topLevel[typ][name] == nil {
			return "not found in dependency " + root
		}
	default:
		return "unknown reference root"
	}
	return ""
}

func traversalString(tr hcl.Traversal) string {
	var sb strings.Builder
	sb.WriteString(tr.RootName())
	for _, s := range tr[1:] {
		if a, ok := s.(hcl.TraverseAttr); ok {
			sb.WriteString("." + a.Name)
		} else {
			sb.WriteString("[…]")
		}
	}
	return sb.String()
}

// stringAttr returns the literal string value of attribute name of b, or "".
func stringAttr(b *hclsyntax.Block, name string) string {
	a := b.Body.Attributes[name]
	if a == nil {
		return ""
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}
