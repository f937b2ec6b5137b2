-- modls, the language server for Powerpipe mods, for Neovim 0.11+:
--
--   vim.lsp.enable("modls")
--
-- With this plugin on the runtimepath, vim.lsp.config picks this file up;
-- override any field with vim.lsp.config("modls", { … }), e.g.
--
--   vim.lsp.config("modls", {
--     cmd = { "/path/to/modls", "--stdio" },
--     settings = { modls = { cacheBudgetMB = 256, diagnostics = { unused = false } } },
--   })
--
-- Settings (section "modls", read through workspace/configuration):
-- cacheBudgetMB, ignorePaths, and diagnostics.{syntax, structure,
-- references, duplicates, unused, sql, workspace}. Empty settings leave the
-- server's defaults.
local markers = { "mod.pp", "mod.sp", ".git" }

---@type vim.lsp.Config
return {
  cmd = { "modls", "--stdio" },
  filetypes = { "powerpipe" },
  root_markers = markers,
  -- The root is the mod's folder — for a dependency installed under
  -- <mod>/.powerpipe/mods/, the mod that installed it, so one server serves
  -- both —, else the repository, else the file's folder. root_dir takes
  -- precedence over root_markers, which say the same for tools that read
  -- only them.
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    local ok, root = pcall(require, "modls.root")
    if ok then
      on_dir(root.workspace_root(name))
      return
    end
    on_dir(vim.fs.root(bufnr, markers) or vim.fs.dirname(name))
  end,
  settings = {},
  -- The settings also go in initializationOptions, so that the first
  -- diagnostics already follow them (never an empty table: Neovim would
  -- encode it as a JSON array).
  before_init = function(params, config)
    local s = config.settings and config.settings.modls
    if s and next(s) ~= nil then
      params.initializationOptions = { modls = s }
    end
  end,
}
