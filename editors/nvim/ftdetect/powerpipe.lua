-- Powerpipe mods: .pp/.sp files inside a mod, and .ppvars/.spvars files.
-- See lua/modls/filetype.lua.
require("modls.filetype").register()
