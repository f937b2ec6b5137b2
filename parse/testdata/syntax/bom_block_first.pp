control "bom_first_token" {
  sql = "select 1"
}
