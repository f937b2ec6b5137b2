package format

import (
	"github.com/modls/modls/span"
)

// Helpers only the tests use.

// Apply returns src with edits applied. The edits must be sorted by Start
// and must not overlap, as Diff and Edits return them.
func Apply(src []byte, edits []span.Edit) []byte {
	n := len(src)
	for _, e := range edits {
		n += len(e.New) - (e.End - e.Start)
	}
	out := make([]byte, 0, n)
	last := 0
	for _, e := range edits {
		out = append(out, src[last:e.Start]...)
		out = append(out, e.New...)
		last = e.End
	}
	return append(out, src[last:]...)
}
