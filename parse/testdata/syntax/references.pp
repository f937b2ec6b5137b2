# references.pp: every reference form a Powerpipe mod uses.

variable "database" {
  type    = connection.steampipe
  default = connection.steampipe.default
}

control "refs" {
  title       = "${var.prefix} ${local.suffix}"
  query       = query.bucket_check
  args        = { regions = var.regions, limit = local.max }
  tags        = merge(local.common_tags, aws_compliance.var.tags)
  database    = var.database
}

control "sql_of_another" {
  sql  = control.refs.sql
  base = control.refs
}

control "dependency_query" {
  query = aws_compliance.query.s3_bucket_public
}

benchmark "tree" {
  children = [
    control.refs,
    benchmark.other,
    aws_compliance.benchmark.cis_v300,
    aws_compliance.control.s3_versioning,
    detection.logins,
  ]
}

dashboard "runtime" {
  input "bucket" {
    sql = "select 1"
  }

  with "keys" {
    sql  = query.keys.sql
    args = [self.input.bucket.value]
  }

  table {
    query = query.bucket_table
    args = {
      arn   = self.input.bucket.value
      keys  = with.keys.rows[*].key_arn
      first = with.keys.rows[0].key_arn
      all   = with.keys.rows
    }
  }

  chart {
    base = chart.shared
    args = [self.input.bucket.value]
  }
}

graph "parameterised" {
  param "arn" {
    default = self.input.bucket.value
  }

  node {
    base     = node.bucket
    category = category.bucket
    args     = [param.arn]
  }

  edge {
    base = edge.bucket_to_key
    args = { arns = [param.arn] }
  }
}

card "properties" {
  title = query.bucket_check.title
  label = dashboard.runtime.tags["type"]
  href  = "/${mod_name}.dashboard.runtime?input.bucket={{.arn}}"
}
