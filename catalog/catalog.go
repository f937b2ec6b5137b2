package catalog

// This file defines the catalog and its lookups.

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

// Catalog is what one database holds.
type Catalog struct {
	// Database is the connection it was read from, without password.
	Database   string    `json:"database,omitempty"`
	SearchPath []string  `json:"searchPath"`
	Read       time.Time `json:"read,omitzero"`
	Schemas    []Schema  `json:"schemas"`

	once   sync.Once
	tables map[string]*Table // "schema.name"
}

// Schema is a namespace of the database (in Steampipe, a connection).
type Schema struct {
	Name        string  `json:"name"`
	Description string  `json:"description,omitempty"`
	Tables      []Table `json:"tables"`
}

// Table is a table, view, materialized view or foreign table.
type Table struct {
	Schema      string   `json:"-"`
	Name        string   `json:"name"`
	Kind        string   `json:"kind"` // table, view, materialized view, foreign table
	Description string   `json:"description,omitempty"`
	Columns     []Column `json:"columns"`
}

// Column is a column of a table.
type Column struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
}

func (c *Catalog) index() {
	c.once.Do(func() {
		c.tables = map[string]*Table{}
		for i := range c.Schemas {
			s := &c.Schemas[i]
			for j := range s.Tables {
				t := &s.Tables[j]
				t.Schema = s.Name
				c.tables[s.Name+"."+t.Name] = t
			}
		}
	})
}

// Path is the schemas an unqualified name is looked up in, in order:
// pg_catalog (implicitly first, as in PostgreSQL), then the search path.
func (c *Catalog) Path() []string {
	out := []string{"pg_catalog"}
	for _, s := range c.SearchPath {
		if s != "pg_catalog" {
			out = append(out, s)
		}
	}
	return out
}

// Schema returns the schema called name.
func (c *Catalog) Schema(name string) *Schema {
	for i := range c.Schemas {
		if c.Schemas[i].Name == name {
			return &c.Schemas[i]
		}
	}
	return nil
}

// Table returns the table schema.name, or, with schema "", the first
// table called name along the path.
func (c *Catalog) Table(schema, name string) *Table {
	c.index()
	if schema != "" {
		return c.tables[schema+"."+name]
	}
	for _, s := range c.Path() {
		if t := c.tables[s+"."+name]; t != nil {
			return t
		}
	}
	return nil
}

// Column returns the column called name of t.
func (t *Table) Column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// QualifiedName is schema.name.
func (t *Table) QualifiedName() string { return t.Schema + "." + t.Name }

// Visible returns the tables an unqualified name reaches, each name once
// (the first along the path), sorted by name.
func (c *Catalog) Visible() []*Table {
	c.index()
	seen := map[string]bool{}
	var out []*Table
	for _, s := range c.Path() {
		sc := c.Schema(s)
		if sc == nil {
			continue
		}
		for i := range sc.Tables {
			t := &sc.Tables[i]
			if !seen[t.Name] {
				seen[t.Name] = true
				out = append(out, t)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Candidates are the names a name that is not found may have meant: the
// tables of schema (or, with "", those Visible), by name.
func (c *Catalog) Candidates(schema string) []string {
	var out []string
	if schema != "" {
		if sc := c.Schema(schema); sc != nil {
			for _, t := range sc.Tables {
				out = append(out, t.Name)
			}
		}
		return out
	}
	for _, t := range c.Visible() {
		if t.Schema != "pg_catalog" && t.Schema != "information_schema" {
			out = append(out, t.Name)
		}
	}
	return out
}

// Size counts the catalog's tables and columns.
func (c *Catalog) Size() (tables, columns int) {
	for _, s := range c.Schemas {
		tables += len(s.Tables)
		for _, t := range s.Tables {
			columns += len(t.Columns)
		}
	}
	return
}

// Write writes the catalog as indented JSON.
func (c *Catalog) Write(w io.Writer) error {
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	return e.Encode(c)
}

// Decode reads a catalog written by Write.
func Decode(r io.Reader) (*Catalog, error) {
	var c Catalog
	d := json.NewDecoder(r)
	if err := d.Decode(&c); err != nil {
		return nil, fmt.Errorf("not a catalog (modls catalog writes one): %v", err)
	}
	if c.Schemas == nil {
		return nil, fmt.Errorf("not a catalog (modls catalog writes one): no schemas")
	}
	for _, s := range c.Schemas {
		if s.Name == "" || strings.ContainsRune(s.Name, 0) {
			return nil, fmt.Errorf("not a catalog: a schema without a name")
		}
	}
	return &c, nil
}
