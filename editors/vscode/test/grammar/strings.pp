# SYNTAX TEST "source.powerpipe" "strings, templates and heredocs"
dashboard "d" {
  title = "Buckets of ${var.owner}: \"all\"\n"
#         ^^^^^^^^^^^^ string.quoted.double.powerpipe
#                     ^^ string.quoted.double.powerpipe meta.interpolation.powerpipe punctuation.section.interpolation.begin.powerpipe
#                       ^^^ meta.interpolation.powerpipe variable.language.var.powerpipe
#                                ^ meta.interpolation.powerpipe punctuation.section.interpolation.end.powerpipe
#                                   ^^ string.quoted.double.powerpipe constant.character.escape.powerpipe
#                                          ^^ constant.character.escape.powerpipe
  href  = "/acme.dashboard.detail?input.id={{ .id | @uri }}&x=$${literal}"
#                                          ^^^^^^ string.quoted.double.powerpipe - meta.interpolation.powerpipe
#                                                             ^^^ string.quoted.double.powerpipe constant.character.escape.powerpipe
  name  = "${~ upper(local.x) ~}"
#            ^ meta.interpolation.powerpipe keyword.operator.template.strip.powerpipe
#              ^^^^^ meta.interpolation.powerpipe support.function.builtin.powerpipe
  list  = "%{ for n in var.names }${n}, %{ endfor }"
#          ^^ meta.directive.powerpipe punctuation.section.directive.begin.powerpipe
#             ^^^ meta.directive.powerpipe keyword.control.directive.powerpipe
#                   ^^ meta.directive.powerpipe keyword.control.directive.powerpipe
#                                          ^^^^^^ meta.directive.powerpipe keyword.control.directive.powerpipe
  esc   = "%%{ not a directive }"
#          ^^^ constant.character.escape.powerpipe
  text "intro" {
    value = <<-EOT
#           ^^^ keyword.operator.heredoc.powerpipe
#              ^^^ entity.name.tag.heredoc.powerpipe
      # Heading, not a comment
#     ^^^^^^^^^^^^^^^^^^^^^^^^ string.unquoted.heredoc.powerpipe - comment.line.number-sign.powerpipe
      Owner: ${var.owner} %{ if var.strict }strict%{ else }lax%{ endif }
#     ^^^^^^^ string.unquoted.heredoc.powerpipe
#              ^^^ string.unquoted.heredoc.powerpipe meta.interpolation.powerpipe variable.language.var.powerpipe
#                            ^^ keyword.control.directive.powerpipe
#                                                    ^^^^ keyword.control.directive.powerpipe
#                                                                ^^^^^ keyword.control.directive.powerpipe
      select 1
#     ^^^^^^ string.unquoted.heredoc.powerpipe - keyword.other.DML.sql
    EOT
#   ^^^ entity.name.tag.heredoc.powerpipe
  }
  description = <<EOF
#               ^^ keyword.operator.heredoc.powerpipe
#                 ^^^ entity.name.tag.heredoc.powerpipe
EOF is only the end alone on its line
# <----------- string.unquoted.heredoc.powerpipe
EOF
# <--- entity.name.tag.heredoc.powerpipe
}
query "after" {
# <----- source.powerpipe meta.block.powerpipe storage.type.block.powerpipe
}
