# components/graph_elements.pp: top-level categories, nodes and edges that
# graphs, flows and hierarchies reuse with `base` and `category`.

category "acme_bucket" {
  title = "Bucket"
  color = "#d97706"
  icon  = "inventory_2"
  href  = "/acme_insights.dashboard.bucket_detail?input.bucket_arn={{.properties.'ARN' | @uri}}"

  fold {
    title     = "Buckets"
    threshold = 3
    icon      = "inventory_2"
  }

  property "ARN" {
    display = "all"
    wrap    = "all"
  }
}

# Same look as acme_bucket, in red: everything not overridden comes from base.
category "acme_public_bucket" {
  base  = category.acme_bucket
  title = "Public bucket"
  color = "#b91c1c"
}

category "acme_kms_key" {
  title          = "KMS key"
  color          = "#dc2626"
  icon           = "key"
  depth          = 2
  property_order = ["ARN", "Rotation"]
}

category "acme_region" {
  title = "Region"
  color = "#4b5563"
  icon  = "public"
}

node "acme_bucket" {
  category = category.acme_bucket
  sql      = <<-EOQ
    select
      arn as id,
      name as title,
      jsonb_build_object('ARN', arn, 'Region', region, 'Owner', owner) as properties
    from
      acme_storage_bucket
    where
      arn = any($1);
  EOQ

  param "bucket_arns" {}
}

node "acme_kms_key" {
  category = category.acme_kms_key
  sql      = <<-EOQ
    select
      arn as id,
      id as title,
      jsonb_build_object('ARN', arn, 'Rotation', rotation_enabled) as properties
    from
      acme_kms_key
    where
      arn = any($1);
  EOQ

  param "key_arns" {}
}

edge "bucket_to_kms_key" {
  title = "encrypted with"
  sql   = <<-EOQ
    select
      b.arn as from_id,
      b.kms_key_arn as to_id
    from
      acme_storage_bucket as b
    where
      b.arn = any($1);
  EOQ

  param "bucket_arns" {}
}

edge "region_to_bucket" {
  title = "hosts"
  sql   = "select region as from_id, arn as to_id from acme_storage_bucket where arn = any($1)"

  param "bucket_arns" {}
}
