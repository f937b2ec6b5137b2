# components/panels.pp: reusable, parameterised panels. Dashboards embed them
# as `<type> { base = <type>.<name> ... }` and pass their own args.

card "bucket_total" {
  title = "Buckets"
  type  = "info"
  icon  = "inventory_2"
  width = 2
  query = query.bucket_count
}

card "unencrypted_buckets" {
  label = "Unencrypted"
  width = 2
  sql   = <<-EOQ
    select
      count(*) as value,
      case when count(*) = 0 then 'ok' else 'alert' end as type
    from
      acme_storage_bucket
    where
      encryption is null
      and (owner = $1 or $1 = 'all');
  EOQ

  param "owner" {
    default = "all"
  }
}

chart "buckets_by_region" {
  title     = "Buckets by region"
  type      = "column"
  grouping  = "stack"
  transform = "auto"
  query     = query.bucket_count_by_region

  legend {
    display  = "auto"
    position = "bottom"
  }

  axes {
    x {
      title {
        display = "always"
        align   = "center"
        value   = "Region"
      }
      labels {
        display = "auto"
      }
    }
    y {
      min = 0
      max = 500
      title {
        value = "Buckets"
      }
      labels {
        format = "{value}"
      }
    }
  }

  series "buckets" {
    title = "Buckets"
    color = "#0f766e"

    point "eu-central-1" {
      color = "#1d4ed8"
    }
  }
}

input "owner_picker" {
  title       = "Owner"
  type        = "select"
  width       = 3
  placeholder = "Pick an owner"

  option "all" {
    label = "All owners"
  }

  option "platform-team" {
    label = "Platform"
  }

  option "data-team" {
    label = "Data"
  }
}

image "acme_logo" {
  src   = "https://assets.acme.example/logo.svg"
  alt   = "ACME"
  width = 2
}

table "bucket_inventory" {
  title = "Bucket inventory"
  type  = "table"
  sql   = <<-EOQ
    select name, arn, region, owner, created_at
    from acme_storage_bucket
    where owner = $1 or $1 = 'all'
    order by created_at desc;
  EOQ

  param "owner" {
    default = "all"
  }

  column "arn" {
    display = "none"
  }

  column "name" {
    href = "/acme_insights.dashboard.bucket_detail?input.bucket_arn={{.arn | @uri}}"
    wrap = "all"
  }
}

text "data_disclaimer" {
  type  = "markdown"
  value = "Figures cover ${join(", ", var.regions)} and may lag by an hour."
}

flow "bucket_key_flow" {
  title = "Regions, buckets and keys"
  type  = "sankey"

  node {
    category = category.acme_region
    sql      = "select distinct region as id, region as title from acme_storage_bucket"
  }

  node {
    base = node.acme_bucket
    args = {
      bucket_arns = param.bucket_arns
    }
  }

  edge {
    base = edge.region_to_bucket
    args = {
      bucket_arns = param.bucket_arns
    }
  }

  param "bucket_arns" {
    default = []
  }
}

hierarchy "key_usage" {
  title = "Key usage"
  type  = "tree"
  sql   = <<-EOQ
    select arn as id, null as from_id, id as title, 'key' as category from acme_kms_key
    union all
    select arn as id, kms_key_arn as from_id, name as title, 'bucket' as category
    from acme_storage_bucket
    where kms_key_arn is not null;
  EOQ

  category "key" {
    color = "#dc2626"
  }

  category "bucket" {
    color = "#d97706"
  }
}

# A parameterised graph with its own `with` block. Nodes and edges read the
# param directly and the with block's rows through a splat.
graph "bucket_relationships" {
  title     = "Bucket relationships"
  type      = "graph"
  direction = "left_right"

  param "bucket_arn" {
    description = "ARN of the bucket in the middle of the graph."
  }

  with "keys_for_bucket" {
    query = query.kms_keys_for_bucket
    args  = [param.bucket_arn]
  }

  node {
    base = node.acme_bucket
    args = {
      bucket_arns = [param.bucket_arn]
    }
  }

  node {
    base = node.acme_kms_key
    args = {
      key_arns = with.keys_for_bucket.rows[*].key_arn
    }
  }

  edge {
    base = edge.bucket_to_kms_key
    args = {
      bucket_arns = [param.bucket_arn]
    }
  }

  category "public" {
    base = category.acme_public_bucket
  }

  category "orphan_key" {
    title = "Key without buckets"
    color = "#9ca3af"
  }
}
