# SYNTAX TEST "source.powerpipe" "references"
control "c" {
  query = query.bucket_check
# ^^^^^ entity.other.attribute-name.powerpipe
#         ^^^^^ support.class.resource.powerpipe
#              ^ punctuation.accessor.powerpipe
#               ^^^^^^^^^^^^ variable.other.resource.powerpipe
  sql   = query.bucket_check.sql
#         ^^^^^ support.class.resource.powerpipe
#               ^^^^^^^^^^^^ variable.other.resource.powerpipe
#                           ^ punctuation.accessor.powerpipe
#                            ^^^ variable.other.member.powerpipe
  base  = control.other
#         ^^^^^^^ support.class.resource.powerpipe
#                 ^^^^^ variable.other.resource.powerpipe
  title = var.title
#         ^^^ variable.language.var.powerpipe
#             ^^^^^ variable.other.var.powerpipe
  tags  = local.common_tags
#         ^^^^^ variable.language.local.powerpipe
#               ^^^^^^^^^^^ variable.other.local.powerpipe
  args  = [self.input.owner.value, with.buckets.rows[*].name, param.region, with.buckets.rows[0].arn]
#          ^^^^ variable.language.self.powerpipe
#               ^^^^^ support.class.resource.powerpipe
#                     ^^^^^ variable.other.input.powerpipe
#                           ^^^^^ variable.other.member.powerpipe
#                                  ^^^^ variable.language.with.powerpipe
#                                       ^^^^^^^ variable.other.with.powerpipe
#                                               ^^^^ variable.other.member.powerpipe
#                                                   ^^^ keyword.operator.splat.powerpipe
#                                                             ^^^^^ variable.language.param.powerpipe
#                                                                   ^^^^^^ variable.other.param.powerpipe
#                                                                                             ^ constant.numeric.powerpipe
  database = connection.steampipe.default
#            ^^^^^^^^^^ variable.language.connection.powerpipe
#                       ^^^^^^^^^ support.type.connection.powerpipe
#                                 ^^^^^^^ variable.other.connection.powerpipe
}
benchmark "b" {
  children = [
    control.a,
#   ^^^^^^^ meta.block.powerpipe support.class.resource.powerpipe
#           ^ variable.other.resource.powerpipe
    benchmark.b2,
#   ^^^^^^^^^ support.class.resource.powerpipe
    detection.d,
#   ^^^^^^^^^ support.class.resource.powerpipe
    aws_compliance.control.cis_v150_1_4,
#   ^^^^^^^^^^^^^^ entity.name.namespace.powerpipe
#                  ^^^^^^^ support.class.resource.powerpipe
#                          ^^^^^^^^^^^^ variable.other.resource.powerpipe
    mod-1.benchmark.z,
#   ^^^^^ entity.name.namespace.powerpipe
#         ^^^^^^^^^ support.class.resource.powerpipe
#                   ^ variable.other.resource.powerpipe
  ]
}
locals {
  every_kind = [dashboard.d, card.c, chart.c, flow.f, graph.g, hierarchy.h, image.i, input.i, table.t, text.t, node.n, edge.e, category.c]
#               ^^^^^^^^^ support.class.resource.powerpipe
#                            ^^^^ support.class.resource.powerpipe
#                                    ^^^^^ support.class.resource.powerpipe
#                                             ^^^^ support.class.resource.powerpipe
#                                                     ^^^^^ support.class.resource.powerpipe
#                                                              ^^^^^^^^^ support.class.resource.powerpipe
#                                                                           ^^^^^ support.class.resource.powerpipe
#                                                                                    ^^^^^ support.class.resource.powerpipe
#                                                                                             ^^^^^ support.class.resource.powerpipe
#                                                                                                      ^^^^ support.class.resource.powerpipe
#                                                                                                              ^^^^ support.class.resource.powerpipe
#                                                                                                                      ^^^^ support.class.resource.powerpipe
#                                                                                                                              ^^^^^^^^ support.class.resource.powerpipe
  dep_var    = aws_compliance.var.regions
#              ^^^^^^^^^^^^^^ entity.name.namespace.powerpipe
#                             ^^^ variable.language.var.powerpipe
#                                 ^^^^^^^ variable.other.var.powerpipe
  plain      = each_name
#              ^^^^^^^^^ variable.other.readwrite.powerpipe
  splat      = var.list.*.id
#                       ^ keyword.operator.splat.powerpipe
#                         ^^ variable.other.member.powerpipe
  not_a_root = my_query.sql
#              ^^^^^^^^ variable.other.readwrite.powerpipe - support.class.resource.powerpipe
#                       ^^^ variable.other.member.powerpipe
}
