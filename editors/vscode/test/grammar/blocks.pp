# SYNTAX TEST "source.powerpipe" "block types, labels and bodies"
mod "acme" {
# <--- source.powerpipe meta.block.powerpipe storage.type.block.powerpipe
#   ^ meta.block.powerpipe string.quoted.double.label.powerpipe punctuation.definition.string.begin.powerpipe
#    ^^^^ string.quoted.double.label.powerpipe entity.name.label.powerpipe
#        ^ string.quoted.double.label.powerpipe punctuation.definition.string.end.powerpipe
#          ^ meta.block.powerpipe punctuation.section.block.begin.powerpipe
  require {
# ^^^^^^^ meta.block.powerpipe meta.block.powerpipe support.type.block.powerpipe
    powerpipe {
#   ^^^^^^^^^ meta.block.powerpipe meta.block.powerpipe meta.block.powerpipe support.type.block.powerpipe
      min_version = "1.0.0"
#     ^^^^^^^^^^^ entity.other.attribute-name.powerpipe
    }
    mod "github.com/turbot/steampipe-mod-aws-compliance" {
#   ^^^ meta.block.powerpipe meta.block.powerpipe meta.block.powerpipe storage.type.block.powerpipe
#        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ entity.name.label.powerpipe
      version = "^1"
    }
    plugin "aws" {
#   ^^^^^^ support.type.block.powerpipe
    }
  }
  opengraph {
# ^^^^^^^^^ support.type.block.powerpipe
  }
# ^ meta.block.powerpipe punctuation.section.block.end.powerpipe
}
# <- source.powerpipe meta.block.powerpipe punctuation.section.block.end.powerpipe

variable "region" {
# <-------- storage.type.block.powerpipe
#         ^^^^^^ entity.name.label.powerpipe
}
locals {
# <------ storage.type.block.powerpipe
}
query "q" {
# <----- storage.type.block.powerpipe
  param "flag" {
# ^^^^^ storage.type.block.powerpipe
#        ^^^^ entity.name.label.powerpipe
  }
}
control "c" {
# <------- storage.type.block.powerpipe
}
detection "d" {
# <--------- storage.type.block.powerpipe
}
benchmark "b" {
# <--------- storage.type.block.powerpipe
}
dashboard "overview" {
# <--------- storage.type.block.powerpipe
  container {
# ^^^^^^^^^ meta.block.powerpipe meta.block.powerpipe storage.type.block.powerpipe
#           ^ meta.block.powerpipe meta.block.powerpipe punctuation.section.block.begin.powerpipe
    card {
#   ^^^^ storage.type.block.powerpipe
    }
    chart {
#   ^^^^^ storage.type.block.powerpipe
      legend { display = "none" }
#     ^^^^^^ support.type.block.powerpipe
#              ^^^^^^^ meta.block.powerpipe meta.block.powerpipe meta.block.powerpipe meta.block.powerpipe entity.other.attribute-name.powerpipe
#                               ^ meta.block.powerpipe meta.block.powerpipe meta.block.powerpipe meta.block.powerpipe punctuation.section.block.end.powerpipe
      axes {
#     ^^^^ support.type.block.powerpipe
        x {
#       ^ support.type.block.powerpipe
          title { value = "Region" }
#         ^^^^^ support.type.block.powerpipe
          labels { display = "auto" }
#         ^^^^^^ support.type.block.powerpipe
        }
        y {
#       ^ support.type.block.powerpipe
        }
      }
      series "count" {
#     ^^^^^^ support.type.block.powerpipe
#             ^^^^^ entity.name.label.powerpipe
        point "us-east-1" { color = "green" }
#       ^^^^^ support.type.block.powerpipe
#              ^^^^^^^^^ entity.name.label.powerpipe
      }
    }
    dashboard {
#   ^^^^^^^^^ storage.type.block.powerpipe
    }
    benchmark {
#   ^^^^^^^^^ storage.type.block.powerpipe
    }
    detection {
#   ^^^^^^^^^ storage.type.block.powerpipe
    }
  }
  input "owner" {
# ^^^^^ storage.type.block.powerpipe
    option "alice" { label = "Alice" }
#   ^^^^^^ support.type.block.powerpipe
#                    ^^^^^ entity.other.attribute-name.powerpipe
  }
  with "owner_buckets" {
# ^^^^ storage.type.block.powerpipe
  }
  table {
# ^^^^^ storage.type.block.powerpipe
    column "name" { wrap = "all" }
#   ^^^^^^ support.type.block.powerpipe
  }
  text {
# ^^^^ storage.type.block.powerpipe
  }
  image {
# ^^^^^ storage.type.block.powerpipe
  }
  flow {
# ^^^^ storage.type.block.powerpipe
  }
  hierarchy {
# ^^^^^^^^^ storage.type.block.powerpipe
  }
  graph {
# ^^^^^ storage.type.block.powerpipe
    node {
#   ^^^^ storage.type.block.powerpipe
    }
    edge {
#   ^^^^ storage.type.block.powerpipe
    }
    category "bucket" {
#   ^^^^^^^^ storage.type.block.powerpipe
    }
  }
}
category "bucket" {
# <-------- source.powerpipe meta.block.powerpipe storage.type.block.powerpipe
  fold {
# ^^^^ support.type.block.powerpipe
    threshold = 3
  }
  property "name" {
# ^^^^^^^^ support.type.block.powerpipe
  }
}
card "total" {}
# <---- storage.type.block.powerpipe
#            ^ punctuation.section.block.begin.powerpipe
#             ^ punctuation.section.block.end.powerpipe
chart "c" {}
# <----- storage.type.block.powerpipe
flow "f" {}
# <---- storage.type.block.powerpipe
graph "g" {}
# <----- storage.type.block.powerpipe
hierarchy "h" {}
# <--------- storage.type.block.powerpipe
image "i" {}
# <----- storage.type.block.powerpipe
input "in" {}
# <----- storage.type.block.powerpipe
table "t" {}
# <----- storage.type.block.powerpipe
text "t" {}
# <---- storage.type.block.powerpipe
node "n" {}
# <---- storage.type.block.powerpipe
edge "e" {}
# <---- storage.type.block.powerpipe
bare_label unquoted {
# <---------- support.type.block.powerpipe
#          ^^^^^^^^ entity.name.label.powerpipe
}
detection_benchmark "old" {
# <------------------- support.type.block.powerpipe - storage.type.block.powerpipe
}
query "after_all" {
# <----- source.powerpipe meta.block.powerpipe storage.type.block.powerpipe
}
