package outline

// This file defines Symbols: a file's outline — dashboards with their
// containers and panels, benchmarks, each local under its locals block —
// from the index's entries.

import (
	"path/filepath"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// Symbol is one node of a file's outline.
type Symbol struct {
	Name, Detail string
	// Entry is the entry the symbol shows; nil for a locals block, which
	// groups the locals it declares.
	Entry *index.Entry
	// Range is the whole declaration, NameRange what to select in it.
	Range, NameRange parse.Range
	Children         []Symbol
}

// Standalone indexes the file at path, whose text is text, on its own: a
// file outside any indexed mod still has an outline.
func Standalone(path string, text []byte) *index.File {
	b := index.NewBuilder()
	id := b.AddMod(filepath.Dir(path), "")
	b.SetFile(id, path, text, parse.Scan(text))
	return b.Index().File(path)
}

// Symbols returns the outline of f, whose text is text, in source order.
// title gives an entry's title (render.Renderer.Title: a template's value too);
// nil takes the index's.
func Symbols(f *index.File, text []byte, title func(*index.Entry) string) []Symbol {
	if title == nil {
		title = (*index.Entry).Title
	}
	entries := f.Entries()
	children := make([][]int, len(entries))
	var roots []int
	pos := make(map[*index.Entry]int, len(entries))
	for i := range entries {
		pos[&entries[i]] = i
	}
	// Locals have no block entry of their own: group them under a symbol
	// for each locals block.
	type group struct {
		r       parse.Range
		members []int
	}
	var locals []group
	for _, b := range parse.Scan(text).Blocks {
		if b.Parent < 0 && b.Type == "locals" {
			locals = append(locals, group{r: b.Range})
		}
	}
	for i := range entries {
		e := &entries[i]
		if p := e.Parent(); p != nil {
			if pi, ok := pos[p]; ok {
				children[pi] = append(children[pi], i)
				continue
			}
		}
		if e.Kind == index.KindLocal {
			placed := false
			for gi := range locals {
				if locals[gi].r.Start.Byte <= e.Range.Start.Byte && e.Range.End.Byte <= locals[gi].r.End.Byte {
					locals[gi].members = append(locals[gi].members, i)
					placed = true
					break
				}
			}
			if placed {
				continue
			}
		}
		roots = append(roots, i)
	}
	var build func(i int) Symbol
	build = func(i int) Symbol {
		e := &entries[i]
		sym := Symbol{Name: symbolName(e), Detail: symbolDetail(e, title), Entry: e, Range: e.Range, NameRange: e.NameRange}
		for _, c := range children[i] {
			sym.Children = append(sym.Children, build(c))
		}
		return sym
	}
	var out []Symbol
	li, ri := 0, 0
	// Merge locals groups and other roots in source order.
	for li < len(locals) || ri < len(roots) {
		if li < len(locals) && (ri >= len(roots) || locals[li].r.Start.Byte < entries[roots[ri]].Range.Start.Byte) {
			g := locals[li]
			li++
			if len(g.members) == 0 {
				continue
			}
			kw := g.r.Start // the keyword "locals"
			kw.Byte, kw.Col = kw.Byte+6, kw.Col+6
			sym := Symbol{Name: "locals", Range: g.r, NameRange: parse.Range{Start: g.r.Start, End: kw}}
			for _, m := range g.members {
				sym.Children = append(sym.Children, build(m))
			}
			out = append(out, sym)
			continue
		}
		out = append(out, build(roots[ri]))
		ri++
	}
	return out
}

// symbolName is what the outline shows: the label, or the block type for an
// anonymous block (whose synthetic name is the detail).
func symbolName(e *index.Entry) string {
	if e.Is(index.Anonymous) || e.Name() == "" {
		return e.Kind.BlockType()
	}
	return e.Name()
}

// ComputedTitles reports whether a block of f has a title written as an
// expression, whose value depends on more than f's text.
func ComputedTitles(f *index.File) bool {
	for i := range f.Entries() {
		if f.Entries()[i].Is(index.ComputedTitle) {
			return true
		}
	}
	return false
}

func symbolDetail(e *index.Entry, title func(*index.Entry) string) string {
	if t := title(e); t != "" {
		return t
	}
	if e.Is(index.Anonymous) {
		return e.Name()
	}
	return e.Kind.BlockType()
}
