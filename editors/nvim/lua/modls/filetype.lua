-- Filetype detection for Powerpipe mods. A .pp or .sp file is `powerpipe`
-- only inside a mod (a mod.pp or mod.sp in its folder or a folder above);
-- every other .pp is left to Neovim's own Puppet/Pascal detection and every
-- other .sp to SPICE. Variable files (.ppvars, .spvars) are always
-- `powerpipe`: nothing else claims them, and the server tells them apart by
-- their name. So is a mod's configuration, .modls.hcl, inside a mod (HCL
-- highlighting, and modls checks and completes it); elsewhere it stays hcl.
local root = require("modls.root")

local M = {}

M.filetype = "powerpipe"

-- detect returns "powerpipe" for a file of a mod, else nil.
function M.detect(path)
  if path == nil or path == "" then
    return nil
  end
  local ext = path:match("%.(%w+)$")
  if ext == "ppvars" or ext == "spvars" then
    return M.filetype
  end
  if path:match("[/\\]%.modls%.hcl$") and root.mod_root(path) then
    return M.filetype
  end
  if (ext == "pp" or ext == "sp") and root.mod_root(path) then
    return M.filetype
  end
  return nil
end

local registered = false

-- register installs the detection, once. With Lua filetype detection
-- (the default from Neovim 0.8 on; 0.7 with g:do_filetype_lua = 1) through
-- vim.filetype.add: a pattern that answers only for files of a mod, so that
-- the built-in extension rules still decide every other .pp and .sp. Before
-- 0.9 filetype.vim may be the detector instead, so an autocommand defined
-- after its rules also sets the filetype of a mod's files over what they
-- decided.
function M.register()
  if registered then
    return
  end
  registered = true
  if vim.filetype and vim.filetype.add then
    local function fn(path)
      return M.detect(path)
    end
    vim.filetype.add({
      extension = { ppvars = M.filetype, spvars = M.filetype },
      pattern = { [".*%.pp"] = fn, [".*%.sp"] = fn, [".*/%.modls%.hcl"] = fn },
    })
  end
  if vim.fn.has("nvim-0.9") == 0 then
    local group = vim.api.nvim_create_augroup("modls_filetype", { clear = true })
    vim.api.nvim_create_autocmd({ "BufNewFile", "BufRead" }, {
      group = group,
      pattern = { "*.pp", "*.sp", "*.ppvars", "*.spvars", ".modls.hcl" },
      callback = function(args)
        local buf = args.buf
        if vim.bo[buf].filetype ~= M.filetype and M.detect(vim.api.nvim_buf_get_name(buf)) then
          vim.bo[buf].filetype = M.filetype
        end
      end,
    })
  end
end

return M
