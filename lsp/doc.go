// Package lsp is the protocol layer of modls: the only package that imports
// glsp. Over internal/jsonrpc2's connection it owns the message loop
// (server.go), and translates each LSP method into calls on the index and
// the analysis packages (hover, outline, tokens, complete, rename, format,
// check), which know nothing of the protocol and answer in byte offsets:
// one short handler per method (definition.go, hover.go, folding.go, …)
// converts positions, calls, and converts back. The settings are decoded by
// package settings, and what the workspace does with its databases is
// package dbwork's: settings.go and database.go only receive and apply.
//
// # Message flow
//
// The loop reads one message at a time. Notifications — text
// synchronization above all — and the lifecycle requests (initialize,
// shutdown) run in arrival order on the loop's goroutine, so a request that
// follows an edit sees the edit. Every other request runs on its own
// goroutine with a context that $/cancelRequest cancels (the id is read from
// the raw params); a cancelled request is answered with RequestCancelled. A
// panic in any handler is recovered, logged with its stack, and answered
// with InternalError. Calls from the server to the client (progress,
// configuration) are answered through the same loop, so a handler may wait
// for one without deadlock. A malformed message is answered with ParseError
// or InvalidRequest and the session goes on.
//
// # State
//
// The session's state — the index, the open documents, the mods, the roots,
// the file watcher — is package workspace's; the server keeps only what is
// protocol: the settings, the client's capabilities and the open
// documents' URIs. Text synchronization (text_sync.go) turns notifications
// into the workspace's events, in arrival order. A request takes one view
// (view.go): a workspace.Snapshot and the settings, taken at once; it reads
// only that. Requests that need the index wait for the first build, with a
// bound.
//
// # Positions
//
// position.go is the one place where LSP positions (UTF-16 code units) and
// byte offsets or parse positions convert; a file that is all ASCII needs
// no conversion work.
package lsp
