-- TestNeovimPluginHealth's session: for each file of $MODLS_SPEC's "files",
-- opens it, waits for modls to attach when it is a powerpipe buffer, runs
-- :checkhealth modls as a user would, and writes the report's lines to
-- $MODLS_OUT as JSON. Neovim 0.7's API only.
local function read(path)
  local f = assert(io.open(path))
  local s = f:read("*a")
  f:close()
  return s
end

local spec = vim.fn.json_decode(read(os.getenv("MODLS_SPEC")))
local results = { reports = {} }

local ok, e = pcall(function()
  for _, path in ipairs(spec.files) do
    vim.cmd("edit " .. vim.fn.fnameescape(path))
    local buf = vim.api.nvim_get_current_buf()
    if vim.bo[buf].filetype == "powerpipe" and spec.attach then
      vim.wait(30000, function()
        for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
          if c.name == "modls" and c.initialized then
            return true
          end
        end
        return false
      end, 20)
    end
    vim.cmd("checkhealth modls")
    table.insert(results.reports, vim.api.nvim_buf_get_lines(0, 0, -1, false))
    vim.cmd("tabclose")
  end
end)
if not ok then
  results.error = tostring(e)
end
local f = assert(io.open(os.getenv("MODLS_OUT"), "w"))
f:write(vim.fn.json_encode(results))
f:close()
vim.cmd("qa!")
