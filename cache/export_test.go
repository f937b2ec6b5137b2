package cache

// Helpers only the tests use.

// Get returns the entry of k and marks it most recently used.
func (c *Cache) Get(k Key) (Entry, bool) {
	c.mu.Lock()
	e, ok := c.lru.Get(k)
	c.mu.Unlock()
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return e, ok
}

// Add stores e under k, replacing any entry of k, and evicts the least
// recently used entries until the total is within the budget. It reports
// whether e was kept: an entry larger than the whole budget is not (and
// counts as an eviction). A negative e.Size counts as zero.
func (c *Cache) Add(k Key, e Entry) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.addLocked(k, e)
}
