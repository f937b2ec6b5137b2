package parse

// This file holds the differential test: on every file that hclsyntax parses
// without errors, Scan must report exactly the blocks, attributes and
// references that hclsyntax does, to the byte.

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// corpusDir is where the shared corpus of real mods lives, relative to this
// package.
const corpusDir = "../../shared/corpus"

// modFiles lists every .pp, .sp, .ppvars and .spvars file below dir.
func modFiles(t testing.TB, dir string) []string {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch filepath.Ext(path) {
		case ".pp", ".sp", ".ppvars", ".spvars":
			if !d.IsDir() {
				files = append(files, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestDifferentialCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s (it is in ../shared/corpus beside the repository; CI always has it): %v", corpusDir, err)
	}
	files := modFiles(t, corpusDir)
	if len(files) < 400 {
		t.Fatalf("found only %d corpus files", len(files))
	}
	checkFiles(t, files, false)
}

func TestDifferentialFixtures(t *testing.T) {
	var files []string
	for _, dir := range []string{"testdata/syntax", "../examples"} {
		if _, err := os.Stat(dir); err == nil {
			files = append(files, modFiles(t, dir)...)
		}
	}
	if len(files) == 0 {
		t.Fatal("no fixtures found")
	}
	checkFiles(t, files, false)
}

func checkFiles(t *testing.T, files []string, allowErrors bool) {
	t.Helper()
	compared := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f := Scan(src)
		checkBounds(t, path, src, f)
		hf, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		if diags.HasErrors() {
			continue
		}
		compared++
		if probs := diff(src, f, hf.Body.(*hclsyntax.Body)); len(probs) > 0 {
			t.Errorf("%s: scanner disagrees with hclsyntax:\n  %s", path, strings.Join(probs, "\n  "))
		}
	}
	t.Logf("compared %d of %d files", compared, len(files))
}

// checkBounds asserts that every range lies within src and is ordered.
func checkBounds(t testing.TB, name string, src []byte, f *File) {
	t.Helper()
	n := uint32(len(src))
	bad := func(what string, r Range) {
		t.Errorf("%s: %s range %v out of bounds (file is %d bytes)", name, what, r, n)
	}
	check := func(what string, r Range) {
		if r.Start.Byte > r.End.Byte || r.End.Byte > n || r.Start.Line < 1 || r.Start.Line > r.End.Line {
			bad(what, r)
		}
	}
	for _, b := range f.Blocks {
		check("block", b.Range)
		check("block type", b.TypeRange)
		for _, l := range b.Labels {
			check("label", l.Range)
		}
	}
	for _, a := range f.Attrs {
		check("attr", a.Range)
		check("attr name", a.NameRange)
		check("attr expr", a.ExprRange)
	}
	for _, r := range f.Refs {
		check("ref", r.Range)
		if int(r.First+r.N) > len(f.Steps) || r.N == 0 {
			t.Errorf("%s: ref steps out of bounds", name)
			continue
		}
		for _, s := range f.StepsOf(r) {
			check("step", s.Range)
		}
	}
	for _, d := range f.Diags {
		check("diag", d.Range)
	}
}

// diff compares a scan with hclsyntax's parse of the same valid file and
// returns the differences found.
func diff(src []byte, f *File, body *hclsyntax.Body) []string {
	var want wantFile
	want.collect(body, hcl.Range{})
	sort.SliceStable(want.blocks, func(i, j int) bool {
		return want.blocks[i].TypeRange.Start.Byte < want.blocks[j].TypeRange.Start.Byte
	})
	sort.SliceStable(want.attrs, func(i, j int) bool {
		return want.attrs[i].NameRange.Start.Byte < want.attrs[j].NameRange.Start.Byte
	})
	var probs []string
	add := func(format string, args ...any) {
		if len(probs) < 20 {
			probs = append(probs, fmt.Sprintf(format, args...))
		}
	}

	if len(f.Blocks) != len(want.blocks) {
		add("%d blocks, want %d", len(f.Blocks), len(want.blocks))
	}
	for i := 0; i < len(f.Blocks) && i < len(want.blocks); i++ {
		g, w := f.Blocks[i], want.blocks[i]
		at := fmt.Sprintf("block %d (%s at line %d)", i, w.Type, w.TypeRange.Start.Line)
		if g.Type != w.Type {
			add("%s: type %q", at, g.Type)
		}
		sameRange(add, at+" range", g.Range, w.Range())
		sameRange(add, at+" type range", g.TypeRange, w.TypeRange)
		if g.Open {
			add("%s: open", at)
		}
		var parentStart uint32 = ^uint32(0)
		if g.Parent >= 0 {
			parentStart = f.Blocks[g.Parent].TypeRange.Start.Byte
		}
		if wp := want.parents[w]; wp != parentStart {
			add("%s: parent at byte %d, want %d", at, parentStart, wp)
		}
		if len(g.Labels) != len(w.Labels) {
			add("%s: %d labels, want %d", at, len(g.Labels), len(w.Labels))
			continue
		}
		for k, l := range g.Labels {
			if l.Value != w.Labels[k] {
				add("%s: label %q, want %q", at, l.Value, w.Labels[k])
			}
			sameRange(add, at+" label", l.Range, w.LabelRanges[k])
		}
	}

	if len(f.Attrs) != len(want.attrs) {
		add("%d attributes, want %d", len(f.Attrs), len(want.attrs))
	}
	var wantRefs []wantRef
	for i := 0; i < len(f.Attrs) && i < len(want.attrs); i++ {
		g, w := f.Attrs[i], want.attrs[i]
		at := fmt.Sprintf("attribute %s at line %d", w.Name, w.NameRange.Start.Line)
		if g.Name != w.Name {
			add("%s: name %q", at, g.Name)
		}
		sameRange(add, at+" name", g.NameRange, w.NameRange)
		sameRange(add, at+" range", g.Range, w.SrcRange)
		sameRange(add, at+" expr", g.ExprRange, w.Expr.Range())
		tmpl, isTmpl := w.Expr.(*hclsyntax.TemplateExpr)
		static := isTmpl && tmpl.IsStringLiteral()
		if g.Static != static {
			add("%s: static %v, want %v", at, g.Static, static)
		} else if static {
			v, _ := w.Expr.Value(nil)
			got, ok := StringValue(src, g)
			if !ok || got != v.AsString() {
				add("%s: value %q (%v), want %q", at, got, ok, v.AsString())
			}
		}
		for _, tr := range hclsyntax.Variables(w.Expr) {
			wantRefs = append(wantRefs, wantRef{attr: i, tr: tr})
		}
	}
	sort.SliceStable(wantRefs, func(i, j int) bool {
		return wantRefs[i].tr.SourceRange().Start.Byte < wantRefs[j].tr.SourceRange().Start.Byte
	})
	if len(f.Refs) != len(wantRefs) {
		add("%d references, want %d", len(f.Refs), len(wantRefs))
	}
	for i := 0; i < len(f.Refs) && i < len(wantRefs); i++ {
		g, w := f.Refs[i], wantRefs[i]
		at := fmt.Sprintf("reference %s at line %d", traversalString(w.tr), w.tr.SourceRange().Start.Line)
		if int(g.Attr) != w.attr {
			add("%s: in attribute %d, want %d", at, g.Attr, w.attr)
		}
		sameRange(add, at+" range", g.Range, w.tr.SourceRange())
		steps := f.StepsOf(g)
		if len(steps) != len(w.tr) {
			add("%s: %d steps, want %d", at, len(steps), len(w.tr))
			continue
		}
		for k, st := range steps {
			if msg := sameStep(st, w.tr[k]); msg != "" {
				add("%s: step %d: %s", at, k, msg)
			}
		}
	}
	return probs
}

type wantFile struct {
	blocks  []*hclsyntax.Block
	parents map[*hclsyntax.Block]uint32
	attrs   []*hclsyntax.Attribute
}

type wantRef struct {
	attr int
	tr   hcl.Traversal
}

func (w *wantFile) collect(body *hclsyntax.Body, parent hcl.Range) {
	if w.parents == nil {
		w.parents = map[*hclsyntax.Block]uint32{}
	}
	for _, a := range body.Attributes {
		w.attrs = append(w.attrs, a)
	}
	for _, b := range body.Blocks {
		w.blocks = append(w.blocks, b)
		if parent.Filename == "" && parent.End.Byte == 0 {
			w.parents[b] = ^uint32(0)
		} else {
			w.parents[b] = uint32(parent.Start.Byte)
		}
		r := b.TypeRange
		r.Filename = "parent"
		w.collect(b.Body, r)
	}
}

func sameRange(add func(string, ...any), what string, g Range, w hcl.Range) {
	if int(g.Start.Byte) != w.Start.Byte || int(g.End.Byte) != w.End.Byte ||
		int(g.Start.Line) != w.Start.Line || int(g.End.Line) != w.End.Line {
		add("%s: bytes %d-%d lines %d-%d, want bytes %d-%d lines %d-%d", what,
			g.Start.Byte, g.End.Byte, g.Start.Line, g.End.Line,
			w.Start.Byte, w.End.Byte, w.Start.Line, w.End.Line)
	}
}

func sameStep(st Step, tr hcl.Traverser) string {
	var wr hcl.Range
	switch w := tr.(type) {
	case hcl.TraverseRoot:
		if st.Kind != StepRoot || st.Name != w.Name {
			return fmt.Sprintf("got %v %q, want root %q", st.Kind, st.Name, w.Name)
		}
		wr = w.SrcRange
	case hcl.TraverseAttr:
		if st.Kind != StepAttr || st.Name != w.Name {
			return fmt.Sprintf("got %v %q, want attr %q", st.Kind, st.Name, w.Name)
		}
		wr = w.SrcRange
	case hcl.TraverseIndex:
		if st.Kind != StepIndex {
			return fmt.Sprintf("got %v %q, want index", st.Kind, st.Name)
		}
		if !sameKey(st, w.Key) {
			return fmt.Sprintf("key %v %q, want %#v", st.Key, st.Name, w.Key)
		}
		wr = w.SrcRange
	default:
		return fmt.Sprintf("unexpected traverser %T", tr)
	}
	if int(st.Range.Start.Byte) != wr.Start.Byte || int(st.Range.End.Byte) != wr.End.Byte || int(st.Range.Start.Line) != wr.Start.Line {
		return fmt.Sprintf("range %d-%d, want %d-%d", st.Range.Start.Byte, st.Range.End.Byte, wr.Start.Byte, wr.End.Byte)
	}
	return ""
}

func sameKey(st Step, key cty.Value) bool {
	switch st.Key {
	case KeyUnknown:
		return !key.IsKnown()
	case KeyNull:
		return key.IsNull()
	}
	if !key.IsKnown() || key.IsNull() {
		return false
	}
	switch st.Key {
	case KeyNumber:
		n, err := cty.ParseNumberVal(st.Name)
		return err == nil && key.Type() == cty.Number && key.Equals(n).True()
	case KeyString:
		return key.Type() == cty.String && key.AsString() == st.Name
	case KeyBool:
		return key.Type() == cty.Bool && key.True() == (st.Name == "true")
	}
	return false
}

func traversalString(tr hcl.Traversal) string {
	var b strings.Builder
	for _, s := range tr {
		switch s := s.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			b.WriteString("[…]")
		}
	}
	return b.String()
}
