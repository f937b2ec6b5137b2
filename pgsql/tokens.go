package pgsql

// This file exports the lexer's tokens, for what reads SQL that does not
// parse yet (completion while typing).

// TokenKind is the kind of a token of SQL text.
type TokenKind uint8

// The kinds of tokens; spaces are not reported.
const (
	Comment TokenKind = iota + 1
	Ident             // a name or keyword, unquoted
	Number
	Param        // $n
	String       // any string literal, dollar-quoted bodies included
	QuotedIdent  // "…"
	Operator     // a run of operator characters
	Punctuation  // ( ) , ; [ ] . : :: …
	Unterminated // a string, quoted identifier or comment missing its end
)

// Token is one token of SQL text: sql[Offset:End].
type Token struct {
	Kind        TokenKind
	Offset, End int
}

// Lex returns the tokens of sql but spaces, by PostgreSQL's rules (see
// Placeholders). It is pure Go: it works in every build.
func Lex(sql string) []Token {
	var out []Token
	for i := 0; i < len(sql); {
		kind, end := next(sql, i)
		if kind != tkSpace {
			out = append(out, Token{Kind: exported[kind], Offset: i, End: end})
		}
		i = end
	}
	return out
}

var exported = [...]TokenKind{tkComment: Comment, tkIdent: Ident, tkNumber: Number, tkParam: Param, tkString: String,
	tkQuotedIdent: QuotedIdent, tkOperator: Operator, tkPunctuation: Punctuation, tkUnterminated: Unterminated}
