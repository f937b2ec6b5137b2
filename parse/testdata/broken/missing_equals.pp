# Expect: control.first and control.third are found; in control.second the
# line `title "No equals sign"` is an error, but its sql attribute and the
# reference query.q on the following lines are still found.

control "first" {
  sql = "select 1"
}

control "second" {
  title "No equals sign"
  sql   = "select 2"
  query = query.q
}

control "third" {
  sql = "select 3"
}
