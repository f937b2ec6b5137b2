package db

// This file asks the server to describe a statement: parse and analyse it
// against the catalog, never run it.

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Field is a result column, or a parameter, with its type.
type Field struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Description is what the server says of a statement.
type Description struct {
	Columns []Field
	Params  []string // the types it inferred for $1, $2, …
}

// Describe has the server parse, analyse and plan nothing of sql: the
// protocol's Parse and Describe of an unnamed statement (what pgx's
// Prepare sends). Nothing is executed. A statement the server rejects
// returns an *Error with its SQLSTATE and position.
func (c *Conn) Describe(ctx context.Context, sql string) (*Description, error) {
	pc, err := c.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer pc.Release()
	sd, err := pc.Conn().PgConn().Prepare(ctx, "", sql, nil)
	if err != nil {
		return nil, c.fail(ctx, err)
	}
	d := &Description{}
	for _, f := range sd.Fields {
		d.Columns = append(d.Columns, Field{Name: f.Name, Type: c.typeName(ctx, pc, f.DataTypeOID)})
	}
	for _, oid := range sd.ParamOIDs {
		d.Params = append(d.Params, c.typeName(ctx, pc, oid))
	}
	return d, nil
}

var typeNames sync.Map // oid → name, of types pgx does not know

// typeName names the type oid as PostgreSQL spells it.
func (c *Conn) typeName(ctx context.Context, pc *pgxpool.Conn, oid uint32) string {
	if t, ok := pc.Conn().TypeMap().TypeForOID(oid); ok {
		return t.Name
	}
	if n, ok := typeNames.Load(oid); ok {
		return n.(string)
	}
	var name string
	if err := pc.QueryRow(ctx, "select format_type($1::oid, null)", oid).Scan(&name); err != nil {
		return fmt.Sprintf("oid %d", oid)
	}
	typeNames.Store(oid, name)
	return name
}

// Columns returns the names of the result columns of sql as the server
// describes them (without running it), remembering each statement's
// answer until the connection is reopened: a check pass over a workspace,
// or a file edited, asks the server once per distinct statement.
func (c *Conn) Columns(ctx context.Context, sql string) ([]string, error) {
	key := sha256.Sum256([]byte(sql))
	c.mu.Lock()
	gen := c.generation
	if c.described == nil || c.describedGen != gen {
		c.described, _ = lru.New[[sha256.Size]byte, described](4096)
		c.describedGen = gen
	}
	memo := c.described
	c.mu.Unlock()
	if v, ok := memo.Get(key); ok {
		return v.columns, v.err
	}
	d, err := c.Describe(ctx, sql)
	var pe *Error
	switch {
	case err == nil:
		v := described{}
		for _, f := range d.Columns {
			v.columns = append(v.columns, f.Name)
		}
		memo.Add(key, v)
		return v.columns, nil
	case errors.As(err, &pe):
		memo.Add(key, described{err: err})
	}
	return nil, err
}

type described struct {
	columns []string
	err     error
}

// Forget drops what Columns remembers: the database changed (a catalog
// refresh asked for).
func (c *Conn) Forget() {
	c.mu.Lock()
	c.described = nil
	c.mu.Unlock()
}
