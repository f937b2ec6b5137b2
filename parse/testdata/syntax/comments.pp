# Hash comment on the first line.
// Double-slash comment.
/* Block comment on one line. */
/*
 * Block comment spanning lines, containing things that look like code:
 *   control "fake" { sql = "select 1" }
 *   <<EOT  "unterminated  ${
 */
/**/

control /* between type and label */ "commented" /* before brace */ {
  title /* before equals */ = /* after equals */ "Commented" # end of line
  severity = "low" // end of line
  sql      = "select 1" /* end of line */
  tags = {
    a = "1" # inside an object
    // before the closing brace of an object
  }
  # right before the closing brace
}

benchmark "slash_before_brace" {
  children = [
    control.commented, // trailing comma and comment
    /* inline */ control.other,
  ]
  // right before the closing brace
}

locals {
  url     = "http://example.com/#not-a-comment" # the # in the string is text
  path    = "a//b" // same for //
  block   = "/* not a comment */"
  hash    = "#"
  # }
  // }
  /* } */
  after = 1
}

# A block comment that ends right before a block.
/* gone */ locals { x = 1 }

# File ends with a comment and no newline.
// last line