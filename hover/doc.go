// Package hover says what is under a cursor in a mod file, as Markdown: a
// resource, variable or local (its heading, source, tags, severity, the SQL
// that runs, its params, its value when static evaluation knows it, its
// documentation and where it is declared), a `$n` of rendered SQL (the param
// that supplies it), a key of `args = { … }` (the param it passes a value
// to, its default evaluated, or that it binds none; in a dependency's
// require args, the variable it sets), or an attribute or block the schema documents (in
// the words of complete.Resolve, so that hover and completion say the same).
//
// # Where to start
//
// At takes one index snapshot, a file's path and text, and a byte offset,
// with an Env that says how to read other files, and returns the Markdown
// and the byte range it is about:
//
//	r := hover.At(ctx, env, path, text, off)
//	if r != nil { … r.Markdown, r.Range, r.HasRange }
//
// The package knows nothing of the protocol: the caller converts positions.
//
// # What it reads
//
// Only the block concerned is parsed fully, from its byte range in the
// index (cache.GetOrParseBlock), never the rest of its file. Source files
// are read through Env.Source (open documents as edited); values (with the
// variable files' values, as a run sees them) and SQL through Env.Renderer. A `file("…")` documentation
// is resolved by eval.Resolve, which refuses any path outside the mod's
// folder (symbolic links followed), and read through Env.ReadDoc, at most
// 8 KB of it.
package hover
