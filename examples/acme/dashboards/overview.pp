# dashboards/overview.pp: the landing dashboard. Most panels are top-level
# components from components/panels.pp reused through `base`.

dashboard "acme_overview" {
  title         = "ACME Überblick — €"
  documentation = file("./docs/acme_overview.md")

  tags = merge(local.acme_common_tags, {
    type = "Dashboard"
  })

  text {
    base = text.data_disclaimer
  }

  input "owner" {
    base = input.owner_picker
  }

  # Anonymous container: container.dashboard_acme_overview_anonymous_container_0
  container {
    title = "Summary"

    card {
      base = card.bucket_total
    }

    card {
      base = card.unencrypted_buckets
      args = {
        owner = self.input.owner.value
      }
    }

    card {
      label = "Regions"
      width = 2
      type  = "plain"
      sql   = "select count(distinct region) as value from acme_storage_bucket where region = any(array[${local.region_list_sql}])"
    }

    card {
      label = "Stale keys (> ${var.max_access_key_age} d)"
      width = 2
      query = query.access_key_age
      args  = [var.max_access_key_age]
    }

    image {
      base = image.acme_logo
    }
  }

  container "overview_charts" {
    title = "Distribution"

    chart {
      base  = chart.buckets_by_region
      width = 6
      args  = [self.input.owner.value]
    }

    chart {
      title = "Buckets by encryption"
      type  = "donut"
      width = 6
      sql   = <<-EOQ
        select
          coalesce(encryption, 'none') as encryption,
          count(*) as buckets
        from
          acme_storage_bucket
        group by
          1;
      EOQ

      legend { display = "none" }

      series "buckets" {
        point "none" { color = "alert" }
      }
    }
  }

# Real mods sometimes put a nested block at column 0.
container {

    table {
      base = table.bucket_inventory
      args = {
        owner = self.input.owner.value
      }
    }

    table {
      title = "Buckets without logging"
      width = 6
      query = query.bucket_logging_check

      column "resource" { display = "none" }
      column "reason" {
        wrap = "all"
      }
    }
  }

  text {
    type  = "raw"
    value = "<small>${var.report_footer}</small>"
  }
}
