# This file is excluded by .powerpipeignore. It is deliberately broken so that
# a tool that loads it anyway fails loudly.
dashboard "half_written" {
  title = "Not finished
  card {
    sql = select count(*) from acme_storage_bucket
