package lsp

// This file defines answerCache: the recent answers of one kind of request
// for one snapshot of the index. A snapshot never changes, so an answer
// computed from it stays true until the next snapshot, which empties the
// cache. Clients ask the same questions again and again — a symbol picker
// the same prefixes as the user types and deletes, a code lens and then
// find-references the same name — and some answers are worth keeping: a
// workspace/symbol query ranks every entry, and the references of a local
// every control uses are 16,000 locations.

import (
	"slices"
	"sync"

	"github.com/modls/modls/index"
)

// answerCache keeps at most max answers of total weight at most maxWeight
// (what weight says of each; an answer heavier than that is not kept),
// forgetting the least recently used first. Answers that depend on no
// snapshot are kept under a nil one.
type answerCache[K comparable, V any] struct {
	max, maxWeight int
	weight         func(V) int

	mu     sync.Mutex
	ix     *index.Index
	m      map[K]V
	order  []K // least recently used first
	weighs int
}

func (c *answerCache[K, V]) get(ix *index.Index, k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ix != ix {
		var zero V
		return zero, false
	}
	v, ok := c.m[k]
	if ok {
		i := slices.Index(c.order, k)
		c.order = append(slices.Delete(c.order, i, i+1), k)
	}
	return v, ok
}

func (c *answerCache[K, V]) put(ix *index.Index, k K, v V) {
	w := 1
	if c.weight != nil {
		w = c.weight(v)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ix != ix || c.m == nil {
		c.ix, c.m, c.order, c.weighs = ix, map[K]V{}, nil, 0
	}
	if _, ok := c.m[k]; ok || w > c.maxWeight {
		return
	}
	for len(c.order) > 0 && (len(c.order) >= c.max || c.weighs+w > c.maxWeight) {
		old := c.order[0]
		c.order = c.order[1:]
		if c.weight != nil {
			c.weighs -= c.weight(c.m[old])
		} else {
			c.weighs--
		}
		delete(c.m, old)
	}
	c.m[k] = v
	c.order = append(c.order, k)
	c.weighs += w
}
