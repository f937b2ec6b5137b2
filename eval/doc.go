// Package eval evaluates a mod's expressions statically with go-cty and the
// function table of mod-language.md §7: variable defaults (converted to
// their declared type), locals (in any order, across files, cycles cut),
// and any expression that uses them, so that checks see real types and
// hover can show values.
//
// # Using it
//
//	s := eval.NewChecking(ix, cache, modID, read) // one Scope per mod and snapshot
//	v, diags := s.Value(ctx, expr)               // var.x, local.y, functions
//	s.Var(ctx, "region"); s.Local(ctx, "tags")    // cty.DynamicVal when not known
//
// Every evaluation takes the caller's context: each variable and local is
// evaluated only while it lasts (a chain of locals stops at the next one
// once a request is cancelled), and what was evaluated with locals cut
// short by its end is not remembered, so a Scope shared by a pass stays
// right for the calls that follow.
//
// NewChecking's scope is the mod's text alone, for checks; WithValues adds
// the values of variable files or a dependant's require args, for what a
// run sees (render.Renderer.Scope, behind hover and the rendered SQL).
//
// # What is known
//
// A value is known only when it follows from the text of the mod: literals,
// defaults, locals and the functions of §7. Everything decided at run time
// — resources' properties, runtime references (self, with, param), values
// supplied by variable files (unless WithValues gives them), the environment
// or the command line, and the functions whose results depend on time,
// randomness or the host (timestamp, uuid, env, bcrypt, abspath, …) —
// evaluates to an unknown value, so that a check never reports a problem
// that depends on them. A variable without a
// default is an unknown value of its declared type.
//
// # Boundaries
//
// The file functions (file, fileexists, filebase64, the file hashes) resolve
// relative paths against the mod root (§7) and read only files inside the
// mod's folder (symbolic links resolved): any other path is an error. They
// read through the Scope's reader, so open documents are seen as edited;
// files larger than MaxFileBytes are refused. Nothing else touches the
// file system, the network or the environment.
//
// Evaluation is bounded (limits.go): a few bytes of a mod can ask for a
// billion values or minutes of work (setproduct(range(1000), range(1000),
// range(1000)), "${1e9999999}", nested for expressions), so each evaluation
// has a budget of work, every value built is held to MaxValues values,
// MaxBytes of text, MaxDepth levels and numbers within 1e±1233, and the
// functions that can build much more than they are given (setproduct,
// indent, format, formatlist, join, replace, split, regexall) estimate
// their result first. Past a bound the evaluation fails with an error that
// says which, and the value is unknown. Source nested deeper than
// parse.MaxNesting is not parsed. Literal evaluates an expression that
// needs no variables or functions under the same bounds. The file functions
// read only regular files: a named pipe would block them.
//
// A Scope caches what it evaluated; it is safe for concurrent use (a local
// being evaluated by another goroutine reads as unknown rather than wait).
// Create a new one for each snapshot.
package eval
