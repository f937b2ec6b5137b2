-- modls for Neovim: starts the modls language server for Powerpipe mods and
-- attaches it to every `powerpipe` buffer. Works from Neovim 0.7 on:
-- vim.lsp.start where it exists (0.8+), else vim.lsp.start_client and
-- vim.lsp.buf_attach_client, one client per workspace root.
--
--   require("modls").setup({
--     path = "modls",                  -- or cmd = { "/path/to/modls", "--stdio" }
--     settings = { cacheBudgetMB = 256, diagnostics = { unused = false } },
--     on_attach = function(client, bufnr) end,
--   })
local root = require("modls.root")

local M = {}

local defaults = {
  -- The modls binary: a name on PATH or a path. Ignored when cmd is set.
  path = "modls",
  -- More arguments after --stdio, e.g. { "--log-file", "/tmp/modls.log" }.
  args = {},
  -- The whole command, when path and args are not enough.
  cmd = nil,
  -- The server's settings (the "modls" section): cacheBudgetMB, ignorePaths,
  -- diagnostics.{syntax,structure,references,duplicates,unused,sql,workspace}.
  settings = {},
  -- Called as on_attach(client, bufnr) when modls attaches to a buffer.
  on_attach = nil,
  -- LSP client capabilities (e.g. from a completion plugin).
  capabilities = nil,
  -- Filetypes to attach to.
  filetypes = { "powerpipe" },
  -- Highlight with the tree-sitter HCL parser when it is installed (0.9+).
  treesitter = true,
  -- Start the server when a buffer of the filetypes opens.
  autostart = true,
}

M.config = vim.deepcopy(defaults)

local has = function(feature)
  return vim.fn.has(feature) == 1
end

local function notify(msg, level)
  vim.notify("modls: " .. msg, level or vim.log.levels.INFO)
end

-- clients returns the running modls clients.
local function clients()
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  local out = {}
  for _, c in ipairs(all) do
    if c.name == "modls" then
      table.insert(out, c)
    end
  end
  return out
end
M.clients = clients

-- request sends a request through a client, with the method-call syntax of
-- the running Neovim (client:request from 0.11, client.request before).
local function request(client, method, params, handler, bufnr)
  if has("nvim-0.11") then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

-- cmd returns the command that starts the server.
function M.cmd()
  local c = M.config
  if c.cmd then
    return c.cmd
  end
  local out = { c.path or "modls", "--stdio" }
  for _, a in ipairs(c.args or {}) do
    table.insert(out, a)
  end
  return out
end

local warned_missing = false

-- client_config returns the configuration of a client for root_dir.
local function client_config(root_dir)
  local c = M.config
  -- The settings go both in initializationOptions, read at start-up (Neovim
  -- 0.7 neither answers workspace/configuration nor sends
  -- didChangeConfiguration), and in settings, which later versions serve
  -- through workspace/configuration. Never as an empty table: that would
  -- be encoded as a JSON array.
  local settings, init_options = {}, nil
  if c.settings and next(c.settings) ~= nil then
    settings = { modls = c.settings }
    init_options = settings
  end
  return {
    name = "modls",
    cmd = M.cmd(),
    root_dir = root_dir,
    settings = settings,
    init_options = init_options,
    capabilities = c.capabilities,
    on_attach = function(client, bufnr)
      if c.on_attach then
        c.on_attach(client, bufnr)
      end
    end,
  }
end

-- Clients started through vim.lsp.start_client (Neovim 0.7), by root.
local by_root = {}

-- attach starts modls for the buffer's workspace root, or reuses the client
-- already running there, and attaches it to the buffer. It returns the
-- client id, or nil when the buffer has no file or modls is not installed.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" or vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  local command = M.cmd()
  if vim.fn.executable(command[1]) == 0 then
    if not warned_missing then
      warned_missing = true
      notify(
        ("cannot run %q: build modls (`make build` in its repository gives bin/modls), put it on PATH, "
          .. "or pass its path: require(\"modls\").setup({ path = \"/path/to/modls\" })"):format(command[1]),
        vim.log.levels.WARN
      )
    end
    return nil
  end
  local root_dir = root.workspace_root(name)
  local config = client_config(root_dir)
  if vim.lsp.start then
    -- Neovim 0.8's vim.lsp.start attaches the current buffer.
    local id
    vim.api.nvim_buf_call(bufnr, function()
      id = vim.lsp.start(config, { bufnr = bufnr })
    end)
    return id
  end
  -- Neovim 0.7.
  local id = by_root[root_dir]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(config)
    if not id then
      return nil
    end
    by_root[root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- start_treesitter highlights a buffer with the HCL tree-sitter parser when
-- it and its highlight queries are installed (nvim-treesitter's "hcl"), and
-- reports whether it did; the syntax file highlights otherwise.
function M.start_treesitter(bufnr)
  if not (M.config.treesitter and has("nvim-0.9")) then
    return false
  end
  local ts = vim.treesitter
  if ts.language.register then
    ts.language.register("hcl", M.config.filetypes)
  end
  -- language.add throws when the parser is missing up to 0.10 and returns
  -- nil from 0.11: ask language.inspect, which throws for a language not
  -- loaded, either way.
  pcall(ts.language.add or ts.language.require_language, "hcl")
  if not pcall(ts.language.inspect or ts.language.inspect_language, "hcl") then
    return false
  end
  local get = ts.query.get or ts.query.get_query
  local ok, query = pcall(get, "hcl", "highlights")
  if not ok or not query then
    return false
  end
  return pcall(ts.start, bufnr, "hcl")
end

local function each_buffer(fn)
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.tbl_contains(M.config.filetypes, vim.bo[b].filetype) then
      fn(b)
    end
  end
end

-- restart stops every modls client, waits for them to exit, and attaches
-- a new one to every buffer of the filetypes.
function M.restart()
  local ids = {}
  for _, c in ipairs(clients()) do
    table.insert(ids, c.id)
    vim.lsp.stop_client(c.id)
  end
  local function gone()
    for _, id in ipairs(ids) do
      if vim.lsp.get_client_by_id(id) then
        return false
      end
    end
    return true
  end
  if not vim.wait(5000, gone, 20) then
    for _, id in ipairs(ids) do
      vim.lsp.stop_client(id, true)
    end
    vim.wait(2000, gone, 20)
  end
  by_root = {}
  warned_missing = false
  each_buffer(M.attach)
end

-- client_for returns the modls client attached to the current buffer, or
-- the first one running.
local function client_for(bufnr)
  local list = clients()
  for _, c in ipairs(list) do
    if c.attached_buffers and c.attached_buffers[bufnr] then
      return c
    end
  end
  return list[1]
end

local function need_client()
  local c = client_for(vim.api.nvim_get_current_buf())
  if not c then
    notify("not running (open a file of a Powerpipe mod)", vim.log.levels.WARN)
  end
  return c
end

-- stats shows what the server holds and what it costs (modls/stats).
function M.stats()
  local c = need_client()
  if not c then
    return
  end
  request(c, "modls/stats", vim.empty_dict(), function(err, result)
    if err then
      notify("modls/stats: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    notify("stats " .. vim.inspect(result))
  end, vim.api.nvim_get_current_buf())
end

-- resources fills the quickfix list with the mod's root benchmarks and
-- top-level dashboards (modls/resources), or only those of one kind.
function M.resources(kind)
  local c = need_client()
  if not c then
    return
  end
  local bufnr = vim.api.nvim_get_current_buf()
  request(c, "modls/resources", vim.empty_dict(), function(err, groups)
    if err then
      notify("modls/resources: " .. (err.message or ""), vim.log.levels.ERROR)
      return
    end
    local items, pending = {}, 0
    local function done()
      table.sort(items, function(a, b)
        return a.text < b.text
      end)
      vim.fn.setqflist({}, " ", { title = "Powerpipe resources", items = items })
      vim.cmd("copen")
    end
    for _, g in ipairs(groups or {}) do
      if kind == nil or kind == "" or g.name == kind then
        pending = pending + 1
        request(c, "modls/resources", { parent = g.id }, function(e2, nodes)
          for _, n in ipairs((not e2 and nodes) or {}) do
            local text = n.name
            if n.title and n.title ~= "" then
              text = text .. " — " .. n.title
            end
            table.insert(items, {
              filename = vim.uri_to_fname(n.uri),
              lnum = n.range.start.line + 1,
              col = n.range.start.character + 1,
              text = text,
            })
          end
          pending = pending - 1
          if pending == 0 then
            done()
          end
        end, bufnr)
      end
    end
    if pending == 0 then
      done()
    end
  end, bufnr)
end

-- sql_lines returns the lines that show an answer of the server's
-- modls.sql command: when parts of the SQL could not be known statically
-- (they stayed as their source text), one "-- incomplete: …" line for each
-- first; then the SQL.
function M.sql_lines(result)
  local lines = {}
  if result.complete == false then
    local unknown = type(result.unknown) == "table" and result.unknown or {}
    if #unknown == 0 then
      unknown = { "some parts could not be known statically" }
    end
    for _, u in ipairs(unknown) do
      local item = tostring(u):gsub("%s*[\r\n]+%s*", " ")
      table.insert(lines, "-- incomplete: " .. item)
    end
  end
  local sql = type(result.sql) == "string" and result.sql or ""
  sql = sql:gsub("\r\n", "\n"):gsub("\n$", "")
  vim.list_extend(lines, vim.split(sql, "\n", true))
  return lines
end

-- scratch shows lines in a scratch buffer called name (wiped when hidden,
-- `q` closes it) in a split below the current window, with filetype ft;
-- the window of an earlier buffer of that name is reused.
local function scratch(name, lines, ft, desc)
  local buf
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(b) == name then
      buf = b
    end
  end
  if not buf then
    buf = vim.api.nvim_create_buf(false, true)
    vim.bo[buf].buftype = "nofile"
    vim.bo[buf].bufhidden = "wipe"
    vim.bo[buf].swapfile = false
    pcall(vim.api.nvim_buf_set_name, buf, name)
    vim.keymap.set("n", "q", "<cmd>bwipeout<cr>", { buffer = buf, nowait = true, silent = true, desc = desc })
  end
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modified = false
  local win = vim.fn.bufwinid(buf)
  if win == -1 then
    vim.cmd("belowright split")
    win = vim.api.nvim_get_current_win()
    vim.api.nvim_win_set_buf(win, buf)
  else
    vim.api.nvim_set_current_win(win)
  end
  vim.api.nvim_win_set_cursor(win, { 1, 0 })
  vim.bo[buf].filetype = ft
end

-- show_sql shows the lines of a modls.sql answer in a scratch buffer
-- (filetype sql).
local function show_sql(result)
  local name = "modls://sql/" .. ((type(result.resource) == "string" and result.resource ~= "") and result.resource or "sql")
  scratch(name, M.sql_lines(result), "sql", "Close the rendered SQL")
end

-- sql shows the SQL of a resource as the server renders it statically
-- (variables, locals and params' defaults substituted; what cannot be known
-- stays as its source text) — the resource named, e.g. "query.x" or
-- "dep.control.y", else the one at the cursor.
function M.sql(resource)
  local bufnr = vim.api.nvim_get_current_buf()
  local arg
  if resource ~= nil and vim.trim(resource) ~= "" then
    arg = { resource = vim.trim(resource) }
  else
    local attached = false
    for _, c in ipairs(clients()) do
      attached = attached or (c.attached_buffers and c.attached_buffers[bufnr]) or false
    end
    if not attached then
      notify("ModlsSQL: this buffer is not a file of a Powerpipe mod; give a resource, e.g. :ModlsSQL query.x",
        vim.log.levels.WARN)
      return
    end
    local p = vim.lsp.util.make_position_params(0, "utf-16")
    arg = { uri = p.textDocument.uri, position = p.position }
  end
  local c = need_client()
  if not c then
    return
  end
  request(c, "workspace/executeCommand", { command = "modls.sql", arguments = { arg } }, function(err, result)
    if err then
      -- The server's messages mostly begin with the command's name already.
      local msg = type(err.message) == "string" and err.message or vim.inspect(err)
      if not vim.startswith(msg, "modls.sql") then
        msg = "modls.sql: " .. msg
      end
      notify(msg, vim.log.levels.WARN)
      return
    end
    if type(result) ~= "table" or type(result.sql) ~= "string" then
      notify("modls.sql: no SQL", vim.log.levels.WARN)
      return
    end
    show_sql(result)
  end, bufnr)
end

-- cell is a value of a modls.run row as text: "" for null, JSON for
-- arrays and objects, one line.
local function cell(v)
  if v == nil or v == vim.NIL then
    return ""
  elseif type(v) == "table" then
    return vim.fn.json_encode(v)
  end
  return (tostring(v):gsub("[\r\n]+", " "))
end

-- run_lines returns the lines that show an answer of modls.run: the
-- columns aligned under a header and a rule, then a line of the control's
-- counts by status, and what was cut (more rows than the limit).
function M.run_lines(result)
  local cols = type(result.columns) == "table" and result.columns or {}
  local rows = type(result.rows) == "table" and result.rows or {}
  local width, text = {}, {}
  for i, c in ipairs(cols) do
    width[i] = vim.fn.strdisplaywidth(c.name or "")
  end
  for r, row in ipairs(rows) do
    text[r] = {}
    for i = 1, #cols do
      local s = cell(row[i])
      text[r][i] = s
      width[i] = math.max(width[i], vim.fn.strdisplaywidth(s))
    end
  end
  local function line(cells)
    local parts = {}
    for i, s in ipairs(cells) do
      if i < #cells then
        s = s .. string.rep(" ", width[i] - vim.fn.strdisplaywidth(s))
      end
      table.insert(parts, s)
    end
    return (table.concat(parts, " | "):gsub("%s+$", ""))
  end
  local head, rule = {}, {}
  for i, c in ipairs(cols) do
    head[i] = c.name or ""
    rule[i] = string.rep("-", width[i])
  end
  local lines = { line(head), table.concat(rule, "-+-") }
  for _, r in ipairs(text) do
    table.insert(lines, line(r))
  end
  table.insert(lines, "")
  local s = result.summary
  if type(s) == "table" then
    table.insert(lines, string.format("ok %d, alarm %d, info %d, skip %d, error %d", s.ok or 0, s.alarm or 0,
      s.info or 0, s.skip or 0, s.error or 0))
  end
  local n = #rows == 1 and "1 row" or (#rows .. " rows")
  if result.truncated then
    n = "the first " .. n .. " (run.maxRows)"
  end
  table.insert(lines, string.format("%s in %d ms", n, result.durationMs or 0))
  return lines
end

-- run_arg reads a name=value of :ModlsRun: the value as JSON when it is
-- (5, true, ["a"], "quoted"), else as text.
local function run_arg(value)
  local ok, v = pcall(vim.fn.json_decode, value)
  if ok and v ~= nil then
    return v
  end
  return value
end

-- run runs the SQL of a resource on its database, read-only — the one
-- named first in args ("query.x"), else the one at the cursor — with the
-- name=value args that follow, and shows the rows in a scratch buffer.
function M.run(args)
  local bufnr = vim.api.nvim_get_current_buf()
  local arg = { args = vim.empty_dict() }
  for _, word in ipairs(vim.split(vim.trim(args or ""), "%s+", false)) do
    local name, value = word:match("^([^=]+)=(.*)$")
    if name then
      arg.args[name] = run_arg(value)
    elseif word ~= "" then
      arg.resource = word
    end
  end
  if not arg.resource then
    local attached = false
    for _, c in ipairs(clients()) do
      attached = attached or (c.attached_buffers and c.attached_buffers[bufnr]) or false
    end
    if not attached then
      notify("ModlsRun: this buffer is not a file of a Powerpipe mod; give a resource, e.g. :ModlsRun query.x",
        vim.log.levels.WARN)
      return
    end
    local p = vim.lsp.util.make_position_params(0, "utf-16")
    arg.uri, arg.position = p.textDocument.uri, p.position
  end
  local c = need_client()
  if not c then
    return
  end
  notify("modls.run: running " .. (arg.resource or "the resource at the cursor") .. " …")
  request(c, "workspace/executeCommand", { command = "modls.run", arguments = { arg } }, function(err, result)
    if err then
      local msg = type(err.message) == "string" and err.message or vim.inspect(err)
      if not vim.startswith(msg, "modls.run") then
        msg = "modls.run: " .. msg
      end
      notify(msg, vim.log.levels.ERROR)
      return
    end
    if type(result) ~= "table" then
      notify("modls.run: no answer", vim.log.levels.WARN)
      return
    end
    scratch("modls://run/" .. (result.resource or "run"), M.run_lines(result), "modlsrun", "Close the results")
  end, bufnr)
end

-- refresh_catalog reads the database's tables and columns again.
function M.refresh_catalog()
  local c = need_client()
  if not c then
    return
  end
  request(c, "workspace/executeCommand", { command = "modls.refreshCatalog", arguments = {} }, function(err, result)
    if err then
      notify("modls.refreshCatalog: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    notify(string.format("modls: %d tables, %d columns from %s", result.tables or 0, result.columns or 0,
      result.source or "the database"))
  end, vim.api.nvim_get_current_buf())
end

-- Names that workspace/symbol returns and :ModlsSQL does not take.
local not_resources = { ["local"] = true, var = true, mod = true }

-- complete_resources completes :ModlsSQL's argument with the names of the
-- workspace's resources (workspace/symbol, which matches the short name:
-- the part after the type), waiting at most half a second.
local function complete_resources(lead)
  local c = client_for(vim.api.nvim_get_current_buf())
  if not c then
    return {}
  end
  local params = { query = lead:match("%.([^.]*)$") or "" }
  local resp
  if has("nvim-0.11") then
    resp = c:request_sync("workspace/symbol", params, 500)
  else
    resp = c.request_sync("workspace/symbol", params, 500)
  end
  local seen, out = {}, {}
  for _, s in ipairs((resp and type(resp.result) == "table") and resp.result or {}) do
    local n = s.name
    local typ = type(n) == "string" and n:match("^([%w_]+)%.[%w_]")
    if typ and not not_resources[typ] and vim.startswith(n, lead) and not seen[n] then
      seen[n] = true
      table.insert(out, n)
    end
  end
  table.sort(out)
  return out
end

-- showReferences runs the command of modls's code lenses ("N references",
-- "N controls"): its third argument is the list of LSP locations, shown
-- in the quickfix list.
local function show_references(command)
  local locations = (command.arguments or {})[3] or {}
  if #locations == 0 then
    vim.notify("modls: no references", vim.log.levels.INFO)
    return
  end
  local items = vim.lsp.util.locations_to_items(locations, "utf-16")
  vim.fn.setqflist({}, " ", { title = command.title or "modls references", items = items })
  vim.cmd("copen")
end

local function commands()
  vim.lsp.commands["modls.showReferences"] = show_references
  -- The "▶ Run" code lens of a query or control, with a database.
  vim.lsp.commands["modls.runResource"] = function(command)
    local a = (command.arguments or {})[1] or {}
    M.run(type(a.resource) == "string" and a.resource or "")
  end
  local cmd_opts = function(desc, extra)
    local o = { desc = desc }
    for k, v in pairs(extra or {}) do
      o[k] = v
    end
    return o
  end
  vim.api.nvim_create_user_command("ModlsRestart", function()
    M.restart()
  end, cmd_opts("Restart the modls language server"))
  vim.api.nvim_create_user_command("ModlsStats", function()
    M.stats()
  end, cmd_opts("Show what modls holds and what it costs"))
  vim.api.nvim_create_user_command("ModlsResources", function(a)
    M.resources(a.args)
  end, cmd_opts("List the mod's benchmarks and dashboards in the quickfix list", {
    nargs = "?",
    complete = function()
      return { "benchmark", "dashboard" }
    end,
  }))
  vim.api.nvim_create_user_command("ModlsSQL", function(a)
    M.sql(a.args)
  end, cmd_opts("Show the rendered SQL of the resource at the cursor, or of the one named", {
    nargs = "?",
    complete = complete_resources,
  }))
  vim.api.nvim_create_user_command("ModlsRun", function(a)
    M.run(a.args)
  end, cmd_opts("Run the SQL of the resource at the cursor, or of the one named, with name=value args", {
    nargs = "*",
    complete = complete_resources,
  }))
  vim.api.nvim_create_user_command("ModlsRefreshCatalog", function()
    M.refresh_catalog()
  end, cmd_opts("Read the tables and columns of the database again"))
end

-- setup configures modls (see the defaults above), installs filetype
-- detection and commands, and starts the server for Powerpipe buffers,
-- including those already open.
function M.setup(opts)
  M.did_setup = true
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  if opts and opts.settings then
    -- Lists (ignorePaths) are replaced, not merged.
    M.config.settings = vim.deepcopy(opts.settings)
  end
  require("modls.filetype").register()
  commands()
  local group = vim.api.nvim_create_augroup("modls", { clear = true })
  if M.config.autostart then
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = M.config.filetypes,
      callback = function(args)
        M.attach(args.buf)
      end,
    })
    each_buffer(M.attach)
  end
  return M
end

return M
