package complete

// This file ranks names: it matches them against the partial word typed,
// and keeps the best of a list too long to send whole, in one pass and
// without sorting the list.

import (
	"slices"
	"strings"

	"github.com/modls/modls/index"
)

// candidate is a name to offer, with how well it matches.
type candidate struct {
	e    *index.Entry
	tier int
}

// selector collects candidates. Up to max of them it keeps every one; past
// that it keeps the max best that match the partial word (in a max-heap,
// the worst on top), so that a list of thousands of names costs one match
// per name and a few heap steps, and one small slice.
type selector struct {
	max  int
	m    *matcher
	cs   []candidate
	over bool // more than max candidates were seen: the list is cut
}

func newSelector(max int, partial string) *selector {
	return &selector{max: max, m: newMatcher(partial)}
}

// add offers entry e.
func (s *selector) add(e *index.Entry) {
	if !s.over {
		s.cs = append(s.cs, candidate{e: e})
		if len(s.cs) > s.max {
			s.over = true
			all := s.cs
			s.cs = make([]candidate, 0, s.max)
			for _, c := range all {
				s.push(c.e)
			}
		}
		return
	}
	s.push(e)
}

// push adds e to the heap of the best candidates if it matches and is
// better than the worst kept.
func (s *selector) push(e *index.Entry) {
	t, ok := s.m.match(e.Name())
	if !ok {
		return
	}
	c := candidate{e: e, tier: t}
	h := s.cs
	if len(h) < s.max {
		h = append(h, c)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if compareCandidates(h[i], h[p]) <= 0 {
				break
			}
			h[i], h[p] = h[p], h[i]
			i = p
		}
		s.cs = h
		return
	}
	if len(h) == 0 || compareCandidates(c, h[0]) >= 0 {
		return
	}
	h[0] = c
	for i := 0; ; {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		if r := l + 1; r < len(h) && compareCandidates(h[r], h[l]) > 0 {
			l = r
		}
		if compareCandidates(h[l], h[i]) <= 0 {
			return
		}
		h[i], h[l] = h[l], h[i]
		i = l
	}
}

// result returns the kept candidates in order, one per name (a top-level
// entry before a nested one of the same name), and whether names were left
// out.
func (s *selector) result() ([]candidate, bool) {
	cs := s.cs
	slices.SortFunc(cs, compareCandidates)
	cs = slices.CompactFunc(cs, func(a, b candidate) bool { return a.e.Name() == b.e.Name() })
	return cs, s.over
}

// addSelected offers the names sel kept; the list is incomplete when it
// left some out.
func (r *request) addSelected(sel *selector, start, end int) {
	cs, cut := sel.result()
	if cut {
		r.out.Incomplete = true
	}
	for _, c := range cs {
		if r.opt.Context.Err() != nil {
			r.out.Incomplete = true // cancelled: nobody reads the rest
			return
		}
		e := c.e
		detail := e.Title()
		if r.opt.Title != nil {
			detail = r.opt.Title(e)
		}
		if detail == "" {
			detail = e.Kind.String()
		}
		r.add(Item{Label: e.Name(), Kind: itemKind(e.Kind), Detail: detail, Insert: e.Name(), Start: start, End: end, Ref: entryRef(e)})
	}
}

// compareCandidates orders candidates by match tier, name, then top-level
// entries first, then by file and place.
func compareCandidates(a, b candidate) int {
	if a.tier != b.tier {
		return a.tier - b.tier
	}
	if n := strings.Compare(a.e.Name(), b.e.Name()); n != 0 {
		return n
	}
	if n := boolOrder(a.e.Is(index.TopLevel), b.e.Is(index.TopLevel)); n != 0 {
		return n
	}
	if n := strings.Compare(a.e.File().Path, b.e.File().Path); n != 0 {
		return n
	}
	return int(a.e.Range.Start.Byte) - int(b.e.Range.Start.Byte)
}

// boolOrder orders true before false.
func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

// matcher matches names against what was typed. It allocates nothing per
// name: it runs on every name of a long list.
type matcher struct {
	typed string
	low   []byte // typed in lower case, when it is ASCII
}

func newMatcher(typed string) *matcher {
	m := &matcher{typed: typed, low: []byte(typed)}
	for i, c := range m.low {
		if c >= 0x80 {
			m.low = nil
			break
		}
		m.low[i] = lower(c)
	}
	return m
}

// match reports whether name matches, and how well (see match).
func (m *matcher) match(name string) (int, bool) {
	t := m.typed
	if len(t) > len(name) {
		return 0, false
	}
	if m.low == nil { // not ASCII: Unicode case folding, no subsequence
		if strings.EqualFold(name[:len(t)], t) {
			return 0, true
		}
		for i := 1; i+len(t) <= len(name); i++ {
			if strings.EqualFold(name[i:i+len(t)], t) {
				return 1, true
			}
		}
		return 0, false
	}
	for i := 0; i+len(t) <= len(name); i++ {
		if m.at(name, i) {
			return min(i, 1), true
		}
	}
	j := 0
	for i := 0; i < len(name) && j < len(m.low); i++ {
		if lower(name[i]) == m.low[j] {
			j++
		}
	}
	return 2, j == len(m.low)
}

// at reports whether name holds what was typed (ASCII) at byte i.
func (m *matcher) at(name string, i int) bool {
	for j, c := range m.low {
		if lower(name[i+j]) != c {
			return false
		}
	}
	return true
}

// lower returns the lower case of an ASCII letter, any other byte as it is.
func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
