// Package sqlcat is SQL intelligence from a database's catalog, on one SQL
// text and a byte offset in it, without the protocol: Complete offers the
// tables a FROM or JOIN may name (through the search path, or of a schema
// typed before a dot) and the columns of the tables in scope (after an
// alias or a table and a dot, or anywhere else a column may stand), each
// with its type and description; Hover describes the table or column a
// name at the offset designates.
//
// It reads the text with pgsql's lexer, not its parser: SQL being typed
// rarely parses. The relations in scope are the names that follow FROM,
// JOIN or a comma in a FROM list, with their aliases, anywhere in the text.
package sqlcat
