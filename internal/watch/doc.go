// Package watch keeps the language server's view of a workspace equal to the
// disk when files change outside the editor (a git checkout, a formatter, a
// script, powerpipe mod install).
//
// Start with [New]: it watches directory trees recursively with fsnotify and
// calls a function with one [Batch] of changes at a time. A batch reports
// final states, not a replay of events: Changed lists the files that exist
// now and Removed those that are gone, RemovedDirs the directories that
// vanished (the caller drops every file it knows below them), Rescan the
// directories that appeared (their files, found by one walk, are already in
// Changed), and Overflow that events were lost and everything must be
// rescanned.
//
// A caller applies a batch in this order: if Overflow, rescan everything and
// stop; otherwise drop every file below each of RemovedDirs, drop Removed,
// then re-read Changed. A directory can be in both RemovedDirs and Rescan (it
// was replaced), and a file below a removed directory can be in Changed (it
// exists again), which is why the drops come first.
//
// What is watched:
//
//   - Every directory below the roots, except those for which
//     Options.SkipDir returns true and any directory named .git. New
//     directories are watched as they appear: the watch is added first, then
//     the directory is walked once, so files created before the watch existed
//     are reported too.
//   - Symlinks to directories are neither watched nor walked (no loops, no
//     reads outside the roots). One that appears is listed in Rescan, one
//     that disappears in RemovedDirs, so a caller that follows links (as
//     index discovery does, within a mod) can walk it itself. A symlink to a
//     file is reported like a file; a change to its target is seen only when
//     the target itself is in a watched directory.
//   - When the system runs out of watches (inotify's max_user_watches, or
//     too many open files), the watches already added stay, the problem is
//     logged once and [Watcher.Degraded] says why, so the server can tell the
//     user once and rely on the client's workspace/didChangeWatchedFiles.
//
// Timing: after the first event of a batch the watcher waits for
// Options.Debounce without relevant events, but never longer than
// Options.MaxDelay in all, then delivers the batch. A burst of writes thus
// becomes a few batches, and a long-running burst still produces a batch at
// least every MaxDelay. One exception: when a batch would list many files
// removed from a folder that still exists (rm -rf deletes the files first and
// the folder last), those removals wait for the next batch while the folder
// keeps losing files, at most four times MaxDelay, so that a deleted folder
// is normally reported as one RemovedDirs entry instead of file by file.
package watch
