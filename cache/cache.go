package cache

// This file defines the Cache: a golang-lru simplelru list under one mutex,
// with byte accounting done here, a per-path index for Invalidate, and an
// in-flight map that lets concurrent misses on one key share a parse.

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/modls/modls/parse"
)

// Key identifies one parse: a whole file or one byte range of it, of given
// content.
type Key struct {
	Path string
	// Start and End are the byte range parsed; a whole-file key has Start 0
	// and End math.MaxUint32, which no block range reaches.
	Start, End uint32
	// Hash is a maphash of what the parse result depends on: the bytes of
	// the range, and for a block also its start line and the bytes of its
	// line before it (they set the positions in the result).
	Hash uint64
}

// seed keys every hash of this process.
var seed = maphash.MakeSeed()

// KeyOf returns the key of the block at range r of the file path whose
// content is src. The range is clamped into src, as parse.ParseBlock clamps
// it.
//
// The hash is hash/maphash, the fastest hash in the standard library: it
// runs on the runtime's AES-based memhash, several bytes per cycle, where
// hash/fnv's FNV-1a takes a multiply per byte (BenchmarkKeyHash: 3–7 GB/s
// against 0.3–0.4 GB/s, 15–25 times faster on a 600-byte block), so keying a
// block costs about as much as the map lookup it feeds. Its per-process seed
// is no loss, as keys live only in memory. Its 64 bits, with path and range
// also in the key, make a collision between two contents of one block
// negligible (about 2⁻⁶⁴ per edit).
//
// Besides the bytes of the range, the hash covers r.Start.Line and the bytes
// from the start of that line to the block: a parse's positions depend on
// them, and an edit above the block can change its line without moving its
// byte offset (two characters replaced by two newlines).
func KeyOf(path string, src []byte, r parse.Range) Key {
	s, e := r.Clamp(len(src))
	lineStart := bytes.LastIndexByte(src[:s], '\n') + 1
	var h maphash.Hash
	h.SetSeed(seed)
	var line [4]byte
	binary.LittleEndian.PutUint32(line[:], r.Start.Line)
	h.Write(line[:])
	h.Write(src[lineStart:s])
	h.Write(src[s:e])
	return Key{Path: path, Start: uint32(s), End: uint32(e), Hash: h.Sum64()}
}

// FileKey returns the key of the whole file path whose content is src.
func FileKey(path string, src []byte) Key {
	return Key{Path: path, End: math.MaxUint32, Hash: maphash.Bytes(seed, src)}
}

// Entry is one cached parse: Block for a block, File for a whole file.
type Entry struct {
	Block *hclsyntax.Block
	File  *hcl.File
	Diags hcl.Diagnostics
	// Size is the estimated number of bytes the entry keeps alive
	// (EstimateSize of the source bytes parsed).
	Size int64
}

const (
	// sizeFactor is the heap an hclsyntax AST takes per source byte:
	// TestSizeEstimate measures 8.4 over all top-level blocks of both corpus
	// mods (7.0 for blocks of 300 B–3 KB, which are mostly SQL strings, up
	// to 15 for blocks over 3 KB, large dashboards that are mostly
	// structure; 8.9 under 300 B, where the fixed part weighs) and 8.5 for
	// whole files.
	sizeFactor = 8
	// sizeOverhead is the fixed cost of an entry: the AST's fixed part
	// (a body's maps, a block's slices) plus the list element and map slot.
	// With it, the estimate is 1.05 of the measured heap for the corpus's
	// blocks and 0.95 for its files.
	sizeOverhead = 512
)

// EstimateSize returns the estimated heap an entry holding the parse of n
// source bytes keeps alive. A whole-file entry's hcl.File also refers to the
// caller's source buffer, which the estimate does not count: the open
// document holds it anyway, and Invalidate drops the entry when it changes.
func EstimateSize(n int) int64 { return sizeOverhead + sizeFactor*int64(max(n, 0)) }

// Stats is a snapshot of a Cache's state and counters.
type Stats struct {
	Entries int
	// Bytes is the estimated size of the entries; Budget is the bound.
	Bytes, Budget int64
	// Hits and Misses count lookups (a miss that waits for another
	// goroutine's parse of the same key is a miss). Evictions counts entries
	// dropped to stay within the budget, and entries not kept because they
	// alone exceed it; Invalidate's removals are not evictions.
	Hits, Misses, Evictions uint64
}

// Cache is a store of parses bounded by an estimated byte budget. It is safe
// for concurrent use.
//
// Invariant: after every method returns, Bytes is the sum of the entries'
// sizes and Bytes <= max(Budget, 0).
type Cache struct {
	mu       sync.Mutex
	lru      *simplelru.LRU[Key, Entry]  // recency; never evicts by count
	paths    map[string]map[Key]struct{} // the keys of each path
	inflight map[Key]*call               // parses running now
	bytes    int64
	budget   int64

	hits, misses, evictions atomic.Uint64
}

// call is one parse in progress; done closes when e is set.
type call struct {
	done chan struct{}
	e    Entry
	// stale is set (under Cache.mu) when the path is invalidated during the
	// parse: the result goes to the waiting callers but is not kept.
	stale bool
}

// New returns an empty Cache that keeps at most budget estimated bytes. A
// budget of zero or less keeps nothing of positive size.
func New(budget int64) *Cache {
	c := &Cache{
		paths:    make(map[string]map[Key]struct{}),
		inflight: make(map[Key]*call),
		budget:   budget,
	}
	// simplelru calls onEvict inside Remove and RemoveOldest, so the
	// accounting below always runs under c.mu.
	lru, err := simplelru.NewLRU(math.MaxInt, c.onEvict)
	if err != nil {
		panic(err) // only for a non-positive count limit
	}
	c.lru = lru
	return c
}

// onEvict keeps the byte total and the path index in step with the list.
// It runs under c.mu, inside lru.Remove and lru.RemoveOldest.
func (c *Cache) onEvict(k Key, e Entry) {
	c.bytes -= e.Size
	if keys := c.paths[k.Path]; keys != nil {
		delete(keys, k)
		if len(keys) == 0 {
			delete(c.paths, k.Path)
		}
	}
}

func (c *Cache) addLocked(k Key, e Entry) bool {
	e.Size = max(e.Size, 0)
	c.lru.Remove(k) // a replaced entry's size leaves through onEvict
	if e.Size > c.budget {
		c.evictions.Add(1)
		return false
	}
	c.lru.Add(k, e)
	c.bytes += e.Size
	keys := c.paths[k.Path]
	if keys == nil {
		keys = make(map[Key]struct{})
		c.paths[k.Path] = keys
	}
	keys[k] = struct{}{}
	c.trimLocked()
	return true
}

// trimLocked evicts least-recently-used entries until the total is within
// the budget.
func (c *Cache) trimLocked() {
	for c.bytes > c.budget {
		if _, _, ok := c.lru.RemoveOldest(); !ok {
			break
		}
		c.evictions.Add(1)
	}
}

// Invalidate drops every entry of the file path, and keeps no parse of it
// that is running now. Call it when the file changes.
func (c *Cache) Invalidate(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.paths[path] {
		c.lru.Remove(k) // onEvict deletes k from the map being ranged over
	}
	for k, cl := range c.inflight {
		if k.Path == path {
			cl.stale = true
		}
	}
}

// SetBudget changes the budget, evicting least-recently-used entries at once
// if the total exceeds the new one.
func (c *Cache) SetBudget(budget int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.budget = budget
	c.trimLocked()
}

// Stats returns the current state and counters.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	s := Stats{Entries: c.lru.Len(), Bytes: c.bytes, Budget: c.budget}
	c.mu.Unlock()
	s.Hits, s.Misses, s.Evictions = c.hits.Load(), c.misses.Load(), c.evictions.Load()
	return s
}

// GetOrParseBlock returns the full parse of the block at range r of the file
// filename whose content is src (see parse.ParseBlock), from the cache or by
// parsing it and adding it. The result is shared: do not modify it (the
// diagnostics are clipped, so appending to them copies).
func (c *Cache) GetOrParseBlock(filename string, src []byte, r parse.Range) (*hclsyntax.Block, hcl.Diagnostics) {
	e := c.getOrParse(KeyOf(filename, src, r), func() Entry {
		b, diags := parse.ParseBlock(filename, src, r)
		s, end := r.Clamp(len(src))
		return Entry{Block: b, Diags: slices.Clip(diags), Size: EstimateSize(end - s)}
	})
	return e.Block, e.Diags
}

// GetOrParseFile returns the full parse of the file filename whose content
// is src (see parse.ParseFile), from the cache or by parsing it and adding
// it. The result is shared: do not modify it.
func (c *Cache) GetOrParseFile(filename string, src []byte) (*hcl.File, hcl.Diagnostics) {
	e := c.getOrParse(FileKey(filename, src), func() Entry {
		f, diags := parse.ParseFile(filename, src)
		return Entry{File: f, Diags: slices.Clip(diags), Size: EstimateSize(len(src))}
	})
	return e.File, e.Diags
}

// getOrParse returns the entry of k, running fill on a miss unless another
// goroutine is already parsing k, in which case it waits for that result.
func (c *Cache) getOrParse(k Key, fill func() Entry) Entry {
	c.mu.Lock()
	if e, ok := c.lru.Get(k); ok {
		c.mu.Unlock()
		c.hits.Add(1)
		return e
	}
	c.misses.Add(1)
	if cl, ok := c.inflight[k]; ok {
		c.mu.Unlock()
		<-cl.done
		return cl.e
	}
	cl := &call{done: make(chan struct{})}
	c.inflight[k] = cl
	c.mu.Unlock()

	parsed := false
	defer func() {
		// Runs even if fill panics, so waiters never block forever; only
		// a completed parse is kept.
		c.mu.Lock()
		delete(c.inflight, k)
		if parsed && !cl.stale {
			c.addLocked(k, cl.e)
		}
		c.mu.Unlock()
		close(cl.done)
	}()
	cl.e = fill()
	parsed = true
	return cl.e
}
