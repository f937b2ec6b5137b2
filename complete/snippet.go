package complete

// This file writes the text a block or attribute candidate inserts, from the
// schema alone: a block gets a label placeholder when it is named, its title
// when it has one, the attributes its rules require (Required attributes,
// the first alternative of a required one-of, SQL when the query rule
// demands it); an attribute gets a placeholder that suits its type or
// documented values. Without snippet support the same text is inserted as
// plain text, placeholders empty.

import (
	"fmt"
	"strings"

	"github.com/modls/modls/schema"
)

// snippet builds snippet text, numbering placeholders.
type snippet struct {
	b strings.Builder
	n int
}

// tab writes a placeholder with default text def (may be empty).
func (s *snippet) tab(def string) {
	s.n++
	if def == "" {
		fmt.Fprintf(&s.b, "$%d", s.n)
		return
	}
	fmt.Fprintf(&s.b, "${%d:%s}", s.n, placeholderEscaper.Replace(def))
}

// choice writes a placeholder offering values.
func (s *snippet) choice(values []string) {
	s.n++
	esc := make([]string, len(values))
	for i, v := range values {
		esc[i] = choiceEscaper.Replace(v)
	}
	fmt.Fprintf(&s.b, "${%d|%s|}", s.n, strings.Join(esc, ","))
}

// text writes literal text.
func (s *snippet) text(t string) { s.b.WriteString(escapeSnippet(t)) }

// value writes a placeholder for a value of attribute a of block d, at the
// given indentation (for heredocs).
func (s *snippet) value(d *schema.Block, a *schema.Attribute, indent string) {
	switch {
	case a.Name == "sql" && d.QueryProvider():
		s.text("<<-EOQ\n" + indent + "  ")
		s.b.WriteString("$0")
		s.text("\n" + indent + "EOQ")
		return
	case len(a.Enum) > 0:
		s.text(`"`)
		s.choice(a.Enum)
		s.text(`"`)
	case a.Type == schema.String:
		s.text(`"`)
		s.tab("")
		s.text(`"`)
	case a.Type == schema.Bool:
		s.choice([]string{"true", "false"})
	case a.Type == schema.ListOfString || a.Type == schema.List || a.Type == schema.ReferenceList:
		s.text("[")
		s.tab("")
		s.text("]")
	case a.Type == schema.MapOfString || a.Type == schema.Object:
		s.text("{ ")
		s.tab("")
		s.text(" }")
	default:
		s.tab("")
	}
}

// attributeText returns the text that sets attribute a of block d.
func (r *request) attributeText(d *schema.Block, a *schema.Attribute) (string, bool) {
	if !r.opt.Snippets {
		return a.Name + " = ", false
	}
	var s snippet
	s.text(a.Name + " = ")
	s.value(d, a, "")
	return s.b.String(), true
}

// blockText returns the text that declares a block of b: at the top level
// (top) or nested.
func (r *request) blockText(b *schema.Block, top bool) (string, bool) {
	var s snippet
	s.text(b.Type)
	named := b.Labels > 0 && (top || !b.LabelOptional || b.AnonymousWarning != "")
	for range b.Labels {
		if !named {
			break
		}
		s.text(` "`)
		s.tab(b.LabelName)
		s.text(`"`)
	}
	s.text(" {\n")
	final := false
	line := func(name string) {
		s.text("  ")
		if a, ok := b.Attribute(name); ok {
			s.text(a.Name + " = ")
			s.value(b, a, "  ")
			final = final || a.Name == "sql" && b.QueryProvider()
		} else {
			s.text(name + " {\n    ")
			s.tab("")
			s.text("\n  }")
		}
		s.text("\n")
	}
	done := map[string]bool{}
	once := func(name string) {
		if !done[name] {
			done[name] = true
			line(name)
		}
	}
	if _, ok := b.Attribute("title"); ok && named {
		once("title")
	}
	for _, a := range b.Attributes {
		if a.Required {
			once(a.Name)
		}
	}
	for _, x := range b.Exclusive {
		if x.Required && len(x.Alternatives) > 0 && len(x.Alternatives[0]) > 0 {
			once(x.Alternatives[0][0])
		}
	}
	if needsSQL(b, top) {
		once("sql")
	}
	if !final {
		s.text("  ")
		s.b.WriteString("$0")
		s.text("\n")
	}
	s.text("}")
	if !r.opt.Snippets {
		return plain(s.b.String()), false
	}
	return s.b.String(), true
}

// needsSQL reports whether a block of b must define SQL where it is being
// declared (a block whose requirement has exemptions is left alone).
func needsSQL(b *schema.Block, top bool) bool {
	if _, ok := b.Attribute("sql"); !ok || b.QueryExempt != nil {
		return false
	}
	switch b.Query {
	case schema.QueryAlways:
		return true
	case schema.QueryWhenNested, schema.QueryOrNodesWhenNested:
		return !top
	}
	return false
}

// The escapes of snippet syntax: in text, in a placeholder's default text,
// in a choice.
var (
	textEscaper        = strings.NewReplacer(`\`, `\\`, `$`, `\$`)
	placeholderEscaper = strings.NewReplacer(`\`, `\\`, `$`, `\$`, `}`, `\}`)
	choiceEscaper      = strings.NewReplacer(`\`, `\\`, `,`, `\,`, `|`, `\|`, `$`, `\$`, `}`, `\}`)
)

// escapeSnippet escapes the characters snippet syntax gives a meaning to
// outside placeholders.
func escapeSnippet(s string) string { return textEscaper.Replace(s) }

// plain turns snippet text into plain text: placeholders and choices
// empty, escapes removed, trailing blanks of each line trimmed.
func plain(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			i = skipPlaceholder(s, i+2)
		case s[i] == '$':
			for i+1 < len(s) && '0' <= s[i+1] && s[i+1] <= '9' {
				i++
			}
		default:
			b.WriteByte(s[i])
		}
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Join(lines, "\n")
}

// skipPlaceholder returns the index of the `}` that closes the placeholder
// whose body starts at i, skipping escapes.
func skipPlaceholder(s string, i int) int {
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '}':
			return i
		}
	}
	return len(s)
}
