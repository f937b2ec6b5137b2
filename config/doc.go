// Package config reads what users write to configure modls's checks, the
// same for the editor and `modls check`:
//
//   - the configuration file, `.modls.hcl` at a mod root (Parse, Load): rules
//     turned off or given another severity by diagnostic code, and paths
//     whose problems are not reported;
//   - suppression comments in a mod's files (Suppressions):
//     `# modls-ignore <code>[,<code>] <reason>` for the line below (or its own
//     line, after code), `# modls-ignore-file <code> <reason>` for the whole
//     file.
//
// It knows the shape of both, with the documentation completion and hover
// show (Attributes, Severities, DirectiveAt), but not the diagnostic codes:
// package check validates the codes named, applies both to the diagnostics
// of a file, and reports what the file and the comments get wrong.
// Positions are parse positions (byte offsets, lines, byte columns).
package config
