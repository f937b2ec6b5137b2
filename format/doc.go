// Package format formats Powerpipe mod files and says what changed as
// minimal edits.
//
// Formatting is hclwrite.Format's, in-process: the canonical HCL layout
// (two-space indentation, aligned equals signs, normalized spacing), applied
// only to a file that hclsyntax parses without errors — a broken file is
// never rewritten. What an editor needs is not the new text but the edits
// that produce it: Edits diffs the file against its formatted text line by
// line (Myers' algorithm, pairing lines that differ only in white space) and
// trims each changed line to the bytes that differ, so formatting a file
// that is almost right touches almost nothing, and the cursor, folds and
// marks of untouched lines stay where they are. RangeEdits keeps only the
// edits on the lines of a range.
//
// Start with Edits (format.go); Diff and Apply (diff.go) work on any two
// texts.
package format
