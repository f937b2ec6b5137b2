// Package render turns the SQL of a resource into the text that runs, with
// a source map back to the mod's files.
//
// Real mods build their SQL from templates: `sql = <<-EOQ … ${local.x} …
// EOQ`, where local.x is itself a template with `%{if}`/`%{for}` directives
// over variable values. Renderer.SQL evaluates that statically — literal
// text, interpolations, directives with their strip markers, functions,
// locals, variable defaults, the values of the root mod's variable files
// and a dependency's require args — and returns the text with a map from
// every byte to its origin:
//
//   - a literal byte of the resource's own template maps to that byte
//     (Loc.Exact);
//   - a byte from an interpolated local maps to its exact place in the
//     local's definition, with the interpolation(s) it came through in
//     Loc.Via (outermost first);
//   - a byte of a computed value (a variable, a function's result) maps to
//     the expression that produced it; replace() with a literal pattern
//     keeps the places of the bytes it does not touch.
//
// What cannot be known statically (a condition over a run-time value, a
// variable without a value) stays as its source text, Result.Complete is
// false and Result.Unknown says what and why. Result.PlaceOf maps a range
// of the text (a token a SQL parser complains about) to the outer file and
// the exact inner place; Result.Dialect says which database runs it (from
// the resource's or the mod's `database`: Steampipe/Postgres by default,
// DuckDB for Tailpipe).
//
// The package is protocol-neutral: it returns byte offsets. It reads files
// through the given reader and parses blocks through the parse cache; a
// Renderer belongs to one index snapshot. Everything that evaluates (SQL,
// Title, Scope, Dialect, Database, Bindings) takes the caller's context and
// stops when it ends; what a cancelled call computed is not kept for the
// next.
package render
