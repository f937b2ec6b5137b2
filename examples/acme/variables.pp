# variables.pp: input variables. Values come from defaults, PP_VAR_* environment
# variables, powerpipe.ppvars, *.auto.ppvars and the command line.

variable "database" {
  type        = connection.steampipe
  description = "Connection used by every query of this mod."
  default     = connection.steampipe.default
}

variable "regions" {
  type        = list(string)
  description = "ACME regions the dashboards and controls look at."
  default     = ["eu-central-1", "us-east-2"]
}

variable "owner_tags" {
  type        = map(string)
  description = "Tag key for each ownership dimension."
  default = {
    team        = "owner"
    cost_center = "cost_center"
  }
}

variable "retention" {
  type = object({
    days       = number
    legal_hold = bool
  })
  description = "Minimum retention expected on audit buckets."
  default = {
    days       = 365
    legal_hold = false
  }
}

variable "severity_threshold" {
  type        = string
  title       = "Severity threshold"
  description = "Lowest control severity that appears in the summary cards."
  enum        = ["low", "medium", "high", "critical"]
  default     = "medium"
}

variable "report_footer" {
  type        = string
  description = "Markdown shown below the overview dashboard."
  format      = "multiline"
  default     = "Data refreshed hourly by the ACME collector.\nContact #platform-team with questions."
}

variable "max_access_key_age" {
  type        = number
  description = "Access keys older than this many days raise an alarm."
  default     = 90
}

variable "strict_mode" {
  type        = bool
  description = "When true, controls also alarm on resources without an owner tag."
  default     = false
  sensitive   = false
  tags = {
    area = "controls"
  }
}
