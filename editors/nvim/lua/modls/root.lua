-- Mod roots: which folder a Powerpipe file belongs to. Plain vim.loop and
-- vim.fn calls only, so that it works from Neovim 0.7 on.
local M = {}

local uv = vim.uv or vim.loop

-- The files that make a folder a mod root, in Powerpipe's order of preference.
M.mod_files = { "mod.pp", "mod.sp" }

-- The markers of a workspace root, nearest first: a mod, else a repository.
M.markers = { "mod.pp", "mod.sp", ".git" }

local function is_file(path)
  local st = uv.fs_stat(path)
  return st ~= nil and st.type == "file"
end

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

-- parent returns the folder above dir, or nil at the top.
local function parent(dir)
  local p = vim.fn.fnamemodify(dir, ":h")
  if p == dir or p == "" or p == "." then
    return nil
  end
  return p
end

-- dir_of returns the absolute folder of a file path (which need not exist).
function M.dir_of(path)
  local abs = vim.fn.fnamemodify(path, ":p")
  return (vim.fn.fnamemodify(abs, ":h"))
end

-- upward calls found(dir) on the folder of path and each folder above it,
-- and returns the first folder for which it is true.
local function upward(path, found)
  local dir = M.dir_of(path)
  while dir do
    if found(dir) then
      return dir
    end
    dir = parent(dir)
  end
  return nil
end

-- mod_root returns the nearest folder at or above the file's folder that
-- holds a mod.pp or mod.sp, or nil when the file is not in a mod.
function M.mod_root(path)
  if path == nil or path == "" then
    return nil
  end
  return upward(path, function(dir)
    for _, name in ipairs(M.mod_files) do
      if is_file(dir .. "/" .. name) then
        return true
      end
    end
    return false
  end)
end

-- workspace_root returns the folder the language server should open for a
-- file: its mod root — or, for a dependency installed under
-- <mod>/.powerpipe/mods/, the mod that installed it, so that following a
-- definition into a dependency keeps one server —, else the nearest folder
-- with .git, else the file's own folder.
function M.workspace_root(path)
  local root = M.mod_root(path)
  if root then
    local owner = root:match("^(.-)[/\\]%.powerpipe[/\\]mods[/\\]")
    if owner and owner ~= "" then
      return owner
    end
    return root
  end
  local git = upward(path, function(dir)
    return exists(dir .. "/.git")
  end)
  return git or M.dir_of(path)
end

return M
