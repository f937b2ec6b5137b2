// Package catgen generates Steampipe-like catalogs of any size for
// benchmarks: schema aws, tables aws_service_<i> of n columns each, every
// table and column described as a plugin's are. Catalog returns it as data,
// DDL as the SQL that creates it in a database. Only tests import it.
package catgen

import (
	"fmt"
	"strings"

	"github.com/modls/modls/catalog"
)

var types = []string{"text", "bigint", "boolean", "timestamp with time zone", "jsonb", "inet", "double precision"}

func columnName(j int) string {
	switch j {
	case 0:
		return "name"
	case 1:
		return "arn"
	case 2:
		return "region"
	case 3:
		return "account_id"
	}
	return fmt.Sprintf("attribute_%02d", j)
}

func describe(what string, i int) string {
	return fmt.Sprintf("The %s of the resource, as the service's API reports it (%d); see the service's documentation for its values.", what, i)
}

// Catalog returns a catalog of tables tables of columns columns.
func Catalog(tables, columns int) *catalog.Catalog {
	s := catalog.Schema{Name: "aws", Description: "AWS (steampipe-plugin-aws)"}
	for i := 0; i < tables; i++ {
		t := catalog.Table{Name: fmt.Sprintf("aws_service_%03d", i), Kind: "foreign table", Description: describe("table", i)}
		for j := 0; j < columns; j++ {
			t.Columns = append(t.Columns, catalog.Column{Name: columnName(j), Type: types[j%len(types)], Description: describe(columnName(j), j)})
		}
		s.Tables = append(s.Tables, t)
	}
	return &catalog.Catalog{Database: "postgres://steampipe@127.0.0.1:9193/steampipe", SearchPath: []string{"public", "aws"}, Schemas: []catalog.Schema{s}}
}

// DDL returns the SQL that creates Catalog(tables, columns) in a database
// (tables, with comments), for the fixture's role steampipe to read.
func DDL(tables, columns int) string {
	c := Catalog(tables, columns)
	var b strings.Builder
	b.WriteString("create schema if not exists aws;\n")
	for _, t := range c.Schemas[0].Tables {
		var cols []string
		for _, col := range t.Columns {
			cols = append(cols, col.Name+" "+col.Type)
		}
		fmt.Fprintf(&b, "create table aws.%s (%s);\n", t.Name, strings.Join(cols, ", "))
		fmt.Fprintf(&b, "comment on table aws.%s is %s;\n", t.Name, literal(t.Description))
		for _, col := range t.Columns {
			fmt.Fprintf(&b, "comment on column aws.%s.%s is %s;\n", t.Name, col.Name, literal(col.Description))
		}
	}
	return b.String()
}

// literal quotes s as a SQL string.
func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
