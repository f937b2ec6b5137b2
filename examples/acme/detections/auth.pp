# detections/auth.pp: detections over the ACME audit log.

detection "many_failed_logins" {
  title           = "Many failed logins for one user"
  description     = "Five or more failed logins for the same user within a day."
  documentation   = file("./docs/many_failed_logins.md")
  severity        = "high"
  display_columns = ["user_name", "attempts", "last_attempt"]
  query           = query.failed_logins_by_user
  args            = { min_attempts = 5 }
  tags            = local.audit_common_tags
}

detection "login_from_new_country" {
  title           = "Login from a country not seen before"
  severity        = "medium"
  display_columns = ["user_name", "country", "source_ip", "event_time"]
  sql             = <<-EOQ
    select l.user_name, l.country, l.source_ip, l.event_time
    from acme_audit_login as l
    where l.success
      and not exists (
        select 1 from acme_audit_login as p
        where p.user_name = l.user_name
          and p.country = l.country
          and p.event_time < l.event_time - interval '1 day'
      );
  EOQ
  tags = local.audit_common_tags
}

detection "admin_login_outside_hours" {
  title           = "Administrator login outside office hours"
  severity        = "low"
  display_columns = ["user_name", "event_time"]
  sql             = "select l.user_name, l.event_time from acme_audit_login l join acme_iam_user u on u.name = l.user_name where u.is_admin and extract(hour from l.event_time) not between 7 and 19"
  tags            = local.audit_common_tags
}

detection "admin_login_outside_hours_eu" {
  base  = detection.admin_login_outside_hours
  title = "Administrator login outside office hours (EU)"
}
