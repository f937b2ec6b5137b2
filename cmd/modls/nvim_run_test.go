package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/modls/modls/internal/pgtest"
	"github.com/modls/modls/internal/testtree"
)

// runDriver is the Lua side of TestNeovimPluginRun: it opens the spec's
// file, waits for modls and its database, runs each :ModlsRun command line
// and records the buffer it leads to, or the error it reports.
const runDriver = driverPrelude + `local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(spec.path))
  local src_win = vim.api.nvim_get_current_win()
  local client
  vim.wait(30000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(0)) do
      if c.name == "modls" and c.initialized then
        client = c
        return true
      end
    end
    return false
  end, 20)
  if not client then
    error("modls did not attach")
  end
  for _, cmd in ipairs(spec.cmds) do
    vim.api.nvim_set_current_win(src_win)
    local notes = #results.notes
    vim.cmd(cmd)
    vim.wait(30000, function()
      if vim.bo.filetype == "modlsrun" then
        return true
      end
      for i = notes + 1, #results.notes do
        if results.notes[i].level ~= vim.NIL and results.notes[i].level >= vim.log.levels.WARN then
          return true
        end
      end
      return false
    end, 20)
    local buf = vim.api.nvim_get_current_buf()
    table.insert(results.runs, {
      name = vim.api.nvim_buf_get_name(buf),
      filetype = vim.bo[buf].filetype,
      lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false),
      notes = { unpack(results.notes, notes + 1) },
    })
    if vim.bo[buf].filetype == "modlsrun" then
      vim.cmd("normal q")
    end
  end
end)
if not ok then
  results.error = tostring(err)
end
local f = io.open(os.getenv("MODLS_OUT"), "w")
f:write(vim.fn.json_encode(results))
f:close()
vim.cmd("qa!")
`

// TestNeovimPluginRun runs :ModlsRun in Debian's Neovim (0.7) against the
// test database: a query with an arg and a control show aligned rows (the
// control with its counts by status) in a scratch buffer; a write shows
// the database's refusal as an error.
func TestNeovimPluginRun(t *testing.T) {
	nvim := needNvim(t, "Neovim plugin test")
	s := pgtest.Need(t)
	plugin, err := filepath.Abs("../../editors/nvim")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "modls")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	mod := testtree.New(t, map[string]string{"mod.pp": `mod "m" {}`, "q.pp": pgtest.Mod})
	cmds := []string{"ModlsRun query.buckets region=eu-west-1", "ModlsRun control.versioning", "ModlsRun query.write",
		// What the server's Run lens runs.
		`lua vim.lsp.commands["modls.runResource"]({ title = "▶ Run", command = "modls.runResource", arguments = { { resource = "query.buckets" } } })`}
	raw, _ := json.Marshal(map[string]any{"path": filepath.Join(mod, "q.pp"), "cmds": cmds})
	specPath, outPath, driver, initLua, xdg := filepath.Join(tmp, "spec.json"), filepath.Join(tmp, "result.json"),
		filepath.Join(tmp, "run.lua"), filepath.Join(tmp, "init.lua"), filepath.Join(tmp, "xdg")
	testtree.Write(t, "", map[string]string{specPath: string(raw), driver: runDriver,
		initLua: `require("modls").setup({ path = os.getenv("MODLS_BIN"), settings = { database = os.getenv("MODLS_DATABASE") } })`})
	cmd := exec.Command(nvim, "--headless", "-n", "-i", "NONE", "--cmd", "set rtp+="+plugin, "-u", initLua, "-c", "luafile "+driver)
	cmd.Env = append(os.Environ(), "MODLS_BIN="+bin, "MODLS_SPEC="+specPath, "MODLS_OUT="+outPath, "MODLS_DATABASE="+s.URL(),
		"POWERPIPE_INSTALL_DIR="+tmp, "XDG_STATE_HOME="+xdg, "XDG_DATA_HOME="+xdg, "XDG_CONFIG_HOME="+xdg, "XDG_CACHE_HOME="+xdg)
	runNvim(t, cmd, 3*time.Minute)
	out, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatalf("the Neovim session wrote no result: %v", err)
	}
	var res struct {
		Error string
		Runs  []struct {
			Name, Filetype string
			Lines          []string
			Notes          []struct {
				Msg   string
				Level int
			}
		}
	}
	if err := json.Unmarshal(out, &res); err != nil || res.Error != "" || len(res.Runs) != 4 {
		t.Fatalf("%v %s: %s", err, res.Error, out)
	}
	if r := res.Runs[0]; r.Filetype != "modlsrun" || !strings.HasSuffix(r.Name, "modls://run/m.query.buckets") && !strings.Contains(r.Name, "query.buckets") ||
		strings.Join(r.Lines[:4], "\n") != "name    | region\n--------+----------\nscratch | eu-west-1\n" {
		t.Errorf("query: %+v", r)
	}
	if r := res.Runs[1]; r.Filetype != "modlsrun" || len(r.Lines) != 8 || r.Lines[6] != "ok 2, alarm 1, info 0, skip 0, error 0" ||
		!strings.HasPrefix(r.Lines[7], "3 rows in ") || !strings.HasPrefix(r.Lines[2], "arn:aws:s3:::archive | ok ") {
		t.Errorf("control: %q", r.Lines)
	}
	r := res.Runs[2]
	last := r.Notes[len(r.Notes)-1]
	if r.Filetype == "modlsrun" || last.Level != 4 || !strings.Contains(last.Msg, "cannot execute DELETE in a read-only transaction") {
		t.Errorf("write: %+v", r)
	}
	if r := res.Runs[3]; r.Filetype != "modlsrun" || strings.Join(r.Lines[:4], "\n") != "name    | region\n--------+----------\narchive | us-east-1\nlogs    | us-east-1" {
		t.Errorf("the Run lens's command: %q", r.Lines)
	}
}
