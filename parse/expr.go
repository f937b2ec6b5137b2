package parse

// This file defines the expression walk. It follows hclsyntax's grammar
// (ternary, binary operators, unary operators, terms, then traversal steps)
// only as far as needed to find where an expression ends and which
// traversals hclsyntax.Variables would report: a root name not hidden by a
// for-expression, extended by attribute steps and literal index steps until
// something else (a splat, a computed index, a call) breaks the chain.

// exprInfo describes a parsed expression to its caller.
type exprInfo struct {
	start uint32 // offset of the first token
	// simple is true for a single term with no operators or steps.
	simple bool
	// lit is the kind of a literal term (number, bool, null, or a string
	// template with no sequences); KeyNone otherwise.
	lit KeyKind
	// static is true for a string template with no sequences.
	static bool
	// bare is true for a lone root name, such as an object key `foo`.
	bare bool
	// ref is the index of the reference the expression's traversal is
	// recording, or -1 when there is none to extend.
	ref int32
	// first and last token indexes of the term, for literal keys.
	first, last int
}

func (s *scanner) parseExpr() (exprInfo, bool) {
	if s.depth >= MaxNesting {
		return s.tooDeep()
	}
	s.depth++
	info, ok := s.parseConditional()
	s.depth--
	return info, ok
}

// tooDeep reports nesting deeper than MaxNesting at the next token, where
// the walk stops descending (see nesting.go).
func (s *scanner) tooDeep() (exprInfo, bool) {
	_, j := s.peek()
	s.errAt(j, nestingSummary, nestingDetail)
	return exprInfo{start: s.toks[j].start, ref: -1, first: j, last: j}, false
}

func (s *scanner) parseConditional() (exprInfo, bool) {
	info, ok := s.parseBinary()
	if !ok {
		return info, false
	}
	t, _ := s.peek()
	if t != tQuestion {
		return info, true
	}
	s.read()
	info.notSimple()
	if _, ok := s.parseExpr(); !ok {
		return info, false
	}
	if t, j := s.peek(); t != tColon {
		s.errAt(j, "Missing false expression in conditional", "The conditional operator (...?...:...) requires a false expression, delimited by a colon.")
		return info, false
	}
	s.read()
	_, ok = s.parseExpr()
	return info, ok
}

func (i *exprInfo) notSimple() {
	i.simple, i.lit, i.static, i.bare, i.ref = false, KeyNone, false, false, -1
}

func (s *scanner) parseBinary() (exprInfo, bool) {
	info, ok := s.parseOperand()
	for ok {
		t, _ := s.peek()
		if t != tBinOp && t != tStar && t != tMinus {
			break
		}
		s.read()
		info.notSimple()
		_, ok = s.parseOperand()
	}
	return info, ok
}

// parseOperand parses unary operators, a term, and its traversal steps.
func (s *scanner) parseOperand() (exprInfo, bool) {
	t, j := s.peek()
	if t == tMinus || t == tBang {
		if s.depth >= MaxNesting {
			return s.tooDeep()
		}
		s.read()
		s.depth++
		info, ok := s.parseOperand()
		s.depth--
		info.start = s.toks[j].start
		info.notSimple()
		return info, ok
	}
	info, ok := s.parseTerm()
	if !ok {
		return info, false
	}
	return info, s.parseTraversals(&info)
}

func (s *scanner) parseTerm() (exprInfo, bool) {
	t, j := s.peek()
	info := exprInfo{start: s.toks[j].start, simple: true, ref: -1, first: j, last: j}
	switch t {
	case tOParen:
		s.read()
		s.pushNL(false)
		_, ok := s.parseExpr()
		if ok {
			if t2, j2 := s.peek(); t2 != tCParen {
				s.errAt(j2, "Unbalanced parentheses", "Expected a closing parenthesis to terminate the expression.")
				ok = false
			} else {
				s.read()
			}
		}
		s.popNL()
		info.simple = false
		return info, ok
	case tNumber:
		s.read()
		info.lit = KeyNumber
		s.checkNumber(j)
		return info, true
	case tIdent:
		s.read()
		if t2, _ := s.peek(); t2 == tOParen || t2 == tDoubleColon {
			info.simple = false
			return info, s.parseCall()
		}
		switch string(s.text(j)) {
		case "true", "false":
			info.lit = KeyBool
		case "null":
			info.lit = KeyNull
		default:
			info.bare = true
			info.ref = s.addRef(j)
		}
		return info, true
	case tOQuote, tOHeredoc:
		return s.parseTemplate(info)
	case tOBrack:
		info.simple = false
		return info, s.parseTuple()
	case tOBrace:
		info.simple = false
		return info, s.parseObject()
	case tEOF:
		s.errAt(j, "Missing expression", "Expected the start of an expression, but found the end of the file.")
	default:
		s.errAt(j, "Invalid expression", "Expected the start of an expression, but found an invalid expression token.")
	}
	return info, false
}

// parseTraversals parses the steps after a term: `.name`, `.0`, `.*`,
// `[*]` and `[key]`.
func (s *scanner) parseTraversals(info *exprInfo) bool {
	for {
		t, j := s.peek()
		switch t {
		case tDot:
			s.read()
			t2, j2 := s.peek()
			switch t2 {
			case tIdent:
				s.read()
				s.extend(info.ref, Step{Kind: StepAttr, Name: intern(s.text(j2))}, j, j2)
			case tNumber:
				s.read()
				key, kind := string(s.text(j2)), KeyNumber
				if !containsDot(s.text(j2)) {
					s.checkNumber(j2)
				}
				if containsDot(s.text(j2)) {
					s.errAt(j2, "Invalid legacy index syntax", "When using the legacy index syntax, chaining two indexes together is not permitted.")
					key, kind = "", KeyUnknown
				}
				s.extend(info.ref, Step{Kind: StepIndex, Key: kind, Name: key}, j, j2)
			case tStar:
				// Attribute-only splat: the steps after it apply to each
				// element, not to the reference.
				s.read()
				for {
					if t3, _ := s.peek(); t3 != tDot {
						break
					}
					s.read()
					t4, j4 := s.peek()
					if t4 != tIdent && t4 != tNumber {
						s.errAt(j4, "Invalid attribute name", "An attribute name is required after a dot.")
						return false
					}
					s.read()
				}
				info.ref = -1
			default:
				s.errAt(j2, "Invalid attribute name", "An attribute name is required after a dot.")
				return false
			}
		case tOBrack:
			s.read()
			if t2, _ := s.peek(); t2 == tStar {
				s.read()
				if t3, j3 := s.read(); t3 != tCBrack {
					s.errAt(j3, "Missing close bracket on splat index", "The star for a full splat operator must be immediately followed by a closing bracket (\"]\").")
					return false
				}
				each := exprInfo{ref: -1}
				if !s.parseTraversals(&each) {
					return false
				}
				info.ref = -1
				break
			}
			s.pushNL(false)
			key, ok := s.parseExpr()
			if ok {
				if t3, j3 := s.peek(); t3 != tCBrack {
					s.errAt(j3, "Missing close bracket on index", "The index operator must end with a closing bracket (\"]\").")
					ok = false
				} else {
					s.read()
				}
			}
			s.popNL()
			if !ok {
				return false
			}
			if key.lit != KeyNone && key.simple {
				s.extend(info.ref, Step{Kind: StepIndex, Key: key.lit, Name: s.literalKey(key)}, j, s.i-1)
			} else {
				info.ref = -1
			}
		default:
			return true
		}
		info.simple, info.lit, info.static, info.bare = false, KeyNone, false, false
	}
}

func containsDot(b []byte) bool {
	for _, c := range b {
		if c == '.' {
			return true
		}
	}
	return false
}

// addRef records the root of a traversal at token j, unless a
// for-expression hides the name. It returns the reference's index or -1.
func (s *scanner) addRef(j int) int32 {
	name := s.text(j)
	for _, n := range s.scope {
		if n == string(name) {
			return -1
		}
	}
	t := s.toks[j]
	r := s.rng(t.start, t.end)
	f := s.f
	ri := int32(len(f.Refs))
	f.Refs = append(f.Refs, Ref{Attr: s.curAttr, Range: r, First: uint32(len(f.Steps)), N: 1})
	f.Steps = append(f.Steps, Step{Kind: StepRoot, Name: intern(name), Range: r})
	return ri
}

// extend appends a step spanning tokens from..to to reference ri.
func (s *scanner) extend(ri int32, st Step, from, to int) {
	if ri < 0 {
		return
	}
	f := s.f
	r := &f.Refs[ri]
	if int(r.First+r.N) != len(f.Steps) {
		// Steps are appended right after their root: a literal index key
		// holds no references, so nothing can come between. Guard anyway.
		return
	}
	st.Range = s.rng(s.toks[from].start, s.toks[to].end)
	f.Steps = append(f.Steps, st)
	r.N++
	r.Range.End = st.Range.End
}

// dropRef forgets reference ri, the last one recorded (an object key that
// turned out to be a literal name).
func (s *scanner) dropRef(ri int32) {
	f := s.f
	if ri < 0 || int(ri) != len(f.Refs)-1 {
		return
	}
	f.Steps = f.Steps[:f.Refs[ri].First]
	f.Refs = f.Refs[:ri]
}

func (s *scanner) parseCall() bool {
	t, j := s.read() // ( or ::
	for t == tDoubleColon {
		if t2, j2 := s.read(); t2 != tIdent {
			s.errAt(j2, "Missing function name", "Function scope resolution symbol :: must be followed by a function name in this scope.")
			return false
		}
		t, j = s.read()
	}
	if t != tOParen {
		s.errAt(j, "Missing open parenthesis", "Function selector must be followed by an open parenthesis to begin the function call.")
		return false
	}
	s.pushNL(false)
	defer s.popNL()
	for {
		if t, j := s.peek(); t == tCParen {
			s.i = j + 1
			return true
		}
		if _, ok := s.parseExpr(); !ok {
			return false
		}
		sep, js := s.read()
		switch sep {
		case tCParen:
			return true
		case tEllipsis:
			if t, j := s.read(); t != tCParen {
				s.errAt(j, "Missing closing parenthesis", "An expanded function argument (with ...) must be immediately followed by closing parentheses.")
				return false
			}
			return true
		case tComma:
			if t, j := s.peek(); t == tCParen {
				s.i = j + 1
				return true
			}
		case tEOF:
			s.errAt(js, "Unterminated function call", "There is no closing parenthesis for this function call before the end of the file.")
			return false
		default:
			s.errAt(js, "Missing argument separator", "A comma is required to separate each function argument from the next.")
			return false
		}
	}
}

func (s *scanner) parseTuple() bool {
	s.read() // [
	s.pushNL(false)
	defer s.popNL()
	if t, j := s.peek(); s.isKeyword(t, j, "for") {
		return s.parseFor(tCBrack)
	}
	for {
		if t, j := s.peek(); t == tCBrack {
			s.i = j + 1
			return true
		}
		if _, ok := s.parseExpr(); !ok {
			return false
		}
		t, j := s.peek()
		switch t {
		case tCBrack:
			s.i = j + 1
			return true
		case tComma:
			s.i = j + 1
		default:
			s.errAt(j, "Missing item separator", "Expected a comma to mark the beginning of the next item.")
			return false
		}
	}
}

func (s *scanner) parseObject() bool {
	s.read() // {
	s.pushNL(false)
	t, j := s.peek()
	isFor := s.isKeyword(t, j, "for")
	s.popNL()
	if isFor {
		s.pushNL(false)
		defer s.popNL()
		return s.parseFor(tCBrace)
	}
	s.pushNL(true)
	defer s.popNL()
	for {
		t, j := s.peek()
		switch t {
		case tNewline:
			s.i = j + 1
			continue
		case tCBrace:
			s.i = j + 1
			return true
		}
		key, ok := s.parseExpr()
		if !ok {
			return false
		}
		if key.bare {
			// A lone name as an object key is a literal, not a reference.
			s.dropRef(key.ref)
		}
		if t, j := s.peek(); t != tEqual && t != tColon {
			s.errAt(j, "Missing key/value separator", "Expected an equals sign (\"=\") to mark the beginning of the attribute value.")
			return false
		}
		s.read()
		if _, ok := s.parseExpr(); !ok {
			return false
		}
		t, j = s.peek()
		switch t {
		case tCBrace:
			s.i = j + 1
			return true
		case tComma, tNewline:
			s.i = j + 1
		default:
			s.errAt(j, "Missing attribute separator", "Expected a newline or comma to mark the beginning of the next attribute.")
			return false
		}
	}
}

// parseFor parses a for expression after its opening bracket; the names it
// declares hide globals in its key, value and condition expressions.
func (s *scanner) parseFor(close tokType) bool {
	s.read() // for
	t, j := s.read()
	if t != tIdent {
		s.errAt(j, "Invalid 'for' expression", "For expression requires variable name after 'for'.")
		return false
	}
	names := [2]int{j, -1}
	if t, _ := s.peek(); t == tComma {
		s.read()
		t2, j2 := s.read()
		if t2 != tIdent {
			s.errAt(j2, "Invalid 'for' expression", "For expression requires value variable name after comma.")
			return false
		}
		names[1] = j2
	}
	if t, j := s.peek(); !s.isKeyword(t, j, "in") {
		s.errAt(j, "Invalid 'for' expression", "For expression requires the 'in' keyword after its name declarations.")
		return false
	}
	s.read()
	if _, ok := s.parseExpr(); !ok {
		return false
	}
	if t, j := s.peek(); t != tColon {
		s.errAt(j, "Invalid 'for' expression", "For expression requires a colon after the collection expression.")
		return false
	}
	s.read()
	sc := len(s.scope)
	s.pushScope(names)
	defer func() { s.scope = s.scope[:sc] }()
	_, first := s.peek()
	if _, ok := s.parseExpr(); !ok {
		return false
	}
	if t, j := s.peek(); t == tFatArrow {
		if close == tCBrack {
			s.errAt(j, "Invalid 'for' expression", "Key expression is not valid when building a tuple.")
		}
		s.read()
		if _, ok := s.parseExpr(); !ok {
			return false
		}
	} else if close == tCBrace {
		s.errAt(first, "Invalid 'for' expression", "Key expression is required when building an object.")
	}
	if t, j := s.peek(); t == tEllipsis {
		if close == tCBrack {
			s.errAt(j, "Invalid 'for' expression", "Grouping ellipsis (...) cannot be used when building a tuple.")
		}
		s.read()
	}
	if t, j := s.peek(); s.isKeyword(t, j, "if") {
		s.read()
		if _, ok := s.parseExpr(); !ok {
			return false
		}
	}
	if t, j := s.peek(); t != close {
		s.errAt(j, "Invalid 'for' expression", "Extra characters after the end of the 'for' expression.")
		return false
	}
	s.read()
	return true
}

func (s *scanner) pushScope(names [2]int) {
	for _, j := range names {
		if j >= 0 {
			s.scope = append(s.scope, string(s.text(j)))
		}
	}
}

// parseTemplate parses a quoted string or heredoc, with its interpolation
// and directive sequences.
func (s *scanner) parseTemplate(info exprInfo) (exprInfo, bool) {
	t, _ := s.read()
	closer := tCQuote
	if t == tOHeredoc {
		closer = tCHeredoc
	}
	seqs := 0
	sc := len(s.scope)
	var fors []int  // scope length at each open %{ for }
	var open []byte // open directives: 'i' if, 'e' if after else, 'f' for
	defer func() { s.scope = s.scope[:sc] }()
	for {
		t, j := s.read()
		switch t {
		case closer:
			info.last = j
			if len(open) > 0 {
				what := "if"
				if open[len(open)-1] == 'f' {
					what = "for"
				}
				s.errAt(j, "Unterminated template "+what, "The template ends before the %{ end"+what+" } that closes its %{ "+what+" }.")
			}
			if seqs == 0 {
				info.static = true
				info.lit = KeyString
			} else {
				info.simple = false
			}
			return info, true
		case tQuotedLit:
			s.checkEscapes(j)
		case tStringLit:
		case tInterp:
			seqs++
			s.pushNL(false)
			ok := s.parseSeqExpr()
			s.popNL()
			if !ok {
				return info, false
			}
		case tControl:
			seqs++
			s.pushNL(false)
			ok := s.parseDirective(&fors, &open)
			s.popNL()
			if !ok {
				return info, false
			}
		default:
			if t != tEOF { // the lexer reported an unterminated one
				s.errAt(j, "Unterminated template string", "No closing marker was found for the string.")
			}
			s.i = j
			return info, false
		}
	}
}

func (s *scanner) parseSeqExpr() bool {
	if _, ok := s.parseExpr(); !ok {
		return false
	}
	return s.endSequence()
}

func (s *scanner) endSequence() bool {
	if t, j := s.peek(); t != tSeqEnd {
		s.errAt(j, "Extra characters after interpolation expression", "Expected a closing brace to end the sequence, but found extra characters.")
		return false
	}
	s.read()
	return true
}

// parseDirective parses `%{ if x }`, `%{ else }`, `%{ endif }`,
// `%{ for k, v in x }` and `%{ endfor }`.
func (s *scanner) parseDirective(fors *[]int, open *[]byte) bool {
	t, j := s.read()
	if t != tIdent {
		s.errAt(j, "Invalid template directive", "A template directive keyword (\"if\", \"for\", etc) is expected at the beginning of a %{ sequence.")
		return false
	}
	top := byte(0)
	if n := len(*open); n > 0 {
		top = (*open)[n-1]
	}
	switch kw := string(s.text(j)); kw {
	case "if":
		*open = append(*open, 'i')
		if _, ok := s.parseExpr(); !ok {
			return false
		}
	case "else":
		if top != 'i' {
			s.errAt(j, "Unexpected else clause", "An %{ else } is allowed only once, inside an %{ if } … %{ endif }.")
		} else {
			(*open)[len(*open)-1] = 'e'
		}
	case "endif":
		if top != 'i' && top != 'e' {
			s.errAt(j, "Unexpected end of if directive", "There is no %{ if } open here for this %{ endif } to close.")
		} else {
			*open = (*open)[:len(*open)-1]
		}
	case "for":
		*open = append(*open, 'f')
		t, j := s.read()
		if t != tIdent {
			s.errAt(j, "Invalid 'for' directive", "For directive requires variable name after 'for'.")
			return false
		}
		names := [2]int{j, -1}
		if t, _ := s.peek(); t == tComma {
			s.read()
			t2, j2 := s.read()
			if t2 != tIdent {
				s.errAt(j2, "Invalid 'for' directive", "For directive requires value variable name after comma.")
				return false
			}
			names[1] = j2
		}
		if t, j := s.peek(); !s.isKeyword(t, j, "in") {
			s.errAt(j, "Invalid 'for' directive", "For directive requires 'in' keyword after names.")
			return false
		}
		s.read()
		if _, ok := s.parseExpr(); !ok {
			return false
		}
		*fors = append(*fors, len(s.scope))
		s.pushScope(names)
	case "endfor":
		if top != 'f' {
			s.errAt(j, "Unexpected end of for directive", "There is no %{ for } open here for this %{ endfor } to close.")
		} else {
			*open = (*open)[:len(*open)-1]
		}
		if n := len(*fors); n > 0 {
			s.scope = s.scope[:(*fors)[n-1]]
			*fors = (*fors)[:n-1]
		}
	default:
		s.errAt(j, "Invalid template control keyword", "Expected \"if\", \"else\", \"endif\", \"for\" or \"endfor\".")
		return false
	}
	return s.endSequence()
}
