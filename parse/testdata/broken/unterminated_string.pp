# Expect: the string on the title line ends at the end of its line; the rest of
# control.broken (severity, sql) and the following query.after must still be
# found, and query.before before it.

query "before" {
  sql = "select 1"
}

control "broken" {
  title    = "Missing the closing quote
  severity = "high"
  sql      = "select 2"
}

query "after" {
  sql = "select 3"
}
