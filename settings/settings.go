package settings

// This file defines the settings, their table and their decoding.

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Settings are the user's settings for modls.
type Settings struct {
	// CacheBudgetMB bounds the memory of full parses kept for hover and
	// diagnostics.
	CacheBudgetMB int `json:"cacheBudgetMB"`
	// IgnorePaths are more patterns, relative to a mod root, of files not
	// to index, on top of the mod's .powerpipeignore.
	IgnorePaths []string `json:"ignorePaths"`
	// Diagnostics turns kinds of diagnostics on or off.
	Diagnostics Diagnostics `json:"diagnostics"`
	// Database, Catalog, TrustModDatabase and Run: see Spec.
	Database         string `json:"database"`
	Catalog          string `json:"catalog"`
	TrustModDatabase bool   `json:"trustModDatabase"`
	Run              Run    `json:"run"`
}

// Run bounds modls.run.
type Run struct {
	TimeoutSeconds int `json:"timeoutSeconds"`
	MaxRows        int `json:"maxRows"`
}

// Diagnostics turn each kind of diagnostic on or off.
type Diagnostics struct {
	Syntax     bool `json:"syntax"`
	Structure  bool `json:"structure"`
	References bool `json:"references"`
	Duplicates bool `json:"duplicates"`
	Unused     bool `json:"unused"`
	SQL        bool `json:"sql"`
	// Workspace publishes the diagnostics of every file of the root mods,
	// not only of open documents.
	Workspace bool `json:"workspace"`
}

// DefaultCacheBudgetMB is the default of cacheBudgetMB.
const DefaultCacheBudgetMB = 32

// Setting describes one setting.
type Setting struct {
	Key     string // dotted, below the "modls" section
	Type    string // JSON schema type: integer, boolean, string, array
	Default any
	Doc     string

	field func(*Settings) any // the field the key decodes into
	min   int                 // for an integer: the least value accepted
}

// spec is the one description of modls's settings.
var spec = []Setting{
	{"cacheBudgetMB", "integer", DefaultCacheBudgetMB, "Memory, in MB, that full parses of blocks and open files may use (hover, diagnostics). Older parses are dropped beyond it.",
		func(s *Settings) any { return &s.CacheBudgetMB }, 1},
	{"ignorePaths", "array", []string{}, "Patterns of files not to index, relative to each mod root, in .powerpipeignore syntax (e.g. \"scratch/**\"), on top of the mod's own .powerpipeignore.",
		func(s *Settings) any { return &s.IgnorePaths }, 0},
	{"diagnostics.syntax", "boolean", true, "Report HCL syntax errors in open files.",
		func(s *Settings) any { return &s.Diagnostics.Syntax }, 0},
	{"diagnostics.structure", "boolean", true, "Report block types, labels and attributes that Powerpipe does not accept where they stand.",
		func(s *Settings) any { return &s.Diagnostics.Structure }, 0},
	{"diagnostics.references", "boolean", true, "Report references to resources, variables or locals that are not defined.",
		func(s *Settings) any { return &s.Diagnostics.References }, 0},
	{"diagnostics.duplicates", "boolean", true, "Report names defined more than once in a mod.",
		func(s *Settings) any { return &s.Diagnostics.Duplicates }, 0},
	{"diagnostics.unused", "boolean", true, "Hint at queries, variables and locals that nothing refers to (shown faded).",
		func(s *Settings) any { return &s.Diagnostics.Unused }, 0},
	{"diagnostics.sql", "boolean", true, "Check the rendered SQL of queries, controls and panels that run on Steampipe or Postgres: syntax with PostgreSQL's own grammar, $n placeholders against params and args, a control's resource, status and reason columns.",
		func(s *Settings) any { return &s.Diagnostics.SQL }, 0},
	{"database", "string", "", "The database for table and column completion and hover, the database's own checks of the SQL, and Run: a connection string (postgres://steampipe@127.0.0.1:9193/steampipe for Steampipe's service) or connection.<type>.<name> of ~/.powerpipe/config. Overrides every other; when empty, POWERPIPE_DATABASE, the Powerpipe workspace profile's database, else the mod's own (when trusted). With none, modls connects to nothing.",
		func(s *Settings) any { return &s.Database }, 0},
	{"catalog", "string", "", "A catalog file written by `modls catalog`: table and column completion, hover and unknown-table checks without a database.",
		func(s *Settings) any { return &s.Catalog }, 0},
	{"trustModDatabase", "boolean", false, "Connect to the database a mod names in its own `database` (a cloned mod could name any server). In VS Code, workspace trust decides instead.",
		func(s *Settings) any { return &s.TrustModDatabase }, 0},
	{"run.timeoutSeconds", "integer", 30, "The statement timeout of Run, in seconds.",
		func(s *Settings) any { return &s.Run.TimeoutSeconds }, 1},
	{"run.maxRows", "integer", 1000, "The rows Run returns at most.",
		func(s *Settings) any { return &s.Run.MaxRows }, 1},
	{"diagnostics.workspace", "boolean", false, "Publish diagnostics for every file of the workspace, not only open ones (checked in the background after changes settle; costs about a second of CPU per pass on a 50,000-resource mod).",
		func(s *Settings) any { return &s.Diagnostics.Workspace }, 0},
}

// Spec returns the description of every setting, for documentation and
// for the editor extensions' tests.
func Spec() []Setting { return slices.Clone(spec) }

// Default returns the settings when the user sets none: each setting's
// Default of Spec (ignorePaths: none).
func Default() Settings {
	var st Settings
	for _, sp := range spec {
		if sp.Type == "array" {
			continue // nil, not an empty list
		}
		b, err := json.Marshal(sp.Default)
		if err == nil {
			err = json.Unmarshal(b, sp.field(&st))
		}
		if err != nil {
			panic(fmt.Sprintf("settings: the default of %s: %v", sp.Key, err))
		}
	}
	return st
}

// Decode reads settings from raw JSON (an object of the keys of Spec, the
// "diagnostics" and "run" keys either dotted or nested, possibly wrapped in
// {"modls": …}) over the defaults, and returns the unknown keys and ill-typed
// or out-of-range values as problems to show the user; a setting with a
// problem keeps its default.
func Decode(raw json.RawMessage) (Settings, []string) {
	st := Default()
	if len(raw) == 0 || string(raw) == "null" {
		return st, nil
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return st, []string{"settings must be a JSON object"}
	}
	if inner, ok := top["modls"]; ok && len(top) == 1 {
		top = nil
		if err := json.Unmarshal(inner, &top); err != nil {
			return st, []string{"settings must be a JSON object"}
		}
	}
	known := map[string]*Setting{}
	sections := map[string]bool{}
	for i, sp := range spec {
		known[sp.Key] = &spec[i]
		if section, _, ok := strings.Cut(sp.Key, "."); ok {
			sections[section] = true
		}
	}
	flat := map[string]json.RawMessage{}
	var problems []string
	for k, v := range top {
		if sections[k] {
			var sub map[string]json.RawMessage
			if err := json.Unmarshal(v, &sub); err != nil {
				problems = append(problems, fmt.Sprintf("setting %q must be a JSON object", k))
			}
			for sk, sv := range sub {
				flat[k+"."+sk] = sv
			}
			continue
		}
		flat[k] = v
	}
	sort.Strings(problems)
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	def := Default()
	for _, k := range keys {
		sp := known[k]
		if sp == nil {
			problems = append(problems, fmt.Sprintf("unknown setting %q", k))
			continue
		}
		if err := sp.decode(&st, &def, flat[k]); err != nil {
			problems = append(problems, fmt.Sprintf("setting %q: %v", k, err))
		}
	}
	return st, problems
}

// decode sets sp's field of st from v; on a problem, back to its value in def.
func (sp *Setting) decode(st, def *Settings, v json.RawMessage) error {
	err := json.Unmarshal(v, sp.field(st))
	if n, ok := sp.field(st).(*int); ok && err == nil && *n < sp.min {
		err = fmt.Errorf("must be at least %d", sp.min)
	}
	if err != nil {
		b, _ := json.Marshal(sp.field(def))
		json.Unmarshal(b, sp.field(st))
	}
	return err
}
