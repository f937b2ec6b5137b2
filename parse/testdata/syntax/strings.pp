# strings.pp: quoted strings with templates, directives and escapes.

locals {
  plain       = "no templates here"
  empty       = ""
  interpolate = "Buckets in ${var.region}"
  two_parts   = "${var.a}${var.b}"
  only_interp = "${local.plain}"

  # Quotes inside an interpolation do not end the outer string.
  nested_quotes = "${ "${var.x}" }"
  deeper        = "a ${ "b ${ "c ${var.x} c" } b" } a"
  func_inside   = "${join(", ", ["a", "b"])} and ${upper("x")}"
  braces_inside = "${ {a = 1}.a } and ${ { "k" = "}" }["k"] }"
  cond_inside   = "${var.on ? "yes" : "no"}"

  # Escapes.
  escaped_quote = "say \"hi\""
  backslash     = "C:\\temp\\"
  unicode_small = "caf\u00e9"
  unicode_large = "smile \U0001F600"
  control_chars = "tab\there\nnewline\rreturn"
  literal_dollar  = "cost: $${not_a_template}"
  literal_percent = "100%%{not_a_directive}"
  lone_dollar   = "$5 and 50% and $ {x} and % {y}"
  dollar_end    = "ends with $"
  percent_end   = "ends with %"
  escape_end    = "\\"

  # Directives.
  if_directive   = "%{ if var.enabled }on%{ else }off%{ endif }"
  for_directive  = "%{ for k, v in var.m ~}${k}=${v};%{ endfor ~}"
  for_one        = "%{for x in var.l}[${x}]%{endfor}"
  strip_markers  = "a ${~ var.x ~} b %{~ if true ~} c %{~ endif ~}"
  nested_if_for  = "%{ for x in var.l }%{ if x != "" }${x},%{ endif }%{ endfor }"

  # jq-style templates used in Powerpipe hrefs are plain text to HCL.
  href = "/acme.dashboard.detail?input.arn={{.arn | @uri}}"
}

card "templated" {
  title = "Card for ${var.env == "prod" ? "production" : "staging"}"
  label = "It's \"quoted\" and ${format("%s-%d", "x", 1)}"
}
