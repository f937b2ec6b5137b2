package workspace

import (
	"testing"

	"github.com/modls/modls/index"
)

func TestMemo(t *testing.T) {
	ix1, ix2 := &index.Index{}, &index.Index{}
	c := Memo[string, []int]{Max: 3, MaxWeight: 10, Weight: func(v []int) int { return len(v) }}
	has := func(ix *index.Index, k string) bool { _, ok := c.Get(ix, k); return ok }
	c.Put(ix1, "a", make([]int, 4))
	c.Put(ix1, "b", make([]int, 4))
	if !has(ix1, "a") || !has(ix1, "b") || has(ix2, "a") {
		t.Fatal("answers of one snapshot: a and b kept, and for that snapshot only")
	}
	c.Put(ix1, "c", make([]int, 4)) // weight 12 > 10: a goes
	if has(ix1, "a") || !has(ix1, "b") || !has(ix1, "c") {
		t.Error("over the weight bound, the oldest answer should go")
	}
	c.Put(ix1, "big", make([]int, 11))
	if has(ix1, "big") || !has(ix1, "b") {
		t.Error("an answer heavier than the bound is not kept, and evicts nothing")
	}
	c.Put(ix1, "d", nil)
	c.Put(ix1, "e", nil) // count 4 > 3: c goes, b having been asked for since
	if has(ix1, "c") || !has(ix1, "b") || !has(ix1, "e") {
		t.Error("over the count bound, the least recently used answer should go")
	}
	c.Put(ix2, "x", []int{1})
	if has(ix1, "c") || has(ix2, "c") || !has(ix2, "x") {
		t.Error("a new snapshot empties the cache")
	}

	// Least recently used goes first: an answer asked again stays.
	c.Put(ix2, "y", []int{1})
	c.Put(ix2, "z", []int{1})
	has(ix2, "x")
	c.Put(ix2, "w", []int{1}) // count 4 > 3: y goes, not x
	if !has(ix2, "x") || has(ix2, "y") || !has(ix2, "z") || !has(ix2, "w") {
		t.Error("the least recently used answer should go first")
	}
}
