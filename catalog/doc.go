// Package catalog is what a database holds, as data: its schemas, their
// tables and views, their columns with types, and the descriptions
// (comments) Steampipe gives every plugin table and column; plus the
// search path that unqualified names resolve through.
//
// A catalog is read from the server by package db, dumped as JSON by
// `modls catalog`, loaded from a file by `modls check --catalog`, and kept
// in the user's cache folder (Cache) so that a later session starts with it
// offline. Lookups resolve names as PostgreSQL does: unquoted names are
// folded to lower case by the parser before they get here, an unqualified
// name is looked up in pg_catalog and then the search path.
//
// The package holds no connection and does no I/O but Load, Save and the
// cache's files.
package catalog
