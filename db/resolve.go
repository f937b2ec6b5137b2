package db

// This file resolves the database to connect to, as Powerpipe does.

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
)

// SteampipeDefault is the database Powerpipe uses when nothing names one,
// Steampipe's service; modls connects to it only when it is named, as
// connection.steampipe.default.
const SteampipeDefault = "postgres://steampipe@127.0.0.1:9193/steampipe"

// Inputs is what the database is resolved from, highest precedence first.
type Inputs struct {
	// Override is the modls.database setting or the --database flag: a
	// connection string or connection.<type>.<name>. It overrides all.
	Override     string
	OverrideFrom string // what set it, for the status ("modls.database setting")
	// Getenv reads POWERPIPE_DATABASE and POWERPIPE_WORKSPACE (nil: none).
	Getenv func(string) string
	// ConfigDir holds the user's *.ppc files (connections and workspace
	// profiles); "" is none. DefaultConfigDir is Powerpipe's.
	ConfigDir string
	// Config, when not nil, is ConfigDir already read (ReadConfig): a
	// caller resolving often reads it once.
	Config *Config
	// Mod is the database a resource or its mod names (render's
	// Renderer.Database), ModFrom what names it ("mod.aws_insights").
	Mod, ModFrom string
	// Trusted allows Mod: a cloned mod could name any server.
	Trusted bool
}

// Target is a resolved database.
type Target struct {
	URL  string // the connection string, with any password
	From string // where it was configured, for people
	// SearchPath, when a connection block sets one, is set on connecting.
	SearchPath []string
}

// Display is the connection string without its password.
func (t Target) Display() string { return Redact(t.URL) }

// ErrNotConfigured says that no database is configured: modls connects to
// nothing.
var ErrNotConfigured = errors.New("no database configured (set modls.database, or pass --database, e.g. postgres://steampipe@127.0.0.1:9193/steampipe for Steampipe's service)")

// DefaultConfigDir is Powerpipe's configuration folder:
// $POWERPIPE_INSTALL_DIR/config, else ~/.powerpipe/config.
func DefaultConfigDir(getenv func(string) string) string {
	if d := getenv("POWERPIPE_INSTALL_DIR"); d != "" {
		return d + string(os.PathSeparator) + "config"
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return home + string(os.PathSeparator) + ".powerpipe" + string(os.PathSeparator) + "config"
}

// Resolve picks the database, in this order: Override; POWERPIPE_DATABASE
// (deprecated) and the database of the workspace profile
// (POWERPIPE_WORKSPACE, else "default") — what Powerpipe's --database
// defaults from; then the resource's or mod's own database when Trusted.
// Connection references resolve through the *.ppc files of ConfigDir.
// With none of these it returns ErrNotConfigured.
func Resolve(in Inputs) (Target, error) {
	getenv := in.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	cfg := in.Config
	config := func() (*Config, error) {
		if cfg == nil {
			c, err := ReadConfig(in.ConfigDir)
			if err != nil {
				return nil, err
			}
			cfg = c
		}
		return cfg, nil
	}
	resolve := func(value, from string) (Target, error) {
		if !strings.HasPrefix(value, "connection.") {
			if err := checkURL(value); err != nil {
				return Target{}, fmt.Errorf("%s: %w", from, err)
			}
			return Target{URL: value, From: from}, nil
		}
		c, err := config()
		if err != nil {
			return Target{}, err
		}
		t, err := c.Connection(value)
		if err != nil {
			return Target{}, fmt.Errorf("%s: %w", from, err)
		}
		t.From = from + " (" + value + ")"
		return t, nil
	}
	if in.Override != "" {
		from := in.OverrideFrom
		if from == "" {
			from = "--database"
		}
		return resolve(in.Override, from)
	}
	if v := getenv("POWERPIPE_DATABASE"); v != "" {
		return resolve(v, "POWERPIPE_DATABASE")
	}
	if in.ConfigDir != "" || in.Config != nil {
		c, err := config()
		if err != nil {
			return Target{}, err
		}
		name := getenv("POWERPIPE_WORKSPACE")
		if name == "" {
			name = "default"
		}
		if w, ok := c.Workspaces[name]; ok && w.Database != "" {
			return resolve(w.Database, "workspace "+name+" ("+w.File+")")
		}
	}
	if in.Mod != "" {
		if !in.Trusted {
			return Target{}, fmt.Errorf("%s names a database, used only in a trusted workspace; %w", in.ModFrom, ErrNotConfigured)
		}
		return resolve(in.Mod, in.ModFrom)
	}
	return Target{}, ErrNotConfigured
}

// checkURL accepts the connection strings of PostgreSQL: postgres:// and
// postgresql:// URLs, and key=value strings.
func checkURL(s string) error {
	scheme, _, ok := strings.Cut(s, "://")
	switch {
	case !ok && strings.Contains(s, "="):
		return nil
	case !ok:
		return fmt.Errorf("%q is not a connection string (postgres://user@host:port/database) or connection.<type>.<name>", Redact(s))
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		return nil
	}
	return fmt.Errorf("modls connects only to PostgreSQL and Steampipe, not %s://", scheme)
}

var passwordKV = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)

// Redact returns connection string s without its password (a URL's, or a
// password= key's), for display.
func Redact(s string) string {
	if strings.Contains(s, "://") {
		if u, err := url.Parse(s); err == nil {
			if _, has := u.User.Password(); has {
				u.User = url.UserPassword(u.User.Username(), "xxxxx")
			}
			q := u.Query()
			if q.Has("password") {
				q.Set("password", "xxxxx")
				u.RawQuery = q.Encode()
			}
			return u.String()
		}
		// Unparsable: drop everything between :// and @.
		if i, j := strings.Index(s, "://"), strings.LastIndex(s, "@"); j > i {
			return s[:i+3] + "xxxxx" + s[j:]
		}
		return s
	}
	return passwordKV.ReplaceAllString(s, "${1}xxxxx")
}
