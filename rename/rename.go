package rename

// This file defines Prepare and Rename: the target under the cursor, the
// checks that may refuse a rename, and the edits.

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

// Options give Rename what the index does not hold.
type Options struct {
	// Source returns the current text of the file at path: an open
	// document's text, else the file's content on disk.
	Source func(path string) ([]byte, error)
	// VarFiles returns the variable files (.ppvars, .spvars) that set the
	// variables of mod m, or nil. It may be nil.
	VarFiles func(m *index.Mod) []string
	// Context stops the rename when it ends (before each file it reads):
	// Rename then returns its error. nil is Background.
	Context context.Context
}

// Refusal is a rename refused. Its message is meant for the user.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

func refuse(format string, args ...any) *Refusal {
	return &Refusal{Reason: fmt.Sprintf(format, args...)}
}

// Stale reports a file whose text does not spell the old name where the
// index says it does: the file changed since it was indexed.
type Stale struct {
	Path      string
	Offset    int
	Want, Got string
}

func (s *Stale) Error() string {
	return fmt.Sprintf("%s changed since it was indexed (%q at byte %d where %q was expected); try the rename again",
		s.Path, s.Got, s.Offset, s.Want)
}

// Target is what a rename at a position would change.
type Target struct {
	Kind index.Kind
	Name string
	// Range is the name under the cursor, in the file of the request: a
	// label without its quotes, a local's name, or a reference's name step.
	Range parse.Range
	// Entries are what the position designates: the entry whose name is
	// there, or the entries the reference there resolves to. Rename renames
	// them and everything index.Index.Related finds from them.
	Entries []*index.Entry
}

// Prepare returns what a rename at byte offset off of the file at path,
// whose current text is text, would change, or a *Refusal saying why
// nothing there can be renamed.
func Prepare(ix *index.Index, path string, off uint32, text []byte) (*Target, error) {
	e, p := ix.At(path, off)
	var targets []*index.Entry
	var at parse.Range
	switch {
	case p != nil:
		if p.Alias() != "" && off < p.AliasRange().End.Byte {
			return nil, refuse("`%s` is the name of a mod used as an alias; renaming a mod is not supported", p.Alias())
		}
		if off > p.NameRange().End.Byte {
			return nil, refuse("nothing to rename at the cursor: only the name `%s` of `%s` can be renamed, not what follows it", p.Name(), written(p))
		}
		if targets = ix.Resolve(p); len(targets) == 0 {
			return nil, refuse("`%s` refers to nothing in the workspace, so there is nothing to rename", written(p))
		}
		at = p.NameRange()
	case e != nil && e.NameRange.Contains(off):
		switch {
		case e.Is(index.Anonymous):
			return nil, refuse("this %s block has no label, so there is no name to rename", e.Kind.BlockType())
		case e.Is(index.BadLabels):
			return nil, refuse("this %s block does not have exactly one label; fix its labels before renaming it", e.Kind.BlockType())
		}
		targets = []*index.Entry{e}
		at = nameRange(e, text)
	default:
		return nil, refuse("nothing to rename at the cursor: place it on the name of a resource, variable, local, param, with or input, or on a reference to one")
	}
	if err := renameable(targets); err != nil {
		return nil, err
	}
	return &Target{Kind: targets[0].Kind, Name: targets[0].Name(), Range: at, Entries: targets}, nil
}

// renameable refuses targets that belong to a dependency mod, and mods.
func renameable(es []*index.Entry) error {
	for _, e := range es {
		if e.Kind == index.KindMod {
			return refuse("renaming a mod is not supported: its name is the alias its dependants use")
		}
		if m := e.Mod(); m.IsDependency() {
			return refuse("%s `%s` belongs to the dependency mod %s (%s); a dependency cannot be renamed from the mods that use it",
				kindWord(e.Kind), e.Name(), m.Name, installDir(m))
		}
	}
	return nil
}

// installDir names where dependency mod m is installed, from .powerpipe on.
func installDir(m *index.Mod) string {
	root := filepath.ToSlash(m.Root)
	if i := strings.Index(root, "/.powerpipe/mods/"); i >= 0 {
		return root[i+1:]
	}
	return root
}

// Rename returns the edits that rename what byte offset off of the file at
// path designates to newName, sorted by file and position, or a *Refusal,
// or a *Stale error. Renaming to the current name returns no edits.
func Rename(ix *index.Index, path string, off uint32, newName string, opt Options) ([]span.Edit, error) {
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	texts := map[string][]byte{}
	source := func(path string) ([]byte, error) {
		if t, ok := texts[path]; ok {
			return t, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t, err := opt.Source(path)
		if err != nil {
			return nil, err
		}
		texts[path] = t
		return t, nil
	}
	text, err := source(path)
	if err != nil {
		return nil, err
	}
	t, err := Prepare(ix, path, off, text)
	if err != nil {
		return nil, err
	}
	if !hclsyntax.ValidIdentifier(newName) {
		return nil, refuse("`%s` is not a valid name: a name starts with a letter or an underscore, followed by letters, digits, underscores or dashes", newName)
	}
	if newName == t.Name {
		return nil, nil
	}
	decls, refs := ix.Related(t.Entries)
	if err := renameable(decls); err != nil {
		return nil, err
	}
	if err := clash(ix, decls, newName); err != nil {
		return nil, err
	}

	var edits []span.Edit
	add := func(path string, r parse.Range) error {
		src, err := source(path)
		if err != nil {
			return err
		}
		s, e := r.Clamp(len(src))
		if got := string(src[s:e]); got != t.Name {
			return &Stale{Path: path, Offset: s, Want: t.Name, Got: got}
		}
		edits = append(edits, span.Edit{Path: path, Start: s, End: e, New: newName})
		return nil
	}
	for _, d := range decls {
		src, err := source(d.File().Path)
		if err != nil {
			return nil, err
		}
		if err := add(d.File().Path, nameRange(d, src)); err != nil {
			return nil, err
		}
	}
	for _, p := range refs {
		if err := add(p.File().Path, p.NameRange()); err != nil {
			return nil, err
		}
	}
	if t.Kind == index.KindParam {
		for _, d := range decls {
			aes, err := argEdits(ix, d, t.Name, newName, source)
			if err != nil {
				return nil, err
			}
			for _, e := range aes {
				if err := add(e.Path, parse.Range{Start: parse.Pos{Byte: uint32(e.Start)}, End: parse.Pos{Byte: uint32(e.End)}}); err != nil {
					return nil, err
				}
			}
		}
	}
	if t.Kind == index.KindVar && opt.VarFiles != nil {
		ves, err := varFileEdits(t, newName, opt.VarFiles(decls[0].Mod()), source)
		if err != nil {
			return nil, err
		}
		edits = append(edits, ves...)
	}
	slices.SortFunc(edits, func(a, b span.Edit) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Start, b.Start))
	})
	edits = slices.CompactFunc(edits, func(a, b span.Edit) bool { return a.Path == b.Path && a.Start == b.Start })
	return edits, nil
}

// varFileEdits renames the key of the variable t in the variable files
// paths, and refuses when one of them sets newName already.
func varFileEdits(t *Target, newName string, paths []string, source func(string) ([]byte, error)) ([]span.Edit, error) {
	var out []span.Edit
	for _, path := range paths {
		src, err := source(path)
		if err != nil {
			continue // an unreadable variable file sets nothing
		}
		f, _ := parse.ParseConfig(src, path, hcl.InitialPos)
		if f == nil {
			continue
		}
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		if a, ok := body.Attributes[newName]; ok {
			return nil, refuse("%s already sets `%s` (line %d); pick another name", filepath.Base(path), newName, a.NameRange.Start.Line)
		}
		if a, ok := body.Attributes[t.Name]; ok {
			r := a.NameRange
			if r.End.Byte <= len(src) && string(src[r.Start.Byte:r.End.Byte]) == t.Name {
				out = append(out, span.Edit{Path: path, Start: r.Start.Byte, End: r.End.Byte, New: newName})
			}
		}
	}
	return out, nil
}

// clash refuses newName for decls when another entry already has it where
// a renamed one would collide with it, or when references that do not resolve
// to the target today would resolve to it afterwards.
func clash(ix *index.Index, decls []*index.Entry, newName string) error {
	d := decls[0]
	if !d.Is(index.Scoped) {
		m := d.Mod()
		unq := d.Kind.String() + "." + newName
		if es := ix.Lookup(m.ID, unq); len(es) > 0 {
			return refuse("`%s` already exists in mod %s (%s); pick another name", unq, m.Name, where(es[0].File(), es[0].NameRange))
		}
		if ps := ix.Named(m.ID, d.Kind, newName); len(ps) > 0 {
			return refuse("%s written as `%s` (%s) %s to nothing today and would then refer to the renamed %s; pick another name",
				plural(len(ps), "reference", "references"), written(ps[0]), where(ps[0].File(), ps[0].Range), verb(len(ps), "resolves", "resolve"), kindWord(d.Kind))
		}
		return nil
	}
	for _, d := range decls {
		scope := scopeOf(d)
		f := d.File()
		es := f.Entries()
		for i := range es {
			e := &es[i]
			if e != d && e.Kind == d.Kind && e.Name() == newName && scopeOf(e) == scope {
				return refuse("%s `%s` already exists in the same %s (%s); pick another name",
					kindWord(d.Kind), newName, scopeWord(d), where(f, e.NameRange))
			}
		}
		if scope == nil {
			continue
		}
		ps := f.Postings()
		for i := range ps {
			p := &ps[i]
			if p.Flags&index.Runtime == 0 || p.Kind != d.Kind || p.Name() != newName || !inside(p.From(), scope) {
				continue
			}
			if x := ix.Resolve(p); len(x) == 0 || encloses(scopeOf(x[0]), scope) {
				return refuse("`%s` (%s) would then refer to the renamed %s; pick another name", written(p), where(f, p.Range), kindWord(d.Kind))
			}
		}
	}
	return nil
}

// scopeOf returns the entry within which a scoped entry's name must be
// unique and is visible: the innermost enclosing dashboard for an input, the
// parent for the others.
func scopeOf(e *index.Entry) *index.Entry {
	if e.Kind != index.KindInput {
		return e.Parent()
	}
	for a := e.Parent(); a != nil; a = a.Parent() {
		if a.Kind == index.KindDashboard {
			return a
		}
	}
	return nil
}

// inside reports whether e is scope or lies within it.
func inside(e, scope *index.Entry) bool {
	for ; e != nil; e = e.Parent() {
		if e == scope {
			return true
		}
	}
	return false
}

// encloses reports whether a is e or one of e's ancestors; a nil a (no
// scope) encloses nothing.
func encloses(a, e *index.Entry) bool { return a != nil && inside(e, a) }

// nameRange returns the name of e as a rename rewrites it: its label without
// the quotes, or a local's name.
func nameRange(e *index.Entry, text []byte) parse.Range {
	r := e.NameRange
	s, end := r.Clamp(len(text))
	if e.Kind != index.KindLocal && end-s >= 2 && text[s] == '"' && text[end-1] == '"' {
		r.Start.Byte++
		r.Start.Col++
		r.End.Byte--
		r.End.Col--
	}
	return r
}

// written returns a reference as it is written, up to its name step.
func written(p *index.Posting) string {
	switch {
	case p.Flags&index.Runtime != 0 && p.Kind == index.KindInput:
		return "self.input." + p.Name()
	case p.Flags&index.Runtime != 0:
		return p.Kind.String() + "." + p.Name()
	}
	return p.Key().String()
}

// kindWord names a kind in a message.
func kindWord(k index.Kind) string {
	switch k {
	case index.KindVar:
		return "variable"
	case index.KindLocal:
		return "local"
	}
	return k.String()
}

// scopeWord names the scope of a scoped entry in a message.
func scopeWord(e *index.Entry) string {
	if s := scopeOf(e); s != nil {
		return kindWord(s.Kind)
	}
	return "scope"
}

// where names a place as file:line, the file relative to its mod's root.
func where(f *index.File, r parse.Range) string {
	name := f.Path
	if rel, err := filepath.Rel(f.Mod().Root, f.Path); err == nil && !strings.HasPrefix(rel, "..") {
		name = filepath.ToSlash(rel)
	}
	return fmt.Sprintf("%s:%d", name, r.Start.Line)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
