query "bucket_public_read" {
  title = "Buckets readable by anyone"
  sql   = <<-EOQ
    select
      arn as resource,
      case when public_read then 'alarm' else 'ok' end as status,
      name || case when public_read then ' is public.' else ' is private.' end as reason
    from
      acme_storage_bucket;
  EOQ
}

query "access_key_age_days" {
  sql = <<-EOQ
    select
      access_key_id as resource,
      case when created_at < now() - make_interval(days => $1) then 'alarm' else 'ok' end as status,
      access_key_id || ' belongs to ' || user_name || '.' as reason
    from
      acme_iam_access_key;
  EOQ

  param "max_days" {
    default = var.max_key_age_days
  }
}

query "missing_tags" {
  sql = <<-EOQ
    select
      arn as resource,
      case when tags ?& $1 then 'ok' else 'alarm' end as status,
      name || ' carries the required tags.' as reason
    from
      acme_storage_bucket;
  EOQ

  param "keys" {
    default = var.shared_tag_keys
  }
}
