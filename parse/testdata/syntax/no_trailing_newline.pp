control "no_trailing_newline" {
  sql = "select 1"
}