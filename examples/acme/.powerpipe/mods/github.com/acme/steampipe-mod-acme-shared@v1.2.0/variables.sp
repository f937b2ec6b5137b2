variable "max_key_age_days" {
  type        = number
  description = "Access keys older than this many days fail the rotation control."
  default     = 90
}

variable "shared_tag_keys" {
  type        = list(string)
  description = "Tag keys every resource should carry."
  default     = ["owner"]
}

locals {
  # Private to acme_shared: dependants cannot read local.shared_common_tags.
  shared_common_tags = {
    plugin = "acme"
    mod    = "acme_shared"
  }
}
