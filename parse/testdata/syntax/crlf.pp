# crlf.pp: every line ends with CR LF (Windows line endings).
// Line and column numbers must not count the CR as a character of its own.
/* A block comment
   spanning CRLF lines */

control "crlf_control" {
  title    = "CRLF control" # end-of-line comment before CR LF
  severity = "low"
  sql      = <<-EOQ
    select
      'crlf' as resource,
      'ok' as status,
      '${var.reason}' as reason
  EOQ
  tags = {
    style = "windows"
  }
}

benchmark "crlf_benchmark" {
  children = [
    control.crlf_control,
  ]
}

locals {
  plain_heredoc = <<EOT
first line
second line
EOT
  after = "after the heredoc"
}
