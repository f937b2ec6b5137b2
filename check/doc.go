// Package check finds the mistakes in a mod's files: the one implementation
// of validation behind the language server's diagnostics and `modls check`.
//
// File checks one file against an index snapshot: HCL syntax (a full parse,
// through the parse cache), structure against the schema (block types where
// they stand, labels, attributes), references that resolve to nothing, and
// names defined twice in a mod. Every Diagnostic has a stable code (see the
// Code constants), a severity, an exact range in the file, and related
// places where another place explains it.
//
// Workspace is the one pass over many files of a snapshot, behind both
// `modls check` (on all cores) and the server's workspace diagnostics (one
// file at a time): it shares one evaluation scope per mod, one renderer
// and one reference graph across the files, reads them through
// internal/source, and stops between files and inside File when its
// context ends.
//
// Positions are parse positions (byte offsets, lines, byte columns); the
// callers convert them for their audience (UTF-16 columns for LSP and
// SARIF).
package check
