// Package workspace owns the state of an editing session: the index
// snapshot, the documents the editor has open (laid over the disk), the mods
// discovery found, the workspace roots, the extra ignore patterns of the
// settings and the file watcher. It knows nothing of the protocol: paths,
// versions, span positions and byte ranges only.
//
// # Events
//
// Every change arrives as an event, applied under the workspace's lock in
// the order it arrives: Open, Change and Close (an editor's document),
// Apply (a batch of changes on disk, from the watcher or the client; its
// files are read before the lock is taken and applied as one index batch),
// ChangeRoots and SetIgnore (which make the workspace be discovered again),
// Reload. Every change to a file's content goes through one funnel that
// re-scans the file, evicts its parses from the cache and makes the next
// index snapshot.
//
// Start builds the first index in the background under the workspace's
// context, so that ending the session never waits for it; Ready is closed
// once it is done. Reloads run off the caller's goroutine, one at a time,
// after the first build; each has a generation: a newer request cancels the
// load in progress, and a load is installed only if no newer one was asked
// for meanwhile, so an older view of the disk never replaces a newer one.
//
// # Snapshots
//
// Snapshot returns an immutable value taken at once under the lock: the
// index, every open document's version, text and line table, the mods and
// the roots. Everything a request reads comes from one snapshot: an edit
// that arrives meanwhile cannot give it offsets of one text looked up in the
// index of another, and the ranges of other files convert against the text
// the index was built from (Built).
package workspace
