// Package complete answers what may be typed at a cursor in a mod file:
// completion candidates, their documentation on demand, and the signature of
// the function call around the cursor.
//
// # Where to start
//
// Complete takes an index snapshot, a file's path and current text, and a
// byte offset; it returns the candidates in the order an editor should show
// them, each with the byte range it replaces:
//
//	l := complete.Complete(ix, path, src, off, complete.Options{Snippets: true})
//	for _, it := range l.Items { … it.Label, it.Insert, it.Start, it.End, it.Ref }
//	md := complete.Resolve(ix, it.Ref) // documentation, when the editor asks
//
// CallAt finds the function call around a cursor and the argument it is in,
// for signature help.
//
// # How the cursor is read
//
// The line being typed rarely parses. parse.Scan's tolerant block list gives
// the blocks that enclose the cursor; a small lexer then reads the innermost
// body up to the cursor (strings, heredocs, comments, templates and brackets)
// to tell the start of a line from an attribute's expression, and the
// identifiers and dots before the cursor give the partial word or traversal
// (context.go). What each place accepts comes from the schema: block types
// and attributes of the enclosing block, documented values, the reference
// roots an attribute takes (Targets: a benchmark's children are controls and
// benchmarks), runtime roots only where Runtime allows them, and the function
// table. Names come from the index: resources of the file's mod or of a
// direct dependency, variables, locals, and the inputs, withs and params in
// scope, found the way the index resolves runtime references.
//
// # Cost
//
// Each request scans the one file and reads the index's sorted tables; a
// list of names longer than Options.Max is filtered by the partial word,
// ranked, cut, and marked incomplete so that the editor asks again as the
// user types. Documentation is left to Resolve: an item carries only the Ref
// that finds it again.
package complete
