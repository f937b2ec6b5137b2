// Package pgtest starts a real PostgreSQL for tests: Debian's postgresql
// package (initdb, then postgres itself, a child process that the kernel
// stops if the test binary dies), in a temporary data directory on a free
// port of 127.0.0.1, as the unprivileged user postgres when the tests run as root
// (initdb refuses root). The server is loaded with a fixture that imitates
// Steampipe: a database steampipe, one schema per connection (aws, gcp) on
// the role's search path, tables named like plugin tables whose columns
// carry comments, and rows that make a control return ok and alarm.
//
// One server serves a whole test binary: call Main from TestMain and Need
// from each test, which skips with the reason when PostgreSQL is absent
// (set MODLS_REQUIRE_POSTGRES=1, as CI does, to fail instead). Only tests
// import it.
package pgtest
