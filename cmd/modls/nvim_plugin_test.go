package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modls/modls/internal/testtree"
	"github.com/modls/modls/settings"
)

// The fixture mod of TestNeovimPlugin. first.pp starts with a // comment,
// which makes Neovim's own detection call a .pp file Pascal.
const (
	pluginModPP = `mod "fixture" {
  title = "Fixture"
  opengraph {
    title = "Fixture mod"
  }
}
`
	pluginFirstPP = `// Queries of the fixture mod.
query "bucket_count" {
  title = "Bucket count"
  sql   = <<-EOQ
    select count(*) as value from aws_s3_bucket where name = $1
  EOQ
  param "name" {
    default = "x"
  }
}

dashboard "overview" {
  title = "Overview of ${var.region}"
  card {
    query = query.bucket_count
    width = 3
    args  = { name = "n" } # trailing comment
  }
}

variable "region" {
  type    = string
  default = "us-east-1"
}
`
	pluginLegacySP = `control "legacy" {
  title = "Legacy control"
  sql   = "select 'ok' as status, 'r' as resource, 'fine' as reason"
}
`
	pluginLonelyPP = `query "lonely" {
  sql = "select 1"
}

control "broken" {
  query = query.missing
}
`
	pluginVarsPP = "region = \"eu-west-1\"\n"
	pluginDepMod = `mod "dep" {
  title = "Dependency"
}
`
	pluginDepPP = `query "dep_query" {
  title = "Dependency query"
  sql   = "select 1"
}
`
	puppetPP = `class ntp {
  package { 'ntp': ensure => installed }
}
`
	pascalPP = `// A Free Pascal unit
unit Hello;
interface
implementation
end.
`
	spiceSP = `* an RC circuit
R1 1 2 1k
C1 2 0 1u
.end
`
)

// blockAt returns the 0-based line and column of the name of the first
// block of the given type in text (on an ASCII line), and the block's static
// title: the first `title = "…"` after its header.
func blockAt(t *testing.T, text, typ string) (line, char int, title string) {
	t.Helper()
	i := strings.Index(text, typ+` "`)
	if i < 0 {
		t.Fatalf("no %s block", typ)
	}
	line, char = lineCol(text, i+len(typ)+2)
	m := regexp.MustCompile(`(?m)^\s*title\s*=\s*"([^"$]*)"`).FindStringSubmatch(text[i:])
	if m == nil {
		t.Fatalf("no static title after the %s block at line %d", typ, line+1)
	}
	return line, char, m[1]
}

// lineCol returns the 0-based line and byte column of offset off.
func lineCol(text string, off int) (int, int) {
	return strings.Count(text[:off], "\n"), off - (strings.LastIndex(text[:off], "\n") + 1)
}

// at returns the line and column of the first occurrence of needle (plus
// skip bytes) in text.
func at(t *testing.T, text, needle string, skip int) [2]int {
	t.Helper()
	i := strings.Index(text, needle)
	if i < 0 {
		t.Fatalf("%q not in the fixture", needle)
	}
	l, c := lineCol(text, i+skip)
	return [2]int{l, c}
}

type pluginFile struct {
	Path   string   `json:"path"`
	Attach bool     `json:"attach"`
	Hover  *[2]int  `json:"hover,omitempty"`
	Syntax [][2]int `json:"syntax,omitempty"`

	// What the test expects, not sent.
	wantFiletype string
	wantRoot     string // the client's root, when it attaches
	wantHover    string
	wantSyntax   []string
}

type diagnostic struct {
	Severity int
	Message  string
}

type pluginResult struct {
	Error    string
	Errmsg   string
	Messages string
	Files    []struct {
		Path       string
		Filetype   string
		Shiftwidth int
		Client     int
		Root       string
		Hover      string
		Syntax     []string
	}
	LSPConfig struct {
		Cmd         []string `json:"cmd"`
		Filetypes   []string `json:"filetypes"`
		RootMarkers []string `json:"root_markers"`
		Root        string   `json:"root"`
		// initializationOptions set by before_init without settings and
		// with the restart's settings.
		InitOptionsDefault json.RawMessage `json:"init_options_default"`
		InitOptions        json.RawMessage `json:"init_options"`
	} `json:"lsp_config"`
	Restart struct {
		Before, After     int
		BeforeDiagnostics []diagnostic `json:"before_diagnostics"`
		AfterDiagnostics  []diagnostic `json:"after_diagnostics"`
	} `json:"restart"`
	Indent    []string
	Resources []string
}

// runPluginSession runs testdata/nvim_plugin.lua in a headless Neovim
// started with args, on spec, and returns what it saw. Neovim reads nothing
// of the user's: its XDG folders are in tmp.
func runPluginSession(t *testing.T, nvim, tmp string, args []string, spec map[string]any, env ...string) pluginResult {
	t.Helper()
	raw, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(tmp, "session")
	if err != nil {
		t.Fatal(err)
	}
	specPath, outPath, xdg := filepath.Join(dir, "spec.json"), filepath.Join(dir, "result.json"), filepath.Join(dir, "xdg")
	if err := os.WriteFile(specPath, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	args = append([]string{"--headless", "-n", "-i", "NONE"}, args...)
	cmd := exec.Command(nvim, append(args, "-c", "luafile testdata/nvim_plugin.lua")...)
	cmd.Env = append(append(os.Environ(), env...), "MODLS_SPEC="+specPath, "MODLS_OUT="+outPath,
		"XDG_STATE_HOME="+xdg, "XDG_DATA_HOME="+xdg, "XDG_CONFIG_HOME="+xdg, "XDG_CACHE_HOME="+xdg)
	runNvim(t, cmd, 3*time.Minute)
	out, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatalf("the Neovim session wrote no result: %v", err)
	}
	var res pluginResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("result %s: %v", out, err)
	}
	if res.Error != "" {
		t.Fatalf("the Neovim session failed: %s", res.Error)
	}
	if res.Errmsg != "" || regexp.MustCompile(`E\d+:|rror`).MatchString(res.Messages) {
		t.Errorf("Neovim reported errors: v:errmsg %q, messages %q", res.Errmsg, res.Messages)
	}
	if len(res.Files) != len(spec["files"].([]pluginFile)) {
		t.Fatalf("the session opened %d files, want %d: %s", len(res.Files), len(spec["files"].([]pluginFile)), out)
	}
	return res
}

// TestNeovimPlugin runs the plugin of editors/nvim in Debian's Neovim (0.7),
// headless, as a user's minimal init loads it: filetype detection (a mod's
// .pp and .sp files are powerpipe, every other .pp stays Puppet or Pascal
// and .sp SPICE), modls attaching with the right root (a dependency's files
// join the server of the mod that installed it), hover on block names
// returning their titles (on the fixture and on both corpus mods), the
// syntax file, :ModlsRestart with new settings reaching the server, the
// indent script, and the vim.lsp.config table of lsp/modls.lua.
func TestNeovimPlugin(t *testing.T) {
	nvim := needNvim(t, "Neovim plugin test")
	plugin, err := filepath.Abs("../../editors/nvim")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "modls")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	mod := filepath.Join(tmp, "work", "fixture")
	dep := filepath.Join(mod, ".powerpipe", "mods", "github.com", "acme", "dep@v1.0.0")
	outside := filepath.Join(tmp, "work", "elsewhere")
	testtree.Write(t, "", map[string]string{
		filepath.Join(mod, "mod.pp"):                pluginModPP,
		filepath.Join(mod, "queries", "first.pp"):   pluginFirstPP,
		filepath.Join(mod, "legacy.sp"):             pluginLegacySP,
		filepath.Join(mod, "lonely.pp"):             pluginLonelyPP,
		filepath.Join(mod, "powerpipe.ppvars"):      pluginVarsPP,
		filepath.Join(mod, ".modls.hcl"):            "rule \"unused\" {\n  severity = \"info\"\n}\n",
		filepath.Join(outside, ".modls.hcl"):        "rule \"unused\" {}\n",
		filepath.Join(dep, "mod.pp"):                pluginDepMod,
		filepath.Join(dep, "dep.pp"):                pluginDepPP,
		filepath.Join(outside, "manifests/site.pp"): puppetPP,
		filepath.Join(outside, "hello.pp"):          pascalPP,
		filepath.Join(outside, "circuit.sp"):        spiceSP,
	})

	hoverOn := func(text, typ string) (*[2]int, string) {
		l, c, title := blockAt(t, text, typ)
		return &[2]int{l, c + 1}, title
	}
	firstHover, firstTitle := hoverOn(pluginFirstPP, "query")
	legacyHover, legacyTitle := hoverOn(pluginLegacySP, "control")
	depHover, depTitle := hoverOn(pluginDepPP, "query")
	files := []pluginFile{
		{Path: filepath.Join(mod, "queries", "first.pp"), Attach: true, Hover: firstHover, wantHover: firstTitle, wantFiletype: "powerpipe",
			Syntax: [][2]int{
				at(t, pluginFirstPP, "// Queries", 3), at(t, pluginFirstPP, `query "bucket`, 0), at(t, pluginFirstPP, `"bucket_count" {`, 1),
				at(t, pluginFirstPP, "title =", 0), at(t, pluginFirstPP, `"Bucket count"`, 1), at(t, pluginFirstPP, "<<-EOQ", 0),
				at(t, pluginFirstPP, "select count", 0), at(t, pluginFirstPP, `param "name"`, 0), at(t, pluginFirstPP, "${var.region}", 0),
				at(t, pluginFirstPP, "var.region", 0), at(t, pluginFirstPP, "query.bucket_count", 0), at(t, pluginFirstPP, "3\n", 0),
				at(t, pluginFirstPP, "# trailing", 2), at(t, pluginFirstPP, "string\n", 0),
			},
			wantSyntax: []string{
				"powerpipeComment", "powerpipeResourceType", "powerpipeLabel",
				"powerpipeAttribute", "powerpipeString", "powerpipeHeredocDelim",
				"sql*", "powerpipeResourceType", "powerpipeInterpDelim",
				"powerpipeReference", "powerpipeReference", "powerpipeNumber",
				"powerpipeComment", "powerpipeTypeName",
			}},
		{Path: filepath.Join(mod, "mod.pp"), Attach: true, wantFiletype: "powerpipe",
			Syntax:     [][2]int{at(t, pluginModPP, "mod", 0), at(t, pluginModPP, "opengraph", 0)},
			wantSyntax: []string{"powerpipeResourceType", "powerpipeBlockType"}},
		{Path: filepath.Join(mod, "legacy.sp"), Attach: true, Hover: legacyHover, wantHover: legacyTitle, wantFiletype: "powerpipe",
			Syntax:     [][2]int{at(t, pluginLegacySP, "select 'ok'", 0)},
			wantSyntax: []string{"sql*"}},
		{Path: filepath.Join(mod, "powerpipe.ppvars"), Attach: true, wantFiletype: "powerpipe"},
		{Path: filepath.Join(mod, ".modls.hcl"), Attach: true, wantFiletype: "powerpipe"},
		{Path: filepath.Join(outside, ".modls.hcl"), wantFiletype: "hcl"},
		{Path: filepath.Join(outside, "manifests/site.pp"), wantFiletype: "puppet"},
		{Path: filepath.Join(outside, "hello.pp"), wantFiletype: "pascal"},
		{Path: filepath.Join(outside, "circuit.sp"), wantFiletype: "spice"},
	}
	for i := range files {
		if files[i].Attach {
			files[i].wantRoot = mod
		}
	}
	// Both corpus mods: a dashboard and a benchmark, hovered on their names.
	corpus := filepath.Join("..", "..", "..", "shared", "corpus")
	for _, c := range []struct{ file, typ string }{
		{"aws-insights/dashboards/vpc/vpc_security_group_detail.pp", "dashboard"},
		{"gcp-compliance/cis_v120/section_1.pp", "benchmark"},
	} {
		p, err := filepath.Abs(filepath.Join(corpus, c.file))
		if err != nil {
			t.Fatal(err)
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Logf("corpus file %s not found (CI always has it): %v; skipping it", p, err)
			continue
		}
		h, title := hoverOn(string(src), c.typ)
		root, err := filepath.Abs(filepath.Join(corpus, strings.SplitN(c.file, "/", 2)[0]))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, pluginFile{Path: p, Attach: true, Hover: h, wantHover: title, wantFiletype: "powerpipe", wantRoot: root})
	}
	// Last: a dependency's file, whose server is the fixture mod's.
	files = append(files, pluginFile{Path: filepath.Join(dep, "dep.pp"), Attach: true, Hover: depHover, wantHover: depTitle,
		wantFiletype: "powerpipe", wantRoot: mod})

	spec := map[string]any{
		"plugin":    plugin,
		"files":     files,
		"resources": true,
		"restart": map[string]any{
			"path":     filepath.Join(mod, "lonely.pp"),
			"settings": map[string]any{"diagnostics": map[string]any{"unused": false}},
		},
		"indent": strings.Split(strings.TrimSuffix(pluginFirstPP+pluginModPP, "\n"), "\n"),
	}
	// First the filetype detection alone: the plugin on the runtimepath and
	// no init at all (--clean), as for a user of vim.lsp.enable("modls").
	detect := make([]pluginFile, 0, len(files))
	for _, f := range files {
		f.Attach, f.Hover, f.Syntax, f.wantHover, f.wantSyntax = false, nil, nil, "", nil
		detect = append(detect, f)
	}
	bare := runPluginSession(t, nvim, tmp, []string{"--clean", "--cmd", "set rtp+=" + plugin},
		map[string]any{"files": detect, "settle": 0}, "MODLS_BIN="+bin)
	for i, f := range detect {
		got := bare.Files[i]
		if got.Filetype != f.wantFiletype || got.Client != 0 {
			t.Errorf("without setup(): %s has filetype %q and client %d, want %q and none", f.Path, got.Filetype, got.Client, f.wantFiletype)
		}
		if f.wantFiletype == "powerpipe" && got.Shiftwidth != 2 {
			t.Errorf("without setup(): %s has shiftwidth %d, want the ftplugin's 2", f.Path, got.Shiftwidth)
		}
	}

	// Then as a user's minimal init sets it up.
	res := runPluginSession(t, nvim, tmp, []string{"--cmd", "set rtp+=" + plugin, "-u", "testdata/nvim_plugin_init.lua"},
		spec, "MODLS_BIN="+bin)
	if len(res.Files) != len(files) {
		t.Fatalf("the session opened %d files, want %d", len(res.Files), len(files))
	}

	modClient := 0
	for i, f := range files {
		got := res.Files[i]
		name, _ := filepath.Rel(tmp, f.Path)
		if strings.HasPrefix(name, "..") {
			name = filepath.Base(f.Path)
		}
		if got.Filetype != f.wantFiletype {
			t.Errorf("%s: filetype %q, want %q", name, got.Filetype, f.wantFiletype)
		}
		switch {
		case f.Attach && got.Client == 0:
			t.Errorf("%s: modls did not attach", name)
		case !f.Attach && got.Client != 0:
			t.Errorf("%s: modls attached to a %s file", name, got.Filetype)
		}
		if f.Attach && got.Root != f.wantRoot {
			t.Errorf("%s: root %q, want the mod's %q", name, got.Root, f.wantRoot)
		}
		if f.Attach && f.wantRoot == mod {
			// Every file of the fixture, its dependency's included, is
			// served by one client.
			if modClient == 0 {
				modClient = got.Client
			} else if got.Client != modClient {
				t.Errorf("%s: client %d, want the mod's client %d", name, got.Client, modClient)
			}
		}
		if f.Hover != nil && !strings.Contains(got.Hover, f.wantHover) {
			t.Errorf("%s: hover on the block's name %q, want its title %q", name, got.Hover, f.wantHover)
		}
		for j, want := range f.wantSyntax {
			g := ""
			if j < len(got.Syntax) {
				g = got.Syntax[j]
			}
			if ok := g == want || (strings.HasSuffix(want, "*") && strings.HasPrefix(g, strings.TrimSuffix(want, "*"))); !ok {
				t.Errorf("%s: syntax group at %v is %q, want %q", name, f.Syntax[j], g, want)
			}
		}
	}

	lc := res.LSPConfig
	if strings.Join(lc.Cmd, " ") != "modls --stdio" || strings.Join(lc.Filetypes, " ") != "powerpipe" ||
		strings.Join(lc.RootMarkers, " ") != "mod.pp mod.sp .git" {
		t.Errorf("lsp/modls.lua: cmd %q, filetypes %q, root_markers %q", lc.Cmd, lc.Filetypes, lc.RootMarkers)
	}
	if s := string(lc.InitOptionsDefault); s != "null" {
		t.Errorf("lsp/modls.lua before_init without settings: initializationOptions %s, want none", s)
	}
	var opts bytes.Buffer
	if err := json.Compact(&opts, lc.InitOptions); err != nil || opts.String() != `{"modls":{"diagnostics":{"unused":false}}}` {
		t.Errorf("lsp/modls.lua before_init with settings: initializationOptions %s", lc.InitOptions)
	}
	if lc.Root != mod {
		t.Errorf("lsp/modls.lua root_dir of the dependency's file: %q, want the mod's %q", lc.Root, mod)
	}

	// :ModlsResources lists the fixture's one top-level dashboard (no
	// benchmark) at its name, with its title evaluated: the template with
	// powerpipe.ppvars' region.
	dl, _ := lineCol(pluginFirstPP, strings.Index(pluginFirstPP, `dashboard "overview"`))
	wantRes := fmt.Sprintf("%s:%d: fixture.dashboard.overview — Overview of eu-west-1", filepath.Join(mod, "queries", "first.pp"), dl+1)
	if len(res.Resources) != 1 || res.Resources[0] != wantRes {
		t.Errorf(":ModlsResources: quickfix list %q, want [%q]", res.Resources, wantRes)
	}

	// After :ModlsRestart with diagnostics.unused = false, the new client
	// reports the broken reference but no longer the unused query.
	hasUnused := func(ds []diagnostic) (unused, broken bool) {
		for _, d := range ds {
			unused = unused || strings.Contains(d.Message, "query.lonely is never used")
			broken = broken || strings.Contains(d.Message, "missing")
		}
		return unused, broken
	}
	r := res.Restart
	if r.Before == 0 || r.After == 0 || r.Before == r.After {
		t.Errorf(":ModlsRestart: client %d before, %d after (want two different clients)", r.Before, r.After)
	}
	if u, b := hasUnused(r.BeforeDiagnostics); !u || !b {
		t.Errorf("diagnostics before the restart: %v (want the unused query and the broken reference)", r.BeforeDiagnostics)
	}
	if u, b := hasUnused(r.AfterDiagnostics); u || !b {
		t.Errorf("diagnostics after the restart with diagnostics.unused = false: %v (want only the broken reference)", r.AfterDiagnostics)
	}

	// The indent script restores the fixture's indentation, except inside
	// heredocs, whose lines keep the indent they have.
	want := strings.Split(strings.TrimSuffix(pluginFirstPP+pluginModPP, "\n"), "\n")
	inHeredoc := false
	for i, w := range want {
		if i >= len(res.Indent) {
			t.Errorf("indent: %d lines, want %d", len(res.Indent), len(want))
			break
		}
		g := res.Indent[i]
		if inHeredoc {
			w = strings.TrimLeft(w, " ")
		}
		if strings.HasSuffix(w, "<<-EOQ") {
			inHeredoc = true
		} else if strings.TrimSpace(w) == "EOQ" {
			inHeredoc = false
		}
		if g != w {
			t.Errorf("indent line %d: %q, want %q", i+1, g, w)
		}
	}
}

// TestNeovimPluginSettingsDoc: the settings table of editors/nvim/README.md
// lists exactly the server's settings (settings.Spec), with their
// defaults in Lua.
func TestNeovimPluginSettingsDoc(t *testing.T) {
	b, err := os.ReadFile("../../editors/nvim/README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile("(?m)^\\| `([a-zA-Z.]+)` \\| ([^|]+?) \\|").FindAllStringSubmatch(string(b), -1)
	got := map[string]string{}
	for _, r := range rows {
		got[r[1]] = r[2]
	}
	for _, sp := range settings.Spec() {
		var want string
		switch v := sp.Default.(type) {
		case []string:
			if len(v) != 0 {
				t.Fatalf("%s: a non-empty list default %q; write its Lua form here", sp.Key, v)
			}
			want = "`{}`"
		case string:
			want = "`\"" + v + "\"`"
		default:
			want = fmt.Sprint(v)
		}
		if g, ok := got[sp.Key]; !ok {
			t.Errorf("editors/nvim/README.md does not document the setting %s", sp.Key)
		} else if g != want {
			t.Errorf("editors/nvim/README.md: %s defaults to %s, the server says %s", sp.Key, g, want)
		}
		delete(got, sp.Key)
	}
	for k := range got {
		t.Errorf("editors/nvim/README.md documents %s, which the server does not have", k)
	}
}

// The mod of TestNeovimPluginSQL: a query whose SQL interpolates a local, and
// one whose SQL uses a variable without a value.
const (
	sqlModPP     = "mod \"sqlfix\" {\n  title = \"SQL fixture\"\n}\n"
	sqlQueriesPP = `locals {
  cols = "a, b"
}

query "q" {
  title = "Columns"
  sql   = "select ${local.cols} from t"
}

variable "x" {
  type = string
}

query "v" {
  sql = "select ${var.x} from t"
}
`
)

// sqlDriver is the Lua side of TestNeovimPluginSQL: after the minimal init
// (setup()), it opens the spec's file, waits for modls, records the commands
// the server advertises and, when modls.sql is one of them, runs each :ModlsSQL
// command line of the spec with the cursor where it says and records the
// window and buffer it leads to (or the warnings), then presses q there.
// Only the Neovim 0.7 API.
// driverPrelude begins the Lua drivers of the :ModlsSQL and :ModlsRun
// sessions: read the spec the test wrote, and record every notification.
const driverPrelude = `
local function read(path)
  local f = assert(io.open(path))
  local s = f:read("*a")
  f:close()
  return s
end
local spec = vim.fn.json_decode(read(os.getenv("MODLS_SPEC")))
local results = { notes = {}, runs = {} }
vim.notify = function(msg, level)
  table.insert(results.notes, { msg = msg, level = level or vim.NIL })
end
`

const sqlDriver = driverPrelude + `
local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(spec.path))
  local src_buf, src_win = vim.api.nvim_get_current_buf(), vim.api.nvim_get_current_win()
  local client
  vim.wait(30000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(src_buf)) do
      if c.name == "modls" and c.initialized then
        client = c
        return true
      end
    end
    return false
  end, 20)
  if not client then
    error("modls did not attach to " .. spec.path)
  end
  local provider = (client.server_capabilities or {}).executeCommandProvider
  results.commands = type(provider) == "table" and provider.commands or {}
  if not vim.tbl_contains(results.commands, "modls.sql") then
    return
  end
  for _, r in ipairs(spec.runs) do
    vim.api.nvim_set_current_win(src_win)
    vim.api.nvim_win_set_cursor(src_win, { r.cursor[1] + 1, r.cursor[2] })
    local before, notes = #vim.api.nvim_list_wins(), #results.notes
    vim.cmd(r.cmd)
    vim.wait(30000, function()
      return vim.bo.filetype == "sql" or #results.notes > notes
    end, 20)
    local buf = vim.api.nvim_get_current_buf()
    local rec = {
      windows_before = before,
      windows = #vim.api.nvim_list_wins(),
      name = vim.api.nvim_buf_get_name(buf),
      filetype = vim.bo[buf].filetype,
      buftype = vim.bo[buf].buftype,
      bufhidden = vim.bo[buf].bufhidden,
      lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false),
      notes = { unpack(results.notes, notes + 1) },
    }
    if buf ~= src_buf then
      vim.cmd("normal q")
      rec.windows_after_q = #vim.api.nvim_list_wins()
      rec.wiped = not vim.api.nvim_buf_is_valid(buf)
    end
    table.insert(results.runs, rec)
  end
end)
if not ok then
  results.error = tostring(err)
end
results.errmsg = vim.v.errmsg
local f = io.open(os.getenv("MODLS_OUT"), "w")
f:write(vim.fn.json_encode(results))
f:close()
vim.cmd("qa!")
`

// TestNeovimPluginSQL runs :ModlsSQL in Debian's Neovim (0.7), headless,
// after the minimal init: at the cursor and by name, the rendered SQL of a
// query that interpolates a local opens in a scratch buffer (filetype sql,
// nofile, wiped when hidden) in a new window that q closes; a query using a
// variable without a value gets the "-- incomplete:" header; an unknown
// resource gives a warning and no window.
func TestNeovimPluginSQL(t *testing.T) {
	nvim := needNvim(t, "Neovim plugin test")
	plugin, err := filepath.Abs("../../editors/nvim")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "modls")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	mod := filepath.Join(tmp, "sqlfix")
	file := filepath.Join(mod, "queries.pp")
	testtree.Write(t, "", map[string]string{filepath.Join(mod, "mod.pp"): sqlModPP, file: sqlQueriesPP})

	type run struct {
		Cmd    string `json:"cmd"`
		Cursor [2]int `json:"cursor"`
	}
	inQ := at(t, sqlQueriesPP, `select ${local`, 0)
	inV := at(t, sqlQueriesPP, `select ${var`, 0)
	runs := []run{
		{"ModlsSQL", inQ},
		{"ModlsSQL query.q", at(t, sqlQueriesPP, "locals", 0)},
		{"ModlsSQL", inV},
		{"ModlsSQL query.nothing_here", inQ},
	}
	raw, err := json.Marshal(map[string]any{"path": file, "runs": runs})
	if err != nil {
		t.Fatal(err)
	}
	specPath, outPath, driver, xdg := filepath.Join(tmp, "spec.json"), filepath.Join(tmp, "result.json"),
		filepath.Join(tmp, "sql.lua"), filepath.Join(tmp, "xdg")
	testtree.Write(t, "", map[string]string{specPath: string(raw), driver: sqlDriver})
	cmd := exec.Command(nvim, "--headless", "-n", "-i", "NONE", "--cmd", "set rtp+="+plugin,
		"-u", "testdata/nvim_plugin_init.lua", "-c", "luafile "+driver)
	cmd.Env = append(os.Environ(), "MODLS_BIN="+bin, "MODLS_SPEC="+specPath, "MODLS_OUT="+outPath,
		"XDG_STATE_HOME="+xdg, "XDG_DATA_HOME="+xdg, "XDG_CONFIG_HOME="+xdg, "XDG_CACHE_HOME="+xdg)
	runNvim(t, cmd, 3*time.Minute)
	out, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatalf("the Neovim session wrote no result: %v", err)
	}
	type note struct {
		Msg   string
		Level int
	}
	var res struct {
		Error    string
		Errmsg   string
		Commands []string
		Notes    []note
		Runs     []struct {
			WindowsBefore int `json:"windows_before"`
			Windows       int
			Name          string
			Filetype      string
			Buftype       string
			Bufhidden     string
			Lines         []string
			Notes         []note
			WindowsAfterQ int `json:"windows_after_q"`
			Wiped         bool
		}
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("result %s: %v", out, err)
	}
	if res.Error != "" {
		t.Fatalf("the Neovim session failed: %s", res.Error)
	}
	if res.Errmsg != "" {
		t.Errorf("Neovim reported an error: v:errmsg %q", res.Errmsg)
	}
	if !slices.Contains(res.Commands, "modls.sql") {
		t.Fatalf("modls lists %q in executeCommandProvider, not modls.sql", res.Commands)
	}
	if len(res.Runs) != len(runs) {
		t.Fatalf("%d runs, want %d: %s", len(res.Runs), len(runs), out)
	}
	const warn = 3 // vim.log.levels.WARN
	for i, r := range res.Runs {
		name := fmt.Sprintf(":%s at %d:%d", runs[i].Cmd, runs[i].Cursor[0]+1, runs[i].Cursor[1]+1)
		if i == len(runs)-1 {
			// The unknown resource: a warning, no window.
			if r.Windows != r.WindowsBefore || r.Filetype == "sql" {
				t.Errorf("%s: %d windows (%d before), current filetype %q: want no new window", name, r.Windows, r.WindowsBefore, r.Filetype)
			}
			if len(r.Notes) != 1 || r.Notes[0].Level != warn || !strings.HasPrefix(r.Notes[0].Msg, "modls: modls.sql: ") ||
				strings.Count(r.Notes[0].Msg, "modls.sql") != 1 || !strings.Contains(r.Notes[0].Msg, "query.nothing_here") {
				t.Errorf("%s: notifications %+v, want one warning from modls.sql naming the resource", name, r.Notes)
			}
			continue
		}
		if len(r.Notes) != 0 {
			t.Errorf("%s: notifications %+v", name, r.Notes)
		}
		if r.Filetype != "sql" || r.Buftype != "nofile" || r.Bufhidden != "wipe" {
			t.Errorf("%s: filetype %q, buftype %q, bufhidden %q; want sql, nofile, wipe", name, r.Filetype, r.Buftype, r.Bufhidden)
		}
		if r.Windows != r.WindowsBefore+1 || r.WindowsAfterQ != r.WindowsBefore || !r.Wiped {
			t.Errorf("%s: %d windows before, %d with the SQL, %d after q (buffer wiped: %v); want a split that q closes",
				name, r.WindowsBefore, r.Windows, r.WindowsAfterQ, r.Wiped)
		}
		want := "query.q"
		if i == 2 {
			want = "query.v"
		}
		if !strings.Contains(r.Name, want) {
			t.Errorf("%s: buffer name %q, want one naming %s", name, r.Name, want)
		}
		switch i {
		case 0, 1:
			if strings.Join(r.Lines, "\n") != "select a, b from t" {
				t.Errorf("%s: the buffer holds %q, want the rendered \"select a, b from t\"", name, r.Lines)
			}
		case 2:
			// var.x has no value: its template stays, said so first.
			n := len(r.Lines)
			if n < 2 || !strings.HasPrefix(r.Lines[0], "-- incomplete: ") || !strings.Contains(strings.Join(r.Lines[:n-1], "\n"), "var.x") ||
				r.Lines[n-1] != "select ${var.x} from t" {
				t.Errorf("%s: the buffer holds %q, want \"-- incomplete:\" lines naming var.x, then the SQL", name, r.Lines)
			}
		}
	}
}
