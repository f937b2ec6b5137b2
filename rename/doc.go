// Package rename computes the edits that rename a resource, variable, local,
// param, with or input of a Powerpipe workspace, from an index snapshot and
// the current text of the files concerned.
//
// # Using it
//
//	t, err := rename.Prepare(ix, path, offset, text) // the name under the cursor, or why nothing
//	edits, err := rename.Rename(ix, path, offset, "new_name", rename.Options{
//		Source:   func(path string) ([]byte, error) { … }, // open document, else disk
//		VarFiles: func(m *index.Mod) []string { … },       // the root mod's .ppvars files
//	})
//
// A rename rewrites the declaration's name (the label, inside its quotes, or
// the local's attribute name), the name step of every reference that resolves
// to it in every file (`query.x`, `query.x.sql`, `mymod.query.x`,
// `self.input.x`, `with.x`, `param.x`), for a variable its key in the
// variable files of its mod, and for a param the keys of `args = { … }`
// that pass it by name beside a `query` or `base` referring to its resource
// (or to a resource that inherits it through `base`). The references are the
// index's postings (see index.Index.Related): a name declared twice is
// renamed in both places, so that the references keep resolving to the same
// entries.
//
// # Refusals
//
// Rename and Prepare return a *Refusal, whose message is meant for the user,
// when the cursor is on nothing renameable (an anonymous block, a property
// step, a mod), when the target belongs to a dependency mod (installed under
// .powerpipe/mods), when the new name is not a valid HCL identifier (a letter
// or underscore, then letters, digits, underscores and dashes:
// mod-language.md §3.2), when another entry of the same kind already has the
// new name where it would collide (the mod's namespace for resources,
// variables and locals; the enclosing resource for params and withs; the
// dashboard for its inputs; a variable file's keys; a caller's named
// arguments), and when references that resolve to nothing today, or to
// another entry, would resolve to the renamed one.
//
// # Staleness
//
// Every edit is checked against the text Options.Source returns: the bytes at
// the range the index recorded must spell the old name. When they do not, the
// file changed since it was indexed and Rename returns a *Stale error rather
// than edits that would corrupt it.
package rename
