package parse

// This file defines the scanner's result types: a flat, pre-order record of
// every block, attribute and variable reference in one file.

// Pos is a position in a source file.
//
// Byte is the 0-based byte offset; Line and Col are 1-based. Col counts bytes
// from the start of the line, so it converts to any other unit (UTF-16 code
// units for LSP, grapheme clusters for HCL's messages) with the line's text.
// Line agrees with hcl.Pos.Line; Byte agrees with hcl.Pos.Byte.
type Pos struct {
	Byte uint32
	Line uint32
	Col  uint32
}

// Range is a half-open span [Start, End) of a source file.
type Range struct {
	Start, End Pos
}

// Contains reports whether the byte offset b lies in r (end inclusive, which
// is what a cursor at the end of a name expects).
func (r Range) Contains(b uint32) bool { return r.Start.Byte <= b && b <= r.End.Byte }

// File is what Scan extracts from one file.
//
// Invariant: Blocks are in pre-order (a parent precedes its children, and
// siblings are in source order); Attrs and Refs are in source order; every
// range lies within the scanned source.
type File struct {
	Blocks []Block
	Attrs  []Attr
	Refs   []Ref
	Steps  []Step // backing store for Ref.Steps
	Diags  []Diagnostic
}

// Block is one block at any depth: `type "label" ... { ... }`.
type Block struct {
	Type   string
	Labels []Label
	// Parent is the index in File.Blocks of the enclosing block, or -1 for a
	// top-level block.
	Parent int32
	// Range spans from the type keyword to the closing brace, as
	// hclsyntax.Block.Range does. A block that never closes ends where the
	// scanner gave up on it, and Open is true.
	Range     Range
	TypeRange Range
	// Open reports a block whose closing brace is missing.
	Open bool
}

// Label is one block label. Value has escapes decoded; Range includes the
// quotes of a quoted label, as hclsyntax.Block.LabelRanges do.
type Label struct {
	Value string
	Range Range
}

// Attr is one attribute `name = expr` at any depth.
type Attr struct {
	Name string
	// Block is the index in File.Blocks of the owning block, or -1 for a
	// top-level attribute.
	Block     int32
	NameRange Range
	// Range spans from the name to the end of the expression, as
	// hclsyntax.Attribute.SrcRange does.
	Range Range
	// ExprRange spans the value expression.
	ExprRange Range
	// Static reports that the expression is a string with no template
	// sequences (a quoted string or a heredoc); StringValue decodes it.
	Static bool
}

// Ref is one variable reference: a traversal rooted in the global scope, as
// hclsyntax.Variables reports for an attribute's expression.
type Ref struct {
	// Attr is the index in File.Attrs of the attribute whose expression holds
	// the reference.
	Attr  int32
	Range Range
	// First and N locate the steps in File.Steps: a root step followed by
	// attribute and index steps.
	First, N uint32
}

// StepsOf returns the steps of r.
func (f *File) StepsOf(r Ref) []Step { return f.Steps[r.First : r.First+r.N] }

// StepKind tells what a traversal step does.
type StepKind uint8

const (
	StepRoot  StepKind = iota // the first name: `query` in query.x
	StepAttr                  // `.name`
	StepIndex                 // `[key]` with a literal key, or legacy `.0`
)

// KeyKind is the type of an index step's literal key.
type KeyKind uint8

const (
	KeyNone    KeyKind = iota // not an index step
	KeyNumber                 // Name holds the number as written
	KeyString                 // Name holds the decoded string
	KeyBool                   // Name is "true" or "false"
	KeyNull                   // Name is "null"
	KeyUnknown                // an invalid key, such as legacy `.0.1`
)

// Step is one traversal step. Its Range matches the hcl.Traverser's
// SrcRange: the name for a root, `.name` for an attribute, `[key]` for an
// index.
type Step struct {
	Kind  StepKind
	Key   KeyKind
	Name  string
	Range Range
}

// Severity of a Diagnostic.
type Severity uint8

const (
	SevError Severity = iota + 1
	SevWarning
)

// Diagnostic is a problem the scanner found, with the range it applies to.
type Diagnostic struct {
	Severity Severity
	Summary  string
	Detail   string
	Range    Range
}
