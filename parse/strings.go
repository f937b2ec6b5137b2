package parse

// This file defines string handling: decoding literal strings (labels, index
// keys, static attribute values) and interning the names that recur in every
// mod, so that a scanned file does not allocate them again and again.

import (
	"bytes"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"golang.org/x/text/unicode/norm"
)

func indexNewline(b []byte) int { return bytes.IndexByte(b, '\n') }

// decodeQuoted decodes the literal tokens strictly between token indexes
// from and to, the inside of a quoted string with no template sequences.
func (s *scanner) decodeQuoted(from, to int) string {
	if to == from+1 && s.toks[from].flag&fEscapes == 0 {
		return string(s.text(from))
	}
	var b strings.Builder
	for j := from; j < to; j++ {
		t := s.toks[j]
		if t.typ != tQuotedLit {
			continue
		}
		raw := s.text(j)
		if t.flag&fEscapes == 0 {
			b.Write(raw)
			continue
		}
		b.WriteString(decodeLiteral(raw))
	}
	return b.String()
}

// decodeLiteral decodes the text of a quoted string with no template
// sequences the way hclsyntax does: it cuts the text into the tokens its
// scanner makes (a lone `$` or `%`; `$${`, `%%{` and their `~` forms; runs
// of other characters, backslash escapes included) and decodes each.
func decodeLiteral(raw []byte) string {
	var b strings.Builder
	start := 0
	flush := func(end int) {
		if end > start {
			seg := raw[start:end]
			if bytes.IndexByte(seg, '\\') < 0 {
				b.Write(seg)
			} else {
				v, _ := hclsyntax.ParseStringLiteralToken(hclsyntax.Token{Type: hclsyntax.TokenQuotedLit, Bytes: seg})
				b.WriteString(v)
			}
		}
	}
	for i := 0; i < len(raw); {
		switch c := raw[i]; c {
		case '\\':
			i += 2 // an escape pair belongs to the run
		case '$', '%':
			flush(i)
			if i+2 < len(raw) && raw[i+1] == c && raw[i+2] == '{' {
				b.WriteByte(c)
				b.WriteByte('{')
				i += 3
			} else {
				b.WriteByte(c)
				i++
			}
			start = i
		default:
			i++
		}
	}
	if start < len(raw) {
		flush(len(raw))
	}
	return b.String()
}

// checkNumber reports a number literal that hclsyntax cannot read, such as
// 1.2.3.
func (s *scanner) checkNumber(j int) {
	if t := s.toks[j]; t.end-t.start > MaxNumberLength {
		s.errAt(j, numberSummary, numberDetail) // see limits.go
		return
	}
	if _, err := cty.ParseNumberVal(string(s.text(j))); err != nil {
		s.errAt(j, "Invalid number literal", "Failed to recognize the value of this number literal.")
	}
}

// checkEscapes reports the invalid escape sequences of a quoted literal.
func (s *scanner) checkEscapes(j int) {
	t := s.toks[j]
	if t.flag&fEscapes == 0 {
		return
	}
	_, diags := hclsyntax.ParseStringLiteralToken(hclsyntax.Token{Type: hclsyntax.TokenQuotedLit, Bytes: s.text(j)})
	if diags.HasErrors() {
		s.errAt(j, diags[0].Summary, diags[0].Detail)
	}
}

// literalKey returns the value of a literal index key as Step.Name holds it.
func (s *scanner) literalKey(key exprInfo) string {
	switch key.lit {
	case KeyNumber, KeyBool, KeyNull:
		return string(s.text(key.first))
	case KeyString:
		if s.toks[key.first].typ == tOQuote {
			// cty normalizes every string value to NFC; so do we.
			return norm.NFC.String(s.decodeQuoted(key.first+1, key.last))
		}
		v, _ := heredocValue(s.src[s.toks[key.first].start:s.toks[key.last].end])
		return v
	}
	return ""
}

// StringValue returns the value of a static string attribute (Attr.Static)
// of the file src that Scan read, normalized to NFC as cty does. ok is false
// when a is not static.
func StringValue(src []byte, a Attr) (v string, ok bool) {
	v, ok = stringValue(src, a)
	return norm.NFC.String(v), ok
}

func stringValue(src []byte, a Attr) (v string, ok bool) {
	if !a.Static || int(a.ExprRange.End.Byte) > len(src) {
		return "", false
	}
	expr := src[a.ExprRange.Start.Byte:a.ExprRange.End.Byte]
	if len(expr) >= 2 && expr[0] == '"' {
		body := expr[1 : len(expr)-1]
		if bytes.IndexByte(body, '\\') < 0 && !bytes.Contains(body, []byte("${")) && !bytes.Contains(body, []byte("%{")) {
			return string(body), true
		}
		return decodeLiteral(body), true
	}
	return heredocValue(expr)
}

// heredocValue evaluates a heredoc with no template sequences: the common
// shape (ASCII indentation, no escapes, no CR) directly, anything else
// through hclsyntax, whose flush-indentation rules then apply exactly.
func heredocValue(expr []byte) (string, bool) {
	if v, ok := plainHeredoc(expr); ok {
		return v, true
	}
	return hclStringValue(expr)
}

// hclStringValue is what hclsyntax evaluates the string expression expr to.
func hclStringValue(expr []byte) (string, bool) {
	src := make([]byte, len(expr)+1)
	copy(src, expr)
	src[len(expr)] = '\n'
	e, diags := hclsyntax.ParseExpression(src, "", hcl.InitialPos)
	if diags.HasErrors() {
		return "", false
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// plainHeredoc evaluates the heredoc expr (`<<MARKER` or `<<-MARKER`, its
// lines, the closing marker) as hclsyntax does when it has no template
// sequences, no `$${`/`%%{` escapes, no CR and only ASCII indentation; ok
// is false for any other heredoc. A `<<-` heredoc's lines are flushed by
// the rule Template applies (see flush).
func plainHeredoc(expr []byte) (string, bool) {
	if !bytes.HasPrefix(expr, []byte("<<")) {
		return "", false
	}
	first := bytes.IndexByte(expr, '\n')
	last := bytes.LastIndexByte(expr, '\n')
	if first < 0 || last < first {
		return "", false
	}
	body := expr[first+1 : last+1]
	if bytes.IndexByte(expr, '\r') >= 0 || bytes.Contains(body, []byte("${")) || bytes.Contains(body, []byte("%{")) {
		return "", false // a template sequence or an escape of one: hclsyntax decides
	}
	if expr[2] != '-' {
		return string(body), true
	}
	var lines []TemplatePart
	for rest := body; len(rest) > 0; {
		n := bytes.IndexByte(rest, '\n') + 1
		lines = append(lines, TemplatePart{Value: string(rest[:n])})
		rest = rest[n:]
	}
	if !flush(lines) {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(body))
	for _, l := range lines {
		b.WriteString(l.Value)
	}
	return b.String(), true
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f'
}

// intern returns b as a string, without allocating for the names that every
// mod repeats: block types, attribute names and reference roots.
func intern(b []byte) string {
	if s, ok := common[string(b)]; ok {
		return s
	}
	return string(b)
}

var common = func() map[string]string {
	m := map[string]string{}
	for _, w := range strings.Fields(`
		mod variable locals query control detection benchmark dashboard container
		card chart image input table text flow graph hierarchy node edge category
		with param var local self connection steampipe default value rows
		title description documentation tags sql args severity base children
		width type display database search_path search_path_prefix label icon
		href src alt grouping transform direction color depth property_order
		legend axes series point column option fold property x y min max
		position labels format wrap placeholder display_columns require requires
		opengraph plugin powerpipe min_version version branch path categories
		enum sensitive service plugin_short_name name id from_id to_id
		true false null merge file`) {
		m[w] = w
	}
	return m
}()
