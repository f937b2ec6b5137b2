# controls/storage.pp: storage controls in all the supported forms.

# A query with named args.
control "bucket_versioning_enabled" {
  title         = "Buckets have versioning enabled"
  description   = "Versioning keeps earlier object versions after overwrites and deletes."
  documentation = file("./docs/bucket_versioning_enabled.md")
  severity      = "medium"
  query         = query.bucket_versioning_check
  args = {
    expected = true
    regions  = var.regions
  }
  tags = merge(local.storage_common_tags, { control_id = "ST-01" })
}

# Inline SQL.
control "bucket_encrypted" {
  title    = "Buckets are encrypted at rest"
  severity = "high"
  sql      = "select arn as resource, case when encryption is null then 'alarm' else 'ok' end as status, name as reason from acme_storage_bucket"
  tags     = local.storage_common_tags
}

# SQL copied from a query (params are not copied), with positional args.
control "bucket_versioning_disabled_in_sandbox" {
  title    = "Sandbox buckets do not keep versions"
  severity = "low"
  sql      = query.bucket_versioning_check.sql
  args     = [false, ["sandbox-1"]]
  tags     = local.storage_common_tags
}

# Reuse through base: only the title and severity change.
control "bucket_versioning_enabled_strict" {
  base     = control.bucket_versioning_enabled
  title    = "Buckets have versioning enabled (strict)"
  severity = var.strict_mode ? "critical" : "high"
}

control "bucket_logging_enabled" {
  title    = "Buckets write access logs"
  severity = "medium"
  query    = query.bucket_logging_check
  tags     = merge(local.storage_common_tags, { control_id = "ST-03" })
}

# A query from the dependency mod.
control "bucket_no_public_read" {
  title    = "Buckets do not allow public reads"
  severity = "critical"
  query    = acme_shared.query.bucket_public_read
  tags     = local.storage_common_tags
}
