// Package dbwork is what a workspace does with its databases, between the
// connections of package db and the analyses that use them: which database
// each resource runs against (Resolve — the setting or --database,
// POWERPIPE_DATABASE, the Powerpipe workspace profile's, then the
// resource's or its mod's own `database`, only when the workspace is
// trusted), and, for the language server, Databases: one lazy db.Session
// opened on first use and reset when the settings that choose the database
// change, the catalog setting's file loaded again when it changes, the
// catalog completion and hover read (Catalog), what the checks know of a
// resource's database (Check, a check.Database), a run's connection
// (Ready), the Run lenses' resources (Runnable), and the figures modls/stats
// reports (Stats).
//
// Nothing here connects unless a database is configured, and no request
// waits on the network but what a user asks to run (Ready, Refresh),
// bounded and cancellable. The package is protocol-neutral: lsp and
// cmd/modls turn its answers into messages.
package dbwork
