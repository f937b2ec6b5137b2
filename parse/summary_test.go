package parse

import (
	"fmt"
	"strings"
)

// summarize renders a scan as text for tests: one line per block (indented
// by depth, with labels and an "(open)" mark), its attributes, and the
// references each attribute makes.
func summarize(f *File) string {
	var b strings.Builder
	depth := make([]int, len(f.Blocks))
	attrsOf := map[int32][]int{}
	for i, a := range f.Attrs {
		attrsOf[a.Block] = append(attrsOf[a.Block], i)
	}
	refsOf := map[int32][]string{}
	for _, r := range f.Refs {
		var s strings.Builder
		for k, st := range f.StepsOf(r) {
			switch st.Kind {
			case StepRoot:
				s.WriteString(st.Name)
			case StepAttr:
				s.WriteString("." + st.Name)
			case StepIndex:
				s.WriteString("[" + st.Name + "]")
			}
			_ = k
		}
		refsOf[r.Attr] = append(refsOf[r.Attr], s.String())
	}
	writeAttrs := func(bi int32, indent string) {
		for _, ai := range attrsOf[bi] {
			a := f.Attrs[ai]
			fmt.Fprintf(&b, "%s%s =", indent, a.Name)
			for _, r := range refsOf[int32(ai)] {
				fmt.Fprintf(&b, " %s", r)
			}
			b.WriteString("\n")
		}
	}
	writeAttrs(-1, "")
	for i, blk := range f.Blocks {
		if blk.Parent >= 0 {
			depth[i] = depth[blk.Parent] + 1
		}
		indent := strings.Repeat("  ", depth[i])
		fmt.Fprintf(&b, "%s%s", indent, blk.Type)
		for _, l := range blk.Labels {
			fmt.Fprintf(&b, " %q", l.Value)
		}
		fmt.Fprintf(&b, " [%d-%d]", blk.Range.Start.Line, blk.Range.End.Line)
		if blk.Open {
			b.WriteString(" (open)")
		}
		b.WriteString("\n")
		writeAttrs(int32(i), indent+"  ")
	}
	return b.String()
}
