// Package parse reads Powerpipe mod files.
//
// Its entry point is Scan, a hand-written scanner for HCL's native syntax
// that extracts, without building an AST, every block (type, labels, ranges,
// nesting), every attribute (name, ranges, whether its value is a plain
// string) and every variable reference (the traversals hclsyntax.Variables
// reports, with the range of each step). It is the source of the lazy
// resource index, and runs several times faster than hclsyntax.ParseConfig
// while agreeing with it exactly on valid files: the differential test
// (diff_test.go) and the fuzz target hold it to that.
//
// Scan tolerates broken input: it reports diagnostics and recovers at the
// next line or the next top-level block header, so a mistake in one block
// does not hide the blocks around it.
//
// Start with Scan and the File type (file.go); StringValue decodes the
// static strings the index keeps (titles, descriptions).
//
// The full parses that hover, completion and diagnostics need are in
// full.go: ParseFile (a whole open document) and ParseBlock, which parses
// only one block's byte range of a file (as the index records it) while
// keeping every position a position in the whole file. Both return partial
// results plus diagnostics.
package parse
