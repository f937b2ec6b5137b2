package index

// This file defines how a scanned file becomes an indexed File: its entries,
// its postings and its block counts.

import (
	"bytes"
	"hash/maphash"
	"slices"

	"github.com/modls/modls/parse"
)

// ctrKey identifies a counter of anonymous names: a naming parent (an entry
// index, or -1 for the mod) and a kind.
type ctrKey struct {
	parent int32
	kind   Kind
}

// fileBuilder holds the state of one buildFile call.
type fileBuilder struct {
	pf       *parse.File
	src      []byte
	mod      *Mod
	f        *File
	a        arena
	entryOf  []int32 // block index → entry index, or -1
	localOf  []int32 // attr index → local entry index, or -1 (nil if no locals)
	attrIdx  []int32 // attr indexes grouped by owning block
	attrOff  []int32 // attrIdx[attrOff[b]:attrOff[b+1]] are block b's attrs
	counters map[ctrKey]int
	atomIDs  map[string]uint16
	counts   map[string]int // type → index in f.counts
	cspans   []span         // type names of f.counts
	nameBuf  []byte
	// modLabel is the label of the file's first mod block, if hasModLabel.
	modLabel    span
	hasModLabel bool
}

// buildFile turns pf, the scan of src (the file at path, which belongs to
// mod m), into a File. It keeps no reference to src, pf or their strings.
func buildFile(m *Mod, path string, src []byte, pf *parse.File) *File {
	b := &fileBuilder{
		pf:  pf,
		src: src,
		mod: m,
		f: &File{Path: path, mod: m, refs: uint32(len(pf.Refs)), syntaxErrors: uint32(len(pf.Diags)), ascii: isASCII(src), modName: m.Name,
			sum: maphash.Bytes(sourceSeed, src), size: len(src)},
		entryOf: make([]int32, len(pf.Blocks)),
	}
	b.groupAttrs()
	b.atom("") // atom 0 is the empty string
	b.f.entries = make([]Entry, 0, len(pf.Blocks))
	for i := range pf.Blocks {
		b.block(int32(i))
	}
	b.postings()
	b.finish()
	return b.f
}

// isASCII reports whether src holds only ASCII bytes, in which case byte
// columns are also UTF-16 columns and an editor's positions need no look at
// the text.
func isASCII(src []byte) bool {
	for _, c := range src {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// groupAttrs buckets the attributes by owning block (a counting sort).
func (b *fileBuilder) groupAttrs() {
	nb := len(b.pf.Blocks)
	b.attrOff = make([]int32, nb+2)
	for _, at := range b.pf.Attrs {
		if at.Block >= 0 && int(at.Block) < nb {
			b.attrOff[at.Block+2]++
		}
	}
	for i := 2; i < len(b.attrOff); i++ {
		b.attrOff[i] += b.attrOff[i-1]
	}
	b.attrIdx = make([]int32, b.attrOff[nb+1])
	for i, at := range b.pf.Attrs {
		if at.Block >= 0 && int(at.Block) < nb {
			b.attrIdx[b.attrOff[at.Block+1]] = int32(i)
			b.attrOff[at.Block+1]++
		}
	}
	b.attrOff = b.attrOff[:nb+1]
}

// attrsOf returns the indexes of block bi's attributes, in source order.
func (b *fileBuilder) attrsOf(bi int32) []int32 {
	return b.attrIdx[b.attrOff[bi]:b.attrOff[bi+1]]
}

// atom returns the atom number of s, adding it to the file's atoms. A file
// with more than 65535 distinct atoms maps the rest to atom 0, "".
func (b *fileBuilder) atom(s string) uint16 {
	if id, ok := b.atomIDs[s]; ok {
		return id
	}
	if len(b.f.atoms) > 0xFFFF {
		return 0
	}
	if b.atomIDs == nil {
		b.atomIDs = make(map[string]uint16)
	}
	id := uint16(len(b.f.atoms))
	b.atomIDs[s] = id
	b.f.atoms = append(b.f.atoms, b.a.atom(s))
	return id
}

// count adds one block of type typ to the file's counts.
func (b *fileBuilder) count(typ string, top bool) {
	i, ok := b.counts[typ]
	if !ok {
		if b.counts == nil {
			b.counts = make(map[string]int)
		}
		i = len(b.f.counts)
		b.counts[typ] = i
		b.f.counts = append(b.f.counts, typeCount{})
		b.cspans = append(b.cspans, b.a.atom(typ))
	}
	if top {
		b.f.counts[i].top++
	} else {
		b.f.counts[i].nested++
	}
}

// block indexes block bi, whose parent (if any) has been indexed already.
func (b *fileBuilder) block(bi int32) {
	blk := &b.pf.Blocks[bi]
	b.entryOf[bi] = -1
	if blk.Parent < 0 || blk.Parent >= bi {
		b.count(blk.Type, true)
		if blk.Type == "locals" {
			b.locals(bi)
			return
		}
		k := BlockKind(blk.Type)
		if !topLevelKinds[k] {
			return
		}
		flags := TopLevel
		var name span
		if len(blk.Labels) > 0 {
			name = b.a.atom(blk.Labels[0].Value)
		}
		if len(blk.Labels) != 1 {
			flags |= BadLabels
		}
		if k == KindMod && !b.f.hasModBlock {
			b.f.hasModBlock = true
			if len(blk.Labels) == 1 {
				b.modLabel, b.hasModLabel = b.a.atom(blk.Labels[0].Value), true
			}
		}
		b.entryOf[bi] = b.add(bi, k, -1, flags, name)
		return
	}
	b.count(blk.Type, false)
	pe := b.entryOf[blk.Parent]
	if pe < 0 {
		return
	}
	pk := b.f.entries[pe].Kind
	k := childKind(pk, blk.Type)
	if k == KindNone {
		return
	}
	flags := Nested
	if isScoped(k, pk) {
		flags |= Scoped
	}
	var name span
	switch {
	case !isCounted(k):
		if len(blk.Labels) > 0 {
			name = b.a.atom(blk.Labels[0].Value)
		}
		if len(blk.Labels) != 1 {
			flags |= BadLabels
		}
	default:
		np := b.namingParent(pe)
		key := ctrKey{np, k}
		if b.counters == nil {
			b.counters = make(map[ctrKey]int)
		}
		n := b.counters[key]
		b.counters[key] = n + 1
		switch {
		case len(blk.Labels) > 0:
			name = b.a.atom(blk.Labels[0].Value)
			if len(blk.Labels) > 1 {
				flags |= BadLabels
			}
		case np < 0:
			flags |= Anonymous | ModPrefixed
			b.f.modPrefixed = true
			b.nameBuf = appendAnonymousName(b.nameBuf[:0], "mod", b.mod.Name, blk.Type, n)
			name = b.a.addBytes(b.nameBuf)
		default:
			flags |= Anonymous
			p := &b.f.entries[np]
			b.nameBuf = appendAnonymousName(b.nameBuf[:0], p.Kind.String(),
				string(b.a.bytes(p.name)), blk.Type, n)
			name = b.a.addBytes(b.nameBuf)
		}
	}
	b.entryOf[bi] = b.add(bi, k, pe, flags, name)
}

// namingParent returns the innermost dashboard or container entry enclosing
// (or being) entry e, or -1 when there is none: anonymous blocks are then
// numbered against the mod.
func (b *fileBuilder) namingParent(e int32) int32 {
	for e >= 0 && !isLayout(b.f.entries[e].Kind) {
		e = b.f.entries[e].parent
	}
	return e
}

// add appends the entry of block bi and returns its index.
func (b *fileBuilder) add(bi int32, k Kind, parent int32, flags Flags, name span) int32 {
	blk := &b.pf.Blocks[bi]
	e := Entry{
		Range:     blk.Range,
		NameRange: blk.TypeRange,
		file:      b.f,
		name:      name,
		parent:    parent,
		Kind:      k,
		Flags:     flags,
	}
	if len(blk.Labels) > 0 {
		e.NameRange = blk.Labels[0].Range
	}
	for _, ai := range b.attrsOf(bi) {
		at := &b.pf.Attrs[ai]
		switch {
		case at.Name == "title" && !at.Static:
			e.Flags |= ComputedTitle
		case at.Name == "sql":
			e.Flags |= HasSQL
		case at.Name == "query":
			e.Flags |= HasQuery
		case at.Name == "args":
			e.Flags |= HasArgs
		case at.Name == "base":
			e.Flags |= HasBase
		case at.Name == "default" && k == KindParam:
			e.Flags |= HasDefault
		}
		if !at.Static || at.Name != "title" && at.Name != "description" {
			continue
		}
		v, ok := parse.StringValue(b.src, *at)
		switch {
		case !ok:
		case at.Name == "title":
			e.title = b.a.add(v)
		default:
			e.descr = b.a.add(v)
		}
	}
	b.f.entries = append(b.f.entries, e)
	return int32(len(b.f.entries) - 1)
}

// locals adds a local entry for each attribute of the locals block bi.
func (b *fileBuilder) locals(bi int32) {
	attrs := b.attrsOf(bi)
	if len(attrs) == 0 {
		return
	}
	if b.localOf == nil {
		b.localOf = make([]int32, len(b.pf.Attrs))
		for i := range b.localOf {
			b.localOf[i] = -1
		}
	}
	for _, ai := range attrs {
		at := &b.pf.Attrs[ai]
		b.f.entries = append(b.f.entries, Entry{
			Range:     at.Range,
			NameRange: at.NameRange,
			file:      b.f,
			name:      b.a.atom(at.Name),
			parent:    -1,
			Kind:      KindLocal,
			Flags:     TopLevel,
		})
		b.localOf[ai] = int32(len(b.f.entries) - 1)
	}
}

// postings records the references that name a potential entry.
func (b *fileBuilder) postings() {
	pf := b.pf
	if len(pf.Refs) > 0 {
		b.f.postings = make([]Posting, 0, len(pf.Refs))
	}
	for _, r := range pf.Refs {
		if r.First+r.N > uint32(len(pf.Steps)) || r.Attr < 0 || int(r.Attr) >= len(pf.Attrs) {
			continue
		}
		steps := pf.StepsOf(r)
		alias, k, ni, flags, ok := classify(steps)
		if !ok {
			continue
		}
		p := Posting{
			Range:   r.Range,
			file:    b.f,
			name:    b.a.atom(steps[ni].Name),
			nameEnd: steps[ni].Range.End,
			from:    b.enclosing(r.Attr),
			attr:    b.atom(pf.Attrs[r.Attr].Name),
			Kind:    k,
			Flags:   flags,
		}
		if alias != "" {
			p.alias = b.atom(alias)
		}
		b.f.postings = append(b.f.postings, p)
	}
	if b.links() {
		slices.SortStableFunc(b.f.postings, func(x, y Posting) int { return int(x.Range.Start.Byte) - int(y.Range.Start.Byte) })
	}
}

// links records the dashboard links of the file's href attributes (see
// Link) and reports whether there were any.
func (b *fileBuilder) links() bool {
	found := false
	for ai := range b.pf.Attrs {
		at := &b.pf.Attrs[ai]
		if at.Name != "href" || at.Block < 0 || int(at.ExprRange.End.Byte) > len(b.src) || at.ExprRange.Start.Byte >= at.ExprRange.End.Byte {
			continue
		}
		text := b.src[at.ExprRange.Start.Byte:at.ExprRange.End.Byte]
		if text[0] != '"' && text[0] != '<' {
			continue // not a string
		}
		for _, l := range findLinks(text) {
			start := advance(at.ExprRange.Start, text, l.start)
			nameEnd := advance(at.ExprRange.Start, text, l.nameEnd)
			p := Posting{
				Range:   parse.Range{Start: start, End: nameEnd},
				file:    b.f,
				name:    b.a.atom(string(text[l.nameEnd-l.nameLen : l.nameEnd])),
				nameEnd: nameEnd,
				from:    b.enclosing(int32(ai)),
				attr:    b.atom(at.Name),
				alias:   b.atom(string(text[l.start : l.start+l.aliasLen])),
				Kind:    KindDashboard,
				Flags:   Link,
			}
			b.f.postings = append(b.f.postings, p)
			found = true
		}
	}
	return found
}

// link is one `/<mod>.dashboard.<name>` of an href text, in offsets of it.
type link struct {
	start, aliasLen, nameEnd, nameLen int
}

// findLinks finds the dashboard links of an href string's text: a slash,
// a mod name, `.dashboard.`, a dashboard name (names as HCL identifiers:
// letters, digits, underscores, dashes).
func findLinks(text []byte) []link {
	var out []link
	const mid = ".dashboard."
	for i := 0; i < len(text); i++ {
		if text[i] != '/' {
			continue
		}
		j := i + 1
		for j < len(text) && isNameByte(text[j]) {
			j++
		}
		if j == i+1 || !isNameStart(text[i+1]) || !bytes.HasPrefix(text[j:], []byte(mid)) {
			continue
		}
		k := j + len(mid)
		n := k
		for n < len(text) && isNameByte(text[n]) {
			n++
		}
		if n == k || !isNameStart(text[k]) {
			continue
		}
		out = append(out, link{start: i + 1, aliasLen: j - i - 1, nameEnd: n, nameLen: n - k})
		i = n - 1
	}
	return out
}

func isNameStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isNameByte(c byte) bool { return isNameStart(c) || c == '-' || c >= '0' && c <= '9' }

// advance returns the position of byte off of text, which starts at base.
func advance(base parse.Pos, text []byte, off int) parse.Pos {
	p := base
	for _, c := range text[:off] {
		if c == '\n' {
			p.Line++
			p.Col = 1
		} else {
			p.Col++
		}
	}
	p.Byte += uint32(off)
	return p
}

// enclosing returns the innermost entry holding attribute ai, or -1.
func (b *fileBuilder) enclosing(ai int32) int32 {
	if b.localOf != nil && b.localOf[ai] >= 0 {
		return b.localOf[ai]
	}
	for bi := b.pf.Attrs[ai].Block; bi >= 0 && int(bi) < len(b.entryOf); bi = b.pf.Blocks[bi].Parent {
		if e := b.entryOf[bi]; e >= 0 {
			return e
		}
	}
	return -1
}

// classify tells whether a traversal is a reference the index keeps, and
// returns its dependency alias, kind, the index of its name step and flags.
func classify(steps []parse.Step) (alias string, k Kind, ni int, flags PostingFlags, ok bool) {
	isAttr := func(i int) bool { return i < len(steps) && steps[i].Kind == parse.StepAttr }
	if len(steps) < 2 || steps[0].Kind != parse.StepRoot {
		return "", KindNone, 0, 0, false
	}
	switch root := steps[0].Name; root {
	case "var":
		k, ni = KindVar, 1
	case "local":
		k, ni = KindLocal, 1
	case "self":
		if !isAttr(1) || steps[1].Name != "input" {
			return "", KindNone, 0, 0, false
		}
		k, ni, flags = KindInput, 2, Runtime
	case "with":
		k, ni, flags = KindWith, 1, Runtime
	case "param":
		k, ni, flags = KindParam, 1, Runtime
	default:
		if k = ParseKind(root); referenceKinds[k] {
			ni = 1
			break
		}
		if !isAttr(1) {
			return "", KindNone, 0, 0, false
		}
		if k = ParseKind(steps[1].Name); !referenceKinds[k] && k != KindVar {
			return "", KindNone, 0, 0, false
		}
		alias, ni = root, 2
	}
	if !isAttr(ni) {
		return "", KindNone, 0, 0, false
	}
	return alias, k, ni, flags, true
}

// finish freezes the arena and trims the file's slices.
func (b *fileBuilder) finish() {
	f := b.f
	var label span
	if b.hasModLabel {
		label = b.modLabel
	}
	f.strs = b.a.done()
	for i := range f.entries {
		e := &f.entries[i]
		e.mask = charMask(f.str(e.name)) | charMask(f.str(e.title))
	}
	for i, sp := range b.cspans {
		f.counts[i].typ = f.str(sp)
	}
	f.modLabel = f.str(label)
	// Keep no spare capacity: the slices live as long as the file.
	if cap(f.entries) > len(f.entries) {
		f.entries = append(make([]Entry, 0, len(f.entries)), f.entries...)
	}
	if cap(f.postings) > len(f.postings) {
		f.postings = append(make([]Posting, 0, len(f.postings)), f.postings...)
	}
	if cap(f.atoms) > len(f.atoms) {
		f.atoms = append(make([]span, 0, len(f.atoms)), f.atoms...)
	}
}
