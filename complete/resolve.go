package complete

// This file defines Resolve: the documentation of one candidate, asked for
// when the editor shows it rather than for every item of a list.

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/modls/modls/index"
	"github.com/modls/modls/schema"
)

// Resolve returns the Markdown documentation of the candidate ref names, on
// snapshot ix: a resource's kind, qualified name, title, description and
// place; the schema's words on an attribute, block type, function or root.
// It returns "" when there is nothing to say (or the entry is gone).
func Resolve(ix *index.Index, ref Ref) string {
	switch ref.Kind {
	case RefEntry:
		if e := entryAt(ix, ref.Path, ref.Offset); e != nil {
			return describeEntry(e)
		}
	case RefAttribute:
		if len(ref.Context) == 0 {
			return ""
		}
		n := len(ref.Context)
		d, ok := schema.BlockIn(ref.Context[:n-1], ref.Context[n-1])
		if !ok {
			return ""
		}
		if a, ok := d.Attribute(ref.Name); ok {
			return describeAttribute(d, a)
		}
	case RefBlock:
		if ref.Name == "" {
			return ""
		}
		if d, ok := schema.BlockIn(ref.Context, ref.Name); ok {
			s := fmt.Sprintf("**%s** block", d.Type)
			if d.Labels > 0 {
				s += fmt.Sprintf(" `%s \"<%s>\"`", d.Type, d.LabelName)
			}
			return s + "\n\n" + d.Doc
		}
	case RefFunction:
		if f, ok := schema.FunctionNamed(ref.Name); ok {
			return fmt.Sprintf("```hcl\n%s\n```\n\n%s", f.Signature, f.Doc)
		}
	case RefRoot:
		if rt, ok := schema.RootNamed(ref.Name); ok {
			return fmt.Sprintf("`%s`\n\n%s", rt.Form, rt.Doc)
		}
	case RefCode:
		return DescribeCode(ref.Name)
	case RefConfigAttr:
		block := ""
		if len(ref.Context) > 0 {
			block = ref.Context[len(ref.Context)-1]
		}
		return DescribeConfigAttr(block, ref.Name)
	case RefConfigRule:
		return DescribeRule()
	}
	return ""
}

// entryAt returns the entry of the file at path whose range starts at off.
func entryAt(ix *index.Index, path string, off uint32) *index.Entry {
	if ix == nil {
		return nil
	}
	f := ix.File(path)
	if f == nil {
		return nil
	}
	es := f.Entries()
	for i := range es {
		if es[i].Range.Start.Byte == off {
			return &es[i]
		}
	}
	return nil
}

// WriteHeading writes the start of an entry's documentation in Markdown:
// its kind, qualified name and title, then its description. A candidate's
// documentation and the server's hover both begin with it. title is the
// entry's title as the caller knows it (a template's value; "" for none).
func WriteHeading(b *strings.Builder, e *index.Entry, title string) {
	kind := e.Kind.BlockType()
	if e.Kind == index.KindLocal {
		kind = "local" // the block is `locals`; each of its attributes is a local
	}
	fmt.Fprintf(b, "**%s** `%s`", kind, e.QualifiedName())
	if title != "" {
		fmt.Fprintf(b, " — %s", title)
	}
	b.WriteString("\n")
	if d := e.Description(); d != "" {
		fmt.Fprintf(b, "\n%s\n", d)
	}
}

// describeEntry renders an entry's heading (WriteHeading) and place.
func describeEntry(e *index.Entry) string {
	var b strings.Builder
	WriteHeading(&b, e, e.Title())
	rel := e.File().Path
	if r, err := filepath.Rel(e.Mod().Root, rel); err == nil {
		rel = r
	}
	fmt.Fprintf(&b, "\n*%s:%d* · mod `%s`", filepath.ToSlash(rel), e.NameRange.Start.Line, e.Mod().Name)
	return b.String()
}

// describeAttribute renders the schema's words on attribute a of block d.
func describeAttribute(d *schema.Block, a *schema.Attribute) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (%s) — attribute of `%s`\n\n%s", a.Name, a.Type, d.Type, a.Doc)
	if len(a.Enum) > 0 {
		b.WriteString("\n\nvalues: ")
		for i, v := range a.Enum {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "`%s`", v)
		}
	}
	if a.Required {
		b.WriteString("\n\nRequired.")
	}
	if a.Deprecated != "" {
		fmt.Fprintf(&b, "\n\n**Deprecated:** %s", a.Deprecated)
	}
	return b.String()
}
