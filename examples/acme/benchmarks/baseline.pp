# benchmarks/baseline.pp: the control benchmark tree. Children live in other
# files and in the acme_shared dependency.

benchmark "acme_baseline" {
  title         = "ACME Baseline"
  description   = "Every ACME Insights control, grouped by service."
  documentation = file("./docs/acme_baseline.md")
  children = [
    benchmark.storage_baseline,
    benchmark.identity_baseline,
    acme_shared.benchmark.shared_hygiene,
  ]
  tags = merge(local.acme_common_tags, { type = "Benchmark" })
}

benchmark "storage_baseline" {
  title = "Storage"
  children = [
    control.bucket_versioning_enabled,
    control.bucket_encrypted,
    control.bucket_no_public_read,
    benchmark.storage_logging,
  ]
  tags = local.storage_common_tags
}

benchmark "storage_logging" {
  title    = "Storage logging"
  children = [control.bucket_logging_enabled]
  width    = 6
  tags     = merge(local.storage_common_tags, { area = "logging" })
}

benchmark "identity_baseline" {
  title = "Identity"
  children = [
    control.iam_access_key_rotated,
    control.iam_user_mfa_enabled,
    control.iam_no_stale_admins,
    acme_shared.control.iam_root_mfa_enabled,
  ]
  tags = local.identity_common_tags
}

# Same children, different title: inherited through base.
benchmark "identity_baseline_copy" {
  base  = benchmark.identity_baseline
  title = "Identity (copy for the audit team)"
}
