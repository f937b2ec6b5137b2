-- :checkhealth modls — whether modls can run for the buffer being edited:
-- the Neovim version, the modls binary (found, runs, its version), and for
-- the buffer :checkhealth was run from, its filetype, its mod root, the
-- root a server gets, and the modls client attached to it. Neovim 0.7+
-- (require("health")) to 0.11+ (vim.health.start/ok/…).
local M = {}

local health = vim.health or require("health")
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local info = health.info or health.report_info
local warn = health.warn or health.report_warn
local err = health.error or health.report_error

-- target returns the buffer to report on: the current one when it holds a
-- file, else the one :checkhealth was run from (it opens its report in a new
-- buffer, whose alternate is that one), else nil.
local function target()
  local function file_buffer(b)
    return b > 0 and vim.api.nvim_buf_is_valid(b) and vim.bo[b].buftype == "" and vim.api.nvim_buf_get_name(b) ~= ""
  end
  local cur = vim.api.nvim_get_current_buf()
  if file_buffer(cur) then
    return cur
  end
  local alt = vim.fn.bufnr("#")
  if file_buffer(alt) then
    return alt
  end
  return nil
end

local function modls_clients(bufnr)
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  local out = {}
  for _, c in ipairs(all) do
    if c.name == "modls" and (bufnr == nil or (c.attached_buffers and c.attached_buffers[bufnr])) then
      table.insert(out, c)
    end
  end
  return out
end

local function check_neovim(modls)
  start("Neovim")
  if vim.fn.has("nvim-0.7") == 1 then
    local v = vim.version()
    ok(("Neovim %d.%d.%d"):format(v.major, v.minor, v.patch))
  else
    err("modls needs Neovim 0.7 or later")
  end
  if modls.did_setup then
    ok('require("modls").setup() was called: modls starts for powerpipe buffers')
  elseif vim.fn.has("nvim-0.11") == 1 then
    info('setup() was not called: start modls with vim.lsp.enable("modls") (lsp/modls.lua), or call setup()')
  else
    warn('require("modls").setup() was not called: nothing starts modls', { 'add require("modls").setup({}) to init.lua' })
  end
end

-- check_binary reports the binary and returns its path, or nil.
local function check_binary(modls)
  start("modls binary")
  local cmd = modls.cmd()
  local exe = vim.fn.exepath(cmd[1])
  if exe == "" then
    err(("%q not found (command: %s)"):format(cmd[1], table.concat(cmd, " ")), {
      "build and install it from a clone of modls: make install (puts modls in $(go env GOPATH)/bin)",
      "or give its path: require(\"modls\").setup({ path = \"/path/to/modls\" })",
    })
    return nil
  end
  ok(("found %s"):format(exe))
  local out = vim.fn.system({ exe, "version" })
  if vim.v.shell_error ~= 0 then
    err(("%s version failed (exit %d): %s"):format(exe, vim.v.shell_error, vim.trim(out)))
    return nil
  end
  ok(("version: %s"):format(vim.trim(vim.split(out, "\n")[1] or "")))
  return exe
end

local function check_buffer(modls)
  local root = require("modls.root")
  start("current buffer")
  local b = target()
  if not b then
    info("no file buffer: open a file of a mod and run :checkhealth modls again")
    return
  end
  local name = vim.api.nvim_buf_get_name(b)
  local ft = vim.bo[b].filetype
  info(("%s (filetype %s)"):format(name, ft ~= "" and ft or "none"))
  local mod = root.mod_root(name)
  local powerpipe = vim.tbl_contains(modls.config.filetypes, ft)
  if mod then
    ok(("in the mod at %s"):format(mod))
    if not powerpipe then
      warn(("in a mod, but its filetype is %q, not powerpipe"):format(ft), {
        "is editors/nvim on the runtimepath (its ftdetect claims a mod's .pp and .sp files)?",
        "a files.associations-like rule of yours (vim.filetype.add) may win: remove it for .pp/.sp",
      })
    end
  elseif name:match("%.[ps]pvars$") then
    info("a variable file in no mod: served from its repository (or folder) root")
  else
    info("not in a mod (no mod.pp or mod.sp in its folder or above): not Powerpipe, modls does not start for it")
  end
  if not (mod or powerpipe) then
    return
  end
  info(("the server's root: %s"):format(root.workspace_root(name)))
  local attached = modls_clients(b)
  if #attached > 0 then
    for _, c in ipairs(attached) do
      ok(("modls (client %d) is attached, root %s"):format(c.id, c.config.root_dir or "?"))
    end
  elseif powerpipe then
    warn("modls is not attached to this buffer", {
      "call require(\"modls\").setup() (or vim.lsp.enable(\"modls\") on 0.11), and check the binary above",
      ":ModlsRestart starts it again; :LspInfo (nvim-lspconfig) or :lua =vim.lsp.get_clients() show the clients",
    })
  end
end

function M.check()
  local modls = require("modls")
  check_neovim(modls)
  check_binary(modls)
  check_buffer(modls)
end

return M
