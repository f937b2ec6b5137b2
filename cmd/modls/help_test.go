package main

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
)

// TestHelp: `modls help CMD` and `modls CMD --help` print that command's
// help on stdout and exit 0.
func TestHelp(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"help"}, "usage: modls <command>"},
		{[]string{"--help"}, "usage: modls <command>"},
		{[]string{"help", "check"}, "--max-warnings N"},
		{[]string{"check", "--help"}, "--max-warnings N"},
		{[]string{"check", "some/dir", "-h"}, "usage: modls check"},
		{[]string{"help", "index"}, "usage: modls index"},
		{[]string{"index", "-help"}, "usage: modls index"},
		{[]string{"serve", "--help"}, "usage: modls serve"},
		{[]string{"--stdio", "--help"}, "usage: modls serve"},
		{[]string{"help", "sql"}, "usage: modls sql"},
		{[]string{"help", "version"}, "usage: modls version"},
	} {
		var out, errb bytes.Buffer
		if code := run(tt.args, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "usage:") || !strings.Contains(out.String(), tt.want) || errb.Len() > 0 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tt.args, code, out.String(), errb.String())
		}
	}
	// After "--", -h is an argument, not a request for help.
	var out, errb bytes.Buffer
	if code := run([]string{"check", "--", "-h"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "-h: no such file or directory") {
		t.Errorf("check -- -h: exit %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"help", "frobnicate"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), `unknown command "frobnicate"`) {
		t.Errorf("help frobnicate: exit %d, stderr %q", code, errb.String())
	}
}

// TestHelpCoversFlags: the help of check names every flag it accepts.
func TestHelpCoversFlags(t *testing.T) {
	for _, name := range []string{"--format", "--min-severity", "--disable", "--max-warnings", "--max-per-file", "--color"} {
		if !strings.Contains(checkHelp, name) {
			t.Errorf("modls help check does not mention %s", name)
		}
	}
}

func TestReadBuild(t *testing.T) {
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}
	for _, tt := range []struct {
		name, ld string
		bi       *debug.BuildInfo
		want     string
	}{
		{"no build info", "dev", nil, "dev"},
		{"go build in a clone", "dev", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261207135029-0123456789ab+dirty"}, Settings: vcs},
			"v0.0.0-20261207135029-0123456789ab+dirty (revision 0123456789ab, modified, go1.26.8)"},
		{"go install of a tag", "dev", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0 (go1.26.8)"},
		{"no module version", "dev", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs[:1]}, "dev (revision 0123456789ab, go1.26.8)"},
		{"-X main.version wins", "v2.0.0", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}}, "v2.0.0 (go1.26.8)"},
	} {
		if got := readBuild(tt.ld, tt.bi).String(); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"version"}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "modls "+version) {
		t.Errorf("modls version: exit %d, %q", code, out.String())
	}
}
