// Package modgen writes synthetic Powerpipe mods for tests and benchmarks.
//
// Start with [Write]: it creates a complete mod of roughly Options.Resources
// named blocks under a directory and reports what it wrote in a [Stats]. The
// output is deterministic for a given Options value, parses without errors
// with hclsyntax.ParseConfig, and resembles the Turbot mods in size and
// shape: a mod.pp with a require block, variables and locals, queries with
// param blocks, controls in every form (sql, query with named or positional
// args, base), benchmark trees spread over framework folders, detections and
// detection benchmarks, reusable panels and graph elements, and dashboards
// with inputs, with blocks, containers, cards, charts, tables, graphs, flows
// and hierarchies. Every reference points at a block that the generator
// wrote, most of them in another file.
//
// The command genmod (internal/modgen/cmd/genmod) wraps Write for use from a
// shell.
package modgen
