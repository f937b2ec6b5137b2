# queries/storage.pp: reusable storage queries. Controls, cards and charts in
# other files point at these with `query = query.<name>`.

query "bucket_versioning_check" {
  title       = "Bucket versioning check"
  description = "Compares each bucket's versioning flag with the expected value."

  sql = <<-EOQ
    select
      arn as resource,
      case
        when versioning_enabled = $1 then 'ok'
        else 'alarm'
      end as status,
      name || case when versioning_enabled then ' has versioning enabled.' else ' has versioning disabled.' end as reason,
      region
    from
      acme_storage_bucket
    where
      region = any($2);
  EOQ

  param "expected" {
    description = "Value of versioning_enabled that counts as compliant."
    default     = true
  }

  param "regions" {
    description = "Regions to check."
    default     = var.regions
  }
}

query "bucket_encryption_check" {
  sql = <<-EOQ
    select
      arn as resource,
      case when encryption is null then 'alarm' else 'ok' end as status,
      name || coalesce(' is encrypted with ' || encryption || '.', ' is not encrypted.') as reason
      ${local.owner_dimensions_sql}
    from
      acme_storage_bucket;
  EOQ
}

query "bucket_logging_check" {
  sql = <<-EOQ
    select
      arn as resource,
      case when logging_target is null then 'alarm' else 'ok' end as status,
      name || ' logs to ' || coalesce(logging_target, 'nowhere') || '.' as reason
    from
      acme_storage_bucket
    where
      region in (${local.region_list_sql});
  EOQ
}

query "bucket_input" {
  sql = <<-EOQ
    select
      name as label,
      arn as value,
      json_build_object('region', region, 'owner', owner) as tags
    from
      acme_storage_bucket
    order by
      name;
  EOQ
}

query "bucket_count" {
  sql = "select count(*) as value, 'Buckets' as label from acme_storage_bucket"
}

query "bucket_count_by_region" {
  sql = <<-EOQ
    select region, count(*) as buckets
    from acme_storage_bucket
    where owner = $1 or $1 = 'all'
    group by region
    order by region;
  EOQ

  param "owner" {
    description = "Owner tag value, or 'all'."
    default     = "all"
  }
}

query "kms_keys_for_bucket" {
  sql = <<-EOQ
    select distinct k.arn as key_arn
    from acme_storage_bucket as b
    join acme_kms_key as k on k.arn = b.kms_key_arn
    where b.arn = $1;
  EOQ

  param "bucket_arn" {}
}
