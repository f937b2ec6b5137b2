package settings

// The VS Code extension (editors/vscode) describes the server's settings
// again, in package.json. This test keeps it in step with Spec.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

var vscodeDir = filepath.Join("..", "editors", "vscode")

// vscodeClientSettings are the extension's own settings: they configure the
// client and never reach the server.
var vscodeClientSettings = map[string]string{
	"modls.server.enable": "boolean",
	"modls.path":          "string",
	"modls.args":          "array",
	"modls.trace.server":  "string",
}

type vscodeProperty struct {
	Type        string          `json:"type"`
	Default     json.RawMessage `json:"default"`
	Description string          `json:"description"`
}

func readVSCodeSettings(t *testing.T) map[string]vscodeProperty {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(vscodeDir, "package.json"))
	if err != nil {
		t.Fatalf("the VS Code extension's manifest: %v", err)
	}
	var m struct {
		Contributes struct {
			Configuration struct {
				Properties map[string]vscodeProperty `json:"properties"`
			} `json:"configuration"`
		} `json:"contributes"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("editors/vscode/package.json: %v", err)
	}
	return m.Contributes.Configuration.Properties
}

// normalJSON decodes JSON into plain values, so that equal values compare
// equal whatever their spelling.
func normalJSON(t *testing.T, raw []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return v
}

func TestVSCodeSettings(t *testing.T) {
	props := readVSCodeSettings(t)
	want := map[string]bool{}
	for _, sp := range Spec() {
		key := "modls." + sp.Key
		want[key] = true
		p, ok := props[key]
		if !ok {
			t.Errorf("editors/vscode/package.json lacks the setting %s (type %s, default %v)", key, sp.Type, sp.Default)
			continue
		}
		if p.Type != sp.Type {
			t.Errorf("%s: type %q in package.json, %q in Spec", key, p.Type, sp.Type)
		}
		def, err := json.Marshal(sp.Default)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Default) == 0 {
			t.Errorf("%s: no default in package.json; Spec has %s", key, def)
		} else if got, want := normalJSON(t, p.Default), normalJSON(t, def); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: default %s in package.json, %s in Spec", key, p.Default, def)
		}
		if p.Description != sp.Doc {
			t.Errorf("%s: the description differs:\npackage.json: %s\nSpec: %s", key, p.Description, sp.Doc)
		}
	}
	for key, typ := range vscodeClientSettings {
		want[key] = true
		p, ok := props[key]
		if !ok {
			t.Errorf("editors/vscode/package.json lacks the client setting %s", key)
			continue
		}
		if p.Type != typ || p.Description == "" || len(p.Default) == 0 {
			t.Errorf("%s: want type %s with a default and a description, got %+v", key, typ, p)
		}
	}
	for key := range props {
		if !want[key] {
			t.Errorf("editors/vscode/package.json has the setting %s, which is neither in Spec nor one of the client's", key)
		}
	}
}
