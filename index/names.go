package index

// This file defines how entries are named: which nested blocks are entries,
// Powerpipe's synthetic names for anonymous blocks, and qualified names.

import (
	"strconv"
	"strings"
)

// topLevelKinds are the kinds of entries a top-level block can declare
// (§2.1). container, with and param exist only nested.
var topLevelKinds = [numKinds]bool{
	KindMod: true, KindVar: true, KindQuery: true, KindControl: true,
	KindDetection: true, KindBenchmark: true, KindDashboard: true,
	KindCard: true, KindChart: true, KindFlow: true, KindGraph: true,
	KindHierarchy: true, KindImage: true, KindInput: true, KindTable: true,
	KindText: true, KindNode: true, KindEdge: true, KindCategory: true,
}

// referenceKinds are the kinds that can be a reference's root, `query.x`, or
// the second step of a dependency reference, `aws.query.x` (§4.1). Variables
// (`var.x`, `aws.var.x`) are handled apart because they have their own root.
var referenceKinds = [numKinds]bool{
	KindQuery: true, KindControl: true, KindDetection: true,
	KindBenchmark: true, KindDashboard: true, KindCard: true, KindChart: true,
	KindFlow: true, KindGraph: true, KindHierarchy: true, KindImage: true,
	KindInput: true, KindTable: true, KindText: true, KindNode: true,
	KindEdge: true, KindCategory: true,
}

// isLayout reports whether entries of kind k hold dashboard children: they
// are the parents that anonymous names are numbered against.
func isLayout(k Kind) bool { return k == KindDashboard || k == KindContainer }

// isNodeEdgeProvider reports whether entries of kind k hold nodes and edges.
func isNodeEdgeProvider(k Kind) bool {
	return k == KindFlow || k == KindGraph || k == KindHierarchy
}

// isQueryProvider reports whether entries of kind k accept `param` blocks.
func isQueryProvider(k Kind) bool {
	switch k {
	case KindQuery, KindControl, KindDetection, KindCard, KindChart,
		KindFlow, KindGraph, KindHierarchy, KindImage, KindInput, KindTable,
		KindNode, KindEdge, KindWith:
		return true
	}
	return false
}

// childKind returns the kind of the entry that a block of type typ declares
// when nested directly in an entry of kind parent (§3.1), or KindNone when
// such a block is not an entry (structural sub-blocks, misplaced blocks).
func childKind(parent Kind, typ string) Kind {
	k := BlockKind(typ)
	switch {
	case k == KindNone:
		return KindNone
	case isLayout(parent):
		switch k {
		case KindContainer, KindDashboard, KindCard, KindChart, KindFlow,
			KindGraph, KindHierarchy, KindImage, KindInput, KindTable,
			KindText, KindBenchmark, KindDetection, KindWith:
			return k
		}
	case isNodeEdgeProvider(parent):
		switch k {
		case KindNode, KindEdge, KindCategory, KindWith, KindParam:
			return k
		}
	case isQueryProvider(parent):
		if k == KindParam {
			return k
		}
	}
	return KindNone
}

// isScoped reports whether a nested entry of kind k inside an entry of kind
// parent stays out of the mod's namespace (see Scoped).
func isScoped(k, parent Kind) bool {
	switch k {
	case KindInput, KindWith, KindParam:
		return true
	case KindNode, KindEdge, KindCategory:
		return isNodeEdgeProvider(parent)
	}
	return false
}

// isCounted reports whether a nested entry of kind k takes a number in its
// naming parent's per-type counter. Every resource child does, named or not;
// params are decoded apart and take none.
func isCounted(k Kind) bool { return k != KindParam }

// appendAnonymousName appends AnonymousName(parentKind + "." + parentName,
// blockType, n) to buf.
func appendAnonymousName(buf []byte, parentKind, parentName, blockType string, n int) []byte {
	buf = append(buf, parentKind...)
	buf = append(buf, '_')
	for i := 0; i < len(parentName); i++ {
		c := parentName[i]
		if c == '.' {
			c = '_'
		}
		buf = append(buf, c)
	}
	buf = append(buf, "_anonymous_"...)
	buf = append(buf, blockType...)
	buf = append(buf, '_')
	return strconv.AppendInt(buf, int64(n), 10)
}

// modPrefix returns the prefix of the anonymous names numbered against the
// mod named name: `mod_<name>_`.
func modPrefix(name string) string { return "mod_" + strings.ReplaceAll(name, ".", "_") + "_" }

// Name is a parsed resource name.
type Name struct {
	Mod  string // empty when the name was not qualified
	Kind Kind
	Name string
}

// ParseName parses a qualified name `<mod>.<type>.<name>` or an unqualified
// one `<type>.<name>`; `variable` is accepted for `var`. It reports false
// when s has another shape or an unknown type.
func ParseName(s string) (Name, bool) {
	parts := strings.Split(s, ".")
	var n Name
	switch len(parts) {
	case 2:
		n.Kind, n.Name = ParseKind(parts[0]), parts[1]
	case 3:
		n.Mod, n.Kind, n.Name = parts[0], ParseKind(parts[1]), parts[2]
	default:
		return Name{}, false
	}
	if n.Kind == KindNone || n.Name == "" || len(parts) == 3 && n.Mod == "" {
		return Name{}, false
	}
	return n, true
}
