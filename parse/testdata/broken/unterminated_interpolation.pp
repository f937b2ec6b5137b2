# Expect: query.ok is found; in control.broken the interpolation `${var.x`
# never closes; recovery should resume at the next line so that the
# severity attribute and control.after are still found.

query "ok" {
  sql = "select 1"
}

control "broken" {
  title    = "Value ${var.x"
  severity = "low"
}

control "after" {
  sql = "select 3"
}
