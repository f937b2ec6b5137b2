# Expect: query.first and query.second are both found as top-level blocks; the
# stray `}` between them is one error and does not close anything.

query "first" {
  sql = "select 1"
}
}

query "second" {
  sql = "select 2"
}
