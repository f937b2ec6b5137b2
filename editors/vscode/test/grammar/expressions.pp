# SYNTAX TEST "source.powerpipe" "expressions: literals, operators, functions, collections, comments"
# a number-sign comment
# <- comment.line.number-sign.powerpipe punctuation.definition.comment.powerpipe
# ^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.powerpipe
// a double-slash comment
# <-- comment.line.double-slash.powerpipe punctuation.definition.comment.powerpipe
/* a block
# <-- comment.block.powerpipe punctuation.definition.comment.powerpipe
   comment */
#  ^^^^^^^ comment.block.powerpipe
#          ^^ comment.block.powerpipe punctuation.definition.comment.powerpipe
locals {
  n     = 42
#         ^^ constant.numeric.powerpipe
  f     = -1.5e3
#         ^ keyword.operator.arithmetic.powerpipe
#          ^^^^^ constant.numeric.powerpipe
  yes   = true
#         ^^^^ constant.language.boolean.powerpipe
  no    = false
#         ^^^^^ constant.language.boolean.powerpipe
  none  = null
#         ^^^^ constant.language.null.powerpipe
  cmp   = var.a == 1 && var.b != 2 || !var.c
#               ^^ keyword.operator.comparison.powerpipe
#                    ^^ keyword.operator.logical.powerpipe
#                             ^^ keyword.operator.comparison.powerpipe
#                                  ^^ keyword.operator.logical.powerpipe
#                                     ^ keyword.operator.logical.powerpipe
  pick  = var.a >= 3 ? "big" : "small"
#               ^^ keyword.operator.comparison.powerpipe
#                    ^ keyword.operator.ternary.powerpipe
#                            ^ keyword.operator.ternary.powerpipe
  sum   = (1 + 2) * 3 / 4 % 5
#         ^ punctuation.section.parens.begin.powerpipe
#            ^ keyword.operator.arithmetic.powerpipe
#               ^ punctuation.section.parens.end.powerpipe
#                 ^ keyword.operator.arithmetic.powerpipe
  text  = upper(trimspace(var.name))
#         ^^^^^ meta.function-call.powerpipe support.function.builtin.powerpipe
#              ^ punctuation.section.parens.begin.powerpipe
#               ^^^^^^^^^ meta.function-call.powerpipe meta.function-call.powerpipe support.function.builtin.powerpipe
#                                 ^^ punctuation.section.parens.end.powerpipe
  docs  = file("./docs/a.md")
#         ^^^^ support.function.builtin.powerpipe
  env   = env("HOME")
#         ^^^ support.function.builtin.powerpipe
  odd   = templatefile("x.tpl", {})
#         ^^^^^^^^^^^^ variable.function.powerpipe - support.function.builtin.powerpipe
  merge = merge(local.storage_tags, { area = "logging", "x y" = 1 })
#         ^^^^^ support.function.builtin.powerpipe
#                                   ^ meta.braces.powerpipe punctuation.section.braces.begin.powerpipe
#                                     ^^^^ meta.braces.powerpipe meta.mapping.key.powerpipe variable.other.property.powerpipe
#                                          ^ meta.braces.powerpipe keyword.operator.assignment.powerpipe
#                                 ^ punctuation.separator.powerpipe
#                                                       ^^^^^ meta.braces.powerpipe meta.mapping.key.powerpipe string.quoted.double.powerpipe
#                                                                 ^ meta.braces.powerpipe punctuation.section.braces.end.powerpipe
  tags = {
#        ^ punctuation.section.braces.begin.powerpipe
    service  = "storage"
#   ^^^^^^^ meta.braces.powerpipe meta.mapping.key.powerpipe variable.other.property.powerpipe
    category = "compliance"
#   ^^^^^^^^ meta.mapping.key.powerpipe variable.other.property.powerpipe - support.class.resource.powerpipe
  }
  list  = [for item in var.list : upper(item) if item != ""]
#         ^ punctuation.section.brackets.begin.powerpipe
#          ^^^ keyword.control.powerpipe
#              ^^^^ variable.other.readwrite.powerpipe
#                   ^^ keyword.control.powerpipe
#                               ^ keyword.operator.ternary.powerpipe
#                                             ^^ keyword.control.powerpipe
#                                                          ^ punctuation.section.brackets.end.powerpipe
  obj   = {for k, v in var.map : k => v...}
#          ^^^ keyword.control.powerpipe
#                                  ^^ keyword.operator.arrow.powerpipe
#                                      ^^^ keyword.operator.spread.powerpipe
  legacy = var.list.0
#                   ^ constant.numeric.index.powerpipe
}
variable "types" {
  type    = list(object({ name = string, size = number, on = bool, any_of = map(any), tags = set(string), pair = tuple([string, number]) }))
# ^^^^ entity.other.attribute-name.powerpipe
#           ^^^^ storage.type.collection.powerpipe
#                ^^^^^^ storage.type.collection.powerpipe
#                         ^^^^ meta.mapping.key.powerpipe variable.other.property.powerpipe
#                                ^^^^^^ storage.type.primitive.powerpipe
#                                               ^^^^^^ storage.type.primitive.powerpipe
#                                                            ^^^^ storage.type.primitive.powerpipe
#                                                                           ^^^ storage.type.collection.powerpipe
#                                                                               ^^^ storage.type.primitive.powerpipe
#                                                                                            ^^^ storage.type.collection.powerpipe
#                                                                                                                ^^^^^ storage.type.collection.powerpipe
  default = []
}
variable "db" {
  type    = connection.steampipe
#           ^^^^^^^^^^ storage.type.connection.powerpipe
#                      ^^^^^^^^^ storage.type.connection.powerpipe
  default = connection.steampipe.default
#           ^^^^^^^^^^ variable.language.connection.powerpipe
}
benchmark "b" {
  type = "detection"
# ^^^^ entity.other.attribute-name.powerpipe
#         ^^^^^^^^^ string.quoted.double.powerpipe - storage.type.primitive.powerpipe
}
