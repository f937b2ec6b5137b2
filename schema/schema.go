package schema

// This file defines the types that describe the mod language and the lookup
// API over them. The data itself is in blocks.go and functions.go.

import (
	"slices"
	"sort"
	"strings"
)

// Type is the kind of value an attribute takes.
type Type uint8

// The value kinds of attributes.
const (
	String        Type = iota + 1 // a string
	Number                        // a number
	Bool                          // a bool
	ListOfString                  // list(string)
	MapOfString                   // map(string)
	List                          // a list of primitive values (variable enum)
	Object                        // an object (require.mod args: keys are variable names)
	ObjectOrTuple                 // args: an object binds by param name, a tuple binds positionally
	Any                           // any value (variable and param defaults)
	Reference                     // a reference to a resource; see Attribute.Targets
	ReferenceList                 // a list of references to resources (benchmark children)
	Connection                    // database: a connection string, Pipes workspace, connection reference or connection-typed variable
	TypeExpr                      // a type expression (variable type)
)

var typeNames = [...]string{
	String:        "string",
	Number:        "number",
	Bool:          "bool",
	ListOfString:  "list(string)",
	MapOfString:   "map(string)",
	List:          "list",
	Object:        "object",
	ObjectOrTuple: "object or tuple",
	Any:           "any",
	Reference:     "reference",
	ReferenceList: "list of references",
	Connection:    "string or connection",
	TypeExpr:      "type",
}

// String returns the type as hover shows it, e.g. "list(string)".
func (t Type) String() string {
	if int(t) < len(typeNames) && typeNames[t] != "" {
		return typeNames[t]
	}
	return "invalid"
}

// SameType is the Targets entry of an attribute that references a resource
// of the same block type as the block it is set on (base).
const SameType = "$self"

// Severity is how serious a semantic rule's violation is.
type Severity uint8

// Severities of rules.
const (
	Error Severity = iota + 1
	Warning
	Hint
)

// Attribute describes one attribute of a block.
type Attribute struct {
	Name string
	Type Type
	// Doc is one or two sentences for hover and completion.
	Doc string
	// Enum lists the documented values, nil when the value is free. Powerpipe
	// validates none of them (§8.6): they serve completion and hover, and a
	// value outside them deserves at most a hint (real mods use others).
	Enum []string
	// StrictEnum makes a value outside Enum an error (Powerpipe refuses it),
	// not a hint.
	StrictEnum bool
	// Targets lists the block types a Reference or ReferenceList may name
	// (local, or <alias>.<type>.<name> of a direct dependency); SameType
	// stands for the type of the block the attribute is set on. A Connection
	// attribute lists the root "connection" (connection.<type>.<name>).
	Targets []string
	// TargetsByType replaces Targets when the block's `type` attribute has
	// one of these values (benchmark children with type = "detection").
	TargetsByType map[string][]string
	// Required is a semantic requirement. The sql/query requirements are
	// Block.Query rules instead; one-of requirements are Block.Exclusive.
	Required bool
	// Deprecated, when not empty, says why and what to use instead.
	Deprecated string
	// Hidden attributes are accepted but not offered in completion.
	Hidden bool
	// Runtime attributes accept runtime references (self.input.<name>.value,
	// with.<name>.rows, param.<name>), which are valid nowhere else (§4.4).
	Runtime bool
	// Static attributes are evaluated in the variables pass: only literals,
	// functions and connection references, no var, local or resources (§6.1).
	Static bool
}

// QueryRule says when a block must define SQL (sql or query) (§8.4).
type QueryRule uint8

// Query rules.
const (
	// NoQuery: not a query provider; sql, query, args and param are rejected.
	NoQuery QueryRule = iota
	// QueryOptional: a query provider that never needs SQL (card, image).
	QueryOptional
	// QueryAlways: SQL is required wherever the block is (query, control).
	QueryAlways
	// QueryWhenNested: SQL is required (after base is applied) when the
	// block is nested; a top-level one may go without (usable as a base).
	QueryWhenNested
	// QueryOrNodesWhenNested: a nested flow/graph/hierarchy needs SQL or
	// node/edge blocks.
	QueryOrNodesWhenNested
)

// Exemption lists what spares a block its QueryWhenNested requirement
// (input: a placeholder, an option, or a type that needs no data).
type Exemption struct {
	Attributes []string // any of these attributes is set
	Blocks     []string // any of these nested blocks is present
	Types      []string // the `type` attribute has one of these values
}

// Exclusion is a rule over alternatives of a block: at most one of them may
// be present, or exactly one when Required. Each alternative is a set of
// names, each an attribute of the block or a nested block type (the tests
// guarantee that no name is both); an alternative is present when any of its
// names is.
type Exclusion struct {
	Alternatives [][]string
	Required     bool
	// PresentWhen maps a nested block type to the block types inside it
	// that make it count as present (Powerpipe ignores a legacy `requires`
	// beside `require` unless it requires mods or plugins); a block type
	// not listed counts whenever it is there.
	PresentWhen map[string][]string
	Severity    Severity
	Message     string
}

// Check is a rule with a severity and a message.
type Check struct {
	Severity Severity
	Message  string
}

// Block describes one block type in one context.
//
// Resource blocks (query, chart, …) are described once and shared by every
// parent they may appear in; structural sub-blocks (legend, axes, series,
// column, option, require, …) and blocks whose meaning changes with the
// parent (a category inside a graph, a mod inside require) have a
// description of their own. BlockIn resolves the right one.
type Block struct {
	Type string
	Doc  string
	// Labels is the number of labels a block of this type has when named.
	Labels int
	// LabelOptional: when nested, the block may be anonymous. Top-level
	// blocks always need exactly Labels labels.
	LabelOptional bool
	// LabelName names the label ("name", "module path", …) when Labels > 0.
	LabelName string
	// AnonymousWarning, when not empty, is the warning for an anonymous
	// block that Powerpipe accepts but that is useless (input, with).
	AnonymousWarning string
	// TopLevel: the block may appear at the top level of a file.
	TopLevel bool
	// Attributes is the full accepted set (groups expanded), sorted by name.
	Attributes []Attribute
	// Blocks lists the block types allowed directly inside, sorted.
	Blocks []string
	// FreeAttributes: any attribute name is accepted (locals).
	FreeAttributes bool
	// Strict blocks are decoded with a strict HCL schema: errors about
	// unknown attributes and blocks are HCL's native messages
	// ("Unsupported argument"), not Powerpipe's ("Unsupported attribute").
	Strict bool
	// Query says when the block must define SQL; QueryExempt lists what
	// spares it a QueryWhenNested requirement.
	Query       QueryRule
	QueryExempt *Exemption
	// Exclusive lists mutually exclusive alternatives.
	Exclusive []Exclusion
	// InNestedResource applies to a block (with, param) declared in a
	// resource that is itself nested: with is an error there, param a
	// deprecation warning (unless inherited from base).
	InNestedResource *Check
	// RejectedAttributes and RejectedBlocks are names Powerpipe rejects here
	// that people write anyway, with a targeted message (errors).
	RejectedAttributes map[string]string
	RejectedBlocks     map[string]string
	// Warnings are nested block types accepted here that deserve a warning.
	Warnings map[string]string
	// Deprecated, when not empty, says why and what to use instead.
	Deprecated string

	// sub holds the descriptions of nested block types specific to this
	// parent; other names in Blocks resolve to the shared descriptions.
	sub []*Block
}

// Attribute returns the attribute called name.
func (b *Block) Attribute(name string) (*Attribute, bool) {
	i := sort.Search(len(b.Attributes), func(i int) bool { return b.Attributes[i].Name >= name })
	if i < len(b.Attributes) && b.Attributes[i].Name == name {
		return &b.Attributes[i], true
	}
	return nil, false
}

// Allows reports whether a block of type child may be nested directly in b.
func (b *Block) Allows(child string) bool {
	_, ok := slices.BinarySearch(b.Blocks, child)
	return ok
}

// Child returns the description of a block of type typ nested directly in b.
func (b *Block) Child(typ string) (*Block, bool) {
	if !b.Allows(typ) {
		return nil, false
	}
	for _, s := range b.sub {
		if s.Type == typ {
			return s, true
		}
	}
	c, ok := shared[typ]
	return c, ok
}

// QueryProvider reports whether the block runs SQL (takes sql, query, args
// and param blocks; query itself takes no query or args).
func (b *Block) QueryProvider() bool { return b.Query != NoQuery }

// RejectedAttribute returns the targeted message for an attribute that
// Powerpipe rejects on b, if there is one.
func (b *Block) RejectedAttribute(name string) (string, bool) {
	msg, ok := b.RejectedAttributes[name]
	return msg, ok
}

// BlockIn returns the description of a block of type typ whose enclosing
// blocks are parentPath, outermost first (e.g. ["dashboard", "container",
// "chart"]; nil for the top level). It reports false when the block is not
// accepted there, or when parentPath itself is not a valid nesting.
func BlockIn(parentPath []string, typ string) (*Block, bool) {
	b := root
	for _, p := range parentPath {
		var ok bool
		if b, ok = b.Child(p); !ok {
			return nil, false
		}
	}
	return b.Child(typ)
}

// RejectedBlock returns the targeted message for a block of type typ that
// Powerpipe rejects at parentPath, if there is one: legacy and Flowpipe
// block types at the top level, a control inside a dashboard, a flowpipe
// requirement, a validation block in a variable, ….
func RejectedBlock(parentPath []string, typ string) (string, bool) {
	b := root
	for _, p := range parentPath {
		var ok bool
		if b, ok = b.Child(p); !ok {
			return "", false
		}
	}
	msg, ok := b.RejectedBlocks[typ]
	return msg, ok
}

// TopLevel returns the blocks that may appear at the top level of a file,
// sorted by type.
func TopLevel() []*Block {
	out := make([]*Block, 0, len(root.Blocks))
	for _, t := range root.Blocks {
		b, _ := root.Child(t)
		out = append(out, b)
	}
	return out
}

// Function describes one function of the expression language (§7).
type Function struct {
	Name string
	// Signature reads like "join(separator string, lists... list(string)) string".
	Signature string
	Doc       string
}

// Functions returns every function available in expressions, sorted by name.
func Functions() []Function { return slices.Clone(functions) }

// FunctionNamed returns the function called name.
func FunctionNamed(name string) (*Function, bool) {
	i, ok := slices.BinarySearchFunc(functions, name, func(f Function, n string) int { return strings.Compare(f.Name, n) })
	if !ok {
		return nil, false
	}
	f := functions[i]
	return &f, true
}

// Root describes one root name of references in expressions (§4.1).
type Root struct {
	Name string
	// Form shows the shape of a reference, e.g. "var.<name>".
	Form string
	Doc  string
	// Resource: the root is a block type and <type>.<name> names a
	// top-level block of the mod (or <alias>.<type>.<name> of a dependency).
	Resource bool
	// Runtime roots are resolved while a dashboard runs and are valid only
	// in Runtime attributes (args, param default).
	Runtime bool
}

// Roots returns the reference roots, sorted by name.
func Roots() []Root { return slices.Clone(roots) }

// RootNamed returns the reference root called name.
func RootNamed(name string) (*Root, bool) {
	i, ok := slices.BinarySearchFunc(roots, name, func(r Root, n string) int { return strings.Compare(r.Name, n) })
	if !ok {
		return nil, false
	}
	r := roots[i]
	return &r, true
}
