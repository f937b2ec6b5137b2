# benchmarks/detections.pp: detection benchmarks are `benchmark` blocks with
# type = "detection".

benchmark "auth_detections" {
  title         = "Authentication detections"
  type          = "detection"
  documentation = file("./docs/auth_detections.md")
  children = [
    detection.many_failed_logins,
    detection.login_from_new_country,
    benchmark.admin_detections,
  ]
  tags = local.audit_common_tags
}

benchmark "admin_detections" {
  title    = "Administrator activity"
  type     = "detection"
  children = [detection.admin_login_outside_hours, detection.admin_login_outside_hours_eu]
}
