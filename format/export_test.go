package format

import "fmt"

// Helpers only the tests use.

// String renders e as [Start,End)→"New", for tests and logs.
func (e Edit) String() string { return fmt.Sprintf("[%d,%d)→%q", e.Start, e.End, e.New) }

// Apply returns src with edits applied. The edits must be sorted by Start
// and must not overlap, as Diff and Edits return them.
func Apply(src []byte, edits []Edit) []byte {
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
