package lsp

import protocol "github.com/tliron/glsp/protocol_3_16"

// Helpers only the tests use.

// semanticTokens returns the encoded tokens of text that overlap the byte
// range [from, to) (a token that overlaps it is sent whole).
func semanticTokens(text []byte, li *lineIndex, from, to int) []protocol.UInteger {
	return semanticTokensSQL(text, li, from, to, nil)
}
