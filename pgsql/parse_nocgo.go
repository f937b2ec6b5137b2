//go:build !cgo

package pgsql

// This file stands in for parse_cgo.go in a build without cgo: there is no
// parser, and every answer says so.

// Available reports whether this build can parse SQL: false, it was built
// without cgo.
func Available() bool { return false }

// Check would parse sql with PostgreSQL's grammar; without cgo it cannot:
// ok is false.
func Check(sql string) (errs []Error, ok bool) { return nil, false }

// Columns would return the result column names of sql; without cgo they
// are never known.
func Columns(sql string) (names []string, known bool) { return nil, false }

// Relation is a table or view named in a FROM clause.
type Relation struct {
	Schema, Name string
	Alias        string
	Offset, End  int
}

// Relations would return the relations sql reads; without cgo it cannot.
func Relations(sql string) (rels []Relation, ok bool) { return nil, false }
