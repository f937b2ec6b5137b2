// Package index is the lazy resource index of a Powerpipe workspace: every
// resource a user can list, reference or jump to (entries) and every
// reference to one (postings), for the root mods and their dependency mods,
// kept compact enough for mods of 50,000 resources.
//
// # Building and using it
//
// An Index is an immutable snapshot. A Builder makes the next one:
//
//	b := index.NewBuilder()               // or ix.Edit() for the next snapshot
//	root := b.AddModDir(modDir)           // or AddMod(root, modFile) + SetDeps
//	b.SetFile(root, path, src, parse.Scan(src))
//	ix := b.Index()
//	ix = ix.ReplaceFile(root, path, newSrc, parse.Scan(newSrc)) // on each edit
//
// Feature code reads a snapshot: Lookup (by qualified or unqualified name),
// OfKind (entries of a type in a mod), File (a file's entries and postings,
// for document symbols), Definition and At (what is at a byte offset),
// Resolve (the entries a posting names), References (the postings naming an
// entry: find-references and rename), Symbols (ranked workspace symbols,
// stopping when its context ends) and Counts (for `modls index --json`).
//
// # Entries
//
// An entry is one of:
//
//   - a top-level block of a type of §2.1 (mod, variable → kind `var`,
//     query, control, detection, benchmark, dashboard, card, chart, flow,
//     graph, hierarchy, image, input, table, text, node, edge, category).
//     A top-level block with a wrong label count is still an entry, flagged
//     BadLabels, named by its first label (or "" with none), so that symbols
//     and outlines show it; it is found by name when it has one.
//     Every mod block is an entry of kind `mod`; the mod's name comes from
//     the first mod block of its definition file only.
//   - each attribute of a top-level locals block (kind `local`; its range
//     is the attribute, its name range the attribute name). The locals block
//     itself is not an entry.
//   - a block nested directly in an entry where §3.1 allows it: in a
//     dashboard or container, a container, dashboard, card, chart, flow,
//     graph, hierarchy, image, input, table, text, benchmark, detection or
//     with; in a flow, graph or hierarchy, a node, edge, category, with or
//     param; in any other query provider, a param.
//
// Nothing else is an entry: not unknown or misplaced blocks (a top-level
// container or detection_benchmark, a control inside a dashboard), nor
// structural sub-blocks (legend, axes, x, y, title, labels, series, point,
// column, option, property, fold, opengraph, require and its children), nor
// anything inside a block that is not an entry. They are still counted.
//
// A nested block without a label gets Powerpipe's synthetic name (§3.2,
// names.go): `<parent unqualified name, "." → "_">_anonymous_<type>_<n>`,
// where the parent is the innermost enclosing dashboard or container and n
// counts the children of that type already seen under it, named ones
// included, in source order. Flows, graphs and hierarchies are not parents:
// their anonymous nodes, edges, categories and withs are numbered against the
// enclosing dashboard or container, or against the mod (`mod_<mod>_…`,
// flagged ModPrefixed) for a top-level one. Deviation: Powerpipe numbers the
// mod-level children across all files in load order; the index counts them
// per file, so that files stay independent (Powerpipe's numbers there depend
// on decode order anyway, and nothing can reference those blocks).
//
// Entries that Powerpipe does not register in the mod's namespace are
// flagged Scoped and are never found by name: nested inputs (scoped to their
// dashboard), withs, params, and nodes, edges and categories inside a flow,
// graph or hierarchy. Nested named blocks that are not scoped (a chart "x"
// in a dashboard) are found by name like top-level ones, since Powerpipe
// registers them as `chart.x` too; references prefer top-level entries.
//
// # Postings
//
// A posting is a traversal that names a potential entry: `<type>.<name>`
// for the resource types of §4.1, `var.x`, `local.x`,
// `<alias>.<type>.<name>` and `<alias>.var.x` (a dependency reference, when
// the second step is a resource type or var), and the runtime references
// `self.input.x`, `with.x` and `param.x` (flagged Runtime). Anything after
// the name step (`.sql`, `.value`, `.rows[0]`) is part of its Range but not
// of its key. Other traversals (connection.*, function arguments…) are only
// counted. A dashboard link inside an href string,
// `"/<mod>.dashboard.<name>?…"`, is a posting too (flagged Link): its alias
// is the mod name, its range spans `<mod>.dashboard.<name>` inside the
// string, so definition, references and rename see it.
//
// Resolution: a posting without alias names the entries of its own mod; an
// alias names the direct dependency whose mod name is that alias, else the
// referencing mod itself when the alias is its own name (Powerpipe rejects
// that, but rename must see it). Runtime postings resolve inside their file
// by walking out from the entry that holds them: `with.x` and `param.x` to
// a with or param declared directly in an enclosing entry, `self.input.x`
// to an input of an enclosing dashboard (directly or in its containers).
// A `self.input` reference outside any dashboard does not resolve.
//
// # Memory
//
// An Entry is 88 bytes and a Posting 64 (positions as parse.Range, kinds as
// a uint8 enum, mod as a pointer, no per-entry maps). All strings of a file
// (names, titles, descriptions, aliases, attribute names, block types) are
// copied into one string per file (the arena), deduplicated where they
// repeat; entries and postings refer to it by offset, so the source and its
// scan can be freed. Lookup tables are two sorted arrays of 16-byte keyed
// locations (about 16 bytes per entry and posting), not maps.
//
// # Snapshots and concurrency
//
// Invariant: an Index, its Mods, Files, Entries and Postings are never
// modified after Builder.Index returns; all methods of Index are safe for
// concurrent use, and a request that reads one snapshot sees one consistent
// state while the next snapshot is being built (gopls-style). A Builder is
// for one goroutine.
//
// A new snapshot shares the unchanged Files of its parent. The lookup
// tables are built on first use (once per snapshot) — or, when the parent's
// tables exist, shared with the parent: the snapshot then keeps a small
// delta (the parent's files it no longer has, whose hits are skipped, and
// its new files, which are scanned linearly). When the delta grows past a
// few hundred files or an eighth of the index, or when any mod changes (its
// name or its dependencies), the next snapshot builds its own tables again
// on first use. An edit to one file thus costs that file's indexing plus a
// copy of the file list, not a rebuild.
//
// When a mod's name changes (its definition file is edited), the files of
// that mod are re-bound to the new Mod value (a shallow copy), and their
// ModPrefixed anonymous names are renamed.
package index
