package eval

import (
	"github.com/zclconf/go-cty/cty/function"
)

// Helpers only the tests use.

// Functions returns the function table for a mod rooted at root. Every
// function of schema.Functions is present; those whose result depends on
// run time or the host return unknown values.
func Functions(root string, read Reader) map[string]function.Function {
	return functions(root, read, false)
}
