package check

// This file defines the checks of a resource's SQL against the database it
// runs on: the tables of a catalog (offline, sql-unknown-table), or the
// server's own analysis of the statement, described without being run
// (sql-unknown-table, sql-unknown-column, sql-semantic).

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/modls/modls/catalog"
	"github.com/modls/modls/index"
	"github.com/modls/modls/pgsql"
	"github.com/modls/modls/render"
)

// The codes of the database checks.
const (
	CodeSQLUnknownTable  = "sql-unknown-table"
	CodeSQLUnknownColumn = "sql-unknown-column"
	CodeSQLSemantic      = "sql-semantic"
)

// Database is what the checks know of the database a resource runs on.
type Database struct {
	// Catalog, when not nil, lists its tables: without Describe, a table
	// the SQL reads by a plain name that is not in it is reported; with
	// Describe, it gives did-you-mean suggestions.
	Catalog *catalog.Catalog
	// Describe, when not nil, has the server analyse sql without running
	// it and returns the result columns, or the error the server reports
	// (a DescribeError for what it rejects; any other error — a lost
	// connection — reports nothing).
	Describe func(ctx context.Context, sql string) (columns []string, err error)
}

// DescribeError is an error the server reports about a statement.
type DescribeError interface {
	error
	SQLState() string
	// CharPosition is the 1-based character position of the error in the
	// statement; 0 when it has none.
	CharPosition() int
	// Hinted reports whether the message carries the server's own hint
	// (PostgreSQL suggests a column itself): no did-you-mean is added.
	Hinted() bool
}

// describeCodes maps a SQLSTATE to a diagnostic code; class 42 (syntax
// error or access rule violation) otherwise is sql-semantic, but for
// syntax (sql-syntax reports it), a $n whose type cannot be inferred
// without the args (42P18, 42725) and a missing privilege (42501: the
// user's rights, not the mod's fault).
func describeCode(state string) (string, bool) {
	switch state {
	case "42P01":
		return CodeSQLUnknownTable, true
	case "42703":
		return CodeSQLUnknownColumn, true
	case "42601", "42P18", "42725", "42501":
		return "", false
	}
	if strings.HasPrefix(state, "42") {
		return CodeSQLSemantic, true
	}
	return "", false
}

// databaseChecks checks res, the SQL of e, against d.
func databaseChecks(ctx context.Context, d *Database, res *render.Result, path string, src []byte, read func(string) ([]byte, error)) []Diagnostic {
	if d == nil || !pgsql.Available() || len(verdict(res.Text).errs) > 0 {
		return nil
	}
	if d.Describe == nil {
		if d.Catalog == nil {
			return nil
		}
		return unknownTables(d.Catalog, res, path, src, read)
	}
	_, err := d.Describe(ctx, res.Text)
	var de DescribeError
	if !errors.As(err, &de) {
		return nil
	}
	code, ok := describeCode(de.SQLState())
	if !ok {
		return nil
	}
	pe := pgsql.ErrorAt(res.Text, de.CharPosition(), de.Error())
	if de.CharPosition() == 0 {
		pe.Offset, pe.End = 0, len(res.Text) // the whole statement
	}
	diag, ok := mapped(res, pe.Offset, pe.End, path, src, read)
	if !ok {
		return nil
	}
	diag.Severity, diag.Code, diag.Message = Warning, code, "SQL: "+de.Error()
	if d.Catalog != nil && pe.End > pe.Offset && !de.Hinted() {
		token := strings.Trim(strings.ToLower(res.Text[pe.Offset:pe.End]), `"`)
		switch code {
		case CodeSQLUnknownTable:
			if s := closest(token, d.Catalog.Candidates("")); s != "" {
				diag.Message += fmt.Sprintf("; did you mean %s?", s)
			}
		case CodeSQLUnknownColumn:
			if s := closest(token, columnsInScope(d.Catalog, res.Text)); s != "" {
				diag.Message += fmt.Sprintf("; did you mean %s?", s)
			}
		}
	}
	return []Diagnostic{diag}
}

// unknownTables reports the relations res reads by a plain name (not a
// common table expression) that catalog c does not have.
func unknownTables(c *catalog.Catalog, res *render.Result, path string, src []byte, read func(string) ([]byte, error)) []Diagnostic {
	rels, ok := pgsql.Relations(res.Text)
	if !ok {
		return nil
	}
	var out []Diagnostic
	for _, rel := range rels {
		if c.Table(rel.Schema, rel.Name) != nil {
			continue
		}
		d, ok := mapped(res, rel.Offset, rel.End, path, src, read)
		if !ok {
			continue
		}
		name := rel.Name
		if rel.Schema != "" {
			name = rel.Schema + "." + rel.Name
		}
		where := "on the search path (" + strings.Join(c.SearchPath, ", ") + ")"
		if rel.Schema != "" {
			where = "in schema " + rel.Schema
			if c.Schema(rel.Schema) == nil {
				where = "in the catalog: it has no schema " + rel.Schema
			}
		}
		d.Severity, d.Code = Warning, CodeSQLUnknownTable
		d.Message = fmt.Sprintf("SQL: no table or view %s %s", name, where)
		if s := closest(rel.Name, c.Candidates(rel.Schema)); s != "" {
			d.Message += fmt.Sprintf("; did you mean %s?", s)
		}
		out = append(out, d)
	}
	return out
}

// columnsInScope lists the columns of the tables sql reads.
func columnsInScope(c *catalog.Catalog, sql string) []string {
	rels, _ := pgsql.Relations(sql)
	var out []string
	for _, rel := range rels {
		if t := c.Table(rel.Schema, rel.Name); t != nil {
			for _, col := range t.Columns {
				out = append(out, col.Name)
			}
		}
	}
	return out
}

// databaseOf returns what the checks know of e's database, or nil.
func databaseOf(of func(*render.Renderer, *index.Entry) *Database, r *render.Renderer, e *index.Entry) *Database {
	if of == nil {
		return nil
	}
	return of(r, e)
}
