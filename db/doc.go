// Package db is modls's one way to a database: which database to use
// (Resolve, as Powerpipe resolves it), the connection to it (Conn: opened
// lazily in the background, reopened with backoff after a failure, never
// making a caller wait on the network), and what modls asks of it — the
// catalog (ReadCatalog), the description of a statement without running it
// (Describe), and a run in a read-only transaction (Run).
//
// Nothing here connects unless a database is configured: the setting or
// --database, POWERPIPE_DATABASE, a workspace profile's database, or — in a
// trusted workspace — a mod's or resource's own. Powerpipe's default,
// Steampipe's service at postgres://steampipe@127.0.0.1:9193/steampipe, is
// used only when named (connection.steampipe.default).
//
// No password is ever part of what this package returns for display:
// Target.Display and every error it returns are redacted.
//
// The package is protocol-neutral; it uses github.com/jackc/pgx/v5.
package db
