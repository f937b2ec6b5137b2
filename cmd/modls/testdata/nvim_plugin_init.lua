-- A minimal init for TestNeovimPlugin: the plugin of editors/nvim is on the
-- runtimepath (--cmd "set rtp+=…"), and this is all a user's init needs.
require("modls").setup({ path = os.getenv("MODLS_BIN") })
