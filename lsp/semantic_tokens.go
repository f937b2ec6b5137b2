package lsp

// This file defines textDocument/semanticTokens/full and /range: the
// tokens parse.Tokens finds in the document's text, given LSP token types
// and modifiers from the schema (a deprecated attribute, a function of the
// standard table, the roots of references), and encoded as LSP's relative
// quintuples with UTF-16 columns. A token that spans lines (a block
// comment) is sent one piece per line, which every client accepts
// (multilineTokenSupport is never needed).
//
// What each kind of token becomes:
//
//	block type `dashboard`           namespace (deprecated when the schema says so)
//	label `"name"`                   class.declaration.definition; a variable's
//	                                 variable.readonly…, a param's, input's or
//	                                 with's parameter…, a mod's namespace…;
//	                                 column, series, point and property labels
//	                                 (SQL columns) property, option labels enumMember,
//	                                 plugin labels type, a dependency's path string
//	attribute name                   property (deprecated), a local's variable.readonly.declaration.definition
//	object key                       property; a key of `args` parameter
//	query.x.sql                      type, class, property
//	aws.query.x                      namespace, type, class
//	var.x, local.x                   variable.defaultLibrary, variable.readonly
//	param.x, with.x, self.input.x    parameter.defaultLibrary, parameter
//	connection.aws.x                 namespace.defaultLibrary, type, variable.readonly
//	function call                    function (defaultLibrary when in the table)
//	a variable's type: string, list  type.defaultLibrary
//	for-expression names             variable (declaration where declared)
//	true false null for in if        keyword
//	SQL text                         keyword, string, number, comment, function,
//	                                 operator, parameter ($n) for those of the
//	                                 SQL; the rest is left to the editor (its
//	                                 grammar may inject SQL)
//
// SQL text is an `sql` attribute's string or heredoc, and the string or
// heredoc of a local whose value ends up in one: referenced in an `sql`
// attribute, or in the value of such a local, anywhere in the mod
// (sqlLocals reads it from the postings of the current snapshot).

import (
	"slices"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/schema"
)

// Token types, indexes into semanticTypes.
const (
	stNamespace = iota
	stType
	stClass
	stProperty
	stVariable
	stParameter
	stFunction
	stKeyword
	stOperator
	stString
	stNumber
	stComment
	stEnumMember
)

// semanticTypes is the legend's token types: glsp does not fill it.
var semanticTypes = []string{
	stNamespace:  string(protocol.SemanticTokenTypeNamespace),
	stType:       string(protocol.SemanticTokenTypeType),
	stClass:      string(protocol.SemanticTokenTypeClass),
	stProperty:   string(protocol.SemanticTokenTypeProperty),
	stVariable:   string(protocol.SemanticTokenTypeVariable),
	stParameter:  string(protocol.SemanticTokenTypeParameter),
	stFunction:   string(protocol.SemanticTokenTypeFunction),
	stKeyword:    string(protocol.SemanticTokenTypeKeyword),
	stOperator:   string(protocol.SemanticTokenTypeOperator),
	stString:     string(protocol.SemanticTokenTypeString),
	stNumber:     string(protocol.SemanticTokenTypeNumber),
	stComment:    string(protocol.SemanticTokenTypeComment),
	stEnumMember: string(protocol.SemanticTokenTypeEnumMember),
}

// Token modifiers, bits in the order of semanticModifiers.
const (
	smDeclaration uint32 = 1 << iota
	smDefinition
	smReadonly
	smDeprecated
	smDefaultLibrary
)

// semanticModifiers is the legend's token modifiers.
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
// values are SQL text, sorted: a local referenced inside an `sql` attribute,
// or inside the value of such a local (common_dimensions_sql =
// replace(local.common_dimensions_qualifier_sql, …)), anywhere in its mod.
// It reads the current snapshot without waiting for the index: while the
// workspace is first indexed, there are none.
func (s *Server) sqlLocals(uri protocol.DocumentUri) []string {
	path, err := uriToPath(uri)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	ix := s.snap
	s.mu.Unlock()
	var f *index.File
	if ix != nil {
		f = ix.File(path)
	}
	if f == nil || f.Mod() == nil {
		return nil
	}
	var out []string
	for _, e := range f.Entries() {
		if e.Kind == index.KindLocal && !slices.Contains(out, e.Name()) && sqlLocal(ix, f.Mod().ID, e.Name()) {
			out = append(out, e.Name())
		}
	}
	slices.Sort(out)
	return out
}

// sqlLocal reports whether the value of local name of mod ends up in SQL:
// whether a chain of references leads from it to an `sql` attribute, each
// reference in the value of the local the next one names.
func sqlLocal(ix *index.Index, mod index.ModID, name string) bool {
	seen := map[string]bool{name: true}
	for queue := []string{name}; len(queue) > 0; queue = queue[1:] {
		for _, p := range ix.Named(mod, index.KindLocal, queue[0]) {
			if p.Attr() == "sql" {
				return true
			}
			if e := p.From(); e != nil && e.Kind == index.KindLocal && !seen[e.Name()] {
				seen[e.Name()] = true
				queue = append(queue, e.Name())
			}
		}
	}
	return false
}

// semanticTokens returns the encoded tokens of text that overlap the byte
// range [from, to) (a token that overlaps it is sent whole).
func semanticTokens(text []byte, li *lineIndex, from, to int) []protocol.UInteger {
	return semanticTokensSQL(text, li, from, to, nil)
}

// semanticTokensSQL is semanticTokens where the values of the locals named
// in sqlLocals are SQL text (see parse.TokensSQL).
func semanticTokensSQL(text []byte, li *lineIndex, from, to int, sqlLocals []string) []protocol.UInteger {
	f, toks := parse.TokensSQL(text, sqlLocals)
	c := newTokenClassifier(text, f)
	enc := tokenEncoder{text: text, li: li, data: make([]protocol.UInteger, 0, 5*len(toks))}
	for i := range toks {
		t := &toks[i]
		if int(t.End) <= from || int(t.Start) >= to {
			continue
		}
		if typ, mods := c.classify(t); typ >= 0 {
			enc.add(int(t.Start), int(t.End), typ, mods)
		}
	}
	return enc.data
}

// tokenClassifier gives parse tokens their LSP type and modifiers.
type tokenClassifier struct {
	text   []byte
	f      *parse.File
	blocks []*schema.Block // the schema of each block of f, nil when unknown
}

func newTokenClassifier(text []byte, f *parse.File) *tokenClassifier {
	c := &tokenClassifier{text: text, f: f, blocks: make([]*schema.Block, len(f.Blocks))}
	for i, b := range f.Blocks {
		// Blocks are in pre-order: a parent's schema is known first.
		switch {
		case b.Parent < 0:
			c.blocks[i], _ = schema.BlockIn(nil, b.Type)
		case c.blocks[b.Parent] != nil:
			c.blocks[i], _ = c.blocks[b.Parent].Child(b.Type)
		}
	}
	return c
}

// classify returns the type and modifiers of t, or a negative type for
// none.
func (c *tokenClassifier) classify(t *parse.Token) (int, uint32) {
	if t.SQL {
		switch t.Kind {
		case parse.TokKeyword:
			return stKeyword, 0
		case parse.TokString:
			return stString, 0
		case parse.TokNumber:
			return stNumber, 0
		case parse.TokComment:
			return stComment, 0
		case parse.TokFunction:
			return stFunction, 0
		case parse.TokOperator:
			return stOperator, 0
		case parse.TokParameter:
			return stParameter, 0
		}
		return -1, 0
	}
	switch t.Kind {
	case parse.TokComment:
		return stComment, 0
	case parse.TokString:
		return stString, 0
	case parse.TokNumber:
		return stNumber, 0
	case parse.TokKeyword:
		return stKeyword, 0
	case parse.TokOperator:
		return stOperator, 0
	case parse.TokBlockType:
		if b := c.blocks[t.Index]; b != nil && b.Deprecated != "" {
			return stNamespace, smDeprecated
		}
		return stNamespace, 0
	case parse.TokLabel:
		return c.label(t.Index)
	case parse.TokAttrName:
		a := &c.f.Attrs[t.Index]
		if a.Block >= 0 && c.f.Blocks[a.Block].Type == "locals" {
			return stVariable, smReadonly | smDeclaration | smDefinition
		}
		if a.Block >= 0 && c.blocks[a.Block] != nil {
			if sa, ok := c.blocks[a.Block].Attribute(a.Name); ok && sa.Deprecated != "" {
				return stProperty, smDeprecated
			}
		}
		return stProperty, 0
	case parse.TokObjectKey:
		if t.Index >= 0 && c.f.Attrs[t.Index].Name == "args" {
			return stParameter, 0
		}
		return stProperty, 0
	case parse.TokFunction:
		if c.typeExpr(t.Index) {
			return stType, smDefaultLibrary // list(string), object({…})
		}
		if c.namespaced(t) {
			return stFunction, 0
		}
		if _, ok := schema.FunctionNamed(string(c.text[t.Start:t.End])); ok {
			return stFunction, smDefaultLibrary
		}
		return stFunction, 0
	case parse.TokRefStep:
		r := c.f.Refs[t.Index]
		if r.N == 1 && c.typeExpr(r.Attr) {
			return stType, smDefaultLibrary // string, number, bool, any
		}
		return c.step(c.f.StepsOf(r), int(t.Sub))
	case parse.TokMember:
		return stProperty, 0
	case parse.TokVarDecl:
		return stVariable, smDeclaration
	case parse.TokName:
		return stVariable, 0
	}
	return -1, 0
}

// typeExpr reports whether attribute ai is a variable's type, whose words
// are types.
func (c *tokenClassifier) typeExpr(ai int32) bool {
	if ai < 0 || int(ai) >= len(c.f.Attrs) {
		return false
	}
	a := &c.f.Attrs[ai]
	return a.Name == "type" && a.Block >= 0 && c.f.Blocks[a.Block].Type == "variable"
}

// label classifies the label of block bi by the block's type.
func (c *tokenClassifier) label(bi int32) (int, uint32) {
	const decl = smDeclaration | smDefinition
	b := &c.f.Blocks[bi]
	parent := ""
	if b.Parent >= 0 {
		parent = c.f.Blocks[b.Parent].Type
	}
	switch b.Type {
	case "variable":
		return stVariable, decl | smReadonly
	case "param", "input", "with":
		return stParameter, decl
	case "mod":
		if parent == "require" || parent == "requires" {
			return stString, 0 // a module path: a document link
		}
		return stNamespace, decl
	case "plugin":
		return stType, 0
	case "column", "series", "point", "property":
		return stProperty, 0
	case "option":
		return stEnumMember, 0
	}
	return stClass, decl
}

// step classifies step k of a reference.
func (c *tokenClassifier) step(steps []parse.Step, k int) (int, uint32) {
	root, _ := schema.RootNamed(steps[0].Name)
	if root == nil && len(steps) >= 3 {
		// A dependency's resource or variable: <alias>.<type>.<name>.
		if r, _ := schema.RootNamed(steps[1].Name); r != nil && (r.Resource || r.Name == "var") {
			switch k {
			case 0:
				return stNamespace, 0
			case 1:
				return rootToken(r)
			}
			return nameToken(r, steps[1:], k-1)
		}
	}
	if k == 0 {
		if root == nil {
			return stVariable, 0
		}
		return rootToken(root)
	}
	if root == nil {
		return stProperty, 0
	}
	return nameToken(root, steps, k)
}

// rootToken classifies the root word of a reference.
func rootToken(r *schema.Root) (int, uint32) {
	switch {
	case r.Resource:
		return stType, 0
	case r.Name == "var" || r.Name == "local":
		return stVariable, smDefaultLibrary
	case r.Name == "connection":
		return stNamespace, smDefaultLibrary
	}
	return stParameter, smDefaultLibrary // param, self, with
}

// nameToken classifies step k (k >= 1) of a reference whose root is r (for
// a dependency's reference, steps and k are counted after the alias).
func nameToken(r *schema.Root, steps []parse.Step, k int) (int, uint32) {
	switch r.Name {
	case "var", "local":
		if k == 1 {
			return stVariable, smReadonly
		}
	case "param", "with":
		if k == 1 {
			return stParameter, 0
		}
	case "self":
		switch {
		case k == 1 && steps[1].Name == "input":
			return stParameter, smDefaultLibrary
		case k == 2 && steps[1].Name == "input":
			return stParameter, 0
		}
	case "connection":
		switch k {
		case 1:
			return stType, 0
		case 2:
			return stVariable, smReadonly
		}
	default:
		if r.Resource && k == 1 {
			return stClass, 0
		}
	}
	return stProperty, 0
}

// namespaced reports whether the function name t is part of a namespaced
// name (provider::aws::f).
func (c *tokenClassifier) namespaced(t *parse.Token) bool {
	s, e := int(t.Start), int(t.End)
	return s >= 2 && string(c.text[s-2:s]) == "::" || e+2 <= len(c.text) && string(c.text[e:e+2]) == "::"
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
	lines := e.li.lines
	for e.line+1 < len(lines) && int(lines[e.line+1].start) <= start {
		e.line++
	}
	for start < end {
		ls, le := e.li.bounds(e.text, e.line)
		if pe := min(end, le); pe > start {
			c0 := e.li.character(e.text, e.line, ls, start)
			c1 := e.li.character(e.text, e.line, ls, pe)
			if c1 > c0 {
				dc := c0
				if e.line == e.prevLine {
					dc = c0 - e.prevChar
				}
				e.data = append(e.data, protocol.UInteger(e.line-e.prevLine), protocol.UInteger(dc), protocol.UInteger(c1-c0), protocol.UInteger(typ), mods)
				e.prevLine, e.prevChar = e.line, c0
			}
		}
		if end <= le || e.line+1 >= len(lines) {
			return
		}
		e.line++
		start = int(lines[e.line].start)
	}
}
