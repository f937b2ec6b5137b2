package parse

// This file bounds what the parsers are given. hclsyntax's parser, and
// Scan's expression walk, recurse once per level of brackets, braces,
// parentheses, template sequences, nested blocks, unary operators and
// chained conditionals: a few tens of thousands of levels — 60 KB of "[" for
// hclsyntax, 1 MB for Scan, well within the 32 MB a source file may have —
// exhaust the goroutine stack, a fatal error that no recover catches, and
// long before that a parse takes seconds. And both parse number literals
// with math/big in time quadratic in their length: one literal of a
// million digits costs two seconds, ten million several minutes. Scan stops
// at MaxNesting and MaxNumberLength with a diagnostic; CheckLimits lets
// every caller of hclsyntax refuse such source before parsing it
// (ParseFile, ParseBlock, ParseConfig and ParseExpression do).

import (
	"bytes"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// MaxNesting is the deepest nesting modls parses. Real mods stay under 20
// levels; hclsyntax needs up to 16 KB of stack per level.
const MaxNesting = 1000

// MaxNumberLength is the longest number literal modls parses, in bytes.
const MaxNumberLength = 1000

const (
	nestingSummary = "Nesting too deep"
	numberSummary  = "Number literal too long"
)

var (
	nestingDetail = fmt.Sprintf("modls parses expressions and blocks nested up to %d levels deep (brackets, braces, parentheses, template sequences, unary operators and chained conditionals); this one is deeper, so it is not parsed.", MaxNesting)
	numberDetail  = fmt.Sprintf("modls parses number literals of up to %d characters; this one is longer, so it is not parsed.", MaxNumberLength)
)

// CheckLimits returns an error diagnostic when src nests deeper than
// MaxNesting or holds a number literal longer than MaxNumberLength, and
// nil otherwise. filename and start locate src in its file (hcl.InitialPos
// for a whole file).
//
// Nesting is measured on tokens, so what strings and comments hold does not
// count: every open bracket, brace, parenthesis, quote, heredoc and
// template sequence is a level until it closes, every %{ if } or %{ for }
// until its end directive, and every unary operator or "?" a level until
// the end of the item it is in (a comma, or a newline where newlines
// separate items).
func CheckLimits(filename string, src []byte, start hcl.Pos) hcl.Diagnostics {
	off, n, summary, detail := firstOverLimit(src)
	if summary == "" {
		return nil
	}
	pos := offsetPos(src, start, off)
	end := offsetPos(src, start, off+n)
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   detail,
		Subject:  &hcl.Range{Filename: filename, Start: pos, End: end},
	}}
}

// firstOverLimit lexes src and returns the offset and length of the first
// token past a limit, with the problem's summary and detail; summary is ""
// when src is within the limits.
func firstOverLimit(src []byte) (off, n int, summary, detail string) {
	s := scannerPool.Get().(*scanner)
	defer func() {
		s.release()
		scannerPool.Put(s)
	}()
	var f File
	s.reset(src, &f)
	s.lex.lex()
	toks := s.lex.toks

	type level struct {
		open tokType
		ops  int // unary operators and "?" in the current item
	}
	stack := []level{{open: tEOF}} // the root level is never popped
	total, directives := 0, 0
	for j, t := range toks {
		top := &stack[len(stack)-1]
		switch t.typ {
		case tOBrace, tOBrack, tOParen, tInterp, tControl, tOQuote, tOHeredoc:
			stack = append(stack, level{open: t.typ})
			total++
		case tCBrace, tCBrack, tCParen, tSeqEnd, tCQuote, tCHeredoc:
			if len(stack) > 1 {
				total -= 1 + top.ops
				stack = stack[:len(stack)-1]
			}
		case tMinus, tBang, tQuestion:
			top.ops++
			total++
		case tComma:
			total -= top.ops
			top.ops = 0
		case tNewline:
			if top.open == tOBrace || top.open == tEOF {
				total -= top.ops
				top.ops = 0
			}
		case tIdent:
			if j > 0 && toks[j-1].typ == tControl {
				switch string(src[t.start:t.end]) {
				case "if", "for":
					directives++
				case "endif", "endfor":
					directives = max(directives-1, 0)
				}
			}
		case tNumber:
			if t.end-t.start > MaxNumberLength {
				return int(t.start), int(t.end - t.start), numberSummary, numberDetail
			}
		}
		if total+directives > MaxNesting {
			return int(t.start), int(t.end - t.start), nestingSummary, nestingDetail
		}
	}
	return 0, 0, "", ""
}

// offsetPos returns the hcl position of byte offset off of src, which starts
// at position start of its file.
func offsetPos(src []byte, start hcl.Pos, off int) hcl.Pos {
	off = min(max(off, 0), len(src))
	nl := bytes.Count(src[:off], []byte{'\n'})
	p := hcl.Pos{Line: start.Line + nl, Byte: start.Byte + off}
	if nl == 0 {
		// graphemeColumn counts from the start of src: add the start column.
		p.Column = start.Column + graphemeColumn(src, off) - 1
	} else {
		p.Column = graphemeColumn(src, off)
	}
	return p
}

// ParseConfig is hclsyntax.ParseConfig, refusing source nested deeper than
// MaxNesting or holding a number literal longer than MaxNumberLength: the
// result is then an empty body with the diagnostic.
func ParseConfig(src []byte, filename string, start hcl.Pos) (*hcl.File, hcl.Diagnostics) {
	if diags := CheckLimits(filename, src, start); diags != nil {
		end := offsetPos(src, start, len(src))
		rng := hcl.Range{Filename: filename, Start: start, End: end}
		return &hcl.File{Body: &hclsyntax.Body{SrcRange: rng, EndRange: hcl.Range{Filename: filename, Start: end, End: end}}, Bytes: src}, diags
	}
	return hclsyntax.ParseConfig(src, filename, start)
}

// ParseExpression is hclsyntax.ParseExpression, refusing source past the
// limits as ParseConfig does: the result is then a syntax-error expression
// with the diagnostic.
func ParseExpression(src []byte, filename string, start hcl.Pos) (hclsyntax.Expression, hcl.Diagnostics) {
	if diags := CheckLimits(filename, src, start); diags != nil {
		rng := hcl.Range{Filename: filename, Start: start, End: offsetPos(src, start, len(src))}
		return &hclsyntax.ExprSyntaxError{Placeholder: cty.DynamicVal, ParseDiags: diags, SrcRange: rng}, diags
	}
	return hclsyntax.ParseExpression(src, filename, start)
}
