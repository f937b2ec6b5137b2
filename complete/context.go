package complete

// This file works out where a cursor stands: in which blocks, and whether at
// the start of a line of a body, in an attribute's expression (at which
// bracket depth, after which partial traversal), in a string, or somewhere
// nothing can be offered. The text being typed rarely parses, so the
// scanner's tolerant block list gives only the enclosing blocks; the text of
// the innermost body up to the cursor is then read by a small lexer that
// knows HCL's strings, heredocs, comments, templates and brackets, and
// nothing else.

import (
	"slices"

	"github.com/modls/modls/parse"
)

// place is what can be typed at the cursor.
type place uint8

const (
	placeNone      place = iota // a comment, a heredoc, a block header, an object key…
	placeLineStart              // the first word of a line of a body (or of the file)
	placeExpr                   // an attribute's expression
	placeString                 // a quoted string that is an attribute's whole value
	placeArgKey                 // a key of the object that is an args attribute's value
)

// cursor describes a cursor position in a file.
type cursor struct {
	src  []byte
	off  int
	scan *parse.File
	// path holds the types of the enclosing blocks, outermost first; block is
	// the scan index of the innermost one the scanner knows (path's last
	// element when known is true), or -1 at the top level.
	path  []string
	block int32
	known bool
	place place
	// attr is the attribute whose expression holds the cursor (placeExpr,
	// placeString); depth counts the brackets open inside it.
	attr  string
	depth int
	// start is where the word or partial traversal before the cursor starts
	// (placeLineStart, placeExpr), or where the string's content starts
	// (placeString).
	start int
	// calls are the open function calls around the cursor, innermost
	// first (none in a comment).
	calls []frame
}

// frameKind is what a frame of the lexer's stack is.
type frameKind uint8

const (
	frBody    frameKind = iota // a block body, or the top level of the file
	frObject                   // `{` in an expression
	frList                     // `[`
	frParen                    // `(`: a call or a grouping
	frInterp                   // `${` or `%{` in a template
	frString                   // a quoted string
	frHeredoc                  // a heredoc's content
)

// stmt is where a body frame is in its current line.
type stmt uint8

const (
	stmtStart  stmt = iota // nothing yet on this line
	stmtName               // one identifier: an attribute or block type being typed
	stmtHeader             // a block header's labels
	stmtExpr               // after `name =`
	stmtJunk               // anything else, until the end of the line
)

// frame is one open construct of the text before the cursor.
type frame struct {
	kind frameKind
	// Body frames: the block type (for blocks the lexer opened itself), the
	// statement state, its first identifier and where it starts.
	typ       string
	state     stmt
	name      string
	nameStart int
	// Paren frames: the called function ("" for a grouping) and the commas
	// seen at this depth.
	callee      string
	calleeStart int
	commas      int
	// Object frames: after the key's `=` or `:`.
	value bool
	// Heredoc frames: the closing marker.
	marker string
}

// locate works out the cursor at byte offset off of src (clamped to it).
func locate(src []byte, off int) *cursor {
	off = max(0, min(off, len(src)))
	c := &cursor{src: src, off: off, scan: parse.Scan(src), block: -1}
	// A block whose brace is missing runs to the next top-level block, where
	// the scanner recovers, or to the end of the file.
	blocks := c.scan.Blocks
	next := len(src) + 1
	openEnd := make([]int, len(blocks))
	for i := len(blocks) - 1; i >= 0; i-- {
		openEnd[i] = next
		if blocks[i].Parent < 0 {
			next = int(blocks[i].Range.Start.Byte)
		}
	}
	for i, b := range blocks {
		body := bodyStart(src, b)
		end := int(b.Range.End.Byte)
		if b.Open {
			end = openEnd[i]
		}
		if body >= 0 && body <= off && off < end {
			c.block = int32(i) // pre-order: the last such block is the innermost
		}
	}
	from := 0
	if c.block >= 0 {
		c.known = true
		for b := c.block; b >= 0; b = c.scan.Blocks[b].Parent {
			c.path = append(c.path, c.scan.Blocks[b].Type)
		}
		slices.Reverse(c.path)
		from = bodyStart(src, c.scan.Blocks[c.block])
	} else {
		// At the top level: read from the end of the last top-level block
		// before the cursor.
		for _, b := range c.scan.Blocks {
			if b.Parent < 0 && int(b.Range.End.Byte) <= off {
				from = max(from, int(b.Range.End.Byte))
			}
		}
	}
	c.lex(from)
	return c
}

// bodyStart returns the offset just past the `{` that opens b's body, or -1
// when its header has none on its line.
func bodyStart(src []byte, b parse.Block) int {
	i := int(b.TypeRange.End.Byte)
	if n := len(b.Labels); n > 0 {
		i = int(b.Labels[n-1].Range.End.Byte)
	}
	for ; i < len(src) && src[i] != '\n'; i++ {
		if src[i] == '{' {
			return i + 1
		}
	}
	return -1
}

// lex reads src[from:off] and sets the cursor's place from the state it
// ends in.
func (c *cursor) lex(from int) {
	src, off := c.src[:c.off], c.off
	stack := []frame{{kind: frBody}}
	top := func() *frame { return &stack[len(stack)-1] }
	lastIdent, lastIdentEnd := "", -1 // the last identifier and where it ends
	inComment := false
	i := from
	for i < off {
		f := top()
		ch := src[i]
		switch f.kind {
		case frString, frHeredoc:
			if f.kind == frHeredoc && (i == 0 || src[i-1] == '\n') {
				if end, ok := closesHeredoc(src, i, f.marker); ok {
					stack = stack[:len(stack)-1]
					i = end
					continue
				}
			}
			switch {
			case ch == '\\' && f.kind == frString:
				i += 2
			case ch == '"' && f.kind == frString:
				stack = stack[:len(stack)-1]
				i++
			case ch == '\n' && f.kind == frString:
				stack = stack[:len(stack)-1] // an unclosed quoted string ends at the line
			case (ch == '$' || ch == '%') && i+1 < off && src[i+1] == ch:
				i += 2 // $${ and %%{ are literal
			case (ch == '$' || ch == '%') && i+1 < off && src[i+1] == '{':
				stack = append(stack, frame{kind: frInterp})
				i += 2
			default:
				i++
			}
			continue
		}
		// Expression or body tokens.
		switch {
		case ch == ' ' || ch == '\t' || ch == '\r':
			i++
		case ch == '\n':
			switch f.kind {
			case frBody:
				f.state = stmtStart
			case frObject:
				f.value = false
			}
			i++
		case ch == '#' || ch == '/' && i+1 < off && src[i+1] == '/':
			for i < off && src[i] != '\n' {
				i++
			}
			if i == off {
				inComment = true
			}
		case ch == '/' && i+1 < off && src[i+1] == '*':
			j := indexFrom(src, i+2, "*/")
			if j < 0 {
				inComment, i = true, off
			} else {
				i = j + 2
			}
		case ch == '"':
			if f.kind == frBody {
				quotedLabel(f)
			}
			stack = append(stack, frame{kind: frString})
			i++
		case ch == '<' && i+1 < off && src[i+1] == '<' && inExpr(stack):
			j := i + 2
			if j < off && src[j] == '-' {
				j++
			}
			k := j
			for k < off && isIdentByte(src[k]) {
				k++
			}
			if k == j {
				i = k
				break
			}
			marker := string(src[j:k])
			for k < off && src[k] != '\n' {
				k++
			}
			// The cursor on the heredoc's opening line is in no expression
			// either: the frame stays.
			stack = append(stack, frame{kind: frHeredoc, marker: marker})
			i = min(k+1, off)
		case ch == '{':
			if f.kind == frBody && (f.state == stmtName || f.state == stmtHeader) {
				stack = append(stack, frame{kind: frBody, typ: f.name, nameStart: f.nameStart})
				f.state = stmtJunk
			} else {
				stack = append(stack, frame{kind: frObject})
			}
			i++
		case ch == '}':
			if len(stack) > 1 && f.kind != frParen && f.kind != frList {
				closed := f.kind
				stack = stack[:len(stack)-1]
				if closed == frBody {
					top().state = stmtJunk // a nested block ended; its line is done
				}
			} else if len(stack) == 1 {
				c.place = placeNone // the base body closed: the scanner's blocks were wrong
				return
			}
			i++
		case ch == '[':
			stack = append(stack, frame{kind: frList})
			i++
		case ch == ']':
			if f.kind == frList {
				stack = stack[:len(stack)-1]
			}
			i++
		case ch == '(':
			p := frame{kind: frParen}
			if lastIdentEnd == i || lastIdentEnd >= 0 && onlySpaces(src[lastIdentEnd:i]) {
				start := lastIdentEnd - len(lastIdent)
				if start == 0 || src[start-1] != '.' {
					p.callee, p.calleeStart = lastIdent, start
				}
			}
			stack = append(stack, p)
			i++
		case ch == ')':
			if f.kind == frParen {
				stack = stack[:len(stack)-1]
			}
			i++
		case ch == ',':
			switch f.kind {
			case frParen:
				f.commas++
			case frObject:
				f.value = false
			}
			i++
		case ch == '=' || ch == ':':
			switch {
			case ch == '=' && i+1 < off && (src[i+1] == '=' || src[i+1] == '>'):
				i++
			case f.kind == frBody && ch == '=' && f.state == stmtName:
				f.state = stmtExpr
			case f.kind == frObject:
				f.value = true
			}
			i++
		case isIdentStart(ch):
			j := i
			for j < off && isIdentByte(src[j]) {
				j++
			}
			word := string(src[i:j])
			if f.kind == frBody {
				switch f.state {
				case stmtStart:
					f.state, f.name, f.nameStart = stmtName, word, i
				case stmtName, stmtHeader:
					f.state = stmtHeader
				}
			}
			lastIdent, lastIdentEnd = word, j
			i = j
		default:
			if f.kind == frBody && f.state != stmtExpr {
				f.state = stmtJunk
			}
			i++
		}
	}
	c.settle(stack, inComment)
}

// quotedLabel notes a quoted string in a body's statement.
func quotedLabel(f *frame) {
	switch f.state {
	case stmtName, stmtHeader:
		f.state = stmtHeader // a quoted label
	case stmtStart:
		f.state = stmtJunk
	}
}

// inExpr reports whether the innermost frame is an expression.
func inExpr(stack []frame) bool {
	f := stack[len(stack)-1]
	return f.kind != frBody || f.state == stmtExpr
}

// settle sets the cursor's place from the lexer's final state.
func (c *cursor) settle(stack []frame, inComment bool) {
	// The blocks the lexer opened itself extend the scanner's path.
	body := 0
	for i, f := range stack {
		if f.kind != frBody {
			continue
		}
		body = i
		if i > 0 {
			c.path = append(c.path, f.typ)
			c.known = false
			c.block = c.blockAt(f.nameStart)
			c.known = c.block >= 0
		}
	}
	if inComment {
		return
	}
	for i := len(stack) - 1; i > body; i-- {
		if stack[i].kind == frParen && stack[i].callee != "" {
			c.calls = append(c.calls, stack[i])
		}
	}
	b := stack[body]
	top := stack[len(stack)-1]
	depth := len(stack) - 1 - body
	switch top.kind {
	case frHeredoc:
		return
	case frString:
		if b.state == stmtExpr && depth == 1 {
			c.place, c.attr, c.start = placeString, b.name, c.stringStart()
		}
		return
	case frBody:
		switch b.state {
		case stmtStart:
			c.place, c.start = placeLineStart, c.off
		case stmtName:
			if b.nameStart+len(b.name) == c.off {
				c.place, c.start = placeLineStart, b.nameStart
			}
		case stmtExpr:
			c.place, c.attr, c.start = placeExpr, b.name, c.traversalStart()
		}
		return
	case frObject:
		if !top.value {
			if b.state == stmtExpr && b.name == "args" && depth == 1 {
				c.place, c.attr, c.start = placeArgKey, b.name, c.traversalStart()
			}
			return // an object key
		}
	}
	if b.state == stmtExpr {
		c.place, c.attr, c.depth, c.start = placeExpr, b.name, depth, c.traversalStart()
	}
}

// blockAt returns the scan index of the block whose type keyword starts at
// offset at, or -1.
func (c *cursor) blockAt(at int) int32 {
	for i, b := range c.scan.Blocks {
		if int(b.TypeRange.Start.Byte) == at {
			return int32(i)
		}
	}
	return -1
}

// traversalStart returns where the identifiers and dots just before the
// cursor start.
func (c *cursor) traversalStart() int {
	i := c.off
	for i > 0 && (isIdentByte(c.src[i-1]) || c.src[i-1] == '.') {
		i--
	}
	return i
}

// stringStart returns where the content of the string holding the cursor
// starts: just past the last quote before the cursor on its line.
func (c *cursor) stringStart() int {
	i := c.off
	for i > 0 && c.src[i-1] != '"' && c.src[i-1] != '\n' {
		i--
	}
	return i
}

// closesHeredoc reports whether the line at i closes a heredoc with
// marker, and where the line ends.
func closesHeredoc(src []byte, i int, marker string) (int, bool) {
	j := i
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	k := j
	for k < len(src) && src[k] != '\n' && src[k] != '\r' {
		k++
	}
	if string(src[j:k]) != marker {
		return 0, false
	}
	return k, true
}

func indexFrom(src []byte, from int, s string) int {
	for i := from; i+len(s) <= len(src); i++ {
		if string(src[i:i+len(s)]) == s {
			return i
		}
	}
	return -1
}

func onlySpaces(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// isIdentStart reports whether c may start an identifier (any non-ASCII byte
// may: hclsyntax's tables decide, and the cursor code only needs the span).
func isIdentStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}

// isIdentByte reports whether c may continue an identifier.
func isIdentByte(c byte) bool {
	return isIdentStart(c) || '0' <= c && c <= '9' || c == '-'
}
