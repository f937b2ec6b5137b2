# dashboards/compliance.pp: benchmarks, detections and another dashboard
# embedded in a dashboard.

dashboard "compliance_overview" {
  title = "Compliance overview"
  tags  = local.acme_common_tags

  input "since" {
    title = "Since"
    type  = "date"
    width = 3
  }

  container {
    width = 12

    benchmark {
      base = benchmark.storage_baseline
    }

    benchmark "compliance_identity_section" {
      title = "Identity controls"
      base  = benchmark.identity_baseline
    }
  }

  container "compliance_detections" {
    title = "Detections"

    detection "recent_failed_logins_panel" {
      title = "Failed logins since the selected date"
      sql   = "select user_name, count(*) as attempts from acme_audit_login where not success and event_time >= $1::date group by 1"
      args  = [self.input.since.value]
    }

    benchmark {
      base = benchmark.auth_detections
    }
  }

  dashboard {
    base = dashboard.acme_overview
  }

  dashboard "compliance_storage_section" {
    title = "Storage in numbers"

    card {
      base = card.bucket_total
    }

    text {
      value = local.retention_note
    }
  }
}
