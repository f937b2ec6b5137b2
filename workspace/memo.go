package workspace

// This file defines Memo: the recent answers of one kind of question for one
// index snapshot. A snapshot never changes, so an answer computed from it
// stays true until the next snapshot, which empties the memo. Clients ask
// the same questions again and again — a symbol picker the same prefixes as
// the user types and deletes, a code lens and then find-references the same
// name — and some answers are worth keeping: a workspace-symbol query ranks
// every entry, and the references of a local every control uses are 16,000
// locations.

import (
	"math"
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"

	"github.com/modls/modls/index"
)

// Memo keeps at most Max answers of total weight at most MaxWeight (what
// Weight says of each, 1 when nil; an answer heavier than that is not
// kept), forgetting the least recently used first (golang-lru's recency
// list). Answers that depend on no snapshot are kept under a nil one. The
// zero value with its bounds set is ready to use.
type Memo[K comparable, V any] struct {
	Max, MaxWeight int
	Weight         func(V) int

	mu     sync.Mutex
	ix     *index.Index
	lru    *simplelru.LRU[K, V]
	weighs int
}

func (c *Memo[K, V]) weigh(v V) int {
	if c.Weight == nil {
		return 1
	}
	return c.Weight(v)
}

// Get returns the answer kept under k for snapshot ix.
func (c *Memo[K, V]) Get(ix *index.Index, k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ix != ix || c.lru == nil {
		var zero V
		return zero, false
	}
	return c.lru.Get(k)
}

// Put keeps v under k for snapshot ix, forgetting the answers of any other.
func (c *Memo[K, V]) Put(ix *index.Index, k K, v V) {
	w := c.weigh(v)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ix != ix || c.lru == nil {
		// The count bound is enforced below, with the weight: the LRU's own
		// never evicts.
		c.lru, _ = simplelru.NewLRU(math.MaxInt, func(_ K, old V) { c.weighs -= c.weigh(old) })
		c.ix, c.weighs = ix, 0
	}
	if c.lru.Contains(k) || w > c.MaxWeight {
		return
	}
	for c.lru.Len() > 0 && (c.lru.Len() >= c.Max || c.weighs+w > c.MaxWeight) {
		c.lru.RemoveOldest()
	}
	c.lru.Add(k, v)
	c.weighs += w
}
