-- A Neovim session with the plugin of editors/nvim, run headless by
-- TestNeovimPlugin (after nvim_plugin_init.lua, or with no init at all to
-- see the plugin's filetype detection alone). It reads what to do from the
-- JSON file $MODLS_SPEC, does it as a user would (open files, hover, restart
-- with other settings, re-indent), and writes what Neovim saw as JSON to
-- $MODLS_OUT. Only the Neovim 0.7 API, as Debian ships it.
local function read(path)
  local f = assert(io.open(path))
  local s = f:read("*a")
  f:close()
  return s
end

local spec = vim.fn.json_decode(read(os.getenv("MODLS_SPEC")))
local results = { files = {} }

local function modls_clients(buf)
  local out = {}
  for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
    if c.name == "modls" then
      table.insert(out, c)
    end
  end
  return out
end

-- attached waits until a modls client attached to buf is initialized.
local function attached(buf, ms)
  local client
  vim.wait(ms, function()
    local cs = modls_clients(buf)
    if #cs > 0 and cs[1].initialized then
      client = cs[1]
      return true
    end
    return false
  end, 20)
  return client
end

local function diagnostics(buf, ms)
  vim.wait(ms, function()
    return #vim.diagnostic.get(buf) > 0
  end, 20)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out, { severity = d.severity, message = d.message })
  end
  return out
end

local function hover(buf, pos)
  local resp = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = pos[1], character = pos[2] },
  }, 30000)
  for _, r in pairs(resp or {}) do
    if r.err then
      return "error: " .. tostring(r.err.message)
    end
    if r.result and r.result.contents then
      return r.result.contents.value or vim.inspect(r.result.contents)
    end
  end
  return ""
end

local ok, err = pcall(function()
  for _, f in ipairs(spec.files) do
    vim.cmd("edit " .. vim.fn.fnameescape(f.path))
    local buf = vim.api.nvim_get_current_buf()
    local rec = { path = f.path, filetype = vim.bo[buf].filetype, shiftwidth = vim.bo[buf].shiftwidth, syntax = {} }
    local client
    if f.attach then
      client = attached(buf, 30000)
    else
      vim.wait(spec.settle or 300)
      client = modls_clients(buf)[1]
    end
    if client then
      rec.client = client.id
      rec.root = client.config.root_dir
    end
    if client and f.hover then
      rec.hover = hover(buf, f.hover)
    end
    for _, pos in ipairs(f.syntax or {}) do
      local id = vim.fn.synID(pos[1] + 1, pos[2] + 1, 1)
      table.insert(rec.syntax, vim.fn.synIDattr(id, "name"))
    end
    table.insert(results.files, rec)
  end

  -- The configuration for vim.lsp.config (0.11): its fields, and its
  -- root_dir on the last file opened.
  if spec.plugin then
    local cfg = dofile(spec.plugin .. "/lsp/modls.lua")
    results.lsp_config = { cmd = cfg.cmd, filetypes = cfg.filetypes, root_markers = cfg.root_markers }
    cfg.root_dir(vim.api.nvim_get_current_buf(), function(dir)
      results.lsp_config.root = dir
    end)
    -- Its before_init with no settings, then with some.
    local params = {}
    cfg.before_init(params, cfg)
    results.lsp_config.init_options_default = params.initializationOptions or vim.NIL
    cfg.before_init(params, { settings = { modls = spec.restart.settings } })
    results.lsp_config.init_options = params.initializationOptions
  end

  -- :ModlsResources from the last file opened: the quickfix list.
  if spec.resources then
    vim.cmd("ModlsResources")
    vim.wait(30000, function()
      return #vim.fn.getqflist() > 0
    end, 20)
    results.resources = {}
    for _, item in ipairs(vim.fn.getqflist()) do
      table.insert(results.resources, vim.api.nvim_buf_get_name(item.bufnr) .. ":" .. item.lnum .. ": " .. item.text)
    end
    vim.cmd("cclose")
  end

  -- Other settings, then :ModlsRestart: a new client, which reads them.
  if spec.restart then
    require("modls").setup({ path = os.getenv("MODLS_BIN"), settings = spec.restart.settings })
    vim.cmd("edit " .. vim.fn.fnameescape(spec.restart.path))
    local buf = vim.api.nvim_get_current_buf()
    local before = attached(buf, 30000)
    local rec = { before = before and before.id, before_diagnostics = diagnostics(buf, 30000) }
    vim.cmd("ModlsRestart")
    local after = attached(buf, 30000)
    rec.after = after and after.id
    rec.after_diagnostics = diagnostics(buf, 30000)
    results.restart = rec
  end

  -- Indentation: the given lines, stripped of their indent, re-indented.
  if spec.indent then
    vim.cmd("enew")
    vim.bo.filetype = "powerpipe"
    local flat = {}
    for _, l in ipairs(spec.indent) do
      table.insert(flat, (l:gsub("^%s+", "")))
    end
    vim.api.nvim_buf_set_lines(0, 0, -1, false, flat)
    vim.cmd("silent normal! gg=G")
    results.indent = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  end
end)
if not ok then
  results.error = tostring(err)
end
results.errmsg = vim.v.errmsg
results.messages = vim.fn.execute("messages")
local f = io.open(os.getenv("MODLS_OUT"), "w")
f:write(vim.fn.json_encode(results))
f:close()
vim.cmd("qa!")
