// Package outline tells the shape of a mod file and of a workspace's mods,
// in byte offsets and index entries, for an editor's structural views:
//
//   - Folds: the folding ranges of a text (blocks, bracketed values,
//     heredocs, comments), from the scanner alone;
//   - Selections: for a cursor, the ever larger spans "expand selection"
//     steps through, from the scanner alone;
//   - Symbols: a file's outline (dashboards with their panels, benchmarks,
//     each local under its locals block), from the index;
//   - Hints: after each reference in a benchmark's children, the control or
//     benchmark it names;
//   - Lenses and Controls: where a file's lenses sit and what a benchmark's
//     lens counts;
//   - Level (on Groups, GroupMembers, Children, EntryID and EntryByID): the
//     resource tree, one level at a time, each node with its children's
//     count.
//
// The package knows nothing of the protocol: lines are 0-based and count
// "\n" only (as parse.Pos does), and the caller converts offsets and ranges
// to the editor's columns.
package outline
