// Package runner runs a resource's SQL for the user, protocol-neutral:
// `modls run` and the server's modls.run share it. Prepare renders the SQL
// of a query, control, detection or panel, binds its $n from the args the
// user gives, else the resource's own args, else the params' defaults;
// Run runs it on a db.Conn (read-only, bounded, cancellable) and, for a
// control, counts its rows by status (Summary).
package runner
