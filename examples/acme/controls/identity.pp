# controls/identity.pp: IAM controls.

control "iam_access_key_rotated" {
  title         = "Access keys are rotated within ${var.max_access_key_age} days"
  documentation = file("./docs/iam_access_key_rotated.md")
  severity      = "high"
  query         = query.access_key_age
  args          = { max_age_days = var.max_access_key_age }
  tags          = local.identity_common_tags
}

control "iam_user_mfa_enabled" {
  title    = "IAM users have MFA enabled"
  severity = "high"
  query    = query.user_mfa_check
  tags     = merge(local.identity_common_tags, { control_id = "ID-02" })
}

control "iam_no_stale_admins" {
  title       = "Administrators logged in during the last 90 days"
  description = "Admin accounts nobody uses are an easy target."
  severity    = "medium"
  sql         = <<-EOQ
    select
      arn as resource,
      case when password_last_used > now() - interval '90 days' then 'ok' else 'alarm' end as status,
      name || ' last logged in ' || coalesce(password_last_used::text, 'never') || '.' as reason
    from
      acme_iam_user
    where
      is_admin;
  EOQ
  tags = local.identity_common_tags
}
