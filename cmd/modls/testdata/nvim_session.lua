-- A Neovim session against modls, run headless by TestNeovimSession with
-- Neovim's built-in LSP client (the 0.7 API, as Debian ships it). It opens a
-- corpus file, waits for diagnostics, asks for hover and definition, breaks a
-- reference with a buffer edit (sent as an incremental change) and waits
-- for the diagnostic, then writes what it saw as JSON for the Go test.
local bin = os.getenv("MODLS_BIN")
local file = os.getenv("MODLS_FILE")
local root = os.getenv("MODLS_ROOT")
local out = os.getenv("MODLS_OUT")
local ref_line = tonumber(os.getenv("MODLS_REF_LINE"))
local ref_char = tonumber(os.getenv("MODLS_REF_CHAR"))
local name_line = tonumber(os.getenv("MODLS_NAME_LINE"))
local name_char = tonumber(os.getenv("MODLS_NAME_CHAR"))

local results = { diagnostics = {} }
local function finish()
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(results))
  f:close()
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local published = 0
  local client_id = vim.lsp.start_client({
    name = "modls",
    cmd = { bin, "--stdio" },
    root_dir = root,
    handlers = {
      ["textDocument/publishDiagnostics"] = function(_, result, ctx, config)
        if result and result.uri == vim.uri_from_bufnr(buf) then
          published = published + 1
          table.insert(results.diagnostics, result.diagnostics)
        end
      end,
    },
  })
  if not client_id then
    results.error = "the client did not start"
    return
  end
  vim.lsp.buf_attach_client(buf, client_id)
  results.attached = vim.wait(20000, function() return published > 0 end, 50)

  local uri = vim.uri_from_bufnr(buf)
  local function request(method, line, char)
    local resp = vim.lsp.buf_request_sync(buf, method, { textDocument = { uri = uri }, position = { line = line, character = char } }, 20000)
    local r = resp and resp[client_id]
    if r == nil then return { error = "no response" } end
    if r.err then return { error = r.err.message } end
    return r.result
  end
  results.hover = request("textDocument/hover", name_line, name_char)
  results.definition = request("textDocument/definition", ref_line, ref_char)

  -- Break the reference: insert "zz_" at the start of its name (in the
  -- buffer only: the corpus is read-only).
  vim.bo[buf].readonly = false
  local before = published
  vim.api.nvim_buf_set_text(buf, ref_line, ref_char, ref_line, ref_char, { "zz_" })
  vim.wait(20000, function() return published > before and #results.diagnostics[#results.diagnostics] > 0 end, 50)
  results.definition_after_edit = request("textDocument/definition", ref_line, ref_char + 3)
end)
if not ok then
  results.error = tostring(err)
end
finish()
