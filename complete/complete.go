package complete

// This file defines Complete and its result: the candidates at the start of
// a line (block types and attributes) and in a string value (documented
// values). Expressions are in expr.go, snippets in snippet.go.

import (
	"context"
	"strings"

	"github.com/modls/modls/config"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/schema"
)

// DefaultMax is the default bound on the names a list holds.
const DefaultMax = 100

// Options adjust Complete.
type Options struct {
	// Snippets: insert texts may use snippet syntax (placeholders `${1:x}`,
	// `$0`); otherwise they are plain text.
	Snippets bool
	// Max bounds the number of names of a list (resources, variables, …);
	// zero means DefaultMax. A longer list is filtered by the partial word,
	// ranked and cut, and marked incomplete.
	Max int
	// Title gives a resource's title, the detail of its name
	// (render.Renderer.Title: a template's value too); nil takes the index's.
	Title func(*index.Entry) string
	// Context stops the work when it ends (titles are evaluated one name at
	// a time): Complete then returns what it has, marked incomplete. nil is
	// Background.
	Context context.Context
}

// ItemKind is what a candidate is.
type ItemKind uint8

// The kinds of candidates.
const (
	ItemBlock     ItemKind = iota + 1 // a block type
	ItemAttribute                     // an attribute name
	ItemValue                         // a documented value, true or false
	ItemFunction                      // a function
	ItemRoot                          // a reference root: a resource type, var, local, self, …
	ItemMod                           // a dependency's alias
	ItemResource                      // the name of a resource
	ItemVariable                      // the name of a variable
	ItemLocal                         // the name of a local
	ItemInput                         // the name of an input
	ItemWith                          // the name of a with
	ItemParam                         // the name of a param
	ItemKeyword                       // a fixed step of a reference (`input` after `self.`)
)

// RefKind is what a Ref finds.
type RefKind uint8

// The kinds of Refs.
const (
	RefNone      RefKind = iota
	RefEntry             // an index entry: Path and Offset
	RefAttribute         // an attribute: Context (the types of its block and the blocks around it, outermost first) and Name
	RefBlock             // a block type: Context (the types of the blocks around it) and Name
	RefFunction          // a function: Name
	RefRoot              // a reference root: Name
)

// Ref is what Resolve needs to document a candidate: small enough to travel
// with every item of a long list.
type Ref struct {
	Kind RefKind
	// Path and Offset locate an entry: its file and the byte its range
	// starts at.
	Path   string
	Offset uint32
	// Context holds block types, outermost first (see RefKind).
	Context []string
	Name    string
}

// Item is one candidate.
type Item struct {
	Label  string
	Kind   ItemKind
	Detail string
	// Insert replaces the bytes Start..End of the text (a single line that
	// holds the cursor): snippet syntax when Snippet is set.
	Insert     string
	Snippet    bool
	Start, End int
	// Filter is the text an editor should match what was typed against,
	// when it is not the label.
	Filter     string
	Deprecated bool
	Ref        Ref
}

// List is the result of Complete: the items in the order an editor should
// show them. Incomplete means that names were left out; the editor should
// ask again as the user types.
type List struct {
	Items      []Item
	Incomplete bool
}

// request is one call of Complete.
type request struct {
	ix   *index.Index
	path string
	src  []byte
	c    *cursor
	opt  Options
	mod  *index.Mod // the file's mod, or nil
	out  List
}

// Complete returns the candidates at byte offset off of src, the current
// text of the file at path, on snapshot ix (which may be nil: then only
// the schema's words are offered). It never fails: a place where nothing
// can be typed gives an empty list.
func Complete(ix *index.Index, path string, src []byte, off int, opt Options) List {
	if opt.Max <= 0 {
		opt.Max = DefaultMax
	}
	if opt.Context == nil {
		opt.Context = context.Background()
	}
	r := &request{ix: ix, path: path, src: src, c: locate(src, off), opt: opt}
	if config.IsFile(path) {
		r.configFile()
		return r.out
	}
	if r.suppression() {
		return r.out
	}
	if ix != nil {
		if f := ix.File(path); f != nil {
			r.mod = f.Mod()
		} else {
			r.mod = ix.ModAt(path)
		}
	}
	switch r.c.place {
	case placeLineStart:
		r.lineStart()
	case placeExpr:
		r.expr()
	case placeString:
		r.stringValue()
	case placeArgKey:
		r.argKeys()
	}
	return r.out
}

func (r *request) add(it Item) { r.out.Items = append(r.out.Items, it) }

// block returns the schema's description of the innermost enclosing block;
// ok is false at the top level or in a block the schema does not know.
func (r *request) block() (*schema.Block, bool) {
	p := r.c.path
	if len(p) == 0 {
		return nil, false
	}
	return schema.BlockIn(p[:len(p)-1], p[len(p)-1])
}

// wordEnd returns the end of the identifier the cursor is in.
func (r *request) wordEnd() int {
	i := r.c.off
	for i < len(r.src) && isIdentByte(r.src[i]) {
		i++
	}
	return i
}

// lineStart offers, at the start of a line, the block types allowed there
// and, in a body, the attributes of the block not set yet.
func (r *request) lineStart() {
	c := r.c
	end := r.wordEnd()
	rest := string(r.src[end:lineEnd(r.src, end)])
	rest = strings.TrimLeft(rest, " \t")
	attrs, blocks, nameOnly := true, true, false
	switch {
	case strings.HasPrefix(rest, "=") && !strings.HasPrefix(rest, "=="):
		blocks, nameOnly = false, true // renaming an attribute
	case strings.HasPrefix(rest, "\"") || strings.HasPrefix(rest, "{"):
		attrs, nameOnly = false, true // retyping a block's type
	}
	if !nameOnly {
		end = c.off
	}
	if len(c.path) == 0 {
		if !blocks {
			return
		}
		for _, b := range schema.TopLevel() {
			if b.Deprecated == "" {
				r.addBlock(nil, b, true, nameOnly, end)
			}
		}
		return
	}
	d, ok := r.block()
	if !ok {
		return
	}
	var late []Item
	if attrs && !d.FreeAttributes {
		set := r.setAttributes()
		var plain []Item
		for i := range d.Attributes {
			a := &d.Attributes[i]
			if a.Hidden || set[a.Name] || blocks && a.Deprecated != "" && d.Allows(a.Name) {
				continue // a deprecated attribute gives way to the block of its name
			}
			it := Item{Label: a.Name, Kind: ItemAttribute, Detail: a.Type.String(), Start: c.start, End: end,
				Deprecated: a.Deprecated != "", Ref: Ref{Kind: RefAttribute, Context: c.path, Name: a.Name}}
			it.Insert, it.Snippet = a.Name, false
			if !nameOnly {
				it.Insert, it.Snippet = r.attributeText(d, a)
			}
			switch {
			case a.Deprecated != "":
				late = append(late, it)
			case a.Required:
				r.add(it)
			default:
				plain = append(plain, it)
			}
		}
		r.out.Items = append(r.out.Items, plain...)
	}
	if blocks {
		nested := len(c.path) > 1 // the enclosing block is itself nested
		for _, t := range d.Blocks {
			b, ok := d.Child(t)
			if !ok || b.Deprecated != "" || d.Warnings[t] != "" || nested && b.InNestedResource != nil {
				continue
			}
			if a, ok := d.Attribute(t); ok && attrs && a.Deprecated == "" && !a.Hidden {
				continue // the attribute of the same name is offered
			}
			r.addBlock(c.path, b, false, nameOnly, end)
		}
	}
	r.out.Items = append(r.out.Items, late...)
}

// addBlock offers block type b, whose parents are path.
func (r *request) addBlock(path []string, b *schema.Block, top, nameOnly bool, end int) {
	it := Item{Label: b.Type, Kind: ItemBlock, Detail: "block", Start: r.c.start, End: end,
		Ref: Ref{Kind: RefBlock, Context: path, Name: b.Type}}
	if b.Labels > 0 {
		it.Detail = "block " + b.LabelName
	}
	it.Insert = b.Type
	if !nameOnly {
		it.Insert, it.Snippet = r.blockText(b, top)
	}
	r.add(it)
}

// setAttributes returns the names of the attributes the innermost block
// sets already, but the one being typed at the cursor.
func (r *request) setAttributes() map[string]bool {
	c := r.c
	set := map[string]bool{}
	if !c.known {
		return set
	}
	for _, a := range c.scan.Attrs {
		if a.Block == c.block && !a.NameRange.Contains(uint32(c.off)) {
			set[a.Name] = true
		}
	}
	return set
}

// stringValue offers the documented values of the attribute whose quoted
// value holds the cursor, without quotes.
func (r *request) stringValue() {
	d, ok := r.block()
	if !ok {
		return
	}
	a, ok := d.Attribute(r.c.attr)
	if !ok {
		return
	}
	end := r.wordEnd()
	for _, v := range a.Enum {
		r.add(Item{Label: v, Kind: ItemValue, Detail: a.Name, Insert: v, Start: r.c.start, End: end})
	}
}

// typeValue returns the static value of the innermost block's `type`
// attribute, or "".
func (r *request) typeValue() string {
	c := r.c
	if !c.known {
		return ""
	}
	for _, a := range c.scan.Attrs {
		if a.Block == c.block && a.Name == "type" && a.Static {
			v, _ := parse.StringValue(r.src, a)
			return v
		}
	}
	return ""
}

// lineEnd returns the offset of the end of the line holding i.
func lineEnd(src []byte, i int) int {
	for i < len(src) && src[i] != '\n' && src[i] != '\r' {
		i++
	}
	return i
}
