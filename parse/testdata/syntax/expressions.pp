# expressions.pp: every kind of HCL expression in attribute values.

locals {
  # Literals.
  int_number   = 42
  float_number = 1.5
  exp_number   = 1e5
  exp_signed   = 0.25e-3
  exp_upper    = 2E+10
  truthy       = true
  falsy        = false
  nothing      = null
  zero         = 0

  # Operators, precedence and parentheses.
  arithmetic = 1 + 2 * 3 - 4 / 2 % 3
  grouped    = (1 + 2) * (3 - (4 / 2))
  comparison = 1 < 2 && 2 <= 3 || 3 > 4 && 4 >= 5
  equality   = local.a == local.b != false
  negative   = -local.int_number
  double_neg = - -1
  not_op     = !local.truthy
  not_not    = !!local.falsy
  neg_paren  = -(local.a + 1)

  # Conditionals, nested.
  conditional = var.env == "prod" ? "p" : "np"
  nested_cond = var.a ? var.b ? 1 : 2 : var.c ? 3 : 4
  cond_paren  = (var.a ? [1] : [2])[0]

  # For expressions.
  names      = [for x in var.items : x.name if x.ok]
  with_index = [for i, x in var.items : "${i}:${x}"]
  as_map     = { for k, v in local.m : k => v.value }
  grouped_by = { for k, v in local.m : v.group => k... }
  filtered   = { for k, v in local.m : upper(k) => v if v != null }
  nested_for = [for a in var.l : [for b in a : b * 2]]
  multi_line = [
    for item in var.items :
    item.id
    if item.enabled
  ]

  # Splats.
  full_splat   = var.items[*].name
  nested_splat = var.items[*].tags.owner
  legacy_splat = var.items.*.name
  splat_index  = var.items[*].names[0]
  splat_only   = var.list[*]

  # Indexing.
  literal_index = var.list[0]
  string_key    = var.map["key"]
  legacy_index  = var.list.0
  legacy_deep   = var.list.0.name
  expr_index    = var.map[local.k]
  nested_index  = var.map[var.list[0]]["x"][1]
  call_index    = split(",", "a,b")[1]

  # Function calls.
  no_args     = timestamp()
  one_arg     = upper("x")
  many_args   = format("%s %d", "x", 1)
  nested_call = join(",", compact(concat(["a"], ["b", ""])))
  expansion   = max(var.numbers...)
  expansion2  = concat([1], var.lists...)
  namespaced  = provider::acme::normalize("x", 1)
  multiline_call = merge(
    local.a,
    {
      b = 2
    },
  )

  # Object keys in every form.
  object_keys = {
    bare         = 1
    "quoted"     = 2
    (local.k)    = 3
    "${var.x}"   = 4
    local.k      = 5
    var.x.y      = 6
    1            = 7
    key_colon : 8
  }

  # Tuples.
  tuple          = [1, "two", true, null, [3], { four = 4 }]
  trailing_comma = [1, 2, 3,]
}
