package lsp

// This file defines textDocument/semanticTokens/full and /range: the
// tokens package classifies the document's tokens; this file sends them as
// LSP's relative quintuples with UTF-16 columns, against the legend below.
// A token that spans lines (a block comment) is sent one piece per line,
// which every client accepts (multilineTokenSupport is never needed).

import (
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/tokens"
)

// semanticTypes is the legend's token types, indexed by tokens.Kind: glsp
// does not fill it.
var semanticTypes = []string{
	tokens.Namespace:  string(protocol.SemanticTokenTypeNamespace),
	tokens.Type:       string(protocol.SemanticTokenTypeType),
	tokens.Class:      string(protocol.SemanticTokenTypeClass),
	tokens.Property:   string(protocol.SemanticTokenTypeProperty),
	tokens.Variable:   string(protocol.SemanticTokenTypeVariable),
	tokens.Parameter:  string(protocol.SemanticTokenTypeParameter),
	tokens.Function:   string(protocol.SemanticTokenTypeFunction),
	tokens.Keyword:    string(protocol.SemanticTokenTypeKeyword),
	tokens.Operator:   string(protocol.SemanticTokenTypeOperator),
	tokens.String:     string(protocol.SemanticTokenTypeString),
	tokens.Number:     string(protocol.SemanticTokenTypeNumber),
	tokens.Comment:    string(protocol.SemanticTokenTypeComment),
	tokens.EnumMember: string(protocol.SemanticTokenTypeEnumMember),
}

// semanticModifiers is the legend's token modifiers, in the order of the
// bits of tokens.Modifiers.
var semanticModifiers = []string{
	string(protocol.SemanticTokenModifierDeclaration),
	string(protocol.SemanticTokenModifierDefinition),
	string(protocol.SemanticTokenModifierReadonly),
	string(protocol.SemanticTokenModifierDeprecated),
	string(protocol.SemanticTokenModifierDefaultLibrary),
}

// semanticTokensOptions is the capability initialize advertises.
func semanticTokensOptions() protocol.SemanticTokensOptions {
	return protocol.SemanticTokensOptions{
		Legend: protocol.SemanticTokensLegend{TokenTypes: semanticTypes, TokenModifiers: semanticModifiers},
		Full:   true,
		Range:  true,
	}
}

func (s *Server) semanticTokensFull(g *glsp.Context, p *protocol.SemanticTokensParams) (*protocol.SemanticTokens, error) {
	text, li, err := s.textOf(p.TextDocument.URI)
	if text == nil {
		return nil, err
	}
	locals := s.sqlLocals(p.TextDocument.URI)
	k := newTextKey("semanticTokens/full", string(p.TextDocument.URI), text, nil, 0)
	k.sqlLocals = strings.Join(locals, " ")
	return textAnswer(s, k, func() *protocol.SemanticTokens {
		return &protocol.SemanticTokens{Data: semanticTokensSQL(text, li, 0, len(text), locals)}
	}), nil
}

func (s *Server) semanticTokensRange(g *glsp.Context, p *protocol.SemanticTokensRangeParams) (any, error) {
	text, li, err := s.textOf(p.TextDocument.URI)
	if text == nil {
		return nil, err
	}
	from, to := li.offset(text, p.Range.Start), li.offset(text, p.Range.End)
	return &protocol.SemanticTokens{Data: semanticTokensSQL(text, li, from, to, s.sqlLocals(p.TextDocument.URI))}, nil
}

// sqlLocals returns the names of the locals declared in the document whose
// values are SQL text (tokens.SQLLocals). It reads the current snapshot
// without waiting for the index: while the workspace is first indexed,
// there are none.
func (s *Server) sqlLocals(uri protocol.DocumentUri) []string {
	path, err := fileuri.ToPath(uri)
	if err != nil {
		return nil
	}
	return tokens.SQLLocals(s.ws.Index(), path)
}

// semanticTokensSQL is semanticTokens where the values of the locals named
// in sqlLocals are SQL text (see parse.TokensSQL).
func semanticTokensSQL(text []byte, li *lineIndex, from, to int, sqlLocals []string) []protocol.UInteger {
	toks := tokens.Classify(text, from, to, sqlLocals)
	enc := tokenEncoder{text: text, li: li, data: make([]protocol.UInteger, 0, 5*len(toks))}
	for _, t := range toks {
		enc.add(int(t.Start), int(t.End), int(t.Kind), uint32(t.Mods))
	}
	return enc.data
}

// tokenEncoder encodes tokens, in order, as LSP's relative quintuples.
type tokenEncoder struct {
	text     []byte
	li       *lineIndex
	data     []protocol.UInteger
	line     int // the line of the last token start seen (a cursor)
	prevLine int // the line and character of the last token sent
	prevChar int
}

// add encodes the token text[start:end], one piece per line it spans.
//
// Precondition: start is at or after the start of the previous token.
func (e *tokenEncoder) add(start, end, typ int, mods uint32) {
	n := e.li.Len()
	for e.line+1 < n && e.li.Start(e.line+1) <= start {
		e.line++
	}
	for start < end {
		ls, le := e.li.Bounds(e.text, e.line)
		if pe := min(end, le); pe > start {
			c0 := e.li.Character(e.text, e.line, ls, start)
			c1 := e.li.Character(e.text, e.line, ls, pe)
			if c1 > c0 {
				dc := c0
				if e.line == e.prevLine {
					dc = c0 - e.prevChar
				}
				e.data = append(e.data, protocol.UInteger(e.line-e.prevLine), protocol.UInteger(dc), protocol.UInteger(c1-c0), protocol.UInteger(typ), mods)
				e.prevLine, e.prevChar = e.line, c0
			}
		}
		if end <= le || e.line+1 >= n {
			return
		}
		e.line++
		start = e.li.Start(e.line)
	}
}
