# Expect: query.before is found; everything after the unterminated /* is
# comment text, so control.hidden must NOT be reported; one error for the
# comment, pointing at its start.

query "before" {
  sql = "select 1"
}

/* this comment never ends

control "hidden" {
  sql = "select 2"
}
