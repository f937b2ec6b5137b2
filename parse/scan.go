package parse

// This file defines Scan: a recursive-descent walk over the token stream that
// mirrors hclsyntax's parser (parser.go, parser_template.go) closely enough to
// agree with it on every range and reference of a valid file, without
// building an AST. On invalid input it reports a diagnostic and recovers at
// the next line or the next block header, so one mistake does not hide the
// rest of the file.

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Scan extracts every block, attribute and variable reference from src, the
// contents of one HCL native-syntax file.
//
// Scan never fails: on broken input it returns what it found outside the
// damaged region, with diagnostics. It keeps no reference to src.
func Scan(src []byte) *File {
	f := new(File)
	ScanInto(f, src)
	return f
}

// ScanInto is Scan writing into f, reusing the capacity of its slices: a
// loader that scans many files and keeps none of the results allocates
// almost nothing. Whatever f held before is overwritten.
func ScanInto(f *File, src []byte) {
	s := scannerPool.Get().(*scanner)
	s.reset(src, f)
	s.run()
	s.finish()
	s.release()
	scannerPool.Put(s)
}

var scannerPool = sync.Pool{New: func() any { return new(scanner) }}

type scanner struct {
	src      []byte
	lex      lexer
	toks     []token
	i        int // index of the next token to read
	nl       []bool
	scope    []string // for-expression names hiding globals, innermost last
	lines    []uint32 // byte offset of each line start
	lastLine int      // index in lines of the last position computed
	f        *File

	labelIdx []labelSpan // per block: where its labels sit in labels
	labels   []Label
	curAttr  int32
	pdiags   []lexDiag
	bodies   int // block bodies open around the cursor
	depth    int // expressions and unary operators open around the cursor
}

type labelSpan struct{ first, n uint32 }

func (s *scanner) reset(src []byte, f *File) {
	s.src = src
	s.lex.src = src
	s.lex.toks = s.lex.toks[:0]
	s.lex.diags = s.lex.diags[:0]
	s.lex.braces = 0
	s.lex.retBraces = s.lex.retBraces[:0]
	s.lex.heredocs = s.lex.heredocs[:0]
	s.lex.win, s.lex.winBase = nil, 0
	s.i = 0
	s.nl = append(s.nl[:0], true)
	s.scope = s.scope[:0]
	s.lines = s.lines[:0]
	s.lastLine = 0
	s.labelIdx = s.labelIdx[:0]
	s.labels = s.labels[:0]
	s.pdiags = s.pdiags[:0]
	s.curAttr = -1
	s.bodies = 0
	s.depth = 0
	s.f = f
	*f = File{Blocks: f.Blocks[:0], Attrs: f.Attrs[:0], Refs: f.Refs[:0], Steps: f.Steps[:0], Diags: f.Diags[:0]}
}

func (s *scanner) release() {
	s.src = nil
	s.lex.src = nil
	s.f = nil
	// Keep the buffers for the next file, unless one huge file grew them.
	if cap(s.lex.toks) > 1<<20 {
		s.lex.toks = nil
	}
	if cap(s.lines) > 1<<18 {
		s.lines = nil
	}
}

func (s *scanner) run() {
	if !utf8.Valid(s.src) {
		// HCL files are UTF-8. (hclsyntax's tables let some broken
		// sequences pass inside identifiers; modls does not.)
		i := 0
		for i < len(s.src) {
			r, n := utf8.DecodeRune(s.src[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		s.lex.diag("Invalid character encoding", "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.", i, i+1)
	}
	s.lex.lex()
	s.toks = s.lex.toks
	s.lines = lineStarts(s.src, s.lines)
	s.presize()
	s.markRestarts()
	s.parseTopLevel()
}

// presize gives the result slices their final capacity up front, counted
// from the tokens: at most one block per "{", one attribute per "=", and one
// reference per identifier followed by a dot.
func (s *scanner) presize() {
	var blocks, attrs, refs int
	for j, t := range s.toks {
		switch t.typ {
		case tOBrace:
			blocks++
		case tEqual:
			attrs++
		case tDot:
			if j > 0 && s.toks[j-1].typ == tIdent {
				refs++
			}
		}
	}
	f := s.f
	f.Blocks = slices.Grow(f.Blocks, blocks)
	f.Attrs = slices.Grow(f.Attrs, attrs)
	f.Refs = slices.Grow(f.Refs, refs)
	f.Steps = slices.Grow(f.Steps, 2*refs)
}

// checkRedefined reports an attribute set twice in one body, as hclsyntax
// does ("Attribute redefined").
func (s *scanner) checkRedefined() {
	f := s.f
	if len(f.Attrs) < 2 {
		return
	}
	order := make([]int32, len(f.Attrs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		x, y := &f.Attrs[a], &f.Attrs[b]
		if x.Block != y.Block {
			return int(x.Block) - int(y.Block)
		}
		return strings.Compare(x.Name, y.Name)
	})
	for k := 1; k < len(order); k++ {
		a, b := &f.Attrs[order[k-1]], &f.Attrs[order[k]]
		if a.Block == b.Block && a.Name == b.Name {
			s.pdiags = append(s.pdiags, lexDiag{"Attribute redefined", "The argument \"" + b.Name + "\" was already set. Each argument may be set only once.", b.NameRange.Start.Byte, b.NameRange.End.Byte})
		}
	}
}

// finish attaches labels and diagnostics to the File.
func (s *scanner) finish() {
	f := s.f
	s.checkRedefined()
	if len(s.labels) > 0 {
		labels := make([]Label, len(s.labels))
		copy(labels, s.labels)
		for bi, sp := range s.labelIdx {
			if sp.n > 0 {
				f.Blocks[bi].Labels = labels[sp.first : sp.first+sp.n : sp.first+sp.n]
			}
		}
	}
	ds := append(s.lex.diags, s.pdiags...)
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].start < ds[j].start })
	for i := 0; i < len(ds); i++ {
		d := ds[i]
		// One diagnostic for a run of junk on a line, not one per character
		// or per token.
		for i+1 < len(ds) && s.sameRun(d, ds[i+1]) {
			i++
			if ds[i].end > d.end {
				d.end = ds[i].end
			}
		}
		f.Diags = append(f.Diags, Diagnostic{Severity: SevError, Summary: d.summary, Detail: d.detail, Range: s.rng(d.start, d.end)})
	}
}

// sameRun reports whether diagnostic b continues the run of junk a (an
// invalid character or a misplaced token, extended by those merged into it
// so far): on the same line, with no line break between a's end and b.
func (s *scanner) sameRun(a, b lexDiag) bool {
	junk := func(d lexDiag) bool {
		return d.summary == "Invalid character" || d.summary == "Argument or block definition required"
	}
	if !junk(a) || !junk(b) || b.start < a.end {
		return b.start >= a.start && b.start < a.end && junk(a) && junk(b)
	}
	for _, c := range s.src[a.end:b.start] {
		if c == '\n' {
			return false
		}
	}
	return true
}

// Token access. These mirror hclsyntax's peeker: comments are skipped, a line
// comment that absorbed its newline counts as a newline where newlines
// matter, and newlines are skipped inside brackets.

func (s *scanner) peek() (tokType, int) {
	inc := s.nl[len(s.nl)-1]
	for j := s.i; j < len(s.toks); j++ {
		t := &s.toks[j]
		switch t.typ {
		case tComment:
			if inc && t.flag&fNewline != 0 {
				return tNewline, j
			}
			continue
		case tNewline:
			if !inc {
				continue
			}
		}
		return t.typ, j
	}
	return tEOF, len(s.toks) - 1
}

func (s *scanner) read() (tokType, int) {
	t, j := s.peek()
	s.i = j + 1
	return t, j
}

// prevEnd is the end of the last token read, as hclsyntax's PrevRange.
func (s *scanner) prevEnd() uint32 {
	if s.i == 0 {
		return 0
	}
	if s.i > len(s.toks) {
		return s.toks[len(s.toks)-1].end
	}
	return s.toks[s.i-1].end
}

func (s *scanner) pushNL(b bool) { s.nl = append(s.nl, b) }
func (s *scanner) popNL()        { s.nl = s.nl[:len(s.nl)-1] }

func (s *scanner) text(j int) []byte { return s.src[s.toks[j].start:s.toks[j].end] }

func (s *scanner) isKeyword(t tokType, j int, kw string) bool {
	return t == tIdent && string(s.text(j)) == kw
}

func (s *scanner) errAt(j int, summary, detail string) {
	t := s.toks[j]
	s.pdiags = append(s.pdiags, lexDiag{summary, detail, t.start, t.end})
}

// Structure.

func (s *scanner) parseTopLevel() {
	for {
		t, j := s.peek()
		switch t {
		case tEOF:
			return
		case tNewline:
			s.i = j + 1
		case tIdent:
			s.parseItem(-1)
		default:
			s.errAt(j, "Argument or block definition required", "An argument or block definition is required here.")
			s.i = j + 1
			s.recoverLine()
		}
	}
}

// parseBody parses a block body up to its closing brace, reporting whether
// the brace was found.
func (s *scanner) parseBody(block int32) bool {
	for {
		t, j := s.peek()
		switch t {
		case tCBrace:
			s.i = j + 1
			return true
		case tEOF:
			return false
		case tNewline:
			s.i = j + 1
		case tIdent:
			if s.toks[j].flag&fRestart != 0 {
				// The shape of a top-level block header in a file whose
				// braces do not balance: the enclosing blocks were never
				// closed, so end them here and resume at the top level.
				s.i = j
				return false
			}
			s.parseItem(block)
		default:
			s.errAt(j, "Argument or block definition required", "An argument or block definition is required here.")
			s.i = j + 1
			s.recoverLine()
		}
	}
}

// parseItem parses an attribute or block starting at the identifier under
// the cursor. It returns the block's index, or -1 for an attribute.
func (s *scanner) parseItem(block int32) int32 {
	_, ji := s.read()
	t, _ := s.peek()
	switch t {
	case tEqual:
		s.parseAttr(ji, block, false)
		return -1
	case tOQuote, tOBrace, tIdent:
		return s.parseBlock(ji, block)
	}
	s.errAt(ji, "Argument or block definition required", "An argument or block definition is required here. To set an argument, use the equals sign \"=\" to introduce the argument value.")
	s.recoverLine()
	return -1
}

func (s *scanner) parseAttr(ji int, block int32, singleLine bool) {
	s.read() // =
	name := s.toks[ji]
	ai := int32(len(s.f.Attrs))
	s.f.Attrs = append(s.f.Attrs, Attr{Name: intern(s.text(ji)), Block: block, NameRange: s.rng(name.start, name.end)})
	s.curAttr = ai
	nl, sc := len(s.nl), len(s.scope)
	info, ok := s.parseExpr()
	end := s.prevEnd()
	if end < info.start {
		end = info.start
	}
	a := &s.f.Attrs[ai]
	a.Range = s.rng(name.start, end)
	a.ExprRange = s.rng(info.start, end)
	a.Static = ok && info.static
	s.curAttr = -1
	if !ok {
		s.nl, s.scope = s.nl[:nl], s.scope[:sc]
		s.recoverLine()
		return
	}
	if singleLine {
		return
	}
	switch t, j := s.peek(); t {
	case tNewline:
		s.i = j + 1
	case tEOF:
	default:
		if t == tComma {
			s.errAt(j, "Unexpected comma after argument", "Argument definitions must be separated by newlines, not commas.")
		} else {
			s.errAt(j, "Missing newline after argument", "An argument definition must end with a newline.")
		}
		s.recoverLine()
	}
}

func (s *scanner) parseBlock(ji int, parent int32) int32 {
	tt := s.toks[ji]
	bi := int32(len(s.f.Blocks))
	s.f.Blocks = append(s.f.Blocks, Block{Type: intern(s.text(ji)), Parent: parent, TypeRange: s.rng(tt.start, tt.end)})
	first := uint32(len(s.labels))
	s.labelIdx = append(s.labelIdx, labelSpan{first: first})
	lastEnd := tt.end
labels:
	for {
		t, j := s.peek()
		switch t {
		case tOBrace:
			s.i = j + 1
			break labels
		case tOQuote:
			l := s.parseQuotedLabel()
			s.labels = append(s.labels, l)
			lastEnd = l.Range.End.Byte
		case tIdent:
			s.i = j + 1
			tok := s.toks[j]
			s.labels = append(s.labels, Label{Value: intern(s.text(j)), Range: s.rng(tok.start, tok.end)})
			lastEnd = tok.end
		default:
			if t == tNewline {
				s.errAt(j, "Invalid block definition", "A block definition must have block content delimited by \"{\" and \"}\", starting on the same line as the block header.")
			} else {
				s.errAt(j, "Invalid block definition", "Either a quoted string block label or an opening brace (\"{\") is expected here.")
			}
			s.labelIdx[bi].n = uint32(len(s.labels)) - first
			b := &s.f.Blocks[bi]
			b.Range = s.rng(tt.start, lastEnd)
			b.Open = true
			s.recoverLine()
			return bi
		}
	}
	s.labelIdx[bi].n = uint32(len(s.labels)) - first

	if s.bodies >= MaxNesting {
		s.errAt(ji, nestingSummary, nestingDetail)
		b := &s.f.Blocks[bi]
		b.Range = s.rng(tt.start, lastEnd)
		b.Open = true
		s.recoverBrace()
		return bi
	}
	closed := true
	s.bodies++
	switch t, _ := s.peek(); t {
	case tNewline, tEOF, tCBrace:
		closed = s.parseBody(bi)
	default:
		closed = s.parseSingleAttrBody(bi)
	}
	s.bodies--
	b := &s.f.Blocks[bi]
	b.Range = s.rng(tt.start, s.prevEnd())
	if !closed {
		if t, _ := s.peek(); t != tEOF {
			// Cut short at a restart point: end at the last token before it.
			b.Range.End = s.pos(s.lastSignificantEnd(tt.end))
		}
		b.Open = true
		s.errAt(ji, "Unclosed configuration block", "There is no closing brace for this block before the end of the file.")
		return bi
	}
	switch t, j := s.peek(); t {
	case tNewline:
		s.i = j + 1
	case tEOF:
	default:
		s.errAt(j, "Missing newline after block definition", "A block definition must end with a newline.")
		s.recoverLine()
	}
	return bi
}

// parseSingleAttrBody parses `{ name = expr }` on one line.
func (s *scanner) parseSingleAttrBody(bi int32) bool {
	t, j := s.read()
	if t != tIdent {
		s.errAt(j, "Argument or block definition required", "An argument or block definition is required here.")
		return s.recoverBrace()
	}
	if t2, j2 := s.peek(); t2 != tEqual {
		s.errAt(j2, "Argument definition required", "A single-line block definition can contain only a single argument.")
		return s.recoverBrace()
	}
	s.parseAttr(j, bi, true)
	if t, j := s.peek(); t == tCBrace {
		s.i = j + 1
		return true
	} else if t == tEOF {
		return false
	} else {
		s.errAt(j, "Invalid single-argument block definition", "A single-line block definition must end with a closing brace immediately after its single argument definition.")
	}
	return s.recoverBrace()
}

func (s *scanner) parseQuotedLabel() Label {
	_, jo := s.read()
	open := s.toks[jo]
	var val string
	nlit := 0
	for {
		t, j := s.read()
		switch t {
		case tCQuote:
			if nlit > 0 {
				val = s.decodeQuoted(jo+1, j)
			}
			return Label{Value: val, Range: s.rng(open.start, s.toks[j].end)}
		case tQuotedLit:
			nlit++
			s.checkEscapes(j)
		case tInterp, tControl:
			s.errAt(j, "Invalid string literal", "Template sequences are not allowed in this string.")
			s.skipSequence()
		default:
			s.errAt(j, "Unterminated string literal", "Unable to find the closing quote mark before the end of the file.")
			s.i = j
			return Label{Range: s.rng(open.start, s.toks[j].start)}
		}
	}
}

// skipSequence skips to the end of a template sequence whose opener was just
// read.
func (s *scanner) skipSequence() {
	depth := 0
	for j := s.i; j < len(s.toks); j++ {
		switch s.toks[j].typ {
		case tInterp, tControl:
			depth++
		case tSeqEnd:
			if depth == 0 {
				s.i = j + 1
				return
			}
			depth--
		case tEOF:
			s.i = j
			return
		}
	}
}

// Recovery.

// recoverLine skips to the start of the next line at the current nesting
// level, stopping early before a closing brace that ends the enclosing body,
// or before something that looks like the header of a top-level block.
func (s *scanner) recoverLine() {
	depth := 0
	crossed := false
	for j := s.i; j < len(s.toks); j++ {
		t := &s.toks[j]
		if crossed && s.looksLikeHeader(j) {
			s.i = j
			return
		}
		switch t.typ {
		case tEOF:
			s.i = j
			return
		case tOBrace, tOBrack, tOParen, tInterp, tControl, tOQuote, tOHeredoc:
			depth++
		case tCBrack, tCParen, tSeqEnd, tCQuote, tCHeredoc:
			if depth > 0 {
				depth--
			}
		case tCBrace:
			if depth == 0 {
				if s.bodies > 0 {
					s.i = j // it closes the enclosing block
					return
				}
				continue // a stray brace at the top level
			}
			depth--
		case tNewline:
			crossed = true
			if depth == 0 {
				s.i = j + 1
				return
			}
		case tComment:
			if t.flag&fNewline != 0 {
				crossed = true
				if depth == 0 {
					s.i = j + 1
					return
				}
			}
		}
	}
	s.i = len(s.toks) - 1
}

// recoverBrace skips to just after the closing brace of the current body, or
// to EOF, and reports whether the brace was found.
func (s *scanner) recoverBrace() bool {
	depth := 0
	for j := s.i; j < len(s.toks); j++ {
		switch s.toks[j].typ {
		case tEOF:
			s.i = j
			return false
		case tOBrace:
			depth++
		case tCBrace:
			if depth == 0 {
				s.i = j + 1
				return true
			}
			depth--
		}
	}
	s.i = len(s.toks) - 1
	return false
}

// looksLikeHeader reports whether token j starts a line at column 1 with
// `ident "label"... {` or `locals {`: the shape of a top-level block header,
// where recovery from a damaged region can safely resume.
func (s *scanner) looksLikeHeader(j int) bool {
	t := s.toks[j]
	if t.typ != tIdent || (t.start > 0 && s.src[t.start-1] != '\n') {
		return false
	}
	labels := 0
	for k := j + 1; k < len(s.toks); k++ {
		switch s.toks[k].typ {
		case tOQuote:
			labels++
		case tQuotedLit:
		case tCQuote:
			if s.toks[k].flag&fBadString != 0 {
				return false
			}
		case tOBrace:
			return labels > 0 || string(s.text(j)) == "locals"
		default:
			return false
		}
	}
	return false
}

// markRestarts prepares recovery from missing closing braces. When the
// braces of the file do not balance, every line that starts at column 1
// with the shape of a top-level block header while a block is still open is
// marked: parseBody ends the open blocks there, and scanning resumes at the
// top level. The pass is linear, so a file of many unclosed blocks costs no
// more than a valid one.
func (s *scanner) markRestarts() {
	depth := 0
	for _, t := range s.toks {
		switch t.typ {
		case tOBrace:
			depth++
		case tCBrace:
			depth--
		}
	}
	if depth <= 0 {
		return
	}
	depth = 0
	for j := range s.toks {
		switch s.toks[j].typ {
		case tOBrace:
			depth++
		case tCBrace:
			depth--
		case tIdent:
			if depth > 0 && s.looksLikeHeader(j) {
				s.toks[j].flag |= fRestart
			}
		}
	}
}

// lastSignificantEnd returns the end of the last token read that is not a
// newline or comment, or floor if there is none after it.
func (s *scanner) lastSignificantEnd(floor uint32) uint32 {
	for j := s.i - 1; j >= 0 && j < len(s.toks); j-- {
		t := s.toks[j]
		if t.end <= floor {
			break
		}
		if t.typ != tNewline && t.typ != tComment && t.typ != tEOF {
			return t.end
		}
	}
	return floor
}

// Positions.

func lineStarts(src []byte, buf []uint32) []uint32 {
	buf = append(buf[:0], 0)
	for i := 0; i < len(src); {
		k := indexNewline(src[i:])
		if k < 0 {
			break
		}
		i += k + 1
		buf = append(buf, uint32(i))
	}
	return buf
}

func (s *scanner) pos(off uint32) Pos {
	lines := s.lines
	// Most positions come in source order, so try the line of the last one
	// and the next few before searching.
	for l := s.lastLine; l < len(lines) && l < s.lastLine+4; l++ {
		if lines[l] > off {
			break
		}
		if l+1 == len(lines) || lines[l+1] > off {
			s.lastLine = l
			return Pos{Byte: off, Line: uint32(l + 1), Col: off - lines[l] + 1}
		}
	}
	lo, hi := 0, len(lines)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if lines[m] <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	line := lo - 1
	s.lastLine = line
	return Pos{Byte: off, Line: uint32(line + 1), Col: off - lines[line] + 1}
}

func (s *scanner) rng(start, end uint32) Range {
	return Range{Start: s.pos(start), End: s.pos(end)}
}
