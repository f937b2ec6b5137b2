package index

// This file defines the small string tables of the index: the names of the
// kinds, and the per-file arena that holds every string an indexed file keeps.

import "sync"

// kindInfo is what the index knows about a kind.
type kindInfo struct {
	name      string // in qualified names and references: `var`
	blockType string // in source: `variable`
}

var kinds = [numKinds]kindInfo{
	KindNone:      {"", ""},
	KindMod:       {"mod", "mod"},
	KindVar:       {"var", "variable"},
	KindLocal:     {"local", "locals"},
	KindQuery:     {"query", "query"},
	KindControl:   {"control", "control"},
	KindDetection: {"detection", "detection"},
	KindBenchmark: {"benchmark", "benchmark"},
	KindDashboard: {"dashboard", "dashboard"},
	KindContainer: {"container", "container"},
	KindCard:      {"card", "card"},
	KindChart:     {"chart", "chart"},
	KindFlow:      {"flow", "flow"},
	KindGraph:     {"graph", "graph"},
	KindHierarchy: {"hierarchy", "hierarchy"},
	KindImage:     {"image", "image"},
	KindInput:     {"input", "input"},
	KindTable:     {"table", "table"},
	KindText:      {"text", "text"},
	KindNode:      {"node", "node"},
	KindEdge:      {"edge", "edge"},
	KindCategory:  {"category", "category"},
	KindWith:      {"with", "with"},
	KindParam:     {"param", "param"},
}

// String returns the kind as written in references and qualified names:
// `control`, `var`, `local`.
func (k Kind) String() string {
	if k >= numKinds {
		return ""
	}
	return kinds[k].name
}

// BlockType returns the block type that declares entries of kind k:
// `variable` for KindVar, `locals` for KindLocal.
func (k Kind) BlockType() string {
	if k >= numKinds {
		return ""
	}
	return kinds[k].blockType
}

// BlockKind returns the kind of a block type (`variable` → KindVar), or
// KindNone for `locals` and for types that are not entries.
func BlockKind(blockType string) Kind {
	if blockType == "locals" {
		return KindNone
	}
	for k := KindMod; k < numKinds; k++ {
		if kinds[k].blockType == blockType {
			return k
		}
	}
	return KindNone
}

// ParseKind returns the kind written as s in a reference or qualified name
// (`var`, `local`, `control`, …; `variable` is accepted too), or KindNone.
func ParseKind(s string) Kind {
	if s == "variable" {
		return KindVar
	}
	for k := KindMod; k < numKinds; k++ {
		if kinds[k].name == s {
			return k
		}
	}
	return KindNone
}

// arena collects the strings of one file while it is built.
//
// Strings are appended and handed out as spans; done copies the buffer into
// one exactly sized string, the File's string arena. Atoms (names, aliases,
// attribute names, block types) are deduplicated within the file.
type arena struct {
	buf   []byte
	atoms map[string]span // atom text → where it is in buf
}

// span locates a string in a file's arena.
type span struct{ off, n uint32 }

// arenaBufs recycles arena buffers: done copies a buffer into an exactly
// sized string, so the buffer itself can serve the next file.
var arenaBufs = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

func (a *arena) grow() {
	if a.buf == nil {
		a.buf = (*arenaBufs.Get().(*[]byte))[:0]
	}
}

// add appends s and returns its span.
func (a *arena) add(s string) span {
	a.grow()
	sp := span{uint32(len(a.buf)), uint32(len(s))}
	a.buf = append(a.buf, s...)
	return sp
}

// addBytes appends s and returns its span.
func (a *arena) addBytes(s []byte) span {
	a.grow()
	sp := span{uint32(len(a.buf)), uint32(len(s))}
	a.buf = append(a.buf, s...)
	return sp
}

// atom returns the span of s, appending it only the first time.
func (a *arena) atom(s string) span {
	if sp, ok := a.atoms[s]; ok {
		return sp
	}
	if a.atoms == nil {
		a.atoms = make(map[string]span)
	}
	sp := a.add(s)
	a.atoms[s] = sp // the map lives only while the file is built
	return sp
}

// bytes returns the bytes at sp, valid until the next append.
func (a *arena) bytes(sp span) []byte { return a.buf[sp.off : sp.off+sp.n] }

// done returns the arena as one string and resets a.
func (a *arena) done() string {
	s := string(a.buf)
	if a.buf != nil && cap(a.buf) <= 1<<20 {
		buf := a.buf[:0]
		arenaBufs.Put(&buf)
	}
	*a = arena{}
	return s
}

// str returns the string at sp in the file's arena.
func (f *File) str(sp span) string { return f.strs[sp.off : sp.off+sp.n] }
