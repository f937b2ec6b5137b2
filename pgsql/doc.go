// Package pgsql analyses the SQL of Powerpipe mods — the PostgreSQL that
// Steampipe runs — with PostgreSQL's own parser, through libpg_query
// (github.com/pganalyze/pg_query_go/v6, PostgreSQL 17's grammar).
//
// It answers three questions about one SQL text, in byte offsets of that
// text and without any notion of files or the protocol:
//
//   - Check: does PostgreSQL's grammar accept it? If not, the syntax error
//     PostgreSQL reports, with the range of the offending token.
//   - Placeholders: where are the $n parameter references? A small exact
//     lexer of PostgreSQL's rules skips strings, quoted identifiers,
//     dollar-quoted bodies and comments.
//   - Columns: the names of the result columns, as PostgreSQL names them,
//     when the statement alone determines them.
//
// Nothing here panics, whatever the input.
//
// # Builds without cgo
//
// libpg_query is C. A build with CGO_ENABLED=0 still compiles and runs:
// Available reports false, Check and Columns answer that they cannot
// (ok and known are false), and Placeholders, which is pure Go, works as
// usual. Callers say that syntax checks are unavailable rather than
// reporting nothing.
//
// # Cost
//
// Check of a typical 2 KB Steampipe query takes about 0.02 ms
// (BenchmarkCheck), Columns about 0.07 ms (the tree as JSON, of which it
// reads only what names columns), Placeholders 3 µs; libpg_query frees its memory after each call, and the
// first call adds about 1 MB to the process. Calls may run concurrently:
// libpg_query keeps its state per thread.
package pgsql
