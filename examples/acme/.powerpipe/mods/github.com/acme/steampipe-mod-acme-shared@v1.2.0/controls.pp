control "iam_root_mfa_enabled" {
  title    = "The root account uses MFA"
  severity = "critical"
  sql      = "select arn as resource, case when mfa_enabled then 'ok' else 'alarm' end as status, 'Root MFA: ' || mfa_enabled as reason from acme_iam_user where is_root"
  tags     = local.shared_common_tags
}

control "access_keys_rotated" {
  title    = "Access keys are rotated"
  severity = "high"
  query    = query.access_key_age_days
  args     = { max_days = var.max_key_age_days }
  tags     = local.shared_common_tags
}

control "required_tags_present" {
  title    = "Buckets carry the required tags"
  severity = "low"
  query    = query.missing_tags
  tags     = local.shared_common_tags
}

benchmark "shared_hygiene" {
  title         = "Shared hygiene"
  documentation = file("./docs/shared_hygiene.md")
  children = [
    control.iam_root_mfa_enabled,
    control.access_keys_rotated,
    control.required_tags_present,
  ]
  tags = local.shared_common_tags
}
