package parse

// This file defines Template: the parts of a template attribute — literal
// text and `${…}` interpolations — read with the scanner's lexer instead of
// hclsyntax's parser, for the SQL renderer, which reads every query of a mod.

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TemplatePart is a piece of a template: literal text, with its decoded
// value, or an interpolation, whose expression lies at Start..End.
type TemplatePart struct {
	Interp     bool
	Value      string // a literal's value, as hclsyntax decodes it
	Start, End uint32 // the literal's source, or the interpolation's expression
}

// Template returns the parts of the expression of attribute a of src when
// it is a quoted string or heredoc whose sequences are all plain `${…}`
// interpolations, with the values hclsyntax gives its literals (escapes
// decoded, a `<<-` heredoc's indentation removed by its rule). ok is false
// for anything else — a directive (`%{if}`, `%{for}`), a strip marker
// (`~`), an escaped sequence (`$${`), a CR, indentation that is not ASCII,
// an expression that is not a template — which the caller parses with
// hclsyntax.
func Template(src []byte, a Attr) (parts []TemplatePart, quoted bool, ok bool) {
	s, e := a.ExprRange.Clamp(len(src))
	text := append(src[s:e:e], '\n')
	l := lexer{src: text}
	l.lex()
	if len(l.diags) > 0 || len(l.toks) < 3 {
		return nil, false, false
	}
	toks := l.toks
	open, last := toks[0].typ, len(toks)-1
	for last > 0 && (toks[last].typ == tEOF || toks[last].typ == tNewline) {
		last--
	}
	switch {
	case open == tOQuote && toks[last].typ == tCQuote && toks[last].flag&fBadString == 0:
		quoted = true
	case open == tOHeredoc && toks[last].typ == tCHeredoc:
	default:
		return nil, false, false
	}
	base := uint32(s)
	for j := 1; j < last; j++ {
		t := toks[j]
		switch t.typ {
		case tStringLit, tQuotedLit:
			raw := text[t.start:t.end]
			if t.flag&(fBadUTF8|fBadString) != 0 {
				return nil, false, false
			}
			var v string
			switch {
			case quoted && t.flag&fEscapes != 0:
				if !validEscapes(raw) {
					return nil, false, false // hclsyntax reports it
				}
				v = decodeLiteral(raw)
			case !quoted && (strings.Contains(string(raw), "$${") || strings.Contains(string(raw), "%%{") || strings.IndexByte(string(raw), '\r') >= 0):
				return nil, false, false
			default:
				v = string(raw)
			}
			parts = append(parts, TemplatePart{Value: v, Start: base + t.start, End: base + t.end})
		case tInterp:
			if t.end-t.start != 2 {
				return nil, false, false // ${~
			}
			// The sequence ends at the tSeqEnd that closes it; sequences of
			// strings inside its expression nest.
			depth, k := 1, j+1
			for ; k < last; k++ {
				switch toks[k].typ {
				case tInterp, tControl:
					depth++
				case tSeqEnd:
					depth--
				}
				if depth == 0 {
					break
				}
			}
			if k >= last || text[toks[k].start] == '~' {
				return nil, false, false // unclosed, or ~}
			}
			parts = append(parts, TemplatePart{Interp: true, Start: base + t.end, End: base + toks[k].start})
			j = k
		default:
			return nil, false, false // a directive, or not a template
		}
	}
	if !quoted && text[toks[0].start+2] == '-' && !flush(parts) {
		return nil, false, false
	}
	for i := range parts {
		if !parts[i].Interp {
			parts[i].Value = norm.NFC.String(parts[i].Value) // as cty does
		}
	}
	return parts, quoted, true
}

// flush removes a `<<-` heredoc's indentation as hclsyntax's
// flushHeredocTemplateParts does: the least indentation of the parts that
// begin a line (an interpolation there counts as none; a literal that is
// only white space and its line break does not count), removed from every
// literal that begins a line and is not blank. false for indentation that
// is not ASCII (hclsyntax counts characters).
func flush(parts []TemplatePart) bool {
	const none = int(^uint(0) >> 1)
	least := none
	var adjust []int
	newline := true
	for i, p := range parts {
		if newline {
			newline = false
			spaces := 0
			if !p.Interp {
				lead := 0
				for lead < len(p.Value) && isASCIISpace(p.Value[lead]) {
					lead++
				}
				if lead < len(p.Value) && p.Value[lead] >= utf8.RuneSelf {
					return false
				}
				if lead == len(p.Value) && strings.HasSuffix(p.Value, "\n") {
					spaces = none // a blank line
				} else {
					spaces = lead
					adjust = append(adjust, i)
				}
			}
			least = min(least, spaces)
		}
		if !p.Interp && strings.HasSuffix(p.Value, "\n") {
			newline = true
		}
	}
	if least == none {
		return true
	}
	for _, i := range adjust {
		parts[i].Value = parts[i].Value[min(least, len(parts[i].Value)):]
	}
	return true
}

// validEscapes reports whether every backslash escape of a quoted literal is
// one hclsyntax accepts: \n \r \t \" \\, \uNNNN, \UNNNNNNNN.
func validEscapes(raw []byte) bool {
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		if i+1 >= len(raw) {
			return false
		}
		n := 0
		switch raw[i+1] {
		case 'n', 'r', 't', '"', '\\':
		case 'u':
			n = 4
		case 'U':
			n = 8
		default:
			return false
		}
		if i+2+n > len(raw) {
			return false
		}
		r := rune(0)
		for _, c := range raw[i+2 : i+2+n] {
			switch {
			case c >= '0' && c <= '9':
				r = r<<4 | rune(c-'0')
			case c >= 'a' && c <= 'f':
				r = r<<4 | rune(c-'a'+10)
			case c >= 'A' && c <= 'F':
				r = r<<4 | rune(c-'A'+10)
			default:
				return false
			}
		}
		if n > 0 && !utf8.ValidRune(r) {
			return false
		}
		i += 1 + n
	}
	return true
}
