-- Buffer settings for Powerpipe mod files (HCL): comments, formatting, and
-- tree-sitter highlighting with the HCL parser when it is installed.
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1

vim.cmd([[
setlocal commentstring=#\ %s
setlocal comments=:#,://,s1:/*,mb:*,ex:*/
setlocal formatoptions-=t formatoptions+=croql
setlocal expandtab shiftwidth=2 softtabstop=2
]])
vim.b.undo_ftplugin = "setlocal commentstring< comments< formatoptions< expandtab< shiftwidth< softtabstop<"

if require("modls").start_treesitter(vim.api.nvim_get_current_buf()) then
  vim.b.modls_treesitter = true
end
