/*
 * locals.pp: shared tags and SQL fragments. Locals may refer to each other,
 * to variables and to dependency variables, in any order.
 */

locals {
  acme_common_tags = {
    category = "Compliance"
    plugin   = "acme"
    service  = "ACME"
  }
}

locals {
  storage_common_tags  = merge(local.acme_common_tags, { service = "ACME/Storage" })
  identity_common_tags = merge(local.acme_common_tags, { service = "ACME/IAM" })
  audit_common_tags    = merge(local.acme_common_tags, { service = "ACME/Audit", type = "Detection" })

  # Rendered into SQL as  in ('eu-central-1', 'us-east-2')
  region_list_sql = join(", ", [for r in var.regions : "'${r}'"])

  # The key age limit configured for the dependency mod.
  shared_key_age_days = acme_shared.var.max_key_age_days
}

locals {
  # Extra columns added to every control result, one per ownership tag.
  owner_dimensions_sql = <<-EOQ
    %{~for name, key in var.owner_tags~}
    , tags ->> '${key}' as ${name}
    %{~endfor~}
  EOQ

  retention_note = "Audit buckets keep data for ${var.retention.days} days%{if var.retention.legal_hold} under legal hold%{endif}."
}
