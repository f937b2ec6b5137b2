package complete

// This file defines CallAt, for signature help: the function call around a
// cursor and the argument the cursor is in.

import "github.com/modls/modls/schema"

// Call is a function call around a cursor.
type Call struct {
	Function schema.Function
	// Arg is the index of the argument that holds the cursor: the commas
	// before it at the call's own depth (not those inside nested calls,
	// brackets or strings).
	Arg int
	// Start is the byte offset of the function's name.
	Start int
}

// CallAt returns the innermost call of a known function around byte offset
// off of src, if any. Like Complete, it reads the text as it is being
// typed: the call need not be closed, nor the file parse.
func CallAt(src []byte, off int) (Call, bool) {
	c := locate(src, off)
	for _, f := range c.calls {
		if fn, ok := schema.FunctionNamed(f.callee); ok {
			return Call{Function: *fn, Arg: f.commas, Start: f.calleeStart}, true
		}
	}
	return Call{}, false
}
