# Expect: the two blocks before the damage (query.first, control.second) must
# still be found with correct ranges; dashboard.third is reported as open at
# EOF, and its card and title attribute are still found.

query "first" {
  sql = "select 1"
}

control "second" {
  query = query.first
}

dashboard "third" {
  title = "Never closed"

  card {
    sql = "select 2"
  }
