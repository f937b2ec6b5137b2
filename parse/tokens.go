package parse

// This file defines Tokens: the spans of a file an editor colors, each
// classified by what it is — a comment, string, number, keyword or
// operator, and every identifier by its role (block type, label, attribute
// name, object key, function, step of a reference, name a for expression
// declares) — found from the lexer's tokens and the structure Scan reads.
// The words, strings, numbers, comments, operators and $n parameters of SQL
// text (the value of an `sql` attribute, or of a local interpolated into
// one) are tokens of their own (tokens_sql.go).

import (
	"bytes"
	"slices"
	"sort"
)

// TokenKind classifies a Token.
type TokenKind uint8

const (
	// TokComment is a comment: `# …` or `// …` (without its line break),
	// or `/* … */`, which may span lines.
	TokComment TokenKind = iota + 1
	// TokString is string text: a quoted string with its quotes (cut
	// around its template sequences), a heredoc's opening or closing
	// marker, or the text of one heredoc line (without its indentation
	// and line break).
	TokString
	// TokNumber is a number literal.
	TokNumber
	// TokKeyword is true, false or null; for, in and if of a for
	// expression; the word of a template directive (if, else, endif, for,
	// in, endfor).
	TokKeyword
	// TokOperator is an arithmetic, comparison or logical operator, the ?
	// and : of a conditional, => and ... of a for expression.
	TokOperator
	// TokBlockType is a block's type keyword; Index is the block in
	// File.Blocks.
	TokBlockType
	// TokLabel is a block label, quotes included; Index is the block, Sub
	// the label.
	TokLabel
	// TokAttrName is an attribute's name; Index is the attribute in
	// File.Attrs.
	TokAttrName
	// TokObjectKey is a bare key of an object constructor (`{ key = … }`);
	// Index is the attribute whose value holds the object, or -1.
	TokObjectKey
	// TokFunction is the name of a called function, each part of a
	// namespaced name (`provider::aws::arn_parse`) on its own; Index is the
	// attribute whose value holds the call, or -1.
	TokFunction
	// TokRefStep is the name of one step of a reference (the root, or an
	// attribute step without its dot); Index is the reference in
	// File.Refs, Sub the step in File.StepsOf. Index steps are not
	// tokens of their own: their keys are strings or numbers.
	TokRefStep
	// TokMember is the name of an attribute step that belongs to no
	// reference: after a call, a parenthesized expression or a splat.
	TokMember
	// TokVarDecl is a name a for expression or a %{ for } directive
	// declares.
	TokVarDecl
	// TokName is any other identifier: a use of a name a for expression
	// declares (which hides it from references), or one in code Scan could
	// not read.
	TokName
	// TokParameter is a $n parameter of SQL text.
	TokParameter
)

// tokSkip marks a lexer token inside a label: the label is one Token.
const tokSkip TokenKind = 255

// Token is one classified span of a file.
type Token struct {
	Kind TokenKind
	// SQL marks a token of SQL text (a keyword, string, number, comment,
	// function name, operator or parameter of the SQL); Kind says which.
	SQL bool
	// Start and End are byte offsets: [Start, End).
	Start, End uint32
	// Index and Sub locate what the token names; see TokenKind.
	Index, Sub int32
}

// TokensSQL is Tokens where the values of the locals named in sqlLocals (the
// attributes of a locals block) are SQL text too, as `sql` attributes are —
// their strings and heredocs that are the value, not those in a call or a
// collection: the locals whose values end up in SQL, interpolated into an
// `sql` attribute directly or through other such locals, which only the
// references of the whole mod tell.
func TokensSQL(src []byte, sqlLocals []string) (*File, []Token) {
	f := new(File)
	s := scannerPool.Get().(*scanner)
	s.reset(src, f)
	s.run()
	s.finish()
	tz := tokenizer{src: src, f: f, toks: s.toks, sqlLocals: sqlLocals}
	tz.structure()
	tz.walk()
	s.release()
	scannerPool.Put(s)
	return f, tz.out
}

// role is what the structure of the file says of one lexer token.
type role struct {
	kind       TokenKind // 0: nothing
	index, sub int32
	end        uint32 // the end of the Token (a quoted label ends at its closing quote)
}

type tokenizer struct {
	src  []byte
	f    *File
	toks []token
	role []role
	out  []Token
	sql  sqlLexer

	sqlLocals []string // locals whose values are SQL text
}

// find returns the index of the lexer token starting at off, or -1.
func (tz *tokenizer) find(off uint32) int {
	toks := tz.toks
	j := sort.Search(len(toks), func(i int) bool { return toks[i].start >= off })
	if j < len(toks) && toks[j].start == off && toks[j].end > off {
		return j
	}
	return -1
}

// structure gives the lexer tokens their roles from the blocks, attributes
// and references Scan found.
func (tz *tokenizer) structure() {
	toks, f := tz.toks, tz.f
	tz.role = make([]role, len(toks))
	set := func(j int, kind TokenKind, index, sub int) {
		tz.role[j] = role{kind: kind, index: int32(index), sub: int32(sub), end: toks[j].end}
	}
	for bi := range f.Blocks {
		b := &f.Blocks[bi]
		if j := tz.find(b.TypeRange.Start.Byte); j >= 0 && toks[j].typ == tIdent {
			set(j, TokBlockType, bi, 0)
		}
		for li, l := range b.Labels {
			j := tz.find(l.Range.Start.Byte)
			if j < 0 || !tz.simpleLabel(j, l.Range.End.Byte) {
				continue // broken: its tokens are classified one by one
			}
			set(j, TokLabel, bi, li)
			tz.role[j].end = l.Range.End.Byte
			for k := j + 1; k < len(toks) && toks[k].start < l.Range.End.Byte; k++ {
				tz.role[k].kind = tokSkip
			}
		}
	}
	for ai := range f.Attrs {
		if j := tz.find(f.Attrs[ai].NameRange.Start.Byte); j >= 0 && toks[j].typ == tIdent {
			set(j, TokAttrName, ai, 0)
		}
	}
	for ri, r := range f.Refs {
		for k, st := range f.StepsOf(r) {
			j := -1
			switch st.Kind {
			case StepRoot:
				j = tz.find(st.Range.Start.Byte)
			case StepAttr:
				if j = tz.find(st.Range.Start.Byte); j >= 0 && toks[j].typ == tDot && j+1 < len(toks) {
					j++
				} else {
					j = -1
				}
			}
			if j >= 0 && toks[j].typ == tIdent && toks[j].end == st.Range.End.Byte {
				set(j, TokRefStep, ri, k)
			}
		}
	}
}

// simpleLabel reports whether the lexer tokens from toks[j] to offset end
// are an identifier or a quoted string on one line without template
// sequences: a label that is one token.
func (tz *tokenizer) simpleLabel(j int, end uint32) bool {
	toks := tz.toks
	if toks[j].typ == tIdent {
		return toks[j].end == end
	}
	if toks[j].typ != tOQuote {
		return false
	}
	for k := j + 1; k < len(toks) && toks[k].start < end; k++ {
		switch t := toks[k]; {
		case t.typ == tQuotedLit:
		case t.typ == tCQuote && t.flag&fBadString == 0 && t.end == end:
			return true
		default:
			return false
		}
	}
	return false
}

// emit appends a token, merging adjacent pieces of one string.
func (tz *tokenizer) emit(kind TokenKind, sql bool, start, end uint32, index, sub int32) {
	if kind != TokComment || sql {
		// Only a block comment spans lines. (An identifier holding
		// invalid UTF-8 may reach past a line feed, as in hclsyntax.)
		if k := bytes.IndexByte(tz.src[start:end], '\n'); k >= 0 {
			end = trimNewline(tz.src, start, start+uint32(k)+1)
		}
	}
	if end <= start {
		return
	}
	if n := len(tz.out); n > 0 && kind == TokString && !sql {
		if last := &tz.out[n-1]; last.Kind == TokString && !last.SQL && last.End == start {
			last.End = end
			return
		}
	}
	tz.out = append(tz.out, Token{Kind: kind, SQL: sql, Start: start, End: end, Index: index, Sub: sub})
}

// walk classifies every lexer token in order, by its role or lexically.
func (tz *tokenizer) walk() {
	toks, src, attrs := tz.toks, tz.src, tz.f.Attrs
	tz.out = make([]Token, 0, len(toks)/2+1)
	var (
		ternary  = []int32{0} // per open bracket or sequence: ? awaiting their :
		forDecl  bool         // after `for`, before `in`: names are declared
		prev     tokType      // the previous token, a comment with its newline counting as one
		seq      int          // template sequences open
		ai       int          // the attribute whose expression the token may be in
		base     int          // seq when the attribute started
		depth    int          // len(ternary) when the attribute started
		lastAttr = -1
	)
	for j, t := range toks {
		if t.typ == tEOF {
			break
		}
		for ai < len(attrs) && attrs[ai].Range.End.Byte <= t.start {
			ai++
		}
		attr := int32(-1)
		if ai < len(attrs) && attrs[ai].ExprRange.Start.Byte <= t.start && t.end <= attrs[ai].ExprRange.End.Byte {
			attr = int32(ai)
			if ai != lastAttr {
				lastAttr, base, depth = ai, seq, len(ternary)
			}
		}
		sqlText := attr >= 0 && seq == base && tz.sqlAttr(attr, len(ternary) == depth)
		if forDecl && t.typ != tIdent && t.typ != tComma && t.typ != tNewline && t.typ != tComment {
			forDecl = false // a for expression cut short
		}
		r := tz.role[j]
		switch {
		case r.kind == tokSkip:
		case r.kind == TokFunction: // a later part of a namespaced name
			tz.emit(r.kind, false, t.start, r.end, attr, 0)
		case r.kind != 0:
			tz.emit(r.kind, false, t.start, r.end, r.index, r.sub)
		case t.typ == tIdent:
			kind, index := tz.ident(j, prev, &forDecl), int32(-1)
			if kind == TokObjectKey || kind == TokFunction {
				index = attr
			}
			tz.emit(kind, false, t.start, t.end, index, 0)
		case t.typ == tComment:
			end := t.end
			if t.flag&fNewline != 0 {
				end = trimNewline(src, t.start, end)
			}
			tz.emit(TokComment, false, t.start, end, -1, 0)
		case t.typ == tNumber:
			tz.emit(TokNumber, false, t.start, t.end, -1, 0)
		case t.typ == tOQuote || t.typ == tOHeredoc:
			if sqlText {
				tz.sql = sqlLexer{}
			}
			tz.emit(TokString, false, t.start, trimNewline(src, t.start, t.end), -1, 0)
		case t.typ == tCQuote:
			tz.emit(TokString, false, t.start, t.end, -1, 0)
		case t.typ == tCHeredoc:
			tz.emit(TokString, false, skipBlanks(src, t.start, t.end), t.end, -1, 0)
		case t.typ == tQuotedLit || t.typ == tStringLit:
			start, end := t.start, t.end
			if sqlText {
				tz.sql.lex(tz, start, end)
				break
			}
			if t.typ == tStringLit {
				if start == 0 || src[start-1] == '\n' {
					start = skipBlanks(src, start, end)
				}
				end = trimNewline(src, start, end)
			}
			tz.emit(TokString, false, start, end, -1, 0)
		case t.typ == tBinOp || t.typ == tMinus || t.typ == tBang || t.typ == tFatArrow || t.typ == tEllipsis:
			tz.emit(TokOperator, false, t.start, t.end, -1, 0)
		case t.typ == tQuestion:
			ternary[len(ternary)-1]++
			tz.emit(TokOperator, false, t.start, t.end, -1, 0)
		case t.typ == tColon:
			if ternary[len(ternary)-1] > 0 {
				ternary[len(ternary)-1]--
				tz.emit(TokOperator, false, t.start, t.end, -1, 0)
			}
		case t.typ == tStar:
			if prev != tOBrack && prev != tDot {
				tz.emit(TokOperator, false, t.start, t.end, -1, 0)
			}
		}
		switch t.typ {
		case tOBrace, tOBrack, tOParen:
			ternary = append(ternary, 0)
		case tInterp, tControl:
			ternary = append(ternary, 0)
			seq++
		case tCBrace, tCBrack, tCParen:
			if len(ternary) > 1 {
				ternary = ternary[:len(ternary)-1]
			}
		case tSeqEnd:
			if len(ternary) > 1 {
				ternary = ternary[:len(ternary)-1]
			}
			if seq > 0 {
				seq--
			}
		}
		switch {
		case t.typ == tComment && t.flag&fNewline != 0:
			prev = tNewline
		case t.typ != tComment:
			prev = t.typ
		}
	}
}

// sqlAttr reports whether the strings of attribute ai's value are SQL text:
// those of an `sql` attribute, and those of a local named in sqlLocals that
// stand at the top of its value (top: in no call, brackets or braces; not
// the arguments of replace(local.x, "__QUALIFIER__", "")).
func (tz *tokenizer) sqlAttr(ai int32, top bool) bool {
	a := &tz.f.Attrs[ai]
	if a.Name == "sql" {
		return true
	}
	return top && len(tz.sqlLocals) > 0 && a.Block >= 0 && tz.f.Blocks[a.Block].Type == "locals" && slices.Contains(tz.sqlLocals, a.Name)
}

// ident classifies the identifier toks[j] that has no structural role.
func (tz *tokenizer) ident(j int, prev tokType, forDecl *bool) TokenKind {
	toks := tz.toks
	t := toks[j]
	name := tz.src[t.start:t.end]
	next := tEOF
	if j+1 < len(toks) {
		next = toks[j+1].typ
	}
	switch {
	case next == tOParen:
		return TokFunction
	case next == tDoubleColon && tz.namespacedCall(j):
		// Mark the rest of the name now: its parts follow `::`.
		for k := j + 2; k < len(toks) && toks[k].typ == tIdent; k += 2 {
			tz.role[k] = role{kind: TokFunction, index: -1, end: toks[k].end}
			if toks[k+1].typ != tDoubleColon {
				break
			}
		}
		return TokFunction
	case prev == tControl:
		*forDecl = string(name) == "for"
		return TokKeyword
	case *forDecl:
		if string(name) == "in" {
			*forDecl = false
			return TokKeyword
		}
		return TokVarDecl
	case string(name) == "for" && (prev == tOBrack || prev == tOBrace) && next != tEqual && next != tColon:
		*forDecl = true
		return TokKeyword
	case (next == tEqual || next == tColon) && (prev == tOBrace || prev == tComma || prev == tNewline):
		return TokObjectKey
	case prev == tDot:
		return TokMember
	}
	switch string(name) {
	case "true", "false", "null", "if":
		return TokKeyword
	}
	return TokName
}

// namespacedCall reports whether toks[j] starts a call of a namespaced
// function: name :: name … ( .
func (tz *tokenizer) namespacedCall(j int) bool {
	toks := tz.toks
	k := j
	for k+2 < len(toks) && toks[k].typ == tIdent && toks[k+1].typ == tDoubleColon {
		k += 2
	}
	return k > j && k+1 < len(toks) && toks[k].typ == tIdent && toks[k+1].typ == tOParen
}

// trimNewline returns end moved back before a final "\n" or "\r\n" of
// src[start:end].
func trimNewline(src []byte, start, end uint32) uint32 {
	if end > start && src[end-1] == '\n' {
		end--
		if end > start && src[end-1] == '\r' {
			end--
		}
	}
	return end
}

// skipBlanks returns start moved past the spaces and tabs that begin
// src[start:end].
func skipBlanks(src []byte, start, end uint32) uint32 {
	n := len(src[start:end]) - len(bytes.TrimLeft(src[start:end], " \t"))
	return start + uint32(n)
}
