package lsp

// This file defines textDocument/documentSymbol (the outline: dashboards
// with their containers and panels, benchmarks, each local under its
// locals block) and workspace/symbol (the index's ranked query, no parse).

import (
	"path/filepath"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// workspaceSymbolLimit caps a workspace/symbol answer; the index ranks, so
// the best matches come first.
const workspaceSymbolLimit = 200

func (s *Server) documentSymbol(g *glsp.Context, p *protocol.DocumentSymbolParams) (any, error) {
	d, err := s.docView(g, p.TextDocument.URI)
	if d == nil {
		return nil, err
	}
	path, ix, text, li := d.path, d.ix, d.text, d.li
	s.mu.Lock()
	hierarchical := s.caps.hierarchical
	s.mu.Unlock()
	f := ix.File(path)
	if f == nil {
		// A file outside any indexed mod still has an outline.
		b := index.NewBuilder()
		id := b.AddMod(filepath.Dir(path), "")
		b.SetFile(id, path, text, parse.Scan(text))
		return documentSymbols(b.Index().File(path), text, li, p.TextDocument.URI, hierarchical), nil
	}
	variant := 0
	if hierarchical {
		variant = 1
	}
	k := newTextKey("documentSymbol", string(p.TextDocument.URI), text, f, variant)
	return textAnswer(s, k, func() any { return documentSymbols(f, text, li, p.TextDocument.URI, hierarchical) }), nil
}

// documentSymbols returns the outline of f, whose text is text: nested
// DocumentSymbols, or a flat list of SymbolInformation when the client
// cannot show a hierarchy.
func documentSymbols(f *index.File, text []byte, li *lineIndex, uri protocol.DocumentUri, hierarchical bool) any {
	syms := outline(f, parse.Scan(text), func(r parse.Range) protocol.Range { return li.toRange(text, r) })
	if !hierarchical {
		return flatten(syms, uri, "")
	}
	return syms
}

// outline builds the document symbols of f, whose scan is pf.
func outline(f *index.File, pf *parse.File, conv func(parse.Range) protocol.Range) []protocol.DocumentSymbol {
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
	for _, b := range pf.Blocks {
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
	var build func(i int) protocol.DocumentSymbol
	build = func(i int) protocol.DocumentSymbol {
		e := &entries[i]
		sym := protocol.DocumentSymbol{
			Name:           symbolName(e),
			Kind:           symbolKind(e.Kind),
			Range:          conv(e.Range),
			SelectionRange: conv(e.NameRange),
		}
		if d := symbolDetail(e); d != "" {
			sym.Detail = &d
		}
		for _, c := range children[i] {
			sym.Children = append(sym.Children, build(c))
		}
		return sym
	}
	var out []protocol.DocumentSymbol
	li, ri := 0, 0
	// Merge locals groups and other roots in source order.
	for li < len(locals) || ri < len(roots) {
		if li < len(locals) && (ri >= len(roots) || locals[li].r.Start.Byte < entries[roots[ri]].Range.Start.Byte) {
			g := locals[li]
			li++
			if len(g.members) == 0 {
				continue
			}
			r := conv(g.r)
			sym := protocol.DocumentSymbol{Name: "locals", Kind: protocol.SymbolKindNamespace, Range: r, SelectionRange: protocol.Range{Start: r.Start, End: protocol.Position{Line: r.Start.Line, Character: r.Start.Character + 6}}}
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

func symbolDetail(e *index.Entry) string {
	if t := e.Title(); t != "" {
		return t
	}
	if e.Is(index.Anonymous) {
		return e.Name()
	}
	return e.Kind.BlockType()
}

// symbolKind maps a resource kind to the closest LSP symbol kind, for the
// icons editors draw.
func symbolKind(k index.Kind) protocol.SymbolKind {
	switch k {
	case index.KindMod:
		return protocol.SymbolKindModule
	case index.KindVar:
		return protocol.SymbolKindVariable
	case index.KindLocal:
		return protocol.SymbolKindConstant
	case index.KindQuery:
		return protocol.SymbolKindFunction
	case index.KindControl, index.KindDetection:
		return protocol.SymbolKindEvent
	case index.KindBenchmark:
		return protocol.SymbolKindPackage
	case index.KindDashboard:
		return protocol.SymbolKindNamespace
	case index.KindContainer:
		return protocol.SymbolKindStruct
	case index.KindInput:
		return protocol.SymbolKindField
	case index.KindParam:
		return protocol.SymbolKindTypeParameter
	case index.KindWith:
		return protocol.SymbolKindVariable
	case index.KindCategory:
		return protocol.SymbolKindEnum
	case index.KindNode, index.KindEdge:
		return protocol.SymbolKindObject
	}
	return protocol.SymbolKindClass // card, chart, table, image, text, flow, graph, hierarchy
}

// flatten turns document symbols into symbol information for clients that
// do not support the hierarchy.
func flatten(syms []protocol.DocumentSymbol, uri protocol.DocumentUri, container string) []protocol.SymbolInformation {
	var out []protocol.SymbolInformation
	for _, sym := range syms {
		si := protocol.SymbolInformation{Name: sym.Name, Kind: sym.Kind, Location: protocol.Location{URI: uri, Range: sym.Range}}
		if container != "" {
			c := container
			si.ContainerName = &c
		}
		out = append(out, si)
		out = append(out, flatten(sym.Children, uri, sym.Name)...)
	}
	return out
}

func (s *Server) workspaceSymbol(g *glsp.Context, p *protocol.WorkspaceSymbolParams) ([]protocol.SymbolInformation, error) {
	ix, err := s.snapshot(s.contextOf(g))
	if err != nil {
		return nil, err
	}
	if out, ok := s.symbolCache.get(ix, p.Query); ok {
		return out, nil
	}
	matches := ix.Symbols(p.Query, workspaceSymbolLimit)
	out := make([]protocol.SymbolInformation, 0, len(matches))
	for _, m := range matches {
		e := m.Entry
		container := e.Mod().Name
		if par := e.Parent(); par != nil {
			container = par.QualifiedName()
		}
		name := e.UnqualifiedName()
		if t := e.Title(); t != "" && e.Is(index.Anonymous) {
			name = e.Kind.BlockType() + " " + t
		}
		out = append(out, protocol.SymbolInformation{
			Name:          name,
			Kind:          symbolKind(e.Kind),
			Location:      protocol.Location{URI: pathToURI(e.File().Path), Range: s.lspRange(e.File(), e.NameRange)},
			ContainerName: &container,
		})
	}
	s.symbolCache.put(ix, p.Query, out)
	return out, nil
}

// symbolCacheSize is how many workspace/symbol answers a snapshot keeps:
// a symbol picker asks again for the same prefixes as the user types and
// deletes, and a query ranks every entry of the workspace.
const symbolCacheSize = 64

// symbolCache keeps recent workspace/symbol answers of one snapshot, by
// query.
type symbolCache = answerCache[string, []protocol.SymbolInformation]

// lspRange converts a range of an indexed file to LSP positions. A file
// that is all ASCII needs no look at its text.
func (s *Server) lspRange(f *index.File, r parse.Range) protocol.Range {
	if f.ASCII() {
		return asciiRange(r)
	}
	text, li, err := s.source(f.Path)
	if err != nil {
		return asciiRange(r)
	}
	return li.toRange(text, r)
}

func asciiRange(r parse.Range) protocol.Range {
	return protocol.Range{
		Start: protocol.Position{Line: r.Start.Line - 1, Character: r.Start.Col - 1},
		End:   protocol.Position{Line: r.End.Line - 1, Character: r.End.Col - 1},
	}
}
