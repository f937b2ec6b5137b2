# Expect: query.first, control.second and benchmark.third are all found; the
# garbage between them is reported once per run of junk, not once per token.

query "first" {
  sql = "select 1"
}

@@@ ??? ;; !! ~~ 42 "stray string" ) ] } =

control "second" {
  query = query.first
}

}}} %%% $$$ ->

benchmark "third" {
  children = [control.second]
}
