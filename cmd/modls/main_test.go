package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIndexJSON(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"index", "../../examples/acme", "--json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var rep map[string]any
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out.String())
	}
	for _, key := range []string{"files", "bytes", "scan_ms", "heap_bytes", "top_level", "nested", "references"} {
		if _, ok := rep[key]; !ok {
			t.Errorf("missing %q in %s", key, out.String())
		}
	}
	top := rep["top_level"].(map[string]any)
	// The example mod and its dependency: two mod blocks, and at least one
	// block of every top-level type.
	if top["mod"] != float64(2) {
		t.Errorf("top_level.mod = %v, want 2", top["mod"])
	}
	for _, typ := range []string{"variable", "locals", "query", "control", "detection", "benchmark", "dashboard", "card", "chart", "flow", "graph", "hierarchy", "image", "input", "table", "text", "node", "edge", "category"} {
		if n, _ := top[typ].(float64); n < 1 {
			t.Errorf("top_level.%s = %v, want at least 1", typ, top[typ])
		}
	}
	if n, _ := rep["files"].(float64); n != 19 {
		t.Errorf("files = %v, want 19 (15 in the mod, 4 in its dependency; the ignored scratch/ folder excluded)", rep["files"])
	}
	if errb.Len() != 0 {
		t.Errorf("unexpected stderr: %s", errb.String())
	}
}

func TestIndexText(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"index", "../../examples/acme"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"mod acme_insights", "dependency acme_shared", "top-level blocks:", "references:", "indexed in"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestExitCodes(t *testing.T) {
	empty := t.TempDir()
	notDir := filepath.Join(empty, "missing")
	file := filepath.Join(empty, "a.pp")
	if err := os.WriteFile(file, []byte("query \"q\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		code    int
		err     string
		oneLine bool
	}{
		{"no command", nil, 2, "usage", false},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command", false},
		{"no mod", []string{"index", empty}, 2, "no mod found", true},
		{"file without mod", []string{"index", file}, 2, "no mod found", true},
		{"missing dir", []string{"index", notDir}, 2, "no such directory", true},
		{"bad flag", []string{"index", "--bogus"}, 2, "flag provided but not defined", false},
		{"version", []string{"version"}, 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tt.args, &out, &errb)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errb.String())
			}
			if !strings.Contains(errb.String(), tt.err) {
				t.Errorf("stderr %q lacks %q", errb.String(), tt.err)
			}
			if tt.oneLine && strings.Count(strings.TrimSpace(errb.String()), "\n") > 0 {
				t.Errorf("error is not one line: %q", errb.String())
			}
		})
	}
}
