# SYNTAX TEST "source.powerpipe" "a legacy .sp file uses the same grammar"
benchmark "cis_v150" {
# <--------- storage.type.block.powerpipe
  title    = "CIS v1.5.0"
  children = [control.cis_v150_1_1]
#             ^^^^^^^ support.class.resource.powerpipe
}
