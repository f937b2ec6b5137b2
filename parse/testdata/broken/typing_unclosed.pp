# Expect: control.typing, whose closing brace is not typed yet, ends before
# query.next; query.next and benchmark.last are top-level blocks again, and
# the reference in benchmark.last is found.

control "typing" {
  title = "Half typed"
  query = query.

query "next" {
  sql = "select 1"
}

benchmark "last" {
  children = [control.typing]
}
