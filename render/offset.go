package render

// This file maps a place of the resource's own text to the rendered text:
// the inverse of the source map, for a cursor in the SQL.

// OffsetOf returns the offset in Text of byte off of the file at path,
// when the rendered text holds that byte exactly and not through an
// interpolation (the resource's own SQL as written); an offset just after
// such a run of bytes (a cursor at the end of a word) maps to just after
// it.
func (r *Result) OffsetOf(path string, off uint32) (int, bool) {
	best, found := 0, false
	for i, seg := range r.segs {
		if !seg.exact || seg.path != path || len(seg.via) > 0 {
			continue
		}
		end := uint32(len(r.Text))
		if i+1 < len(r.segs) {
			end = r.segs[i+1].out
		}
		n := end - seg.out
		switch {
		case off >= seg.src && off < seg.src+n:
			return int(seg.out + off - seg.src), true
		case off == seg.src+n:
			best, found = int(end), true
		}
	}
	return best, found
}
