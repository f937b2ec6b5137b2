//go:build cgo

package pgsql

// This file defines what calls PostgreSQL's parser: Check, and the parse
// tree Columns reads.

import (
	"errors"

	"github.com/pganalyze/pg_query_go/v6/parser"
)

// Available reports whether this build can parse SQL (false without cgo).
func Available() bool { return true }

// Check parses sql with PostgreSQL's grammar. ok is false when the build
// cannot parse (without cgo); errs is nil when sql parses, else it holds
// the one error PostgreSQL reports (it stops at the first). Text that is
// not UTF-8, or holds a NUL byte, is an error as in PostgreSQL, which
// rejects it before parsing.
func Check(sql string) (errs []Error, ok bool) {
	if e, bad := encodingError(sql); bad {
		return []Error{e}, true
	}
	// Of libpg_query's entry points, splitting into statements runs the
	// whole grammar and outputs least: 0.02 ms for a 2 KB query, against
	// 0.06 ms for the tree as JSON.
	if _, err := parser.SplitWithParser(sql, false); err != nil {
		return []Error{syntaxError(sql, err)}, true
	}
	return nil, true
}

// parseJSON returns libpg_query's parse tree of sql as JSON (the quickest
// of its outputs to make: a third of the time of its protobuf), or the
// syntax error.
func parseJSON(sql string) (string, *Error) {
	if e, bad := encodingError(sql); bad {
		return "", &e
	}
	tree, err := parser.ParseToJSON(sql)
	if err != nil {
		e := syntaxError(sql, err)
		return "", &e
	}
	return tree, nil
}

// syntaxError converts an error of libpg_query about sql.
func syntaxError(sql string, err error) Error {
	var pe *parser.Error
	if errors.As(err, &pe) {
		return errorAt(sql, pe.Cursorpos, pe.Message)
	}
	return errorAt(sql, 0, err.Error())
}
