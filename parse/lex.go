package parse

// This file defines the tokenizer: a hand-written equivalent of hclsyntax's
// Ragel scanner (scan_tokens.rl) that produces the same token boundaries on
// valid input at several times its speed. Token types mirror hclsyntax's;
// what the scanner never needs (operator identity, literal contents) is
// folded together.

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

type tokType uint8

const (
	tEOF tokType = iota
	tNewline
	tComment // flag fNewline when a line comment ends with its newline
	tIdent
	tNumber
	tOQuote
	tCQuote
	tQuotedLit
	tOHeredoc
	tCHeredoc
	tStringLit // heredoc literal text
	tInterp    // ${ or ${~
	tControl   // %{ or %{~
	tSeqEnd    // } or ~} closing a template sequence
	tOBrace
	tCBrace
	tOBrack
	tCBrack
	tOParen
	tCParen
	tDot
	tComma
	tStar
	tColon
	tQuestion
	tEqual
	tFatArrow
	tEllipsis
	tDoubleColon
	tMinus
	tBang
	tBinOp   // + / % == != < > <= >= && ||
	tInvalid // anything hclsyntax rejects as a token
)

// Token flags.
const (
	fNewline   uint8 = 1 << iota // a line comment that absorbed its newline
	fEscapes                     // a quoted literal holding \ escapes or $${ / %%{
	fBadString                   // a quoted string broken by a newline
	fBadUTF8                     // invalid UTF-8 inside the token
	fRestart                     // a block header where recovery resumes
)

type token struct {
	typ        tokType
	flag       uint8
	start, end uint32
}

type lexMode uint8

const (
	modeMain lexMode = iota
	modeString
	modeHeredoc
)

type heredocState struct {
	markerStart, markerEnd uint32
}

// lexer turns source bytes into tokens.
type lexer struct {
	src       []byte
	toks      []token
	modes     []lexMode
	braces    int
	retBraces []int
	heredocs  []heredocState
	diags     []lexDiag

	// The tokens hclsyntax found in the last window of lexUnicode, at
	// byte offset winBase: a run of non-ASCII text is lexed once, not once
	// per token (which would be quadratic in the length of the run).
	win     []hclsyntax.Token
	winBase int
}

// lexDiag is a problem found while tokenizing, positioned by byte offsets.
type lexDiag struct {
	summary, detail string
	start, end      uint32
}

func (l *lexer) emit(t tokType, start, end int) {
	l.toks = append(l.toks, token{typ: t, start: uint32(start), end: uint32(end)})
}

func (l *lexer) emitFlag(t tokType, flag uint8, start, end int) {
	l.toks = append(l.toks, token{typ: t, flag: flag, start: uint32(start), end: uint32(end)})
}

func (l *lexer) diag(summary, detail string, start, end int) {
	l.diags = append(l.diags, lexDiag{summary, detail, uint32(start), uint32(end)})
}

// lex tokenizes the whole of l.src, always ending with a tEOF token.
func (l *lexer) lex() {
	src := l.src
	i := 0
	if bytes.HasPrefix(src, utf8BOM) {
		i = 3 // hclsyntax skips a leading byte order mark
	}
	l.modes = append(l.modes[:0], modeMain)
	for i < len(src) {
		switch l.modes[len(l.modes)-1] {
		case modeMain:
			i = l.lexMain(i)
		case modeString:
			i = l.lexString(i)
		case modeHeredoc:
			i = l.lexHeredoc(i)
		}
	}
	// Report the innermost unterminated string or heredoc at its opener.
	for k := len(l.toks) - 1; k >= 0 && len(l.modes) > 1; k-- {
		switch t := l.toks[k]; t.typ {
		case tOQuote:
			if l.modes[len(l.modes)-1] == modeString {
				l.diag("Unterminated template string", "No closing quote was found for this string before the end of the file.", int(t.start), int(t.end))
				k = -1
			}
		case tOHeredoc:
			if l.modes[len(l.modes)-1] == modeHeredoc {
				l.diag("Unterminated heredoc", "No closing marker was found for this heredoc before the end of the file: the marker must stand alone on its own line.", int(t.start), int(t.end)-1)
				k = -1
			}
		}
	}
	l.emit(tEOF, len(src), len(src))
}

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

func isIdentASCII(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// lexMain scans one token (or a run of spaces) in expression/structure mode
// and returns the offset after it.
func (l *lexer) lexMain(i int) int {
	src := l.src
	c := src[i]
	switch {
	case c == ' ' || c == '\t':
		for i++; i < len(src) && (src[i] == ' ' || src[i] == '\t'); i++ {
		}
		return i
	case c == '\n':
		l.emit(tNewline, i, i+1)
		return i + 1
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
		j := i + 1
		for j < len(src) && isIdentASCII(src[j]) {
			j++
		}
		if j < len(src) && src[j] >= 0x80 {
			return l.lexUnicode(i)
		}
		l.emit(tIdent, i, j)
		return j
	case isDigit(c):
		j := l.numberEnd(i)
		l.emit(tNumber, i, j)
		return j
	}
	next := byte(0)
	if i+1 < len(src) {
		next = src[i+1]
	}
	switch c {
	case '\r':
		if next == '\n' {
			l.emit(tNewline, i, i+2)
			return i + 2
		}
		l.invalid(i, i+1)
		return i + 1
	case '#':
		return l.lineComment(i)
	case '/':
		switch next {
		case '/':
			return l.lineComment(i)
		case '*':
			k := bytes.Index(src[i+2:], []byte("*/"))
			if k < 0 {
				l.diag("Unterminated comment", "There is no closing \"*/\" for this comment before the end of the file.", i, i+2)
				l.emit(tComment, i, len(src))
				return len(src)
			}
			end := i + 2 + k + 2
			l.emit(tComment, i, end)
			return end
		}
		l.emit(tBinOp, i, i+1)
		return i + 1
	case '=':
		switch next {
		case '=':
			l.emit(tBinOp, i, i+2)
			return i + 2
		case '>':
			l.emit(tFatArrow, i, i+2)
			return i + 2
		}
		l.emit(tEqual, i, i+1)
		return i + 1
	case '!':
		if next == '=' {
			l.emit(tBinOp, i, i+2)
			return i + 2
		}
		l.emit(tBang, i, i+1)
		return i + 1
	case '<':
		if next == '=' {
			l.emit(tBinOp, i, i+2)
			return i + 2
		}
		if next == '<' {
			if j, ok := l.heredocStart(i); ok {
				return j
			}
		}
		l.emit(tBinOp, i, i+1)
		return i + 1
	case '>':
		if next == '=' {
			l.emit(tBinOp, i, i+2)
			return i + 2
		}
		l.emit(tBinOp, i, i+1)
		return i + 1
	case '&':
		if next == '&' {
			l.emit(tBinOp, i, i+2)
			return i + 2
		}
		l.invalid(i, i+1)
		return i + 1
	case '|':
		if next == '|' {
			l.emit(tBinOp, i, i+2)
			return i + 2
		}
		l.invalid(i, i+1)
		return i + 1
	case ':':
		if next == ':' {
			l.emit(tDoubleColon, i, i+2)
			return i + 2
		}
		l.emit(tColon, i, i+1)
		return i + 1
	case '.':
		if next == '.' && i+2 < len(src) && src[i+2] == '.' {
			l.emit(tEllipsis, i, i+3)
			return i + 3
		}
		l.emit(tDot, i, i+1)
		return i + 1
	case '{':
		l.emit(tOBrace, i, i+1)
		l.braces++
		return i + 1
	case '}':
		if n := len(l.retBraces); n > 0 && l.retBraces[n-1] == l.braces {
			l.emit(tSeqEnd, i, i+1)
			l.braces--
			l.retBraces = l.retBraces[:n-1]
			l.modes = l.modes[:len(l.modes)-1]
			return i + 1
		}
		l.emit(tCBrace, i, i+1)
		l.braces--
		return i + 1
	case '~':
		if next == '}' {
			// Like hclsyntax, "~}" always ends a template sequence, even
			// where it cannot (which the parser then reports).
			l.emit(tSeqEnd, i, i+2)
			if n := len(l.retBraces); n > 0 && l.retBraces[n-1] == l.braces {
				l.braces--
				l.retBraces = l.retBraces[:n-1]
				l.modes = l.modes[:len(l.modes)-1]
			} else {
				l.braces--
			}
			return i + 2
		}
		l.invalid(i, i+1)
		return i + 1
	case '"':
		l.emit(tOQuote, i, i+1)
		l.modes = append(l.modes, modeString)
		return i + 1
	case '[':
		l.emit(tOBrack, i, i+1)
	case ']':
		l.emit(tCBrack, i, i+1)
	case '(':
		l.emit(tOParen, i, i+1)
	case ')':
		l.emit(tCParen, i, i+1)
	case ',':
		l.emit(tComma, i, i+1)
	case '*':
		l.emit(tStar, i, i+1)
	case '?':
		l.emit(tQuestion, i, i+1)
	case '-':
		l.emit(tMinus, i, i+1)
	case '+', '%':
		l.emit(tBinOp, i, i+1)
	default:
		if c >= 0x80 {
			return l.lexUnicode(i)
		}
		l.invalid(i, i+1)
	}
	return i + 1
}

func (l *lexer) invalid(start, end int) {
	l.emit(tInvalid, start, end)
	l.diag("Invalid character", "This character is not used within the language.", start, end)
}

// numberEnd returns the end of the number literal starting at i, following
// hclsyntax's NumberLit: a digit, then digits, dots and exponents, never
// ending on a dot (the longest such match).
func (l *lexer) numberEnd(i int) int {
	src := l.src
	j := i + 1
	good := j
	for j < len(src) {
		c := src[j]
		switch {
		case isDigit(c):
			j++
			good = j
		case c == '.':
			j++
		case c == 'e' || c == 'E':
			if j+1 < len(src) && isDigit(src[j+1]) {
				j += 2
				good = j
			} else if j+2 < len(src) && (src[j+1] == '+' || src[j+1] == '-') && isDigit(src[j+2]) {
				j += 3
				good = j
			} else {
				return good
			}
		default:
			return good
		}
	}
	return good
}

func (l *lexer) lineComment(i int) int {
	k := bytes.IndexByte(l.src[i:], '\n')
	if k < 0 {
		l.emit(tComment, i, len(l.src))
		return len(l.src)
	}
	l.emitFlag(tComment, fNewline, i, i+k+1)
	return i + k + 1
}

// lexUnicode scans one token that starts at, or reaches, a non-ASCII byte
// by asking hclsyntax's own scanner, so that identifiers follow exactly its
// Unicode tables. Such tokens are rare in mods, so the cost does not matter.
func (l *lexer) lexUnicode(i int) int {
	src := l.src
	if bytes.HasPrefix(src[i:], utf8BOM) {
		// hclsyntax would strip it as if it began a file.
		l.invalid(i, i+3)
		return i + 3
	}
	if r, n := utf8.DecodeRune(src[i:]); r != utf8.RuneError && !maybeIdent(r) {
		// Punctuation, symbols, spaces: never part of an identifier in any
		// Unicode version, so no need to ask hclsyntax.
		l.invalid(i, i+n)
		return i + n
	}
	if r, n := utf8.DecodeRune(src[i:]); r == utf8.RuneError && n <= 1 {
		// Not UTF-8: one token and one diagnostic for the whole run of
		// broken bytes (a binary file is one problem, not millions).
		j := i + 1
		for j < len(src) && src[j] >= 0x80 {
			if r, n := utf8.DecodeRune(src[j:]); r != utf8.RuneError || n > 1 {
				break
			}
			j++
		}
		l.emitFlag(tInvalid, fBadUTF8, i, j)
		l.diag("Invalid character encoding", "All input files must be UTF-8 encoded.", i, j)
		return j
	}
	tok, ok := l.windowToken(i)
	if !ok {
		l.invalid(i, i+1)
		return i + 1
	}
	toks := []hclsyntax.Token{tok}
	n := toks[0].Range.End.Byte
	switch toks[0].Type {
	case hclsyntax.TokenIdent:
		l.emit(tIdent, i, i+n)
	case hclsyntax.TokenBadUTF8:
		l.emitFlag(tInvalid, fBadUTF8, i, i+n)
		l.diag("Invalid character encoding", "All input files must be UTF-8 encoded.", i, i+n)
	default:
		l.invalid(i, i+n)
	}
	return i + n
}

// windowToken returns hclsyntax's token at i, from the current window when
// i starts one of its tokens, else from a new window lexed at i. The token's
// range is relative to i.
func (l *lexer) windowToken(i int) (hclsyntax.Token, bool) {
	for k, t := range l.win {
		if l.winBase+t.Range.Start.Byte == i {
			l.win = l.win[k:]
			t.Range.End.Byte -= t.Range.Start.Byte
			t.Range.Start.Byte = 0
			return t, t.Range.End.Byte > 0
		}
		if l.winBase+t.Range.Start.Byte > i {
			break
		}
	}
	l.win, l.winBase = lexWindow(l.src, i), i
	if len(l.win) == 0 || l.win[0].Type == hclsyntax.TokenEOF || l.win[0].Range.End.Byte == 0 {
		l.win = nil
		return hclsyntax.Token{}, false
	}
	return l.win[0], true
}

// maybeIdent reports whether r could belong to an identifier: whether it is
// in one of the categories that Unicode's ID_Start and ID_Continue draw from.
func maybeIdent(r rune) bool {
	return unicode.In(r, unicode.L, unicode.Nl, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc,
		unicode.Other_ID_Start, unicode.Other_ID_Continue)
}

// lexWindow runs hclsyntax's scanner on a window of src starting at i that
// holds the first token. The window ends before the first character that can
// never continue an identifier; a broken UTF-8 sequence is kept whole with
// the bytes its lead byte claims, since hclsyntax's tables accept some of
// those inside identifiers. Scanning to the end of the line instead would
// make a line of many non-ASCII characters quadratic.
func lexWindow(src []byte, i int) []hclsyntax.Token {
	end := i
	for end < len(src) {
		c := src[end]
		if c < 0x80 {
			if !isIdentASCII(c) && end > i {
				break
			}
			end++
			continue
		}
		r, n := utf8.DecodeRune(src[end:])
		if r == utf8.RuneError && n <= 1 {
			n = 1 + claimed(c)
			if end+n > len(src) {
				n = len(src) - end
			}
		} else if !maybeIdent(r) && end > i {
			break
		}
		end += n
	}
	toks, _ := hclsyntax.LexConfig(src[i:end], "", hcl.InitialPos)
	return toks
}

// claimed returns how many continuation bytes the UTF-8 lead byte c
// announces.
func claimed(c byte) int {
	switch {
	case c >= 0xF0:
		return 3
	case c >= 0xE0:
		return 2
	case c >= 0xC0:
		return 1
	}
	return 0
}

// heredocStart recognises `<<ID\n` or `<<-ID\n` at i.
func (l *lexer) heredocStart(i int) (int, bool) {
	src := l.src
	j := i + 2
	if j < len(src) && src[j] == '-' {
		j++
	}
	ms := j
	if j >= len(src) || !(src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] == '_' || src[j] >= 0x80) {
		return 0, false
	}
	for j < len(src) && isIdentASCII(src[j]) {
		j++
	}
	if j < len(src) && src[j] >= 0x80 {
		if bytes.HasPrefix(src[ms:], utf8BOM) {
			return 0, false // U+FEFF cannot start an identifier
		}
		// A Unicode marker: measure the identifier with hclsyntax.
		toks := lexWindow(src, ms)
		if len(toks) == 0 || toks[0].Type != hclsyntax.TokenIdent {
			return 0, false
		}
		j = ms + toks[0].Range.End.Byte
	}
	me := j
	switch {
	case j < len(src) && src[j] == '\n':
		j++
	case j+1 < len(src) && src[j] == '\r' && src[j+1] == '\n':
		j += 2
	default:
		return 0, false
	}
	l.emit(tOHeredoc, i, j)
	l.heredocs = append(l.heredocs, heredocState{uint32(ms), uint32(me)})
	l.modes = append(l.modes, modeHeredoc)
	return j, true
}

// beginSequence handles `${`, `${~`, `%{` and `%{~` at i.
func (l *lexer) beginSequence(t tokType, i int) int {
	j := i + 2
	if j < len(l.src) && l.src[j] == '~' {
		j++
	}
	l.emit(t, i, j)
	l.braces++
	l.retBraces = append(l.retBraces, l.braces)
	l.modes = append(l.modes, modeMain)
	return j
}

// literalDollar returns the length of a `$` or `%` that does not start a
// template sequence: `$${` (and `$${~`) is one escape, otherwise the single
// character.
func (l *lexer) literalDollar(i int) int {
	src := l.src
	c := src[i]
	if i+2 < len(src) && src[i+1] == c && src[i+2] == '{' {
		if i+3 < len(src) && src[i+3] == '~' {
			return 4
		}
		return 3
	}
	return 1
}

// lexString scans inside a quoted template.
func (l *lexer) lexString(i int) int {
	src := l.src
	start := i
	flag := uint8(0)
	for i < len(src) {
		c := src[i]
		switch c {
		case '"':
			if i > start {
				l.emitFlag(tQuotedLit, flag, start, i)
			}
			l.emit(tCQuote, i, i+1)
			l.modes = l.modes[:len(l.modes)-1]
			return i + 1
		case '$', '%':
			if i+1 < len(src) && src[i+1] == '{' {
				if i > start {
					l.emitFlag(tQuotedLit, flag, start, i)
				}
				t := tInterp
				if c == '%' {
					t = tControl
				}
				return l.beginSequence(t, i)
			}
			n := l.literalDollar(i)
			if n > 1 {
				flag |= fEscapes
			}
			i += n
		case '\\':
			flag |= fEscapes
			switch {
			case i+1 >= len(src) || src[i+1] == '\n' || src[i+1] == '\r':
				i++
			case src[i+1] >= 0x80:
				i++ // the escaped character is handled as any other
			default:
				i += 2
			}
		case '\n', '\r':
			// hclsyntax keeps scanning the string across the newline,
			// which turns the rest of the file inside out; ending the
			// string here keeps the damage to this line.
			if i > start {
				l.emitFlag(tQuotedLit, flag, start, i)
			}
			l.emitFlag(tCQuote, fBadString, i, i)
			l.diag("Invalid multi-line string", "Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the \"heredoc\" multi-line template syntax.", start, i)
			l.modes = l.modes[:len(l.modes)-1]
			return i
		default:
			if c < 0x80 {
				i++
				continue
			}
			n := utf8Len(src[i:])
			if n == 0 {
				flag |= fBadUTF8
				l.diag("Invalid character encoding", "All input files must be UTF-8 encoded.", i, i+1)
				n = 1
			}
			i += n
		}
	}
	if i > start {
		l.emitFlag(tQuotedLit, flag, start, i)
	}
	return i
}

// lexHeredoc scans inside a heredoc template.
func (l *lexer) lexHeredoc(i int) int {
	src := l.src
	if i == 0 || src[i-1] == '\n' {
		if end, ok := l.closingMarker(i); ok {
			return end
		}
	}
	start := i
	for i < len(src) {
		c := src[i]
		switch c {
		case '\n':
			l.emit(tStringLit, start, i+1)
			return i + 1
		case '\r':
			if i+1 >= len(src) || src[i+1] != '\n' {
				// hclsyntax's scanner has no rule for a carriage return
				// that does not end a line: it gives up on the rest of the
				// file. Report it; keep the text as literal.
				l.diag("Invalid character", "A carriage return must be followed by a line feed.", i, i+1)
			}
			i++
		case '$', '%':
			if i+1 < len(src) && src[i+1] == '{' {
				if i > start {
					l.emit(tStringLit, start, i)
				}
				t := tInterp
				if c == '%' {
					t = tControl
				}
				return l.beginSequence(t, i)
			}
			i += l.literalDollar(i)
		default:
			if c < 0x80 {
				i++
				continue
			}
			n := utf8Len(src[i:])
			if n == 0 {
				l.diag("Invalid character encoding", "All input files must be UTF-8 encoded.", i, i+1)
				n = 1
			}
			i += n
		}
	}
	if i > start {
		l.emit(tStringLit, start, i)
	}
	return i
}

// closingMarker reports whether the line at i closes the innermost heredoc,
// and if so emits the marker and its newline. As in hclsyntax, the line must
// be plain text (no `$`, `%` or stray carriage return), end with a newline,
// and equal the marker once white space is trimmed.
func (l *lexer) closingMarker(i int) (int, bool) {
	src := l.src
	k := bytes.IndexByte(src[i:], '\n')
	if k < 0 {
		return 0, false
	}
	lineEnd := i + k // offset of '\n'
	contentEnd := lineEnd
	if contentEnd > i && src[contentEnd-1] == '\r' {
		contentEnd--
	}
	h := l.heredocs[len(l.heredocs)-1]
	marker := src[h.markerStart:h.markerEnd]
	content := src[i:contentEnd]
	if len(content) < len(marker) || !bytes.Equal(bytes.TrimSpace(content), marker) {
		return 0, false
	}
	if bytes.ContainsAny(content, "$%\r") {
		return 0, false
	}
	l.emit(tCHeredoc, i, contentEnd)
	l.emit(tNewline, contentEnd, lineEnd+1)
	l.heredocs = l.heredocs[:len(l.heredocs)-1]
	l.modes = l.modes[:len(l.modes)-1]
	return lineEnd + 1, true
}

// utf8Len returns the length of the UTF-8 sequence at the start of b as
// hclsyntax's scanner accepts it (lead byte and continuation bytes only; it
// does not reject overlong forms or surrogates), or 0 if it is broken.
func utf8Len(b []byte) int {
	c := b[0]
	var n int
	switch {
	case c >= 0xC0 && c <= 0xDF:
		n = 2
	case c >= 0xE0 && c <= 0xEF:
		n = 3
	case c >= 0xF0 && c <= 0xF7:
		n = 4
	default:
		return 0
	}
	if len(b) < n {
		return 0
	}
	for _, cc := range b[1:n] {
		if cc < 0x80 || cc > 0xBF {
			return 0
		}
	}
	return n
}
