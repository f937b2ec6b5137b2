# SYNTAX TEST "source.powerpipe" "SQL in sql heredocs and sql strings"
query "bucket_flag_check" {
  sql = <<-EOQ
# ^^^ entity.other.attribute-name.powerpipe
#     ^ keyword.operator.assignment.powerpipe
#       ^^^ keyword.operator.heredoc.powerpipe
#          ^^^ entity.name.tag.heredoc.powerpipe
    select name as resource, count(*) as total,
#   ^^^^^^ meta.block.powerpipe meta.embedded.block.sql keyword.other.DML.sql
#               ^^ meta.embedded.block.sql keyword.other.alias.sql
#                            ^^^^^ meta.embedded.block.sql support.function.aggregate.sql
      case when versioning = $1 then 'ok' else 'alarm' end as status
#     ^^^^ meta.embedded.block.sql keyword.other.sql
#                          ^ meta.embedded.block.sql keyword.operator.comparison.sql
#                            ^^ meta.embedded.block.sql - meta.interpolation.powerpipe
#                                    ^^^^ meta.embedded.block.sql string.quoted.single.sql
    from my_buckets -- a SQL comment
#   ^^^^ keyword.other.DML.sql
#                   ^^^^^^^^^^^^^^^^ meta.embedded.block.sql comment.line.double-dash.sql
    where region = '${var.region}' and tags ->> 'env' = any(array['a', 'b'])
#                  ^ string.quoted.single.sql punctuation.definition.string.begin.sql
#                   ^^ meta.embedded.block.sql string.quoted.single.sql meta.interpolation.powerpipe punctuation.section.interpolation.begin.powerpipe
#                     ^^^ meta.interpolation.powerpipe variable.language.var.powerpipe
#                         ^^^^^^ meta.interpolation.powerpipe variable.other.var.powerpipe
#                                                                ^ meta.embedded.block.sql punctuation.section.brackets.sql
#                                                                         ^ meta.embedded.block.sql punctuation.section.brackets.sql
      and name = "${replace(var.x, "\"", "\"\"")}" /* ${var.y} */
#                ^^^ meta.embedded.block.sql string.quoted.double.sql
#                   ^^^^^^^ string.quoted.double.sql meta.interpolation.powerpipe support.function.builtin.powerpipe
#                                  ^^^^ meta.interpolation.powerpipe string.quoted.double.powerpipe
#                                              ^^^ meta.embedded.block.sql
#                                                  ^^ meta.embedded.block.sql comment.block
#                                                       ^^^^^ comment.block meta.interpolation.powerpipe
  EOQ
# ^^^ meta.block.powerpipe entity.name.tag.heredoc.powerpipe - meta.embedded.block.sql
  param "flag" {
# ^^^^^ meta.block.powerpipe meta.block.powerpipe storage.type.block.powerpipe
  }
}
control "bucket_encrypted" {
  sql   = "select name as resource, 'ok' as status, 'Encrypted \"${var.x}\".' as reason from my_buckets where a[1] = 2"
# ^^^ entity.other.attribute-name.powerpipe
#         ^ string.quoted.double.powerpipe punctuation.definition.string.begin.powerpipe
#          ^^^^^^ meta.embedded.line.sql keyword.other.DML.sql
#                                   ^^^^ meta.embedded.line.sql string.quoted.single.sql
#                                                              ^^ meta.embedded.line.sql string.quoted.single.sql constant.character.escape.powerpipe
#                                                                  ^^^ meta.embedded.line.sql meta.interpolation.powerpipe variable.language.var.powerpipe
#                                                                                       ^^^^ meta.embedded.line.sql keyword.other.DML.sql
#                                                                                                              ^ meta.embedded.line.sql punctuation.section.brackets.sql
#                                                                                                                    ^^ - string.quoted.single.sql
#                                                                                                                     ^ string.quoted.double.powerpipe punctuation.definition.string.end.powerpipe
  args  = [true]
# ^^^^ meta.block.powerpipe entity.other.attribute-name.powerpipe
  title = "select 1 is not SQL here"
#          ^^^^^^ string.quoted.double.powerpipe - meta.embedded.line.sql
}
control "unterminated_sql_string" {
  sql   = "select 'half"
#                 ^^^^^ meta.embedded.line.sql string.quoted.single.sql
#                      ^ string.quoted.double.powerpipe punctuation.definition.string.end.powerpipe
  title = "after"
# ^^^^^ meta.block.powerpipe entity.other.attribute-name.powerpipe
}
card "other_delimiter" {
  sql = <<EOT
select 1
# <------ meta.embedded.block.sql keyword.other.DML.sql
EOT
# <--- entity.name.tag.heredoc.powerpipe
}
locals {
  common_dimensions_sql = <<-EOQ
# ^^^^^^^^^^^^^^^^^^^^^ entity.other.attribute-name.powerpipe
  %{~if contains(var.common_dimensions, "connection_name")}, _ctx ->> 'connection_name' as connection_name%{endif~}
# ^^ meta.embedded.block.sql meta.directive.powerpipe punctuation.section.directive.begin.powerpipe
#   ^ meta.directive.powerpipe keyword.operator.template.strip.powerpipe
#    ^^ meta.directive.powerpipe keyword.control.directive.powerpipe
#       ^^^^^^^^ meta.directive.powerpipe support.function.builtin.powerpipe
#                                                                     ^^^^^^^^^^^^^^^^^ meta.embedded.block.sql string.quoted.single.sql
#                                                                                       ^^ meta.embedded.block.sql keyword.other.alias.sql
#                                                                                                           ^^^^^ meta.directive.powerpipe keyword.control.directive.powerpipe
  EOQ
  any_eoq = <<-EOQ
    select 2
#   ^^^^^^ meta.embedded.block.sql keyword.other.DML.sql
  EOQ
# ^^^ entity.name.tag.heredoc.powerpipe
}
table "after" {
# <----- source.powerpipe meta.block.powerpipe storage.type.block.powerpipe
}
