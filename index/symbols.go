package index

// This file defines the ranked workspace-symbol query.

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Tier is how well a query matches a string; lower is better.
type Tier uint8

const (
	TierExact     Tier = iota // the whole string, ignoring ASCII case
	TierPrefix                // a prefix of the string
	TierWordStart             // a substring that starts a word (after _ - . or space, or at a camel hump)
	TierFuzzy                 // a subsequence
)

// Match is one result of Symbols.
type Match struct {
	Entry *Entry
	Tier  Tier
	// InTitle reports that the best match was in the title, not the name.
	InTitle bool
}

// Symbols returns the entries that match query, best first, at most limit
// of them (all if limit <= 0).
//
// A query matches an entry's short name or title, ignoring ASCII case; a
// space in the query matches any of ` _-.`. The order is: tier (exact,
// prefix, word start, subsequence), name matches before title matches, shorter
// names, qualified name, then file and position. An empty query returns the
// top-level named entries ordered by name. Params are never returned: they
// are scoped and repeat across resources.
//
// The scan over all entries allocates nothing per entry; the result is kept
// in a heap of limit matches. It stops when ctx ends (checked every
// symbolsCheck files), returning ctx's error.
func (ix *Index) Symbols(ctx context.Context, query string, limit int) ([]Match, error) {
	q := asciiLower(strings.TrimSpace(query))
	h := topK{limit: limit, byName: q == ""}
	// Large workspaces are scanned on all cores, each worker keeping its
	// own best matches; the results are merged.
	workers := runtime.GOMAXPROCS(0)
	if n := len(ix.files); workers > 1 && n >= 64 {
		parts := make([]topK, workers)
		var wg sync.WaitGroup
		for w := range parts {
			parts[w] = topK{limit: limit, byName: h.byName}
			lo, hi := n*w/workers, n*(w+1)/workers
			wg.Add(1)
			go func(part *topK, files []*File) {
				defer wg.Done()
				scanSymbols(ctx, part, q, files)
			}(&parts[w], ix.files[lo:hi])
		}
		wg.Wait()
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, part := range parts {
			for _, m := range part.items {
				h.push(m)
			}
		}
	} else if !scanSymbols(ctx, &h, q, ix.files) {
		return nil, ctx.Err()
	}
	slices.SortFunc(h.items, func(a, b Match) int {
		if h.before(&a, &b) {
			return -1
		}
		if h.before(&b, &a) {
			return 1
		}
		return 0
	})
	return h.items, nil
}

// symbolsCheck is how many files Symbols scans between two looks at its
// context.
const symbolsCheck = 16

// scanSymbols pushes into h the entries of files that match q (lower-case);
// it returns false when ctx ended first.
func scanSymbols(ctx context.Context, h *topK, q string, files []*File) bool {
	qmask := charMask(q)
	for fi, f := range files {
		if fi%symbolsCheck == 0 && ctx.Err() != nil {
			return false
		}
		for i := range f.entries {
			e := &f.entries[i]
			if e.Kind == KindParam || e.name.n == 0 || qmask&^e.mask != 0 {
				continue
			}
			if q == "" {
				if e.Flags&TopLevel != 0 {
					h.push(Match{Entry: e})
				}
				continue
			}
			t, ok := matchTier(q, f.str(e.name))
			inTitle := false
			if !ok || t > TierExact { // a title match ranks after a name match of its tier
				if tt, ok2 := matchTier(q, f.str(e.title)); ok2 && (!ok || tt < t) {
					t, ok, inTitle = tt, true, true
				}
			}
			if ok {
				h.push(Match{Entry: e, Tier: t, InTitle: inTitle})
			}
		}
	}
	return true
}

// charMask returns a bit for each kind of character of s, as the query
// matches them: ASCII letters case-folded, digits, '_', '-', '.', and one
// bit for everything else. A space sets no bit: in a query it matches any
// separator.
func charMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= charBit(s[i])
	}
	return m
}

func charBit(c byte) uint64 {
	switch {
	case 'a' <= c && c <= 'z':
		return 1 << (c - 'a')
	case 'A' <= c && c <= 'Z':
		return 1 << (c - 'A')
	case '0' <= c && c <= '9':
		return 1 << (26 + c - '0')
	case c == '_':
		return 1 << 36
	case c == '-':
		return 1 << 37
	case c == '.':
		return 1 << 38
	case c == ' ':
		return 0
	}
	return 1 << 39
}

// byRank orders matches of a query.
func byRank(a, b *Match) bool {
	if a.Tier != b.Tier {
		return a.Tier < b.Tier
	}
	if a.InTitle != b.InTitle {
		return !a.InTitle
	}
	if la, lb := a.Entry.name.n, b.Entry.name.n; la != lb {
		return la < lb
	}
	return compareQualified(a.Entry, b.Entry) < 0
}

// byName orders the matches of an empty query.
func byName(a, b *Match) bool {
	if c := strings.Compare(a.Entry.Name(), b.Entry.Name()); c != 0 {
		return c < 0
	}
	return compareQualified(a.Entry, b.Entry) < 0
}

// compareQualified orders entries by qualified name, then file and position,
// without building the names.
func compareQualified(a, b *Entry) int {
	ap := [...]string{a.file.mod.Name, ".", a.Kind.String(), ".", a.Name()}
	bp := [...]string{b.file.mod.Name, ".", b.Kind.String(), ".", b.Name()}
	if c := compareConcat(ap[:], bp[:]); c != 0 {
		return c
	}
	return compareEntries(a, b)
}

// compareConcat compares the concatenation of a with that of b.
func compareConcat(a, b []string) int {
	ai, aj, bi, bj := 0, 0, 0, 0
	for {
		for ai < len(a) && aj == len(a[ai]) {
			ai, aj = ai+1, 0
		}
		for bi < len(b) && bj == len(b[bi]) {
			bi, bj = bi+1, 0
		}
		switch {
		case ai == len(a) && bi == len(b):
			return 0
		case ai == len(a):
			return -1
		case bi == len(b):
			return 1
		}
		if ca, cb := a[ai][aj], b[bi][bj]; ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
		aj, bj = aj+1, bj+1
	}
}

// topK keeps the best limit matches pushed into it: a heap whose root is
// the worst kept match. With no limit it keeps them all.
type topK struct {
	items  []Match
	limit  int
	byName bool // order by name (empty query), not by rank
}

// before reports whether a ranks before b. (A method rather than a func
// field: an indirect call would make every pushed Match escape.)
func (h *topK) before(a, b *Match) bool {
	if h.byName {
		return byName(a, b)
	}
	return byRank(a, b)
}

func (h *topK) push(m Match) {
	if h.limit <= 0 {
		h.items = append(h.items, m)
		return
	}
	if len(h.items) < h.limit {
		h.items = append(h.items, m)
		// Sift up: a parent must rank after (be worse than) its children.
		for i := len(h.items) - 1; i > 0; {
			p := (i - 1) / 2
			if !h.before(&h.items[p], &h.items[i]) {
				break
			}
			h.items[p], h.items[i] = h.items[i], h.items[p]
			i = p
		}
		return
	}
	if !h.before(&m, &h.items[0]) {
		return
	}
	h.items[0] = m
	for i := 0; ; {
		w := i
		if l := 2*i + 1; l < len(h.items) && h.before(&h.items[w], &h.items[l]) {
			w = l
		}
		if r := 2*i + 2; r < len(h.items) && h.before(&h.items[w], &h.items[r]) {
			w = r
		}
		if w == i {
			return
		}
		h.items[w], h.items[i] = h.items[i], h.items[w]
		i = w
	}
}

// matchTier returns how well q (lower-case) matches s, or false.
func matchTier(q, s string) (Tier, bool) {
	if len(q) > len(s) || !subsequence(q, s) {
		return 0, false
	}
	if hasPrefixFold(s, q) {
		if len(q) == len(s) {
			return TierExact, true
		}
		return TierPrefix, true
	}
	for i := 1; i+len(q) <= len(s); i++ {
		if isWordStart(s, i) && hasPrefixFold(s[i:], q) {
			return TierWordStart, true
		}
	}
	return TierFuzzy, true
}

// subsequence reports whether q (lower-case) is a subsequence of s. It
// jumps from match to match with strings.IndexByte, so that most entries are
// rejected in a few vectorized scans.
func subsequence(q, s string) bool {
	for i := 0; i < len(q); i++ {
		j := indexFold(s, q[i])
		if j < 0 {
			return false
		}
		s = s[j+1:]
	}
	return true
}

// indexFold returns the index of the first byte of s that the query byte c
// (lower-case) matches (see eqFold), or -1.
func indexFold(s string, c byte) int {
	switch {
	case c == ' ':
		for i := 0; i < len(s); i++ {
			if isSep(s[i]) {
				return i
			}
		}
		return -1
	case 'a' <= c && c <= 'z':
		j := strings.IndexByte(s, c)
		t := s
		if j >= 0 {
			t = s[:j]
		}
		if k := strings.IndexByte(t, c-'a'+'A'); k >= 0 {
			return k
		}
		return j
	}
	return strings.IndexByte(s, c)
}

// hasPrefixFold reports whether s starts with q (lower-case).
func hasPrefixFold(s, q string) bool {
	if len(q) > len(s) {
		return false
	}
	for i := 0; i < len(q); i++ {
		if !eqFold(q[i], s[i]) {
			return false
		}
	}
	return true
}

// eqFold reports whether the query byte q (lower-case) matches s: equal
// ignoring ASCII case, or a query space against any separator.
func eqFold(q, s byte) bool {
	if q == ' ' {
		return isSep(s)
	}
	if 'A' <= s && s <= 'Z' {
		s += 'a' - 'A'
	}
	return q == s
}

// asciiLower returns s with ASCII letters in lower case.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// isSep reports whether c separates words.
func isSep(c byte) bool { return c == '_' || c == '-' || c == '.' || c == ' ' }

// isWordStart reports whether a word starts at s[i], i > 0: after a
// separator, or at a camel hump (an upper-case letter after a lower-case one).
func isWordStart(s string, i int) bool {
	p, c := s[i-1], s[i]
	if isSep(c) {
		return false
	}
	return isSep(p) || 'A' <= c && c <= 'Z' && 'a' <= p && p <= 'z'
}
