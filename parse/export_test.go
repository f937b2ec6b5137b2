package parse

// Helpers only the tests use.

// Tokens returns the file Scan reads from src, and the tokens of src in
// order: they are not empty, do not overlap, and only a block comment spans
// lines. What is not a token is white space, punctuation (braces,
// brackets, parentheses, commas, dots, =, template sequence delimiters) and
// SQL text that is neither a keyword, string, number, comment, function
// name, operator nor parameter (names, punctuation, a lone *).
//
// SQL text is the literal text of an `sql` attribute's value, outside its
// template sequences.
//
// Like Scan it never fails and keeps no reference to src: on broken input
// the identifiers Scan could not place are TokName and the rest is
// classified by the lexer alone.
func Tokens(src []byte) (*File, []Token) {
	return TokensSQL(src, nil)
}
