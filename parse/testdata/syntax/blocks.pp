# blocks.pp: block shapes: nesting, single-line bodies, labels.

dashboard "nested" {
  title = "Nested"

  container {
    container "inner" {
      container {
        card {
          sql = "select 1 as value"
        }
      }
    }
  }

  chart {
    legend { display = "none" }
    axes {
      x {
        title { value = "X" }
      }
      y {
        min = 0
        labels { display = "always" }
      }
    }
    series "a" {
      point "p" { color = "red" }
    }
  }

  card {}
  text { value = "one-liner" }
  table {
  }
}

# Identifier (unquoted) labels and several labels.
category bare_label {
  color = "blue"
}

mod_block mixed "quoted" other {
  nothing = null
}

connection "steampipe" "default" {
  host = "localhost"
}

three "a" "b" "c" {}

# Objects inside objects, and blocks next to object-valued attributes.
locals {
  deep = {
    level1 = {
      level2 = {
        level3 = { value = 1 }
      }
    }
    list = [{ a = 1 }, { b = [{ c = {} }] }]
    commas = { a = 1, b = 2, c = 3 }
    mixed_separators = {
      a = 1,
      b = 2
      c = 3,
    }
  }
  empty_object = {}
  empty_list   = []
}

# Single-line blocks hold at most one attribute and no nested blocks.
flow "f" { title = "F" }
node "n" { sql = "select 1" }
edge "e" {}

# Attributes with labels that look like keywords.
graph "if" {
  for = 1
  in  = 2
  null_attr = null
  true_attr = true
}

# A dash is allowed in labels.
query "with-dashes" {
  sql = "select 1"
}
