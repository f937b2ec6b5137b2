package index

// This file defines the Index snapshot, its Builder, and the lookups: by
// name, by kind, by file, by reference target, and at a position.

import (
	"cmp"
	"hash/maphash"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/modls/modls/discover"
	"github.com/modls/modls/parse"
)

// ModID identifies a mod within the snapshots that descend from one Builder.
type ModID uint16

// DefaultModName is the name of a mod whose definition file has no labelled
// mod block (or that has no definition file), as in Powerpipe.
const DefaultModName = "local"

// Mod is one mod of the workspace: a root mod or a dependency.
//
// Invariant: a Mod is immutable; a snapshot whose mod changes (name, deps)
// holds a new Mod with the same ID.
type Mod struct {
	ID   ModID
	Root string // directory of the mod definition file
	// File is the mod definition file (`<root>/mod.pp` or `mod.sp`), or
	// empty to use the first of those two that the index holds.
	File string
	// Name is the label of the first mod block of the definition file, or
	// DefaultModName. Dependants use it as the alias (§4.6).
	Name string
	// Deps are the direct dependencies: the mods whose names can prefix a
	// reference made in this mod.
	Deps []ModID
}

// InstallPath returns, for a dependency mod, its slash-separated path
// relative to the .powerpipe/mods folder it is installed in
// ("github.com/org/repo@v1.2.0"); ok is false for a root mod.
func (m *Mod) InstallPath() (path string, ok bool) {
	root := filepath.ToSlash(m.Root)
	i := strings.LastIndex(root, "/.powerpipe/mods/")
	if i < 0 {
		return "", false
	}
	return root[i+len("/.powerpipe/mods/"):], true
}

// Module returns, for a dependency mod, its module path and the version
// its install folder names ("github.com/org/repo" and "v1.2.0" for
// github.com/org/repo@v1.2.0; the branch for github.com/org/repo#main); ok
// is false for a root mod.
func (m *Mod) Module() (path, version string, ok bool) {
	p, ok := m.InstallPath()
	if !ok {
		return "", "", false
	}
	if i := strings.LastIndexAny(p, "@#"); i >= 0 {
		return p[:i], p[i+1:], true
	}
	return p, "", true
}

// IsDependency reports whether m is installed under a root mod's
// .powerpipe/mods.
func (m *Mod) IsDependency() bool {
	_, ok := m.InstallPath()
	return ok
}

// File is one indexed source file.
//
// Invariant: a File is immutable and owns its entries and postings; its
// strings share one allocation that holds nothing of the source but them.
type File struct {
	Path string

	mod      *Mod
	entries  []Entry   // pre-order: a parent precedes its children
	postings []Posting // source order
	strs     string    // the string arena: every string of the file
	atoms    []span    // aliases, attribute names; atoms[0] is ""
	counts   []typeCount
	refs     uint32 // all traversals the scanner saw
	// syntaxErrors counts the scanner's diagnostics: the file is damaged
	// and its entries are those found outside the damage.
	syntaxErrors uint32
	ascii        bool   // the source holds only ASCII bytes
	sum          uint64 // maphash of the source (Built)
	size         int    // bytes of the source
	modName      string // the mod name that ModPrefixed names were made with
	modLabel     string // label of the first top-level mod block, if any
	hasModBlock  bool
	modPrefixed  bool // some entry is ModPrefixed
}

// typeCount counts the blocks of one type in a file.
type typeCount struct {
	typ         string
	top, nested uint32
}

// Mod returns the mod the file belongs to.
func (f *File) Mod() *Mod { return f.mod }

// ASCII reports whether the file's source was all ASCII: then every byte
// column of its positions is also a UTF-16 column.
func (f *File) ASCII() bool { return f.ascii }

// sourceSeed seeds the hash of every file's source.
var sourceSeed = maphash.MakeSeed()

// Built reports whether text is the content f was built from: positions of
// f's entries and postings convert against it, and against no other.
func (f *File) Built(text []byte) bool {
	return len(text) == f.size && maphash.Bytes(sourceSeed, text) == f.sum
}

// SyntaxErrors returns how many syntax errors the scanner found in f.
func (f *File) SyntaxErrors() int { return int(f.syntaxErrors) }

// Entries returns the file's entries in pre-order (source order, parents
// before children). The caller must not modify them.
func (f *File) Entries() []Entry { return f.entries }

// Postings returns the file's references in source order. The caller must
// not modify them.
func (f *File) Postings() []Posting { return f.postings }

// Index is an immutable snapshot of the workspace's entries and references.
//
// Its methods are safe for concurrent use. Lookup tables are built on first
// use, or shared with the snapshot it was derived from (see doc.go).
type Index struct {
	mods  []*Mod  // by ID
	files []*File // sorted by Path

	// The lookup tables: either base with the delta (stale, fresh), or own,
	// built once on demand over all files.
	base  *tables
	stale map[*File]bool // files of base that this snapshot no longer has
	fresh []*File        // files of this snapshot that base lacks
	once  sync.Once
	own   atomic.Pointer[tables]
}

// Mods returns the mods of the index, by ID.
func (ix *Index) Mods() []*Mod { return ix.mods }

// Mod returns the mod with the given ID, or nil.
func (ix *Index) Mod(id ModID) *Mod {
	if int(id) >= len(ix.mods) {
		return nil
	}
	return ix.mods[id]
}

// ModAt returns the mod whose root is the deepest directory holding path, or
// nil. A dependency installed under a root mod wins over the root mod.
func (ix *Index) ModAt(path string) *Mod {
	var best *Mod
	for _, m := range ix.mods {
		if within(path, m.Root) && (best == nil || len(m.Root) > len(best.Root)) {
			best = m
		}
	}
	return best
}

// within reports whether path is dir or lies below it.
func within(path, dir string) bool {
	if !strings.HasPrefix(path, dir) {
		return false
	}
	return len(path) == len(dir) || path[len(dir)] == filepath.Separator || strings.HasSuffix(dir, string(filepath.Separator))
}

// Files returns the indexed files sorted by path. The caller must not
// modify the slice.
func (ix *Index) Files() []*File { return ix.files }

// File returns the indexed file at path, or nil.
func (ix *Index) File(path string) *File {
	i, ok := slices.BinarySearchFunc(ix.files, path, func(f *File, p string) int { return strings.Compare(f.Path, p) })
	if !ok {
		return nil
	}
	return ix.files[i]
}

// registered reports whether e is in its mod's namespace (found by name).
func registered(e *Entry) bool { return e.name.n > 0 && e.Flags&Scoped == 0 }

// tables are the lookup tables over a set of files: two arrays of keyed
// locations sorted by key, searched by binary search. A key packs the mod,
// the kind and 40 bits of a hash of the name, so that the entries of one
// kind in one mod are contiguous; hash collisions are weeded out by
// comparing names.
type tables struct {
	files   []*File
	entries []tkey // every entry, by mod, kind and name
	targets []tkey // non-Runtime postings, by resolved mod, kind and name
}

// tkey is a keyed location: entry or posting i of the file in slot.
type tkey struct {
	key     uint64
	slot, i uint32
}

var seed = maphash.MakeSeed()

const hashBits = 40

// keyOf returns the table key of a name.
func keyOf(mod ModID, k Kind, name string) uint64 {
	return kindKey(mod, k) | maphash.String(seed, name)&(1<<hashBits-1)
}

// kindKey returns the smallest key of the names of kind k in mod.
func kindKey(mod ModID, k Kind) uint64 { return uint64(mod)<<48 | uint64(k)<<hashBits }

// search returns the locations with keys in [lo, hi).
func search(ts []tkey, lo, hi uint64) []tkey {
	i, _ := slices.BinarySearchFunc(ts, lo, func(t tkey, k uint64) int { return cmp.Compare(t.key, k) })
	j, _ := slices.BinarySearchFunc(ts[i:], hi, func(t tkey, k uint64) int { return cmp.Compare(t.key, k) })
	return ts[i : i+j]
}

// sortKeys sorts ts by key, then by location (file order).
func sortKeys(ts []tkey) {
	slices.SortFunc(ts, func(a, b tkey) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		if c := cmp.Compare(a.slot, b.slot); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
}

// buildTables builds the lookup tables over files.
func buildTables(ix *Index, files []*File) *tables {
	var ne, np int
	for _, f := range files {
		ne += len(f.entries)
		np += len(f.postings)
	}
	t := &tables{files: files, entries: make([]tkey, 0, ne), targets: make([]tkey, 0, np)}
	for slot, f := range files {
		id := f.mod.ID
		for i := range f.entries {
			e := &f.entries[i]
			t.entries = append(t.entries, tkey{keyOf(id, e.Kind, e.Name()), uint32(slot), uint32(i)})
		}
		for i := range f.postings {
			p := &f.postings[i]
			if p.Flags&Runtime != 0 {
				continue
			}
			if m := ix.targetMod(p); m != nil {
				t.targets = append(t.targets, tkey{keyOf(m.ID, p.Kind, p.Name()), uint32(slot), uint32(i)})
			}
		}
	}
	sortKeys(t.entries)
	sortKeys(t.targets)
	t.targets = slices.Clip(t.targets)
	return t
}

// view returns the lookup tables and the delta between them and ix.
func (ix *Index) view() (t *tables, stale map[*File]bool, fresh []*File) {
	if ix.base != nil {
		return ix.base, ix.stale, ix.fresh
	}
	ix.once.Do(func() { ix.own.Store(buildTables(ix, ix.files)) })
	return ix.own.Load(), nil, nil
}

// ready returns the tables and delta of ix if they exist, without building.
func (ix *Index) ready() (t *tables, stale map[*File]bool, fresh []*File) {
	if ix.base != nil {
		return ix.base, ix.stale, ix.fresh
	}
	return ix.own.Load(), nil, nil
}

// entries returns the entries at ts that ix still has and that match, and
// the matching entries of the fresh files, sorted by file and position.
func (ix *Index) entries(ts []tkey, match func(*File, *Entry) bool) []*Entry {
	t, stale, fresh := ix.view()
	var out []*Entry
	for _, k := range ts {
		f := t.files[k.slot]
		if e := &f.entries[k.i]; !stale[f] && match(f, e) {
			out = append(out, e)
		}
	}
	for _, f := range fresh {
		for i := range f.entries {
			if match(f, &f.entries[i]) {
				out = append(out, &f.entries[i])
			}
		}
	}
	slices.SortFunc(out, compareEntries)
	return out
}

// compareEntries orders entries by file path, then source position.
func compareEntries(a, b *Entry) int {
	if a.file != b.file { // most pairs of one result share their file
		if c := strings.Compare(a.file.Path, b.file.Path); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.Range.Start.Byte, b.Range.Start.Byte)
}

// byName returns the registered entries of mod named k.name, in file order.
func (ix *Index) byName(mod ModID, k Kind, name string) []*Entry {
	t, _, _ := ix.view()
	key := keyOf(mod, k, name)
	return ix.entries(search(t.entries, key, key+1), func(f *File, e *Entry) bool {
		return f.mod.ID == mod && e.Kind == k && registered(e) && e.Name() == name
	})
}

// OfKind returns every entry of kind k in mod, nested and scoped ones
// included, sorted by file and position.
func (ix *Index) OfKind(mod ModID, k Kind) []*Entry {
	t, _, _ := ix.view()
	lo := kindKey(mod, k)
	return ix.entries(search(t.entries, lo, lo+1<<hashBits), func(f *File, e *Entry) bool {
		return f.mod.ID == mod && e.Kind == k
	})
}

// Lookup returns the entries named name, seen from mod from: `control.x`
// (in from), `<mod>.control.x` (in from's dependency with that alias, in
// from itself if that is its name, then in any other mod of that name),
// `var.x`, `local.y`; `mod.<name>` finds mod blocks. Top-level entries come
// first. It returns nil for an unknown or malformed name.
func (ix *Index) Lookup(from ModID, name string) []*Entry {
	n, ok := ParseName(name)
	if !ok || ix.Mod(from) == nil {
		return nil
	}
	var mods []*Mod
	switch {
	case n.Kind == KindMod:
		mods = ix.mods
	case n.Mod == "":
		mods = []*Mod{ix.mods[from]}
	default:
		if m := ix.resolveAlias(ix.mods[from], n.Mod); m != nil {
			mods = append(mods, m)
		}
		for _, m := range ix.mods {
			if m.Name == n.Mod && !slices.Contains(mods, m) {
				mods = append(mods, m)
			}
		}
	}
	var out []*Entry
	for _, m := range mods {
		out = append(out, ix.byName(m.ID, n.Kind, n.Name)...)
	}
	slices.SortStableFunc(out, func(a, b *Entry) int {
		return boolCmp(a.Is(TopLevel), b.Is(TopLevel))
	})
	return out
}

// boolCmp orders true before false.
func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

// resolveAlias returns the mod that alias names in references made in from:
// the direct dependency of that name, else from itself if that is its name
// (Powerpipe rejects self-qualified references, but rename and
// find-references should see them), else nil.
func (ix *Index) resolveAlias(from *Mod, alias string) *Mod {
	for _, d := range from.Deps {
		if m := ix.Mod(d); m != nil && m.Name == alias {
			return m
		}
	}
	if from.Name == alias {
		return from
	}
	return nil
}

// targetMod returns the mod that a non-runtime posting points into, or nil
// when its alias does not resolve.
func (ix *Index) targetMod(p *Posting) *Mod {
	from := ix.Mod(p.file.mod.ID)
	if from == nil {
		return nil
	}
	if p.alias == 0 {
		return from
	}
	return ix.resolveAlias(from, p.Alias())
}

// Resolve returns the entries that p refers to: for `self.input.x`,
// `with.x` and `param.x` those of the enclosing dashboard or resource (see
// doc.go); otherwise the registered entries of the target mod with that kind
// and name, keeping only the top-level ones when there are any. It returns
// nil when nothing matches.
func (ix *Index) Resolve(p *Posting) []*Entry {
	if p.Flags&Runtime != 0 {
		return resolveRuntime(p)
	}
	m := ix.targetMod(p)
	if m == nil {
		return nil
	}
	return preferTopLevel(ix.byName(m.ID, p.Kind, p.Name()))
}

// preferTopLevel returns the top-level entries of es, or es if it has none.
func preferTopLevel(es []*Entry) []*Entry {
	n := 0
	for _, e := range es {
		if e.Is(TopLevel) {
			n++
		}
	}
	if n == 0 || n == len(es) {
		return es
	}
	out := make([]*Entry, 0, n)
	for _, e := range es {
		if e.Is(TopLevel) {
			out = append(out, e)
		}
	}
	return out
}

// resolveRuntime resolves a Runtime posting within its file: it walks out
// from the entry holding the reference, and at each enclosing entry A looks
// for `with`/`param` entries declared directly in A, or, when A is a
// dashboard, for inputs whose dashboard is A (directly or in containers).
func resolveRuntime(p *Posting) []*Entry {
	f := p.file
	name := p.Name()
	var out []*Entry
	for a := p.from; a >= 0; a = f.entries[a].parent {
		if p.Kind == KindInput && f.entries[a].Kind != KindDashboard {
			continue
		}
		for i := range f.entries {
			e := &f.entries[i]
			if e.Kind != p.Kind || e.Name() != name {
				continue
			}
			if p.Kind == KindInput && dashboardOf(e) == a || p.Kind != KindInput && e.parent == a {
				out = append(out, e)
			}
		}
		if out != nil {
			return out
		}
	}
	return nil
}

// dashboardOf returns the index of the innermost dashboard holding e, or -1.
func dashboardOf(e *Entry) int32 {
	f := e.file
	for a := e.parent; a >= 0; a = f.entries[a].parent {
		if f.entries[a].Kind == KindDashboard {
			return a
		}
	}
	return -1
}

// References returns the postings that refer to e (those p for which
// Resolve(p) holds e), sorted by file and position. For a mod entry it
// returns the postings whose dependency alias resolves to its mod.
func (ix *Index) References(e *Entry) []*Posting {
	switch {
	case e.name.n == 0:
		return nil
	case e.Kind == KindMod:
		return ix.aliasReferences(e)
	case e.Kind == KindInput && e.Is(Nested) || e.Kind == KindWith || e.Kind == KindParam:
		var out []*Posting
		for i := range e.file.postings {
			p := &e.file.postings[i]
			if p.Flags&Runtime != 0 && p.Kind == e.Kind && p.Name() == e.Name() && slices.Contains(resolveRuntime(p), e) {
				out = append(out, p)
			}
		}
		return out
	case !registered(e):
		return nil
	}
	id, name := e.file.mod.ID, e.Name()
	if !e.Is(TopLevel) {
		for _, o := range ix.byName(id, e.Kind, name) {
			if o.Is(TopLevel) {
				return nil // references go to the top-level one
			}
		}
	}
	return ix.Named(id, e.Kind, name)
}

// aliasReferences returns the postings whose alias resolves to the mod that
// mod entry e names (if e is in its mod's definition file).
func (ix *Index) aliasReferences(e *Entry) []*Posting {
	m := e.file.mod
	if ix.modFile(m) != e.file.Path || m.Name != e.Name() {
		return nil
	}
	var out []*Posting
	for _, f := range ix.files {
		for i := range f.postings {
			p := &f.postings[i]
			if p.alias != 0 && p.Flags&Runtime == 0 {
				if t := ix.targetMod(p); t != nil && t.ID == m.ID {
					out = append(out, p)
				}
			}
		}
	}
	return out
}

// comparePostings orders postings by file path, then source position.
func comparePostings(a, b *Posting) int {
	if a.file != b.file { // most pairs of one result share their file
		if c := strings.Compare(a.file.Path, b.file.Path); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.Range.Start.Byte, b.Range.Start.Byte)
}

// At returns the innermost entry whose range holds the byte offset in the
// file at path, and the posting whose range holds it; either may be nil.
func (ix *Index) At(path string, offset uint32) (*Entry, *Posting) {
	f := ix.File(path)
	if f == nil {
		return nil, nil
	}
	var e *Entry
	for i := range f.entries {
		if f.entries[i].Range.Contains(offset) {
			e = &f.entries[i] // pre-order: a later hit is deeper
		}
	}
	var p *Posting
	ps := f.postings
	i, _ := slices.BinarySearchFunc(ps, offset, func(p Posting, off uint32) int {
		return int(p.Range.Start.Byte) - int(off)
	})
	// i is the first posting starting after offset (or at it).
	for _, j := range []int{i, i - 1} {
		if j >= 0 && j < len(ps) && ps[j].Range.Contains(offset) {
			p = &ps[j]
			break
		}
	}
	return e, p
}

// Definition returns what the byte offset in the file at path designates:
// the posting there and the entries it resolves to, or, on the name of an
// entry, that entry itself (with a nil posting).
func (ix *Index) Definition(path string, offset uint32) (*Posting, []*Entry) {
	e, p := ix.At(path, offset)
	if p != nil {
		return p, ix.Resolve(p)
	}
	if e != nil && e.NameRange.Contains(offset) {
		return nil, []*Entry{e}
	}
	return nil, nil
}

// Counts summarizes an index for `modls index --json`.
type Counts struct {
	Files int `json:"files"`
	// TopLevel counts every top-level block by type, as hclsyntax sees
	// them: unknown types, locals and mod included.
	TopLevel map[string]int `json:"top_level"`
	// Nested counts every nested block at any depth by type, structural
	// sub-blocks included.
	Nested map[string]int `json:"nested"`
	// Entries and Postings count the index's records.
	Entries  int `json:"entries"`
	Postings int `json:"references"`
	// Traversals counts every variable reference the scanner reported, kept
	// as a posting or not.
	Traversals int `json:"traversals"`
}

// Counts returns the block and reference counts of the index.
func (ix *Index) Counts() Counts {
	c := Counts{Files: len(ix.files), TopLevel: map[string]int{}, Nested: map[string]int{}}
	for _, f := range ix.files {
		for _, tc := range f.counts {
			if tc.top > 0 {
				c.TopLevel[tc.typ] += int(tc.top)
			}
			if tc.nested > 0 {
				c.Nested[tc.typ] += int(tc.nested)
			}
		}
		c.Entries += len(f.entries)
		c.Postings += len(f.postings)
		c.Traversals += int(f.refs)
	}
	return c
}

// modFile returns the path of m's definition file as the index sees it.
func (ix *Index) modFile(m *Mod) string {
	return modFileOf(m, func(p string) bool { return ix.File(p) != nil })
}

// modFileOf returns m.File, else the first of `<root>/mod.pp` and
// `<root>/mod.sp` for which has is true, else `<root>/mod.pp`.
func modFileOf(m *Mod, has func(string) bool) string {
	if m.File != "" {
		return m.File
	}
	pp := filepath.Join(m.Root, "mod.pp")
	if sp := filepath.Join(m.Root, "mod.sp"); !has(pp) && has(sp) {
		return sp
	}
	return pp
}

// Builder prepares the next snapshot: a batch of mod and file changes.
// A Builder is not safe for concurrent use; the snapshots it returns are.
type Builder struct {
	parent  *Index
	mods    []*Mod
	changed map[string]*File // path → new file, nil when removed
}

// NewBuilder returns a Builder of a first, empty snapshot.
func NewBuilder() *Builder { return (&Index{}).Edit() }

// Edit returns a Builder of the snapshot that follows ix. ix is unchanged.
func (ix *Index) Edit() *Builder {
	return &Builder{parent: ix, mods: slices.Clone(ix.mods), changed: map[string]*File{}}
}

// AddMod adds the mod rooted at root and returns its ID; for a root that it
// has already, it returns the existing ID (and sets its definition file if
// modFile is not empty). modFile may be empty (see Mod.File).
func (b *Builder) AddMod(root, modFile string) ModID {
	for _, m := range b.mods {
		if m.Root == root {
			if modFile != "" && modFile != m.File {
				nm := *m
				nm.File = modFile
				b.mods[m.ID] = &nm
			}
			return m.ID
		}
	}
	if len(b.mods) > 0xFFFF {
		panic("index: more than 65536 mods")
	}
	id := ModID(len(b.mods))
	b.mods = append(b.mods, &Mod{ID: id, Root: root, File: modFile, Name: DefaultModName})
	return id
}

// AddModDir adds the mod that discovery found at d and the dependency mods
// installed under it, sets their dependencies, and returns d's ID; the ID of
// a dependency is AddMod(dep.Root, dep.ModFile). Direct dependencies come
// from the lock file; a mod the lock says nothing about may use every
// installed dependency (aliases still have to match). It does not index any
// file: the caller scans d.Files and each dependency's Files and sets them.
func (b *Builder) AddModDir(d *discover.ModDir) ModID {
	root := b.AddMod(d.Root, d.ModFile)
	byPath := map[string]ModID{}
	var all []ModID
	for _, dep := range d.Deps {
		id := b.AddMod(dep.Root, dep.ModFile)
		byPath[dep.InstallPath] = id
		all = append(all, id)
	}
	direct := func(key string, self ModID) []ModID {
		var out []ModID
		if d.Lock != nil && key != "" {
			if locked, ok := d.Lock.Parents[key]; ok {
				for _, e := range locked {
					if id, ok := byPath[e.InstallPath()]; ok {
						out = append(out, id)
					}
				}
				slices.Sort(out)
				return out
			}
		}
		for _, id := range all {
			if id != self {
				out = append(out, id)
			}
		}
		return out
	}
	rootKey := ""
	if d.Lock != nil {
		rootKey = d.Lock.RootKey
	}
	b.SetDeps(root, direct(rootKey, root)...)
	for _, dep := range d.Deps {
		id := byPath[dep.InstallPath]
		b.SetDeps(id, direct(dep.InstallPath, id)...)
	}
	return root
}

// SetDeps sets the direct dependencies of mod id.
func (b *Builder) SetDeps(id ModID, deps ...ModID) {
	nm := *b.mods[id]
	nm.Deps = slices.Clone(deps)
	b.mods[id] = &nm
}

// SetFile indexes f, the scan of src (the content of the file at path),
// as part of mod, replacing whatever the index had at path. It keeps no
// reference to src or f.
//
// Precondition: mod was returned by AddMod of this Builder or an ancestor.
func (b *Builder) SetFile(mod ModID, path string, src []byte, f *parse.File) {
	m := b.mods[mod]
	if path == modFileOf(m, b.has) || b.isModFileName(m, path) {
		// Learn the mod's name before building, so that the files set after
		// it in this batch need no renaming.
		name := DefaultModName
		if l, ok := firstModLabel(f); ok {
			name = l
		}
		if name != m.Name {
			nm := *m
			nm.Name = name
			m = &nm
			b.mods[mod] = m
		}
	}
	b.changed[path] = buildFile(m, path, src, f)
}

// isModFileName reports whether path may become m's definition file once
// the batch is done (mod.pp or mod.sp in its root, with no explicit File).
func (b *Builder) isModFileName(m *Mod, path string) bool {
	return m.File == "" && filepath.Dir(path) == filepath.Clean(m.Root) &&
		(filepath.Base(path) == "mod.pp" || filepath.Base(path) == "mod.sp" && !b.has(filepath.Join(m.Root, "mod.pp")))
}

// firstModLabel returns the label of the first top-level mod block of f.
func firstModLabel(f *parse.File) (string, bool) {
	for _, blk := range f.Blocks {
		if blk.Parent < 0 && blk.Type == "mod" {
			if len(blk.Labels) == 1 && blk.Labels[0].Value != "" {
				return blk.Labels[0].Value, true
			}
			return "", false
		}
	}
	return "", false
}

// RemoveFile removes the file at path, if the index has it.
func (b *Builder) RemoveFile(path string) { b.changed[path] = nil }

// has reports whether the snapshot being built holds a file at path.
func (b *Builder) has(path string) bool { return b.file(path) != nil }

// file returns the file at path in the snapshot being built, or nil.
func (b *Builder) file(path string) *File {
	if f, ok := b.changed[path]; ok {
		return f
	}
	return b.parent.File(path)
}

// Index returns the new snapshot. The Builder must not be used afterwards.
func (b *Builder) Index() *Index {
	parent := b.parent
	// Settle the mods' names from their definition files.
	modsChanged := len(b.mods) != len(parent.mods)
	for i, m := range b.mods {
		name := DefaultModName
		if f := b.file(modFileOf(m, b.has)); f != nil && f.modLabel != "" {
			name = f.modLabel
		}
		if name != m.Name {
			nm := *m
			nm.Name = name
			b.mods[i] = &nm
		}
		if i >= len(parent.mods) || b.mods[i] != parent.mods[i] {
			modsChanged = true
		}
	}

	// Merge the changes into the sorted file list.
	files := make([]*File, 0, len(parent.files)+len(b.changed))
	for _, f := range parent.files {
		if _, ok := b.changed[f.Path]; !ok {
			files = append(files, f)
		}
	}
	for _, f := range b.changed {
		if f != nil {
			files = append(files, f)
		}
	}
	slices.SortFunc(files, func(x, y *File) int { return strings.Compare(x.Path, y.Path) })

	// Rebind the files whose mod changed.
	if modsChanged {
		for i, f := range files {
			if m := b.mods[f.mod.ID]; m != f.mod {
				files[i] = f.rebind(m)
			}
		}
	}

	ix := &Index{mods: b.mods, files: files}
	if !modsChanged {
		ix.base, ix.stale, ix.fresh = b.delta(files)
	}
	b.parent, b.mods, b.changed = nil, nil, nil
	return ix
}

// delta returns the tables of the parent (without building them), and the
// delta of the new file list against them, or nils when the parent has no
// tables or when the delta is too big to be worth it.
func (b *Builder) delta(files []*File) (*tables, map[*File]bool, []*File) {
	t, stale, fresh := b.parent.ready()
	if t == nil {
		return nil, nil, nil
	}
	isFresh := make(map[*File]bool, len(fresh))
	for _, f := range fresh {
		isFresh[f] = true
	}
	nstale := make(map[*File]bool, len(stale)+len(b.changed))
	for f := range stale {
		nstale[f] = true
	}
	for path, nf := range b.changed {
		if old := b.parent.File(path); old != nil {
			if isFresh[old] {
				delete(isFresh, old)
			} else {
				nstale[old] = true
			}
		}
		if nf != nil {
			isFresh[nf] = true
		}
	}
	var nfresh []*File
	items := 0
	for _, f := range files {
		if isFresh[f] {
			nfresh = append(nfresh, f)
			items += len(f.entries) + len(f.postings)
		}
	}
	total := 0
	for _, f := range files {
		total += len(f.entries) + len(f.postings)
	}
	if len(nfresh)+len(nstale) > maxDeltaFiles || items > maxDeltaItems+total/8 {
		return nil, nil, nil
	}
	return t, nstale, nfresh
}

// The delta limits: past them, a snapshot builds its own tables on demand.
const (
	maxDeltaFiles = 256
	maxDeltaItems = 4096
)

// rebind returns a copy of f that belongs to m, with the names of its
// ModPrefixed entries made with m's name (appended to a new arena).
func (f *File) rebind(m *Mod) *File {
	nf := *f
	nf.mod = m
	nf.entries = slices.Clone(f.entries)
	rename := f.modPrefixed && f.modName != m.Name
	var a arena
	if rename {
		a.buf = append(a.buf, f.strs...)
	}
	for i := range nf.entries {
		e := &nf.entries[i]
		e.file = &nf
		if rename && e.Flags&ModPrefixed != 0 {
			rest := strings.TrimPrefix(f.str(e.name), modPrefix(f.modName))
			e.name = a.add(modPrefix(m.Name) + rest)
		}
	}
	if rename {
		nf.strs = a.done()
	}
	nf.modName = m.Name
	nf.postings = slices.Clone(f.postings)
	for i := range nf.postings {
		nf.postings[i].file = &nf
	}
	return &nf
}

// ReplaceFile returns the snapshot that follows ix with f, the scan of src
// (the content of the file at path, in mod), replacing the file's previous
// content.
func (ix *Index) ReplaceFile(mod ModID, path string, src []byte, f *parse.File) *Index {
	b := ix.Edit()
	b.SetFile(mod, path, src, f)
	return b.Index()
}

// RemoveFile returns the snapshot that follows ix without the file at path.
func (ix *Index) RemoveFile(path string) *Index {
	b := ix.Edit()
	b.RemoveFile(path)
	return b.Index()
}
