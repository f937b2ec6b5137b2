package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/modls/modls/internal/testtree"
	"github.com/modls/modls/settings"
)

// TestNeovimPluginHealth runs :checkhealth modls (lua/modls/health.lua) in
// Debian's Neovim 0.7, headless, from a mod's file, a dependency's file and
// a Puppet manifest outside any mod, with modls built for the test, and once
// with a binary that does not exist: the report names the binary and its
// version, the buffer's mod root, the server's root and the attached client,
// or says why modls does not run.
func TestNeovimPluginHealth(t *testing.T) {
	nvim := needNvim(t, ":checkhealth test")
	plugin, err := filepath.Abs("../../editors/nvim")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(buildModls(t), "modls")
	tmp := t.TempDir()
	mod := filepath.Join(tmp, "work", "fixture")
	dep := filepath.Join(mod, ".powerpipe", "mods", "github.com", "acme", "dep@v1.0.0")
	puppet := filepath.Join(tmp, "work", "elsewhere", "manifests", "site.pp")
	testtree.Write(t, "", map[string]string{
		filepath.Join(mod, "mod.pp"):              pluginModPP,
		filepath.Join(mod, "queries", "first.pp"): pluginFirstPP,
		filepath.Join(dep, "mod.pp"):              pluginDepMod,
		filepath.Join(dep, "dep.pp"):              pluginDepPP,
		puppet:                                    puppetPP,
	})
	session := func(modlsPath string, attach bool, files ...string) [][]string {
		t.Helper()
		dir, err := os.MkdirTemp(tmp, "health")
		if err != nil {
			t.Fatal(err)
		}
		spec, _ := json.Marshal(map[string]any{"files": files, "attach": attach})
		specPath, outPath, xdg := filepath.Join(dir, "spec.json"), filepath.Join(dir, "out.json"), filepath.Join(dir, "xdg")
		if err := os.WriteFile(specPath, spec, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(nvim, "--headless", "-n", "-i", "NONE", "--cmd", "set rtp+="+plugin,
			"-u", "testdata/nvim_plugin_init.lua", "-c", "luafile testdata/nvim_health.lua")
		cmd.Env = append(os.Environ(), "MODLS_BIN="+modlsPath, "MODLS_SPEC="+specPath, "MODLS_OUT="+outPath,
			"XDG_STATE_HOME="+xdg, "XDG_DATA_HOME="+xdg, "XDG_CONFIG_HOME="+xdg, "XDG_CACHE_HOME="+xdg)
		runNvim(t, cmd, 3*time.Minute)
		raw, err := os.ReadFile(outPath)
		if err != nil {
			t.Fatalf("the Neovim session wrote no result: %v", err)
		}
		var res struct {
			Error   string
			Reports [][]string
		}
		if err := json.Unmarshal(raw, &res); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if res.Error != "" || len(res.Reports) != len(files) {
			t.Fatalf("the session: error %q, %d reports for %d files", res.Error, len(res.Reports), len(files))
		}
		return res.Reports
	}
	// has reports whether the report has a line containing every part, in order.
	has := func(report []string, parts ...string) bool {
	lines:
		for _, l := range report {
			rest := l
			for _, p := range parts {
				i := strings.Index(rest, p)
				if i < 0 {
					continue lines
				}
				rest = rest[i+len(p):]
			}
			return true
		}
		return false
	}
	version, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	first := filepath.Join(mod, "queries", "first.pp")
	reports := session(bin, true, first, filepath.Join(dep, "dep.pp"), puppet)
	for i, r := range reports {
		t.Logf("report %d:\n%s", i, strings.Join(r, "\n"))
	}
	r := reports[0]
	for _, want := range [][]string{
		{"modls: require(\"modls.health\").check()"},
		{"OK", "Neovim 0.7"},
		{"OK", "setup() was called"},
		{"OK", "found " + bin},
		{"OK", "version: " + strings.SplitN(strings.TrimSpace(string(version)), "\n", 2)[0]},
		{first, "filetype powerpipe"},
		{"OK", "in the mod at " + mod},
		{"the server's root: " + mod},
		{"OK", "modls (client ", "is attached, root " + mod},
	} {
		if !has(r, want...) {
			t.Errorf("the report from a mod's file lacks %q", want)
		}
	}
	if has(r, "ERROR") || has(r, "WARNING") {
		t.Errorf("the report from a mod's file has errors or warnings")
	}
	// A dependency's file: its own mod, the installing mod's server.
	if r := reports[1]; !has(r, "OK", "in the mod at "+filepath.Dir(filepath.Join(dep, "dep.pp"))) || !has(r, "the server's root: "+mod) || !has(r, "is attached, root "+mod) {
		t.Errorf("the report from a dependency's file: want its mod, and the server of %s", mod)
	}
	// A Puppet manifest: not Powerpipe, no server, and nothing wrong.
	if r := reports[2]; !has(r, "filetype puppet") || !has(r, "not in a mod") || has(r, "server's root") || has(r, "ERROR") || has(r, "WARNING") {
		t.Errorf("the report from a Puppet manifest should say it is in no mod, with no server")
	}

	// A binary that is not there: an error with the way out.
	missing := filepath.Join(tmp, "no", "modls")
	r = session(missing, false, first)[0]
	t.Logf("report without the binary:\n%s", strings.Join(r, "\n"))
	if !has(r, "ERROR", missing, "not found") || !has(r, "make install") || !has(r, "WARNING", "modls is not attached") {
		t.Errorf("the report with a missing binary should say so, with advice, and that modls is not attached")
	}
}

// TestNeovimPluginHelp: doc/modls.txt is a valid help file (helptags in
// Debian's Neovim 0.7 reports nothing), `:h modls` and the help of each
// command and section open it at their tag, and it documents every server
// setting with its default.
func TestNeovimPluginHelp(t *testing.T) {
	nvim := needNvim(t, ":help test")
	text, err := os.ReadFile("../../editors/nvim/doc/modls.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range settings.Spec() {
		def := fmt.Sprint(sp.Default)
		if l, ok := sp.Default.([]string); ok && len(l) == 0 {
			def = "" // a list: documented by example
		}
		if str, ok := sp.Default.(string); ok && str == "" {
			def = "" // none: said in words
		}
		re := regexp.MustCompile(`(?m)^\t` + regexp.QuoteMeta(sp.Key) + `\t[^\n]*(\n\t\t\t\t[^\n]*)*`)
		m := re.FindString(string(text))
		if m == "" {
			t.Errorf("doc/modls.txt does not document the setting %s", sp.Key)
		} else if def != "" && !strings.Contains(m, "("+def+")") {
			t.Errorf("doc/modls.txt: %s should say its default, (%s): %q", sp.Key, def, m)
		}
	}

	// A copy of the plugin's doc folder, tagged there, as a plugin manager
	// (or :helptags ALL) does.
	rtp := t.TempDir()
	testtree.Write(t, "", map[string]string{filepath.Join(rtp, "doc", "modls.txt"): string(text)})
	tags := []string{"modls", "modls.txt", ":ModlsRestart", ":ModlsStats", ":ModlsResources", ":ModlsSQL", "modls-setup", "modls-settings", "modls-lspconfig", "modls-health", "modls-filetype"}
	out := filepath.Join(rtp, "out.json")
	script := filepath.Join(rtp, "help.lua")
	testtree.Write(t, "", map[string]string{script: `
local res = { opened = {} }
vim.cmd("helptags " .. vim.fn.fnameescape(os.getenv("RTP") .. "/doc"))
res.messages = vim.fn.execute("messages")
for _, tag in ipairs(vim.fn.json_decode(os.getenv("TAGS"))) do
  local ok, err = pcall(vim.cmd, "help " .. tag)
  local line = vim.api.nvim_get_current_line()
  table.insert(res.opened, { tag = tag, ok = ok, err = ok and "" or tostring(err), file = vim.fn.expand("%:t"), line = line })
  pcall(vim.cmd, "helpclose")
end
local f = assert(io.open(os.getenv("OUT"), "w"))
f:write(vim.fn.json_encode(res))
f:close()
vim.cmd("qa!")
`})
	tagsJSON, _ := json.Marshal(tags)
	cmd := exec.Command(nvim, "--headless", "--clean", "-n", "-i", "NONE", "--cmd", "set rtp+="+rtp, "-c", "luafile "+script)
	cmd.Env = append(os.Environ(), "RTP="+rtp, "OUT="+out, "TAGS="+string(tagsJSON), "XDG_STATE_HOME="+rtp, "XDG_DATA_HOME="+rtp, "XDG_CONFIG_HOME="+rtp, "XDG_CACHE_HOME="+rtp)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, b)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the Neovim session wrote no result: %v", err)
	}
	var res struct {
		Messages string
		Opened   []struct {
			Tag, Err, File, Line string
			Ok                   bool
		}
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	if strings.TrimSpace(res.Messages) != "" {
		t.Errorf("helptags reported: %s", res.Messages)
	}
	if len(res.Opened) != len(tags) {
		t.Fatalf("opened %d of %d tags: %s", len(res.Opened), len(tags), raw)
	}
	for _, o := range res.Opened {
		if !o.Ok || o.File != "modls.txt" || !strings.Contains(o.Line, "*"+o.Tag+"*") {
			t.Errorf(":help %s: ok %v %s, file %q, line %q", o.Tag, o.Ok, o.Err, o.File, o.Line)
		}
	}
}
