package parse

// This file defines the full-parse entry points: hclsyntax ASTs (with go-cty
// values) of a whole file or of one block, for the requests that need more
// than Scan records (hover, completion, diagnostics).

import (
	"bytes"

	"github.com/apparentlymart/go-textseg/v15/textseg"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// ParseFile fully parses a whole file with hclsyntax.ParseConfig. Like
// ParseConfig it returns a partial result plus diagnostics on broken input;
// a file past the limits of CheckLimits (nesting, number literals) is not
// parsed.
func ParseFile(filename string, src []byte) (*hcl.File, hcl.Diagnostics) {
	return ParseConfig(src, filename, hcl.InitialPos)
}

// ParseBlock fully parses the one block whose byte range in the file is r
// (a Block.Range from Scan or an index entry's range: from the type keyword
// to after the closing brace), without parsing the rest of src, which holds
// the whole file. Every position in the result and in the diagnostics is a
// position in the whole file, with hcl's grapheme-cluster columns, so the
// block equals the same block of a whole-file ParseFile.
//
// It returns the first block of the range, or nil (with a diagnostic) when
// the range holds none. A range that does not lie within src is clamped into
// it.
//
// Precondition: r.Start.Line is the line of r.Start.Byte (Scan's ranges
// are); a zero line is computed from src.
func ParseBlock(filename string, src []byte, r Range) (*hclsyntax.Block, hcl.Diagnostics) {
	start, end := r.Clamp(len(src))
	line := int(r.Start.Line)
	if line == 0 {
		line = bytes.Count(src[:start], []byte{'\n'}) + 1
	}
	pos := hcl.Pos{Line: line, Column: graphemeColumn(src, start), Byte: start}
	f, diags := ParseConfig(src[start:end], filename, pos)
	if body, ok := f.Body.(*hclsyntax.Body); ok && len(body.Blocks) > 0 {
		return body.Blocks[0], diags
	}
	return nil, append(diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "No block in range",
		Detail:   "The range given to parse a block holds no block.",
		Subject:  &hcl.Range{Filename: filename, Start: pos, End: pos},
	})
}

// Clamp returns the byte offsets of r clamped into a file of size bytes:
// 0 <= start <= end <= size.
func (r Range) Clamp(size int) (start, end int) {
	n := uint64(max(size, 0))
	s, e := min(uint64(r.Start.Byte), n), min(uint64(r.End.Byte), n)
	return int(min(s, e)), int(e)
}

// graphemeColumn returns hcl's 1-based column of byte offset off in src: one
// more than the number of grapheme clusters between the start of the line and
// off. A UTF-8 byte order mark at the start of the file takes no column, as in
// hclsyntax, which strips it before scanning.
//
// hclsyntax counts grapheme clusters with go-textseg/v15 up to Go 1.26 (its
// internal/unicodeutil switches to v17 at go1.27); this must use the same
// tables.
func graphemeColumn(src []byte, off int) int {
	lineStart := bytes.LastIndexByte(src[:off], '\n') + 1
	if lineStart == 0 && bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		lineStart = min(3, off)
	}
	col := 1
	for b := src[lineStart:off]; len(b) > 0; col++ {
		adv, _, err := textseg.ScanGraphemeClusters(b, true)
		if err != nil || adv <= 0 {
			adv = 1
		}
		b = b[adv:]
	}
	return col
}

// AttrExpression parses the expression of attribute a (from Scan) of the
// file src alone, with its whole-file positions. The line break after it is
// part of the parse: a heredoc ends with the line of its closing marker.
func AttrExpression(src []byte, filename string, a Attr) (hclsyntax.Expression, hcl.Diagnostics) {
	s, e := a.ExprRange.Clamp(len(src))
	start := hcl.Pos{Byte: s, Line: int(a.ExprRange.Start.Line), Column: int(a.ExprRange.Start.Col)}
	return ParseExpression(append(src[s:e:e], '\n'), filename, start)
}

// ConnectionRef spells the traversal t when it is a connection reference,
// connection.<type>.<name>; ok is false for any other.
func ConnectionRef(t hcl.Traversal) (ref string, ok bool) {
	if len(t) != 3 || t.RootName() != "connection" {
		return "", false
	}
	typ, ok1 := t[1].(hcl.TraverseAttr)
	name, ok2 := t[2].(hcl.TraverseAttr)
	if !ok1 || !ok2 {
		return "", false
	}
	return "connection." + typ.Name + "." + name.Name, true
}
