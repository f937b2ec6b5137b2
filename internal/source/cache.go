package source

import (
	"math"
	"os"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"

	"github.com/modls/modls/span"
)

// Cache keeps the text and UTF-16 line table of recently read files within a
// byte budget, least recently read dropped first, each checked against the
// file's size and modification time on every use (a server converts
// positions in the same few files again and again). It is safe for
// concurrent use.
type Cache struct {
	budget int

	mu    sync.Mutex
	lru   *simplelru.LRU[string, cached] // recency; evicts by bytes, below
	bytes int
}

type cached struct {
	text  []byte
	lines *span.Lines
	mod   time.Time
	size  int64
}

// NewCache returns a cache of at most budget bytes of text; a file over a
// quarter of it is read but not kept.
func NewCache(budget int) *Cache {
	c := &Cache{budget: budget}
	c.lru, _ = simplelru.NewLRU(math.MaxInt, func(_ string, t cached) { c.bytes -= len(t.text) })
	return c
}

// Get returns the content of the file at path (read as Read reads it) and
// its line table.
func (c *Cache) Get(path string) ([]byte, *span.Lines, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	c.mu.Lock()
	if t, ok := c.lru.Get(path); ok && t.size == fi.Size() && t.mod.Equal(fi.ModTime()) {
		c.mu.Unlock()
		return t.text, t.lines, nil
	}
	c.mu.Unlock()
	src, err := Read(path)
	if err != nil {
		return nil, nil, err
	}
	lines := span.New(src, span.UTF16)
	if len(src) > c.budget/4 {
		return src, lines, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Remove(path)
	c.lru.Add(path, cached{text: src, lines: lines, mod: fi.ModTime(), size: int64(len(src))})
	c.bytes += len(src)
	for c.bytes > c.budget && c.lru.Len() > 0 {
		c.lru.RemoveOldest()
	}
	return src, lines, nil
}

// Forget drops a file whose content changed.
func (c *Cache) Forget(path string) {
	c.mu.Lock()
	c.lru.Remove(path)
	c.mu.Unlock()
}
