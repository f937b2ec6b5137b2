// Package schema is the one description of the Powerpipe mod language as
// data: every block type, where it may be nested, its labels and attributes
// with their types, documentation, documented values and reference targets,
// the semantic rules that validation checks beyond the HCL schema, the
// function table and the roots of references. Hover, completion and
// validation all read it; nothing else describes the language.
//
// The source is docs/mod-language.md of the shared docs (§2 blocks and
// attribute groups, §3.1 nesting, §4 references, §5 the mod block, §6.1
// variables, §7 functions, §8 validation), corrected where the real mods that
// Powerpipe loads disagree with it.
//
// # Where to start
//
// BlockIn resolves a block type in its context, given the types of its
// enclosing blocks, outermost first:
//
//	b, ok := schema.BlockIn([]string{"dashboard", "container"}, "chart")
//	a, ok := b.Attribute("type") // a.Doc, a.Enum
//	b.Allows("series")           // true
//
// The same name can mean different blocks: a `category` inside a graph is
// not the top-level category, `title` inside an axis is a block while on a
// chart it is an attribute, `mod` inside `require` is a dependency. BlockIn
// (or Block.Child when walking down) always returns the right one. A block it
// does not find is not accepted there; RejectedBlock and
// Block.RejectedAttribute give targeted messages for the mistakes people make
// (detection_benchmark, a control in a dashboard, depth on a node, …).
//
// TopLevel lists the top-level block types, Functions and FunctionNamed the
// functions of §7, Roots and RootNamed the reference roots of §4.1.
//
// # Rules
//
// A Block carries the rules of §8 that concern it as data: Query (when SQL
// is required) and QueryExempt, Exclusive (mutually exclusive or one-of
// attributes and blocks, with severity and message), InNestedResource (with
// and param inside nested resources), AnonymousWarning, Warnings,
// Deprecated. Attributes carry Required, Deprecated, Hidden, Targets,
// Runtime (runtime references allowed) and Static (variables pass).
//
// Invariant: the data is immutable. Everything returned points into shared
// tables; callers must not modify it.
package schema
