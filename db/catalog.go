package db

// This file reads the catalog of the database.

import (
	"context"
	"time"

	"github.com/modls/modls/catalog"
)

// catalogSQL lists every column of every table, view, materialized view and
// foreign table (Steampipe's plugin tables) in the schemas the user may
// use, with the comments that describe them; a schema or table without
// columns comes once with nulls.
const catalogSQL = `
select n.nspname, coalesce(nd.description, ''),
       c.relname, c.relkind::text, coalesce(td.description, ''),
       a.attname, format_type(a.atttypid, a.atttypmod), coalesce(cd.description, '')
from pg_namespace n
left join pg_description nd on nd.objoid = n.oid and nd.classoid = 'pg_namespace'::regclass
left join pg_class c on c.relnamespace = n.oid and c.relkind in ('r', 'v', 'm', 'f', 'p')
left join pg_description td on td.objoid = c.oid and td.classoid = 'pg_class'::regclass and td.objsubid = 0
left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
left join pg_description cd on cd.objoid = c.oid and cd.classoid = 'pg_class'::regclass and cd.objsubid = a.attnum
where n.nspname not like 'pg\_toast%' and n.nspname not like 'pg\_temp\_%'
  and has_schema_privilege(n.oid, 'USAGE')
order by n.nspname, c.relname, a.attnum`

var kinds = map[string]string{"r": "table", "p": "table", "v": "view", "m": "materialized view", "f": "foreign table"}

// ReadCatalog reads the schemas, tables, columns and descriptions the
// connection's user can see, and its search path.
func (c *Conn) ReadCatalog(ctx context.Context) (*catalog.Catalog, error) {
	pc, err := c.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer pc.Release()
	cat := &catalog.Catalog{Database: c.target.Display(), Read: time.Now().UTC(), Schemas: []catalog.Schema{}}
	if err := pc.QueryRow(ctx, "select current_schemas(false)").Scan(&cat.SearchPath); err != nil {
		return nil, c.fail(ctx, err)
	}
	rows, err := pc.Query(ctx, catalogSQL)
	if err != nil {
		return nil, c.fail(ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			schema, schemaDesc         string
			table, kind, tableDesc     *string
			column, typ, columnComment *string
		)
		if err := rows.Scan(&schema, &schemaDesc, &table, &kind, &tableDesc, &column, &typ, &columnComment); err != nil {
			return nil, c.fail(ctx, err)
		}
		if n := len(cat.Schemas); n == 0 || cat.Schemas[n-1].Name != schema {
			cat.Schemas = append(cat.Schemas, catalog.Schema{Name: schema, Description: schemaDesc, Tables: []catalog.Table{}})
		}
		s := &cat.Schemas[len(cat.Schemas)-1]
		if table == nil {
			continue
		}
		if n := len(s.Tables); n == 0 || s.Tables[n-1].Name != *table {
			s.Tables = append(s.Tables, catalog.Table{Name: *table, Kind: kinds[*kind], Description: *tableDesc, Columns: []catalog.Column{}})
		}
		t := &s.Tables[len(s.Tables)-1]
		if column != nil {
			t.Columns = append(t.Columns, catalog.Column{Name: *column, Type: *typ, Description: *columnComment})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, c.fail(ctx, err)
	}
	return cat, nil
}

// CacheKey names the database of t without secrets, for catalog.CachePath:
// user, host, port and database.
func CacheKey(t Target) string {
	return Redact(t.URL)
}
