package config

// This file defines the configuration file, .modls.hcl: its shape with the
// words completion and hover show, Parse and Load.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/modls/modls/discover"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

// FileName is the name of the configuration file at a mod root.
const FileName = ".modls.hcl"

// IsFile reports whether path names a configuration file.
func IsFile(path string) bool { return filepath.Base(path) == FileName }

// Severities are the values of a rule's severity, most severe first.
var Severities = []string{"error", "warning", "info", "hint"}

// RuleBlock is the block type that configures one diagnostic code.
const RuleBlock = "rule"

// Attr describes an attribute of the configuration file.
type Attr struct {
	Name string
	// Block is the block it belongs in: "" at the top level, RuleBlock.
	Block string
	Type  string
	// Values are the values it takes, when it takes a few.
	Values  []string
	Example string
	Doc     string
}

// Attributes are the attributes of the configuration file.
var Attributes = []Attr{
	{Name: "ignore_paths", Type: "list(string)", Example: `["generated/**", "**/scratch_*.pp"]`,
		Doc: "Files whose problems are not reported, as patterns relative to the mod root in `.powerpipeignore` syntax: `dir/**` is everything below dir, `*` does not cross a `/`, `**/x.pp` is x.pp at any depth. The files still load, so what they define resolves; to leave a file out of the mod itself, use `.powerpipeignore`."},
	{Name: "enabled", Block: RuleBlock, Type: "bool", Values: []string{"true", "false"}, Example: "false",
		Doc: "Whether the diagnostics of this code are reported (default true). `false` turns the rule off, as `modls check --disable` does."},
	{Name: "severity", Block: RuleBlock, Type: "string", Values: Severities, Example: `"info"`,
		Doc: "The severity the diagnostics of this code are reported with, instead of their own: `error`, `warning`, `info` or `hint`. `modls check` exits 1 on errors; `--min-severity` filters on the severity given here."},
}

// RuleDoc documents the rule block.
const RuleDoc = "Configures the diagnostics of one code (docs/diagnostics.md): `enabled = false` turns them off, `severity` reports them as an error, warning, info or hint."

// AttributesOf returns the attributes of block ("" for the top level).
func AttributesOf(block string) []Attr {
	var out []Attr
	for _, a := range Attributes {
		if a.Block == block {
			out = append(out, a)
		}
	}
	return out
}

// Config is a parsed configuration file.
type Config struct {
	// Path is the file's path; its folder is the mod root.
	Path string
	// Rules are the rule blocks, in file order.
	Rules []Rule
	// IgnorePaths are the patterns of ignore_paths.
	IgnorePaths []string
	ignore      *discover.Ignore
}

// Rule is one rule block.
type Rule struct {
	Code string
	// CodeRange is the code's range inside the label's quotes.
	CodeRange parse.Range
	Enabled   bool
	// Severity is "" when the rule keeps the code's own.
	Severity string
}

// Rule returns the rule of code (the last, if it is configured twice).
func (c *Config) Rule(code string) (Rule, bool) {
	if c == nil {
		return Rule{}, false
	}
	for i := len(c.Rules) - 1; i >= 0; i-- {
		if c.Rules[i].Code == code {
			return c.Rules[i], true
		}
	}
	return Rule{}, false
}

// Enabled reports whether the diagnostics of code are reported.
func (c *Config) Enabled(code string) bool {
	r, ok := c.Rule(code)
	return !ok || r.Enabled
}

// Ignored reports whether the problems of the file at path are not
// reported: it lies in the mod root and ignore_paths matches it.
func (c *Config) Ignored(path string) bool {
	if c == nil || c.ignore == nil {
		return false
	}
	rel, err := filepath.Rel(filepath.Dir(c.Path), path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	return c.ignore.Excluded(filepath.ToSlash(rel), false)
}

// Problem is something the configuration file gets wrong.
type Problem struct {
	Range   parse.Range
	Message string
	// Unknown is a name that is not known, and Known the names that could
	// stand there, for a did-you-mean.
	Unknown string
	Known   []string
}

// Load reads and parses the configuration file of the mod at root. It
// returns nil and no error when there is none; what the file gets wrong
// is left out (check reports it on the file).
func Load(root string) (*Config, error) {
	path := filepath.Join(root, FileName)
	src, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	c, _ := Parse(path, src)
	return c, nil
}

// Parse reads the configuration file at path whose content is src. It
// never fails: the Config holds what is valid, the problems say what is
// not. It does not know the diagnostic codes: the caller judges the rules'
// codes.
func Parse(path string, src []byte) (*Config, []Problem) {
	c := &Config{Path: path}
	lines := span.New(src, span.UTF8)
	var problems []Problem
	at := func(r hcl.Range) parse.Range {
		start, end := min(max(r.Start.Byte, 0), len(src)), min(max(r.End.Byte, 0), len(src))
		return lines.Range(src, start, max(start, end))
	}
	add := func(r hcl.Range, unknown string, known []string, format string, args ...any) {
		problems = append(problems, Problem{Range: at(r), Message: fmt.Sprintf(format, args...), Unknown: unknown, Known: known})
	}
	addDiags := func(diags hcl.Diagnostics) {
		for _, d := range diags {
			if d.Severity != hcl.DiagError {
				continue
			}
			r := hcl.Range{Filename: path}
			if d.Subject != nil {
				r = *d.Subject
			}
			msg := d.Summary
			if d.Detail != "" {
				msg += ": " + d.Detail
			}
			add(r, "", nil, "%s", msg)
		}
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	addDiags(diags)
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok || body == nil {
		return c, problems
	}
	names := func(block string) []string {
		var out []string
		for _, a := range AttributesOf(block) {
			out = append(out, a.Name)
		}
		return out
	}
	value := func(a *hclsyntax.Attribute) (cty.Value, bool) {
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			add(a.Expr.Range(), "", nil, "%s must be a literal value: %s", a.Name, diags[0].Summary)
			return cty.NilVal, false
		}
		if v.IsNull() || !v.IsWhollyKnown() {
			add(a.Expr.Range(), "", nil, "%s must not be null", a.Name)
			return cty.NilVal, false
		}
		return v, true
	}
	for _, a := range sortedAttrs(body.Attributes) {
		switch a.Name {
		case "ignore_paths":
			v, ok := value(a)
			if !ok {
				continue
			}
			if !v.Type().IsListType() && !v.Type().IsTupleType() && !v.Type().IsSetType() {
				add(a.Expr.Range(), "", nil, "ignore_paths must be a list of strings, not %s", v.Type().FriendlyName())
				continue
			}
			for it := v.ElementIterator(); it.Next(); {
				_, e := it.Element()
				if e.IsNull() || e.Type() != cty.String {
					add(a.Expr.Range(), "", nil, "ignore_paths must be a list of strings: an element is %s", e.Type().FriendlyName())
					continue
				}
				if s := e.AsString(); strings.TrimSpace(s) != "" {
					c.IgnorePaths = append(c.IgnorePaths, s)
				}
			}
		default:
			add(a.NameRange, a.Name, names(""), "%s is not an attribute of the configuration file", a.Name)
		}
	}
	seen := map[string]bool{}
	for _, b := range body.Blocks {
		if b.Type != RuleBlock {
			add(b.TypeRange, b.Type, []string{RuleBlock}, "%s is not a block of the configuration file (rule \"<code>\" { … } is)", b.Type)
			continue
		}
		if len(b.Labels) != 1 {
			r := b.TypeRange
			if len(b.Labels) > 1 {
				r = b.LabelRanges[1]
			}
			add(r, "", nil, "a rule block takes one label, the diagnostic code: rule \"unused\" { … }")
			continue
		}
		rule := Rule{Code: b.Labels[0], Enabled: true}
		lr := b.LabelRanges[0]
		rule.CodeRange = at(lr)
		if lr.End.Byte-lr.Start.Byte >= 2 && lr.Start.Byte >= 0 && lr.End.Byte <= len(src) && src[lr.Start.Byte] == '"' && src[lr.End.Byte-1] == '"' {
			rule.CodeRange = lines.Range(src, lr.Start.Byte+1, lr.End.Byte-1)
		}
		if seen[rule.Code] {
			add(lr, "", nil, "rule %q is configured twice; the last one applies", rule.Code)
		}
		seen[rule.Code] = true
		for _, a := range sortedAttrs(b.Body.Attributes) {
			switch a.Name {
			case "enabled":
				if v, ok := value(a); ok {
					if v.Type() != cty.Bool {
						add(a.Expr.Range(), "", nil, "enabled must be true or false, not %s", v.Type().FriendlyName())
						continue
					}
					rule.Enabled = v.True()
				}
			case "severity":
				if v, ok := value(a); ok {
					s := ""
					if v.Type() == cty.String {
						s = v.AsString()
					}
					if !isSeverity(s) {
						shown := s
						if v.Type() != cty.String {
							shown = v.Type().FriendlyName()
						}
						add(a.Expr.Range(), s, Severities, "severity must be error, warning, info or hint, not %q", shown)
						continue
					}
					rule.Severity = s
				}
			default:
				add(a.NameRange, a.Name, names(RuleBlock), "%s is not an attribute of a rule (enabled and severity are)", a.Name)
			}
		}
		for _, nb := range b.Body.Blocks {
			add(nb.TypeRange, "", nil, "a rule holds no blocks, only enabled and severity")
		}
		c.Rules = append(c.Rules, rule)
	}
	if len(c.IgnorePaths) > 0 {
		c.ignore = discover.ParseIgnore([]byte(strings.Join(c.IgnorePaths, "\n")))
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Range.Start.Byte < problems[j].Range.Start.Byte })
	return c, problems
}

func isSeverity(s string) bool {
	for _, v := range Severities {
		if v == s {
			return true
		}
	}
	return false
}

// sortedAttrs returns a body's attributes in source order.
func sortedAttrs(m hclsyntax.Attributes) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(m))
	for _, a := range m {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SrcRange.Start.Byte < out[j].SrcRange.Start.Byte })
	return out
}
