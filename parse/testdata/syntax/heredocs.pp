# heredocs.pp: every heredoc shape the scanner must get right.

query "plain_heredoc" {
  sql = <<EOT
select * from acme_storage_bucket
EOT
}

query "indented_heredoc" {
  sql = <<-EOQ
    select
      name,
      '${var.suffix}' as suffix, -- interpolation
      $1 as first_param,
      'literal $${x} and %%{y}' as escaped
    from
      acme_storage_bucket
    where
      region = '%{ if var.eu }eu-central-1%{ else }us-east-2%{ endif }'
  EOQ
}

query "marker_lookalikes" {
  # Lines that contain or start with the marker but are not the marker alone.
  sql = <<-EOQ
    select 'EOQ' as a,
      EOQ_COLUMN as b
    EOQ is not the end
    EOQX
    -- the next line is the real end
  EOQ
}

query "closing_marker_far_left" {
  sql = <<-EOQ
        deep indentation
      shallower
EOQ
}

query "closing_marker_deep" {
  sql = <<-EOQ
    text
            EOQ
}

locals {
  empty_heredoc = <<EOT
EOT

  empty_indented = <<-EOT
  EOT

  as_argument = trimspace(<<-EOT
    padded
  EOT
  )

  two_arguments = replace(<<EOT
one __X__ two
EOT
  , "__X__", "and")

  in_a_list = [
    <<-EOT
      first
    EOT
    ,
    "second",
    <<-EOT
      third ${var.x}
    EOT
  ]

  in_an_object = {
    sql = <<-EOT
      select 1
    EOT
    other = 2
  }

  with_directives = <<-EOT
    %{~ for k, v in var.m ~}
    ${k}: ${v}
    %{~ endfor ~}
  EOT

  braces_and_quotes = <<-EOT
    { "json": ["not", "hcl"] } }}} {{{
    "unbalanced quote
  EOT

  different_marker = <<SQL_TEXT
select 1;
SQL_TEXT

  after_heredoc = "still in the same block"
}
