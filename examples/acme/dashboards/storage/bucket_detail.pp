# dashboards/storage/bucket_detail.pp: one bucket and everything around it.

dashboard "bucket_detail" {
  title         = "Bucket detail"
  documentation = file("./docs/bucket_detail.md")
  tags          = merge(local.storage_common_tags, { type = "Detail" })

  input "bucket_arn" {
    title = "Select a bucket:"
    query = query.bucket_input
    width = 4
  }

  with "kms_keys" {
    query = query.kms_keys_for_bucket
    args  = [self.input.bucket_arn.value]
  }

  with "bucket_row" {
    sql  = "select arn, name, region, owner from acme_storage_bucket where arn = $1"
    args = [self.input.bucket_arn.value]
  }

  container {

    card {
      width = 3
      label = "Versioning"
      sql   = <<-EOQ
        select
          case when versioning_enabled then 'Enabled' else 'Disabled' end as value,
          case when versioning_enabled then 'ok' else 'alert' end as type
        from
          acme_storage_bucket
        where
          arn = $1;
      EOQ
      args  = [self.input.bucket_arn.value]
    }

    card {
      width = 3
      label = "Owner"
      sql   = "select $1::text as value"
      args  = [with.bucket_row.rows[0].owner]
    }

    card {
      width = 3
      label = "Keys"
      sql   = "select cardinality($1::text[]) as value"
      args  = [with.kms_keys.rows[*].key_arn]
    }
  }

  container "bucket_graphs" {

    graph {
      base = graph.bucket_relationships
      args = {
        bucket_arn = self.input.bucket_arn.value
      }
    }

    graph {
      title     = "Keys and regions"
      type      = "graph"
      direction = "TD"

      node {
        base = node.acme_kms_key
        args = {
          key_arns = with.kms_keys.rows[*].key_arn
        }
      }

      node {
        base = node.acme_bucket
        args = {
          bucket_arns = [self.input.bucket_arn.value]
        }
      }

      edge {
        base = edge.bucket_to_kms_key
        args = {
          bucket_arns = [self.input.bucket_arn.value]
        }
      }

      edge {
        base = edge.region_to_bucket
        args = {
          bucket_arns = [self.input.bucket_arn.value]
        }
      }
    }

    flow {
      base  = flow.bucket_key_flow
      width = 6
      args = {
        bucket_arns = [self.input.bucket_arn.value]
      }
    }

    hierarchy {
      base  = hierarchy.key_usage
      width = 6
    }
  }

  table {
    title = "Tags"
    width = 6
    sql   = <<-EOQ
      select key as "Key", value as "Value"
      from acme_storage_bucket, jsonb_each_text(tags)
      where arn = $1
      order by key;
    EOQ
    args  = [self.input.bucket_arn.value]

    column "Value" {
      wrap = "all"
    }
  }
}
