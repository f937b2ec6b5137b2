package complete

// This file completes what users write to configure the checks: the
// configuration file (.modls.hcl: the rule block and its codes, its
// attributes, severities) and the codes of suppression comments
// (`# modls-ignore <code>`), from check's list of codes. Describe* give the
// words completion's documentation and hover share.

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/modls/modls/check"
	"github.com/modls/modls/config"
	"github.com/modls/modls/docs"
)

// The kinds of Refs of this file.
const (
	RefCode       RefKind = iota + 100 // a diagnostic code: Name
	RefConfigAttr                      // an attribute of the configuration file: Context (its block, or none) and Name
	RefConfigRule                      // the rule block
)

// configFile completes the configuration file.
func (r *request) configFile() {
	c := r.c
	line := r.src[lineStartOf(r.src, c.off):c.off]
	if m := ruleLabelRE.FindSubmatch(line); m != nil {
		start := c.off - len(m[1])
		r.codes(start, r.codeEnd())
		return
	}
	inRule := len(c.path) == 1 && c.path[0] == config.RuleBlock
	switch c.place {
	case placeLineStart:
		end := r.wordEnd()
		set := r.setAttributes()
		if len(c.path) == 0 {
			for _, a := range c.scan.Attrs {
				if a.Block < 0 && !a.NameRange.Contains(uint32(c.off)) {
					set[a.Name] = true // setAttributes knows blocks only
				}
			}
			insert, snippet := "rule \"code\" {\n  enabled = false\n}", false
			if r.opt.Snippets {
				insert, snippet = "rule \"${1:code}\" {\n  ${2:enabled = false}\n}", true
			}
			r.add(Item{Label: config.RuleBlock, Kind: ItemBlock, Detail: "block code", Insert: insert, Snippet: snippet,
				Start: c.start, End: end, Ref: Ref{Kind: RefConfigRule}})
		}
		if len(c.path) == 0 || inRule {
			block := ""
			if inRule {
				block = config.RuleBlock
			}
			for _, a := range config.AttributesOf(block) {
				if set[a.Name] {
					continue
				}
				r.add(Item{Label: a.Name, Kind: ItemAttribute, Detail: a.Type, Insert: a.Name + " = ", Start: c.start, End: end,
					Ref: Ref{Kind: RefConfigAttr, Context: c.path, Name: a.Name}})
			}
		}
	case placeExpr, placeString:
		if !inRule || c.depth > 0 {
			return
		}
		for _, a := range config.AttributesOf(config.RuleBlock) {
			if a.Name != c.attr {
				continue
			}
			end := r.wordEnd()
			for _, v := range a.Values {
				insert := v
				if a.Type == "string" && c.place == placeExpr {
					insert = `"` + v + `"`
				}
				r.add(Item{Label: v, Kind: ItemValue, Detail: a.Name, Insert: insert, Start: c.start, End: end})
			}
		}
	}
}

// ruleLabelRE matches a line up to a cursor inside a rule block's label.
var ruleLabelRE = regexp.MustCompile(`^\s*rule\s+"([a-z0-9-]*)$`)

// suppressionRE matches the text of a suppression comment from its
// directive's end to a cursor in its list of codes.
var suppressionRE = regexp.MustCompile(`^:?\s+(?:[^\s,]+\s*,\s*)*([a-z0-9-]*)$`)

// directiveRE matches a line up to a cursor typing a comment's first word.
var directiveRE = regexp.MustCompile(`(?:#|//|/\*)\s*(m[a-z-]*)$`)

// suppression completes the codes of the suppression comment around the
// cursor, or a comment's directive; it reports whether the cursor is in
// one.
func (r *request) suppression() bool {
	if s, ok := config.SuppressionAt(r.src, r.c.off); ok && r.c.off >= int(s.Directive.End.Byte) {
		m := suppressionRE.FindSubmatch(r.src[s.Directive.End.Byte:r.c.off])
		if m != nil {
			r.codes(r.c.off-len(m[1]), r.codeEnd())
		}
		return true
	}
	if r.c.place != placeNone {
		return false
	}
	line := r.src[lineStartOf(r.src, r.c.off):r.c.off]
	m := directiveRE.FindSubmatch(line)
	if m == nil || !strings.HasPrefix(config.IgnoreFile, string(m[1])) {
		return false
	}
	end := r.codeEnd()
	r.add(Item{Label: config.Ignore, Kind: ItemKeyword, Detail: "suppress codes on the line below (after code: this line)", Insert: config.Ignore + " ", Start: r.c.off - len(m[1]), End: end})
	r.add(Item{Label: config.IgnoreFile, Kind: ItemKeyword, Detail: "suppress codes in this file", Insert: config.IgnoreFile + " ", Start: r.c.off - len(m[1]), End: end})
	return true
}

// codes offers every diagnostic code, replacing start..end: first those
// that start with what is typed, then those that hold it, then the rest.
func (r *request) codes(start, end int) {
	typed := string(r.src[start:r.c.off])
	var ranked [3][]Item
	for _, c := range check.Codes() {
		rank := 2
		switch {
		case strings.HasPrefix(c.Code, typed):
			rank = 0
		case strings.Contains(c.Code, typed):
			rank = 1
		}
		ranked[rank] = append(ranked[rank], Item{Label: c.Code, Kind: ItemValue, Detail: c.Summary, Insert: c.Code, Start: start, End: end, Ref: Ref{Kind: RefCode, Name: c.Code}})
	}
	for _, items := range ranked {
		for _, it := range items {
			r.add(it)
		}
	}
}

// codeEnd returns the end of the code (or word) the cursor is in.
func (r *request) codeEnd() int {
	i := r.c.off
	for i < len(r.src) && (isIdentByte(r.src[i]) || r.src[i] == '-') {
		i++
	}
	return i
}

// lineStartOf returns the offset of the start of the line holding i.
func lineStartOf(src []byte, i int) int {
	for i > 0 && src[i-1] != '\n' {
		i--
	}
	return i
}

// DescribeCode documents a diagnostic code, "" for one that does not exist.
func DescribeCode(code string) string {
	for _, c := range check.Codes() {
		if c.Code == code {
			text := c.Summary
			if d, ok := docs.Diagnostic(code); ok {
				text = d.Text // the reference's own words, as SARIF gives them
			}
			return fmt.Sprintf("**%s** — diagnostic code\n\n%s\n\nSee docs/diagnostics.md#%s; turn it off in `.modls.hcl` with `rule %q { enabled = false }`.", c.Code, text, c.Code, c.Code)
		}
	}
	return ""
}

// DescribeConfigAttr documents an attribute of the configuration file,
// "" for one that does not exist.
func DescribeConfigAttr(block, name string) string {
	for _, a := range config.AttributesOf(block) {
		if a.Name != name {
			continue
		}
		where := "of the configuration file"
		if block != "" {
			where = "of a `" + block + "` block"
		}
		s := fmt.Sprintf("**%s** (%s) — attribute %s\n\n%s\n\n```hcl\n%s = %s\n```", a.Name, a.Type, where, a.Doc, a.Name, a.Example)
		return s
	}
	return ""
}

// DescribeRule documents the rule block of the configuration file.
func DescribeRule() string {
	return fmt.Sprintf("**rule** block `rule \"<code>\"`\n\n%s\n\n```hcl\nrule \"unused\" {\n  severity = \"info\"\n}\n```", config.RuleDoc)
}

// DescribeDirective documents a suppression comment's directive.
func DescribeDirective(file bool) string {
	if file {
		return "**" + config.IgnoreFile + "** `<code>[,<code>] <reason>`\n\nDoes not report the diagnostics of these codes anywhere in this file. A suppression that suppresses nothing is reported (unused-suppression), and one without a reason too (unexplained-suppression)."
	}
	return "**" + config.Ignore + "** `<code>[,<code>] <reason>`\n\nDoes not report the diagnostics of these codes that start on the line below this comment (or, when the comment follows code, on its own line). A suppression that suppresses nothing is reported (unused-suppression), and one without a reason too (unexplained-suppression)."
}
