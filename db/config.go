package db

// This file reads the user's Powerpipe configuration: the connection and
// workspace blocks of *.ppc files.

import (
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/parse"
)

// Config is what modls uses of the *.ppc files.
type Config struct {
	// Connections by "type.name": connection "steampipe" "name" {…}.
	Connections map[string]Connection
	// Workspaces by name: workspace "name" { database = … }.
	Workspaces map[string]Workspace
}

// Connection is a connection block's attributes that make its connection
// string.
type Connection struct {
	Type, Name                   string
	File                         string
	ConnectionString             string
	Host, DB, Username, Password string
	Port                         int
	SSLMode                      string
	SearchPath, SearchPathPrefix []string
}

// Workspace is a workspace profile.
type Workspace struct {
	Database string
	File     string
}

// ReadConfig reads every *.ppc file of dir (none when dir is "" or
// absent). Blocks of other kinds, and attributes it does not use, are
// skipped; a file that does not parse is an error naming it.
func ReadConfig(dir string) (*Config, error) {
	c := &Config{Connections: map[string]Connection{}, Workspaces: map[string]Workspace{}}
	if dir == "" {
		return c, nil
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.ppc"))
	sort.Strings(files)
	for _, path := range files {
		src, err := source.Read(path) // never a pipe that would block
		if err != nil {
			return nil, err
		}
		f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, fmt.Errorf("%s: %s", path, diags.Errs()[0])
		}
		body, _ := f.Body.(*hclsyntax.Body)
		for _, b := range body.Blocks {
			switch {
			case b.Type == "connection" && len(b.Labels) == 2:
				conn := Connection{Type: b.Labels[0], Name: b.Labels[1], File: path}
				for name, a := range b.Body.Attributes {
					v, d := a.Expr.Value(&hcl.EvalContext{Functions: configFunctions})
					if d.HasErrors() || !v.IsKnown() || v.IsNull() {
						return nil, fmt.Errorf("%s:%d: connection %s.%s: %s is not a static value", path, a.SrcRange.Start.Line, conn.Type, conn.Name, name)
					}
					if err := conn.set(name, v); err != nil {
						return nil, fmt.Errorf("%s:%d: connection %s.%s: %v", path, a.SrcRange.Start.Line, conn.Type, conn.Name, err)
					}
				}
				c.Connections[conn.Type+"."+conn.Name] = conn
			case b.Type == "workspace" && len(b.Labels) == 1:
				if a := b.Body.Attributes["database"]; a != nil {
					w := Workspace{File: path}
					if t, ok := a.Expr.(*hclsyntax.ScopeTraversalExpr); ok && t.Traversal.RootName() == "connection" {
						if ref, ok := parse.ConnectionRef(t.Traversal); ok {
							w.Database = ref
						}
					} else if v, d := a.Expr.Value(&hcl.EvalContext{Functions: configFunctions}); !d.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
						w.Database = v.AsString()
					}
					c.Workspaces[b.Labels[0]] = w
				}
			}
		}
	}
	return c, nil
}

func (c *Connection) set(name string, v cty.Value) error {
	str := func() (string, error) {
		if v.Type() == cty.Number {
			return v.AsBigFloat().String(), nil
		}
		if v.Type() != cty.String {
			return "", fmt.Errorf("%s must be a string", name)
		}
		return v.AsString(), nil
	}
	list := func() ([]string, error) {
		if !v.CanIterateElements() {
			return nil, fmt.Errorf("%s must be a list of strings", name)
		}
		var out []string
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if e.Type() != cty.String || e.IsNull() {
				return nil, fmt.Errorf("%s must be a list of strings", name)
			}
			out = append(out, e.AsString())
		}
		return out, nil
	}
	var err error
	switch name {
	case "connection_string":
		c.ConnectionString, err = str()
	case "host":
		c.Host, err = str()
	case "db", "database":
		c.DB, err = str()
	case "username", "user":
		c.Username, err = str()
	case "password":
		c.Password, err = str()
	case "sslmode", "ssl_mode":
		c.SSLMode, err = str()
	case "port":
		var s string
		if s, err = str(); err == nil {
			if c.Port, err = strconv.Atoi(s); err != nil {
				err = fmt.Errorf("port must be a number")
			}
		}
	case "search_path":
		c.SearchPath, err = list()
	case "search_path_prefix":
		c.SearchPathPrefix, err = list()
	}
	return err
}

// Connection resolves ref, connection.<type>.<name>: a block of the
// configuration, or the implicit connection.steampipe.default.
func (c *Config) Connection(ref string) (Target, error) {
	key := strings.TrimPrefix(ref, "connection.")
	conn, ok := c.Connections[key]
	if !ok {
		if key == "steampipe.default" {
			return Target{URL: SteampipeDefault}, nil
		}
		return Target{}, fmt.Errorf("no %s in the Powerpipe configuration (connection blocks of *.ppc files)", ref)
	}
	switch conn.Type {
	case "steampipe", "postgres":
	default:
		return Target{}, fmt.Errorf("%s is a %s connection; modls connects only to Steampipe and PostgreSQL", ref, conn.Type)
	}
	t := Target{SearchPath: append(append([]string(nil), conn.SearchPathPrefix...), conn.SearchPath...)}
	if conn.ConnectionString != "" {
		t.URL = conn.ConnectionString
		return t, checkURL(t.URL)
	}
	u := url.URL{Scheme: "postgres"}
	host, port, db, user := conn.Host, conn.Port, conn.DB, conn.Username
	if conn.Type == "steampipe" {
		host, port, db, user = or(host, "127.0.0.1"), orInt(port, 9193), or(db, "steampipe"), or(user, "steampipe")
	} else {
		host, port, db, user = or(host, "localhost"), orInt(port, 5432), or(db, "postgres"), or(user, "postgres")
	}
	u.Host = fmt.Sprintf("%s:%d", host, port)
	u.Path = "/" + db
	if conn.Password != "" {
		u.User = url.UserPassword(user, conn.Password)
	} else {
		u.User = url.User(user)
	}
	if conn.SSLMode != "" {
		u.RawQuery = "sslmode=" + url.QueryEscape(conn.SSLMode)
	}
	t.URL = u.String()
	return t, nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func orInt(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}
