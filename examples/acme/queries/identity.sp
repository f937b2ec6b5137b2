// queries/identity.sp: a legacy Steampipe-era file. Powerpipe loads .sp files
// exactly like .pp files.

query "access_key_age" {
  title = "Access key age"
  sql   = <<-EOQ
    select
      access_key_id as resource,
      case
        when created_at < now() - ($1 || ' days')::interval then 'alarm'
        else 'ok'
      end as status,
      user_name || ' key ' || access_key_id || ' is ' || date_part('day', now() - created_at) || ' days old.' as reason
    from
      acme_iam_access_key
    where
      status = 'Active';
  EOQ

  param "max_age_days" {
    description = "Maximum key age in days."
    default     = 90
  }
}

query "user_mfa_check" {
  sql = <<-EOQ
    select
      arn as resource,
      case when mfa_enabled then 'ok' else 'alarm' end as status,
      name || case when mfa_enabled then ' uses MFA.' else ' has no MFA device.' end as reason
    from
      acme_iam_user;
  EOQ
}

query "failed_logins_by_user" {
  sql = <<-EOQ
    select
      user_name,
      count(*) as attempts,
      max(event_time) as last_attempt
    from
      acme_audit_login
    where
      not success
      and event_time > now() - interval '1 day'
    group by
      user_name
    having
      count(*) >= $1;
  EOQ

  param "min_attempts" {
    default = 5
  }
}
