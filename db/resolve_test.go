package db

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResolveOrder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.ppc"), []byte(`
connection "steampipe" "prod" {
  host     = "db.example.com"
  port     = 9194
  password = "hunter2"
  search_path_prefix = ["aws_prod"]
}
connection "postgres" "warehouse" {
  connection_string = "postgres://analyst@warehouse:5432/dw"
}
connection "tailpipe" "logs" {}
workspace "default" {
  database = connection.postgres.warehouse
}
workspace "other" {
  database = "postgres://x@other/db"
}
`), 0o644)
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	in := Inputs{Getenv: getenv, ConfigDir: dir, Mod: "connection.steampipe.prod", ModFrom: "mod.m", Trusted: true}

	check := func(name string, in Inputs, wantURL, wantFrom string) {
		t.Helper()
		got, err := Resolve(in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.URL != wantURL || !strings.Contains(got.From, wantFrom) {
			t.Errorf("%s: %s from %q, want %s from %q", name, got.URL, got.From, wantURL, wantFrom)
		}
	}
	// The workspace profile beats the mod (it is Powerpipe's --database).
	check("workspace", in, "postgres://analyst@warehouse:5432/dw", "workspace default")
	env["POWERPIPE_WORKSPACE"] = "other"
	check("named workspace", in, "postgres://x@other/db", "workspace other")
	env["POWERPIPE_DATABASE"] = "postgres://env@h/db"
	check("env", in, "postgres://env@h/db", "POWERPIPE_DATABASE")
	over := in
	over.Override, over.OverrideFrom = "connection.steampipe.default", "modls.database setting"
	check("override", over, SteampipeDefault, "modls.database setting")

	// Without the user's own configuration, the mod's, when trusted.
	in.ConfigDir, env = "", map[string]string{}
	if _, err := Resolve(in); err == nil || !strings.Contains(err.Error(), "no Powerpipe configuration") && !strings.Contains(err.Error(), "no connection.steampipe.prod") {
		t.Errorf("a connection without a config: %v", err)
	}
	in.ConfigDir = t.TempDir()
	in.Mod = "postgres://u@mod-host/db"
	check("trusted mod", in, "postgres://u@mod-host/db", "mod.m")
	in.Trusted = false
	if _, err := Resolve(in); !errors.Is(err, ErrNotConfigured) || !strings.Contains(err.Error(), "trusted") {
		t.Errorf("an untrusted mod's database: %v", err)
	}
	if _, err := Resolve(Inputs{}); !errors.Is(err, ErrNotConfigured) {
		t.Errorf("nothing configured: %v", err)
	}

	// A connection block's parts, its password included in the URL only.
	in = Inputs{ConfigDir: dir, Override: "connection.steampipe.prod"}
	got, err := Resolve(in)
	if err != nil {
		t.Fatal(err)
	}
	if got.URL != "postgres://steampipe:hunter2@db.example.com:9194/steampipe" || strings.Join(got.SearchPath, ",") != "aws_prod" {
		t.Errorf("steampipe.prod = %+v", got)
	}
	if strings.Contains(got.Display(), "hunter2") || strings.Contains(got.From, "hunter2") {
		t.Errorf("the password shows: %s %s", got.Display(), got.From)
	}
	for _, bad := range []string{"connection.tailpipe.logs", "connection.postgres.nope", "mysql://x@y/z", "just words"} {
		if _, err := Resolve(Inputs{ConfigDir: dir, Override: bad}); err == nil {
			t.Errorf("%s resolved", bad)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:pw@h:5/d?sslmode=disable": "postgres://u:xxxxx@h:5/d?sslmode=disable",
		"postgres://u@h/d":                      "postgres://u@h/d",
		"postgres://u@h/d?password=pw":          "postgres://u@h/d?password=xxxxx",
		"host=h password=pw user=u":             "host=h password=xxxxx user=u",
		"host=h password='p w' user=u":          "host=h password=xxxxx user=u",
		"postgres://u:p%zz@h/d":                 "postgres://xxxxx@h/d",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
