package index

// This file defines the index's records: entries (resources a user can list,
// reference or jump to) and postings (references to them).

import (
	"slices"

	"github.com/modls/modls/parse"
)

// Kind is the type of an entry: a block type, or `var`, `local` and `mod`.
// Its string is the type as it appears in qualified names (`var`, not
// `variable`).
type Kind uint8

// The entry kinds. KindNone is the zero value and never an entry's kind.
const (
	KindNone Kind = iota
	KindMod
	KindVar
	KindLocal
	KindQuery
	KindControl
	KindDetection
	KindBenchmark
	KindDashboard
	KindContainer
	KindCard
	KindChart
	KindFlow
	KindGraph
	KindHierarchy
	KindImage
	KindInput
	KindTable
	KindText
	KindNode
	KindEdge
	KindCategory
	KindWith
	KindParam
	numKinds
)

// Flags describe where an entry sits, how it got its name, and what its
// block sets.
type Flags uint16

const (
	// TopLevel marks an entry at the top level of its file: a block with no
	// parent, or a local (an attribute of a top-level locals block).
	TopLevel Flags = 1 << iota
	// Nested marks an entry inside another entry.
	Nested
	// Anonymous marks a nested block without a label, whose name was made up
	// by Powerpipe's rule (see names.go).
	Anonymous
	// ModPrefixed marks an anonymous entry numbered against the mod rather
	// than a dashboard or container: its name starts with `mod_<mod>_`.
	ModPrefixed
	// Scoped marks an entry that Powerpipe does not register in the mod's
	// namespace: a nested input (scoped to its dashboard), a with, a param, or
	// a node, edge or category inside a flow, graph or hierarchy. Scoped
	// entries are never found by qualified name.
	Scoped
	// BadLabels marks a block whose label count is wrong: a top-level block
	// or a param with no label or more than one, or another nested block
	// with more than one (an unlabelled one is Anonymous instead). Name is
	// the first label, or empty when there is none.
	BadLabels
	// ComputedTitle marks a block whose title is an expression (a template
	// such as "${local.service} buckets", a reference) rather than a plain
	// string: Title is empty, and static evaluation may know it
	// (eval.Scope.Title).
	ComputedTitle
	// HasSQL, HasQuery, HasArgs and HasBase mark a block that sets the
	// attribute sql, query, args or base at its top, and HasDefault a param
	// block that sets default: the checks of args and bases read them
	// rather than the block's text.
	HasSQL
	HasQuery
	HasArgs
	HasBase
	HasDefault
)

// Entry is one resource of the index.
//
// Invariant: an Entry is read-only; it belongs to a File of an immutable
// snapshot. Its strings live in the file's string arena (one allocation per
// file holding nothing of the source but these strings), located by spans.
type Entry struct {
	// Range is the whole block (for a local: the whole attribute).
	Range parse.Range
	// NameRange is the label, quotes included as in hclsyntax's LabelRanges
	// (for a local: the attribute name). For an unlabelled block it is the
	// type keyword.
	NameRange parse.Range

	file               *File
	name, title, descr span
	// mask has a bit for each kind of character in the name and title (see
	// charBit): a query with a character neither has cannot match.
	mask   uint64
	parent int32 // index in file.entries, or -1
	Kind   Kind
	Flags  Flags
}

// Name returns the short name: the label, or the synthetic name of an
// anonymous block. It is empty when a block has no label and cannot be
// anonymous (see BadLabels).
func (e *Entry) Name() string { return e.file.str(e.name) }

// Title returns the `title` attribute when it is a plain string, or "".
func (e *Entry) Title() string { return e.file.str(e.title) }

// Description returns the `description` attribute when it is a plain
// string, or "".
func (e *Entry) Description() string { return e.file.str(e.descr) }

// File returns the indexed file that holds e.
func (e *Entry) File() *File { return e.file }

// Parent returns the entry that e is nested in, or nil.
func (e *Entry) Parent() *Entry {
	if e.parent < 0 {
		return nil
	}
	return &e.file.entries[e.parent]
}

// Is reports whether e has all of flags.
func (e *Entry) Is(flags Flags) bool { return e.Flags&flags == flags }

// TypeRange is the block type keyword (for a local: the attribute name).
// It is derived: a block's range starts with its type keyword.
func (e *Entry) TypeRange() parse.Range {
	if e.Kind == KindLocal {
		return e.NameRange
	}
	return spanFrom(e.Range.Start, len(e.Kind.BlockType()))
}

// UnqualifiedName returns `<type>.<name>`, e.g. `control.x` or `var.region`.
func (e *Entry) UnqualifiedName() string { return e.Kind.String() + "." + e.Name() }

// QualifiedName returns `<mod>.<type>.<name>`, e.g. `aws.control.x`; for the
// mod entry itself, `mod.<name>`.
func (e *Entry) QualifiedName() string {
	if e.Kind == KindMod {
		return "mod." + e.Name()
	}
	return e.file.mod.Name + "." + e.Kind.String() + "." + e.Name()
}

// Mod returns the mod that e belongs to.
func (e *Entry) Mod() *Mod { return e.file.mod }

// Descendants returns the entries nested in e (its children, theirs, …;
// for a local, none), in pre-order: a slice of its file's entries, found by
// binary search. The caller must not modify them.
func (e *Entry) Descendants() []Entry {
	es := e.file.entries
	i, _ := slices.BinarySearchFunc(es, e.Range.Start.Byte, func(x Entry, off uint32) int {
		return int(x.Range.Start.Byte) - int(off)
	})
	for i < len(es) && &es[i] != e {
		i++ // entries starting at the same byte: e is among them
	}
	if i == len(es) {
		return nil
	}
	j := i + 1
	for j < len(es) && es[j].Range.Start.Byte < e.Range.End.Byte && es[j].Range.Start.Byte >= e.Range.Start.Byte {
		j++
	}
	return es[i+1 : j : j]
}

// Postings returns the references made within e's range — its own and its
// nested blocks' — in source order: a slice of its file's postings, found
// by binary search. The caller must not modify them.
func (e *Entry) Postings() []Posting {
	ps := e.file.postings
	lo, _ := slices.BinarySearchFunc(ps, e.Range.Start.Byte, func(p Posting, off uint32) int {
		return int(p.Range.Start.Byte) - int(off)
	})
	hi := lo
	for hi < len(ps) && ps[hi].Range.Start.Byte < e.Range.End.Byte {
		hi++
	}
	return ps[lo:hi:hi]
}

// Key returns the key that a reference to e from its own mod has.
func (e *Entry) Key() Key { return Key{Kind: e.Kind, Name: e.Name()} }

// Key is what a reference names: a kind and a name, and the dependency alias
// it was written with (empty for the referencing mod itself).
type Key struct {
	Alias string
	Kind  Kind
	Name  string
}

// String returns the key as written: `control.x` or `alias.control.x`.
func (k Key) String() string {
	if k.Alias != "" {
		return k.Alias + "." + k.Kind.String() + "." + k.Name
	}
	return k.Kind.String() + "." + k.Name
}

// PostingFlags describe a posting.
type PostingFlags uint8

const (
	// Runtime marks `self.input.x`, `with.x` and `param.x`: references
	// resolved within the enclosing dashboard or top-level resource, not the
	// mod's namespace.
	Runtime PostingFlags = 1 << iota
	// Link marks a dashboard link inside an href string,
	// `"/<mod>.dashboard.<name>?input.x=…"`: a reference that Powerpipe
	// resolves only when a user follows it. Its alias is the mod name (which
	// may be the referring mod's own), its Range spans `<mod>.dashboard.<name>`
	// inside the string.
	Link
)

// Posting is one reference to a (potential) entry: `query.x`, `var.y`,
// `local.z`, `aws.control.c`, `self.input.i`, `with.w`, `param.p`, possibly
// followed by property steps (`query.x.sql`).
//
// Invariant: a Posting is read-only, like an Entry.
type Posting struct {
	// Range spans the whole traversal, property steps included.
	Range parse.Range

	file    *File
	name    span      // the name step: `x` in `query.x.sql`
	nameEnd parse.Pos // end of the name step
	from    int32     // index in file.entries of the innermost enclosing entry, or -1
	alias   uint16    // atom of the dependency alias; 0 when there is none
	attr    uint16    // atom of the attribute name
	Kind    Kind
	Flags   PostingFlags
}

// Name returns the name step: `x` in `query.x.sql`.
func (p *Posting) Name() string { return p.file.str(p.name) }

// File returns the indexed file that holds p.
func (p *Posting) File() *File { return p.file }

// Alias returns the dependency alias the reference was written with, or "".
func (p *Posting) Alias() string { return p.file.str(p.file.atoms[p.alias]) }

// Attr returns the name of the attribute whose value holds the reference
// (`children`, `query`, `base`, `args`, `default`, …).
func (p *Posting) Attr() string { return p.file.str(p.file.atoms[p.attr]) }

// Key returns the reference's target key.
func (p *Posting) Key() Key { return Key{Alias: p.Alias(), Kind: p.Kind, Name: p.Name()} }

// From returns the innermost entry whose source contains the reference, or
// nil (for example in an unknown top-level block).
func (p *Posting) From() *Entry {
	if p.from < 0 {
		return nil
	}
	return &p.file.entries[p.from]
}

// NameRange is the name step without its dot: what a rename rewrites.
func (p *Posting) NameRange() parse.Range {
	return spanTo(p.nameEnd, int(p.name.n))
}

// TargetRange spans the reference up to and including the name step:
// `aws.control.c` in `aws.control.c.title`.
func (p *Posting) TargetRange() parse.Range {
	return parse.Range{Start: p.Range.Start, End: p.nameEnd}
}

// AliasRange is the dependency alias step, or an empty range at the start of
// the reference when there is no alias.
func (p *Posting) AliasRange() parse.Range {
	return spanFrom(p.Range.Start, len(p.Alias()))
}

// spanFrom returns the single-line range of n bytes starting at s.
func spanFrom(s parse.Pos, n int) parse.Range {
	e := s
	e.Byte += uint32(n)
	e.Col += uint32(n)
	return parse.Range{Start: s, End: e}
}

// spanTo returns the single-line range of n bytes ending at e.
func spanTo(e parse.Pos, n int) parse.Range {
	s := e
	s.Byte -= uint32(n)
	s.Col -= uint32(n)
	return parse.Range{Start: s, End: e}
}
