package lsp

// This file defines the server's settings: one table (settingsSpec) that
// describes every key, from which decoding, defaults and the report of
// unknown keys all derive — and which the editor extensions' settings are
// checked against. Settings arrive in initializationOptions and, when the
// client supports it, from workspace/configuration (section "modls"),
// pulled again on every workspace/didChangeConfiguration.

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/check"
	"github.com/modls/modls/index"
	"github.com/modls/modls/render"
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
	Diagnostics DiagnosticSettings `json:"diagnostics"`
	// Database, Catalog, TrustModDatabase and Run: see settingsSpec.
	Database         string      `json:"database"`
	Catalog          string      `json:"catalog"`
	TrustModDatabase bool        `json:"trustModDatabase"`
	Run              RunSettings `json:"run"`
}

// RunSettings bound modls.run.
type RunSettings struct {
	TimeoutSeconds int `json:"timeoutSeconds"`
	MaxRows        int `json:"maxRows"`
}

// DiagnosticSettings turn each kind of diagnostic on or off.
type DiagnosticSettings struct {
	Syntax     bool `json:"syntax"`
	Structure  bool `json:"structure"`
	References bool `json:"references"`
	Duplicates bool `json:"duplicates"`
	Unused     bool `json:"unused"`
	SQL        bool `json:"sql"`
	// Workspace publishes the diagnostics of every file of the root mods,
	// not only of open documents.
	Workspace bool `json:"workspace"`
	// database is not a setting: the server's checkDatabase, which the
	// SQL checks ask about a resource's database (see withDatabase).
	database func(*render.Renderer, *index.Entry) *check.Database
}

// SettingSpec describes one setting.
type SettingSpec struct {
	Key     string // dotted, below the "modls" section
	Type    string // JSON schema type: integer, boolean, array
	Default any
	Doc     string
}

// settingsSpec is the one description of modls's settings.
var settingsSpec = []SettingSpec{
	{"cacheBudgetMB", "integer", DefaultCacheBudget >> 20, "Memory, in MB, that full parses of blocks and open files may use (hover, diagnostics). Older parses are dropped beyond it."},
	{"ignorePaths", "array", []string{}, "Patterns of files not to index, relative to each mod root, in .powerpipeignore syntax (e.g. \"scratch/**\"), on top of the mod's own .powerpipeignore."},
	{"diagnostics.syntax", "boolean", true, "Report HCL syntax errors in open files."},
	{"diagnostics.structure", "boolean", true, "Report block types, labels and attributes that Powerpipe does not accept where they stand."},
	{"diagnostics.references", "boolean", true, "Report references to resources, variables or locals that are not defined."},
	{"diagnostics.duplicates", "boolean", true, "Report names defined more than once in a mod."},
	{"diagnostics.unused", "boolean", true, "Hint at queries, variables and locals that nothing refers to (shown faded)."},
	{"diagnostics.sql", "boolean", true, "Check the rendered SQL of queries, controls and panels that run on Steampipe or Postgres: syntax with PostgreSQL's own grammar, $n placeholders against params and args, a control's resource, status and reason columns."},
	{"database", "string", "", "The database for table and column completion and hover, the database's own checks of the SQL, and Run: a connection string (postgres://steampipe@127.0.0.1:9193/steampipe for Steampipe's service) or connection.<type>.<name> of ~/.powerpipe/config. Overrides every other; when empty, POWERPIPE_DATABASE, the Powerpipe workspace profile's database, else the mod's own (when trusted). With none, modls connects to nothing."},
	{"catalog", "string", "", "A catalog file written by `modls catalog`: table and column completion, hover and unknown-table checks without a database."},
	{"trustModDatabase", "boolean", false, "Connect to the database a mod names in its own `database` (a cloned mod could name any server). In VS Code, workspace trust decides instead."},
	{"run.timeoutSeconds", "integer", 30, "The statement timeout of Run, in seconds."},
	{"run.maxRows", "integer", 1000, "The rows Run returns at most."},
	{"diagnostics.workspace", "boolean", false, "Publish diagnostics for every file of the workspace, not only open ones (checked in the background after changes settle; costs about a second of CPU per pass on a 50,000-resource mod)."},
}

// SettingsSpec returns the description of every setting, for documentation
// and for the editor extensions' tests.
func SettingsSpec() []SettingSpec { return slices.Clone(settingsSpec) }

func defaultSettings() Settings {
	return Settings{CacheBudgetMB: DefaultCacheBudget >> 20, Diagnostics: DiagnosticSettings{Syntax: true, Structure: true, References: true, Duplicates: true, Unused: true, SQL: true},
		Run: RunSettings{TimeoutSeconds: 30, MaxRows: 1000}}
}

// decodeSettings reads settings from raw JSON (an object of the keys above,
// possibly wrapped in {"modls": …}) over the defaults, and returns the
// unknown keys and type errors to report.
func decodeSettings(raw json.RawMessage) (Settings, []string) {
	st := defaultSettings()
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
	var problems []string
	known := map[string]bool{}
	for _, sp := range settingsSpec {
		known[sp.Key] = true
		known[strings.SplitN(sp.Key, ".", 2)[0]] = true
	}
	flat := map[string]json.RawMessage{}
	for k, v := range top {
		if k == "diagnostics" || k == "run" {
			var sub map[string]json.RawMessage
			if json.Unmarshal(v, &sub) == nil {
				for sk, sv := range sub {
					flat[k+"."+sk] = sv
				}
				continue
			}
		}
		flat[k] = v
	}
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := flat[k]
		if !known[k] {
			problems = append(problems, fmt.Sprintf("unknown setting %q", k))
			continue
		}
		var err error
		switch k {
		case "cacheBudgetMB":
			err = json.Unmarshal(v, &st.CacheBudgetMB)
			if err == nil && st.CacheBudgetMB < 1 {
				err = fmt.Errorf("must be at least 1")
				st.CacheBudgetMB = DefaultCacheBudget >> 20
			}
		case "ignorePaths":
			err = json.Unmarshal(v, &st.IgnorePaths)
		case "diagnostics.syntax":
			err = json.Unmarshal(v, &st.Diagnostics.Syntax)
		case "diagnostics.structure":
			err = json.Unmarshal(v, &st.Diagnostics.Structure)
		case "diagnostics.references":
			err = json.Unmarshal(v, &st.Diagnostics.References)
		case "diagnostics.duplicates":
			err = json.Unmarshal(v, &st.Diagnostics.Duplicates)
		case "diagnostics.unused":
			err = json.Unmarshal(v, &st.Diagnostics.Unused)
		case "diagnostics.sql":
			err = json.Unmarshal(v, &st.Diagnostics.SQL)
		case "diagnostics.workspace":
			err = json.Unmarshal(v, &st.Diagnostics.Workspace)
		case "database":
			err = json.Unmarshal(v, &st.Database)
		case "catalog":
			err = json.Unmarshal(v, &st.Catalog)
		case "trustModDatabase":
			err = json.Unmarshal(v, &st.TrustModDatabase)
		case "run.timeoutSeconds":
			err = json.Unmarshal(v, &st.Run.TimeoutSeconds)
			if err == nil && st.Run.TimeoutSeconds < 1 {
				err = fmt.Errorf("must be at least 1")
				st.Run.TimeoutSeconds = 30
			}
		case "run.maxRows":
			err = json.Unmarshal(v, &st.Run.MaxRows)
			if err == nil && st.Run.MaxRows < 1 {
				err = fmt.Errorf("must be at least 1")
				st.Run.MaxRows = 1000
			}
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("setting %q: %v", k, err))
		}
	}
	return st, problems
}

// applySettings makes st the server's settings: the cache budget at once,
// the ignore patterns by indexing again, the diagnostics by publishing again.
// Problems are shown to the user.
func (s *Server) applySettings(st Settings, problems []string) {
	if len(problems) > 0 {
		s.notify("window/showMessage", protocol.ShowMessageParams{Type: protocol.MessageTypeWarning,
			Message: "modls settings: " + strings.Join(problems, "; ")})
	}
	st = s.withDatabase(st)
	s.mu.Lock()
	s.settings = st
	s.mu.Unlock()
	s.cache.SetBudget(int64(st.CacheBudgetMB) << 20)
	// New ignore paths load the workspace again (also while the first build
	// runs: the reload follows it), which diagnoses again when done.
	if !s.ws.SetIgnore(st.IgnorePaths) && s.ws.Index() != nil {
		s.scheduleDiagnostics()
	}
}

// pullSettings asks the client for the "modls" section, when it can answer.
func (s *Server) pullSettings() {
	s.mu.Lock()
	ok := s.caps.configuration
	s.mu.Unlock()
	if !ok {
		return
	}
	var res []json.RawMessage
	section := "modls"
	if err := s.call(s.base, "workspace/configuration", protocol.ConfigurationParams{Items: []protocol.ConfigurationItem{{Section: &section}}}, &res); err != nil {
		s.log.Warn("cannot read settings from the client", "error", err)
		return
	}
	if len(res) == 1 {
		s.applySettings(decodeSettings(res[0]))
	}
}

// didChangeConfiguration re-reads the settings: from the client when it
// supports workspace/configuration, else from the notification itself.
func (s *Server) didChangeConfiguration(g *glsp.Context, p *protocol.DidChangeConfigurationParams) error {
	s.mu.Lock()
	pull := s.caps.configuration
	s.mu.Unlock()
	if pull {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer s.guard("settings", nil)
			s.pullSettings()
		}()
		return nil
	}
	raw, err := json.Marshal(p.Settings)
	if err != nil {
		return err
	}
	s.applySettings(decodeSettings(raw))
	return nil
}
