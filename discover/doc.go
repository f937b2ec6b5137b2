// Package discover finds what a Powerpipe workspace is made of, without
// parsing HCL: the mod roots of a set of workspace folders (Workspace), each
// mod's source and variable files in Powerpipe's load order with its
// exclusions (Mod; .powerpipeignore through Ignore), the dependency mods
// installed under .powerpipe/mods and the lock file that names them
// (ModDir.Deps, Lock). Everything it skips — unreadable entries, symlink
// loops, links leaving the mod — is a Note, never a failure. The index loads
// what it lists; the server and modls check decide by it whether a file
// belongs to a mod. Every walk takes a context and stops at the next folder
// when it ends.
package discover
