package hover

// This file defines the hovers on what configures the checks: in the
// configuration file (.modls.hcl) the rule block, its codes and the
// attributes; in any file the directive and the codes of a suppression
// comment. The words are completion's (complete.Describe*).

import (
	"github.com/modls/modls/complete"
	"github.com/modls/modls/config"
	"github.com/modls/modls/parse"
)

// configAt returns the hover on the configuration of checks at byte
// offset off of text, the file at path, or nil.
func configAt(path string, text []byte, off uint32) *Result {
	if config.IsFile(path) {
		f := parse.Scan(text)
		for _, b := range f.Blocks {
			if b.Type != config.RuleBlock || b.Parent >= 0 {
				continue
			}
			if b.TypeRange.Contains(off) {
				return &Result{Markdown: complete.DescribeRule(), Range: b.TypeRange, HasRange: true}
			}
			for _, l := range b.Labels {
				if l.Range.Contains(off) {
					if md := complete.DescribeCode(l.Value); md != "" {
						return &Result{Markdown: md, Range: l.Range, HasRange: true}
					}
				}
			}
		}
		for _, a := range f.Attrs {
			if !a.NameRange.Contains(off) {
				continue
			}
			block := ""
			if a.Block >= 0 {
				block = f.Blocks[a.Block].Type
			}
			if md := complete.DescribeConfigAttr(block, a.Name); md != "" {
				return &Result{Markdown: md, Range: a.NameRange, HasRange: true}
			}
		}
		return nil
	}
	s, ok := config.SuppressionAt(text, int(off))
	if !ok {
		return nil
	}
	if s.Directive.Contains(off) {
		return &Result{Markdown: complete.DescribeDirective(s.File), Range: s.Directive, HasRange: true}
	}
	for _, c := range s.Codes {
		if c.Range.Contains(off) {
			if md := complete.DescribeCode(c.Name); md != "" {
				return &Result{Markdown: md, Range: c.Range, HasRange: true}
			}
		}
	}
	return nil
}
