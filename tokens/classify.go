package tokens

// This file defines Classify: the kind and modifiers of each token.

import (
	"github.com/modls/modls/parse"
	"github.com/modls/modls/schema"
)

// Kind is a token's kind, one of LSP's standard semantic token types. The
// order is a legend's: a caller may send a Kind as an index into it.
type Kind uint8

const (
	Namespace Kind = iota
	Type
	Class
	Property
	Variable
	Parameter
	Function
	Keyword
	Operator
	String
	Number
	Comment
	EnumMember
)

// Modifiers are a token's modifiers, LSP's standard semantic token
// modifiers, as bits in this order.
type Modifiers uint32

const (
	Declaration Modifiers = 1 << iota
	Definition
	Readonly
	Deprecated
	DefaultLibrary
)

// Token is one classified span of a text, in byte offsets.
type Token struct {
	Start, End uint32
	Kind       Kind
	Mods       Modifiers
}

// Classify returns the classified tokens of src that overlap the byte
// range [from, to), in order (a token that overlaps it is returned whole).
// The values of the locals named in sqlLocals are SQL text (see
// parse.TokensSQL).
func Classify(src []byte, from, to int, sqlLocals []string) []Token {
	f, toks := parse.TokensSQL(src, sqlLocals)
	c := newClassifier(src, f)
	out := make([]Token, 0, len(toks))
	for i := range toks {
		t := &toks[i]
		if int(t.End) <= from || int(t.Start) >= to {
			continue
		}
		if kind, mods, ok := c.classify(t); ok {
			out = append(out, Token{Start: t.Start, End: t.End, Kind: kind, Mods: mods})
		}
	}
	return out
}

// classifier gives parse tokens their kind and modifiers.
type classifier struct {
	text   []byte
	f      *parse.File
	blocks []*schema.Block // the schema of each block of f, nil when unknown
}

func newClassifier(text []byte, f *parse.File) *classifier {
	c := &classifier{text: text, f: f, blocks: make([]*schema.Block, len(f.Blocks))}
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

// classify returns the kind and modifiers of t; false for a token that is
// left to the editor.
func (c *classifier) classify(t *parse.Token) (Kind, Modifiers, bool) {
	if t.SQL {
		switch t.Kind {
		case parse.TokKeyword:
			return Keyword, 0, true
		case parse.TokString:
			return String, 0, true
		case parse.TokNumber:
			return Number, 0, true
		case parse.TokComment:
			return Comment, 0, true
		case parse.TokFunction:
			return Function, 0, true
		case parse.TokOperator:
			return Operator, 0, true
		case parse.TokParameter:
			return Parameter, 0, true
		}
		return 0, 0, false
	}
	switch t.Kind {
	case parse.TokComment:
		return Comment, 0, true
	case parse.TokString:
		return String, 0, true
	case parse.TokNumber:
		return Number, 0, true
	case parse.TokKeyword:
		return Keyword, 0, true
	case parse.TokOperator:
		return Operator, 0, true
	case parse.TokBlockType:
		if b := c.blocks[t.Index]; b != nil && b.Deprecated != "" {
			return Namespace, Deprecated, true
		}
		return Namespace, 0, true
	case parse.TokLabel:
		k, m := c.label(t.Index)
		return k, m, true
	case parse.TokAttrName:
		a := &c.f.Attrs[t.Index]
		if a.Block >= 0 && c.f.Blocks[a.Block].Type == "locals" {
			return Variable, Readonly | Declaration | Definition, true
		}
		if a.Block >= 0 && c.blocks[a.Block] != nil {
			if sa, ok := c.blocks[a.Block].Attribute(a.Name); ok && sa.Deprecated != "" {
				return Property, Deprecated, true
			}
		}
		return Property, 0, true
	case parse.TokObjectKey:
		if t.Index >= 0 && c.f.Attrs[t.Index].Name == "args" {
			return Parameter, 0, true
		}
		return Property, 0, true
	case parse.TokFunction:
		if c.typeExpr(t.Index) {
			return Type, DefaultLibrary, true // list(string), object({…})
		}
		if c.namespaced(t) {
			return Function, 0, true
		}
		if _, ok := schema.FunctionNamed(string(c.text[t.Start:t.End])); ok {
			return Function, DefaultLibrary, true
		}
		return Function, 0, true
	case parse.TokRefStep:
		r := c.f.Refs[t.Index]
		if r.N == 1 && c.typeExpr(r.Attr) {
			return Type, DefaultLibrary, true // string, number, bool, any
		}
		k, m := c.step(c.f.StepsOf(r), int(t.Sub))
		return k, m, true
	case parse.TokMember:
		return Property, 0, true
	case parse.TokVarDecl:
		return Variable, Declaration, true
	case parse.TokName:
		return Variable, 0, true
	}
	return 0, 0, false
}

// typeExpr reports whether attribute ai is a variable's type, whose words
// are types.
func (c *classifier) typeExpr(ai int32) bool {
	if ai < 0 || int(ai) >= len(c.f.Attrs) {
		return false
	}
	a := &c.f.Attrs[ai]
	return a.Name == "type" && a.Block >= 0 && c.f.Blocks[a.Block].Type == "variable"
}

// label classifies the label of block bi by the block's type.
func (c *classifier) label(bi int32) (Kind, Modifiers) {
	const decl = Declaration | Definition
	b := &c.f.Blocks[bi]
	parent := ""
	if b.Parent >= 0 {
		parent = c.f.Blocks[b.Parent].Type
	}
	switch b.Type {
	case "variable":
		return Variable, decl | Readonly
	case "param", "input", "with":
		return Parameter, decl
	case "mod":
		if parent == "require" || parent == "requires" {
			return String, 0 // a module path: a document link
		}
		return Namespace, decl
	case "plugin":
		return Type, 0
	case "column", "series", "point", "property":
		return Property, 0
	case "option":
		return EnumMember, 0
	}
	return Class, decl
}

// step classifies step k of a reference.
func (c *classifier) step(steps []parse.Step, k int) (Kind, Modifiers) {
	root, _ := schema.RootNamed(steps[0].Name)
	if root == nil && len(steps) >= 3 {
		// A dependency's resource or variable: <alias>.<type>.<name>.
		if r, _ := schema.RootNamed(steps[1].Name); r != nil && (r.Resource || r.Name == "var") {
			switch k {
			case 0:
				return Namespace, 0
			case 1:
				return rootToken(r)
			}
			return nameToken(r, steps[1:], k-1)
		}
	}
	if k == 0 {
		if root == nil {
			return Variable, 0
		}
		return rootToken(root)
	}
	if root == nil {
		return Property, 0
	}
	return nameToken(root, steps, k)
}

// rootToken classifies the root word of a reference.
func rootToken(r *schema.Root) (Kind, Modifiers) {
	switch {
	case r.Resource:
		return Type, 0
	case r.Name == "var" || r.Name == "local":
		return Variable, DefaultLibrary
	case r.Name == "connection":
		return Namespace, DefaultLibrary
	}
	return Parameter, DefaultLibrary // param, self, with
}

// nameToken classifies step k (k >= 1) of a reference whose root is r (for
// a dependency's reference, steps and k are counted after the alias).
func nameToken(r *schema.Root, steps []parse.Step, k int) (Kind, Modifiers) {
	switch r.Name {
	case "var", "local":
		if k == 1 {
			return Variable, Readonly
		}
	case "param", "with":
		if k == 1 {
			return Parameter, 0
		}
	case "self":
		switch {
		case k == 1 && steps[1].Name == "input":
			return Parameter, DefaultLibrary
		case k == 2 && steps[1].Name == "input":
			return Parameter, 0
		}
	case "connection":
		switch k {
		case 1:
			return Type, 0
		case 2:
			return Variable, Readonly
		}
	default:
		if r.Resource && k == 1 {
			return Class, 0
		}
	}
	return Property, 0
}

// namespaced reports whether the function name t is part of a namespaced
// name (provider::aws::f).
func (c *classifier) namespaced(t *parse.Token) bool {
	s, e := int(t.Start), int(t.End)
	return s >= 2 && string(c.text[s-2:s]) == "::" || e+2 <= len(c.text) && string(c.text[e:e+2]) == "::"
}
