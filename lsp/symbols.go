package lsp

// This file defines textDocument/documentSymbol (the outline: dashboards
// with their containers and panels, benchmarks, each local under its
// locals block) and workspace/symbol (the index's ranked query, no parse).

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/outline"
	"github.com/modls/modls/workspace"
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
	hierarchical := d.caps.hierarchical
	f := ix.File(path)
	if f == nil {
		// A file outside any indexed mod still has an outline.
		return documentSymbols(outline.Standalone(path, text), text, li, p.TextDocument.URI, hierarchical, nil), nil
	}
	if outline.ComputedTitles(f) {
		// Titles evaluated from other files' locals and variables: not an
		// answer of this text alone.
		titles := d.titles()
		return documentSymbols(f, text, li, p.TextDocument.URI, hierarchical, titles), nil
	}
	variant := 0
	if hierarchical {
		variant = 1
	}
	k := newTextKey("documentSymbol", string(p.TextDocument.URI), text, f, variant)
	return textAnswer(s, k, func() any { return documentSymbols(f, text, li, p.TextDocument.URI, hierarchical, nil) }), nil
}

// documentSymbols returns the outline of f, whose text is text: nested
// DocumentSymbols, or a flat list of SymbolInformation when the client
// cannot show a hierarchy. title gives titles (see outline.Symbols).
func documentSymbols(f *index.File, text []byte, li *lineIndex, uri protocol.DocumentUri, hierarchical bool, title func(*index.Entry) string) any {
	syms := documentSymbolsOf(outline.Symbols(f, text, title), text, li)
	if !hierarchical {
		return flatten(syms, uri, "")
	}
	return syms
}

// documentSymbolsOf converts outline symbols.
func documentSymbolsOf(syms []outline.Symbol, text []byte, li *lineIndex) []protocol.DocumentSymbol {
	var out []protocol.DocumentSymbol
	for _, sym := range syms {
		ds := protocol.DocumentSymbol{
			Name:           sym.Name,
			Kind:           protocol.SymbolKindNamespace, // a locals block
			Range:          li.toRange(text, sym.Range),
			SelectionRange: li.toRange(text, sym.NameRange),
			Children:       documentSymbolsOf(sym.Children, text, li),
		}
		if sym.Entry != nil {
			ds.Kind = symbolKind(sym.Entry.Kind)
		}
		if sym.Detail != "" {
			d := sym.Detail
			ds.Detail = &d
		}
		out = append(out, ds)
	}
	return out
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
	v, err := s.view(s.contextOf(g))
	if err != nil {
		return nil, err
	}
	ix := v.ix
	if out, ok := s.symbolCache.Get(ix, p.Query); ok {
		return out, nil
	}
	matches, err := ix.Symbols(v.ctx, p.Query, workspaceSymbolLimit)
	if err != nil {
		return nil, err // cancelled
	}
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
			Location:      protocol.Location{URI: fileuri.FromPath(e.File().Path), Range: v.rangeOf(e.File(), e.NameRange)},
			ContainerName: &container,
		})
	}
	s.symbolCache.Put(ix, p.Query, out)
	return out, nil
}

// symbolCacheSize is how many workspace/symbol answers a snapshot keeps:
// a symbol picker asks again for the same prefixes as the user types and
// deletes, and a query ranks every entry of the workspace.
const symbolCacheSize = 64

// symbolCache keeps recent workspace/symbol answers of one snapshot, by
// query.
type symbolCache = workspace.Memo[string, []protocol.SymbolInformation]
