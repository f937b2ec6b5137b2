# Expect: query.before is found intact; query.runaway is found but its heredoc
# swallows the rest of the file (the text below looks like blocks but is
# heredoc content), so control.swallowed must NOT be reported as a block.

query "before" {
  sql = "select 1"
}

query "runaway" {
  sql = <<-EOQ
    select *
    from acme_storage_bucket
  EOQ_NOT_THE_MARKER
}

control "swallowed" {
  sql = "select 2"
}
