package format

// This file defines commonLines: a longest common subsequence of two
// sequences of line ids, by Myers' O((N+M)D) algorithm in linear space (the
// "middle snake" bisection, as in diff-match-patch). Lines that occur in only
// one of the sequences cannot be part of any common subsequence; they are
// set aside first, so that texts with many changed lines cost little more
// than texts with few.

// match pairs line a of the old text with line b of the new one.
type match struct{ a, b int }

// commonLines returns the pairs of a longest common subsequence of a and b,
// in increasing order of both indexes.
func commonLines(a, b []int32) []match {
	// Keep only the lines whose id occurs on both sides, remembering where
	// each kept line came from.
	maxID := int32(-1)
	for _, id := range a {
		maxID = max(maxID, id)
	}
	for _, id := range b {
		maxID = max(maxID, id)
	}
	seen := make([]uint8, maxID+1) // bit 1: in a; bit 2: in b
	for _, id := range a {
		seen[id] |= 1
	}
	for _, id := range b {
		seen[id] |= 2
	}
	fa, oa := filter(a, seen)
	fb, ob := filter(b, seen)
	d := differ{a: fa, b: fb}
	d.diff(0, len(fa), 0, len(fb))
	for i := range d.out {
		d.out[i] = match{oa[d.out[i].a], ob[d.out[i].b]}
	}
	return d.out
}

// filter returns the ids of s that occur on both sides, and their indexes
// in s.
func filter(s []int32, seen []uint8) ([]int32, []int) {
	ids := make([]int32, 0, len(s))
	at := make([]int, 0, len(s))
	for i, id := range s {
		if seen[id] == 3 {
			ids = append(ids, id)
			at = append(at, i)
		}
	}
	return ids, at
}

// differ computes a longest common subsequence of a and b into out.
type differ struct {
	a, b   []int32
	out    []match
	v1, v2 []int // scratch for bisect
}

// diff appends to out the matches of a longest common subsequence of
// a[a0:a1] and b[b0:b1].
func (d *differ) diff(a0, a1, b0, b1 int) {
	for a0 < a1 && b0 < b1 && d.a[a0] == d.b[b0] {
		d.out = append(d.out, match{a0, b0})
		a0, b0 = a0+1, b0+1
	}
	s := 0
	for a0 < a1-s && b0 < b1-s && d.a[a1-1-s] == d.b[b1-1-s] {
		s++
	}
	a1, b1 = a1-s, b1-s
	if a0 < a1 && b0 < b1 {
		// Both sides are non-empty and differ at both ends, so every edit
		// script has at least two steps and the split point found lies
		// strictly inside: each half is a smaller problem.
		if x, y, ok := d.bisect(a0, a1, b0, b1); ok {
			d.diff(a0, x, b0, y)
			d.diff(x, a1, y, b1)
		}
	}
	for k := range s {
		d.out = append(d.out, match{a1 + k, b1 + k})
	}
}

// bisect finds the middle snake of a[a0:a1] and b[b0:b1]: a point (x, y)
// that an optimal edit path passes through, so that the problem splits into
// a[a0:x]×b[b0:y] and a[x:a1]×b[y:b1]. ok is false when the two have no
// element in common: the search for a middle snake of an edit path shorter
// than n+m steps then ends without one, and the whole region is changed.
func (d *differ) bisect(a0, a1, b0, b1 int) (x, y int, ok bool) {
	a, b := d.a[a0:a1], d.b[b0:b1]
	n, m := len(a), len(b)
	maxD := (n + m + 1) / 2
	off := maxD
	size := 2*maxD + 2
	if cap(d.v1) < size {
		d.v1, d.v2 = make([]int, size), make([]int, size)
	}
	v1, v2 := d.v1[:size], d.v2[:size]
	for i := range v1 {
		v1[i], v2[i] = -1, -1
	}
	v1[off+1], v2[off+1] = 0, 0
	delta := n - m
	front := delta%2 != 0 // paths meet while extending the forward one
	var k1start, k1end, k2start, k2end int
	for dd := 0; dd < maxD; dd++ {
		for k1 := -dd + k1start; k1 <= dd-k1end; k1 += 2 {
			i := off + k1
			var x1 int
			if k1 == -dd || k1 != dd && v1[i-1] < v1[i+1] {
				x1 = v1[i+1]
			} else {
				x1 = v1[i-1] + 1
			}
			y1 := x1 - k1
			for x1 < n && y1 < m && a[x1] == b[y1] {
				x1, y1 = x1+1, y1+1
			}
			v1[i] = x1
			switch {
			case x1 > n:
				k1end += 2 // ran off the right of the grid
			case y1 > m:
				k1start += 2 // ran off the bottom
			case front:
				j := off + delta - k1
				if j >= 0 && j < size && v2[j] != -1 && x1 >= n-v2[j] {
					return d.split(a0, a1, b0, b1, x1, y1)
				}
			}
		}
		for k2 := -dd + k2start; k2 <= dd-k2end; k2 += 2 {
			i := off + k2
			var x2 int
			if k2 == -dd || k2 != dd && v2[i-1] < v2[i+1] {
				x2 = v2[i+1]
			} else {
				x2 = v2[i-1] + 1
			}
			y2 := x2 - k2
			for x2 < n && y2 < m && a[n-x2-1] == b[m-y2-1] {
				x2, y2 = x2+1, y2+1
			}
			v2[i] = x2
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				j := off + delta - k2
				if j >= 0 && j < size && v1[j] != -1 {
					x1 := v1[j]
					y1 := off + x1 - j
					if x1 >= n-x2 {
						return d.split(a0, a1, b0, b1, x1, y1)
					}
				}
			}
		}
	}
	return 0, 0, false
}

// split turns a split point relative to the bisected region into absolute
// indexes. A point on the region's corners would make no progress; it
// cannot occur for sequences that differ at both ends, and is refused (the
// region is then treated as wholly changed) rather than trusted.
func (d *differ) split(a0, a1, b0, b1, x, y int) (int, int, bool) {
	if x == 0 && y == 0 || a0+x == a1 && b0+y == b1 {
		return 0, 0, false
	}
	return a0 + x, b0 + y, true
}
