package check

// This file applies what users configure to the diagnostics of a file: the
// rules of the mod's .modls.hcl (codes off, severities changed, paths not
// reported) and the file's suppression comments (modls-ignore,
// modls-ignore-file); it reports the suppressions that suppress nothing or
// say not why (as golangci-lint's nolintlint does), and checks the
// configuration file itself (ConfigFile).

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/modls/modls/config"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/pgsql"
	"github.com/modls/modls/span"
)

// The codes of the configuration and of suppression comments, and of files
// modls check could not read.
const (
	CodeConfig                 = "invalid-config"
	CodeUnusedSuppression      = "unused-suppression"
	CodeUnexplainedSuppression = "unexplained-suppression"
	CodeNotChecked             = "file-not-checked"
)

// configOf returns the configuration of the mod that holds path, or nil.
func configOf(ix *index.Index, path string, opt Options) *config.Config {
	if opt.Config == nil {
		return nil
	}
	m := ix.ModAt(path)
	if m == nil {
		return nil
	}
	return opt.Config(m.Root)
}

// Configure applies the rules of cfg to diagnostics ds of the file at path
// that File does not make (modls check's file-not-checked): it drops them
// when the rule is off or the path ignored, and sets the rule's severity.
func Configure(cfg *config.Config, path string, ds []Diagnostic) []Diagnostic {
	if cfg == nil {
		return ds
	}
	if cfg.Ignored(path) {
		return nil
	}
	var out []Diagnostic
	for _, d := range ds {
		if cfg.Enabled(d.Code) {
			out = append(out, withSeverity(cfg, d))
		}
	}
	return out
}

// withSeverity returns d with the severity cfg gives its code.
func withSeverity(cfg *config.Config, d Diagnostic) Diagnostic {
	if r, ok := cfg.Rule(d.Code); ok && r.Severity != "" {
		if s, ok := ParseSeverity(r.Severity); ok {
			d.Severity = s
		}
	}
	return d
}

// applyConfig applies cfg and the suppression comments of src to ds, the
// diagnostics of the file whose content is src, and adds the problems of
// the suppressions. A file without either comes back as it is.
func applyConfig(cfg *config.Config, src []byte, ds []Diagnostic, opt Options) []Diagnostic {
	sups := config.Suppressions(src)
	if cfg == nil && len(sups) == 0 {
		return ds
	}
	used := make([][]bool, len(sups))
	for i, s := range sups {
		used[i] = make([]bool, len(s.Codes))
	}
	// suppressed reports whether a suppression covers d, and marks it used.
	suppressed := func(d Diagnostic) bool {
		hit := false
		for i, s := range sups {
			if !s.Covers(d.Range.Start.Line) {
				continue
			}
			for j, c := range s.Codes {
				if c.Name == d.Code {
					used[i][j] = true
					hit = true
				}
			}
		}
		return hit
	}
	out := make([]Diagnostic, 0, len(ds))
	for _, d := range ds {
		if cfg.Enabled(d.Code) && !suppressed(d) {
			out = append(out, withSeverity(cfg, d))
		}
	}
	known := map[string]bool{}
	var names []string
	for _, c := range Codes() {
		known[c.Code] = true
		names = append(names, c.Code)
	}
	for i, s := range sups {
		var meta []Diagnostic
		if len(s.Codes) == 0 {
			meta = append(meta, Diagnostic{Range: s.Directive, Severity: Hint, Code: CodeUnusedSuppression,
				Message: fmt.Sprintf("%s names no code: write the codes it suppresses, then why (%s unused kept for the CLI)", directive(s), directive(s))})
		}
		var unused []int
		for j, c := range s.Codes {
			switch {
			case !known[c.Name]:
				msg := fmt.Sprintf("%s is not a diagnostic code of modls, so this suppresses nothing", c.Name)
				var fixes []Fix
				if best := closest(c.Name, names); best != "" {
					msg += fmt.Sprintf("; did you mean %s?", best)
					fixes = replaceFix(c.Range, best)
				}
				meta = append(meta, Diagnostic{Range: c.Range, Severity: Hint, Code: CodeUnusedSuppression, Message: msg, Fixes: fixes})
				unused = append(unused, j)
			case !used[i][j] && judged(c.Name, cfg, opt):
				where := "on the line below"
				switch {
				case s.File:
					where = "in this file"
				case s.Trailing:
					where = "on this line"
				}
				meta = append(meta, Diagnostic{Range: c.Range, Severity: Hint, Code: CodeUnusedSuppression,
					Message: fmt.Sprintf("nothing %s is reported as %s: the suppression is unused", where, c.Name)})
				unused = append(unused, j)
			}
		}
		if len(unused) > 0 {
			if fix, ok := removeCodes(src, s, unused); ok {
				for k := len(meta) - len(unused); k < len(meta); k++ {
					meta[k].Fixes = append(meta[k].Fixes, fix)
				}
			}
		}
		if len(s.Codes) > 0 && s.Reason == "" {
			meta = append(meta, Diagnostic{Range: s.Directive, Severity: Hint, Code: CodeUnexplainedSuppression,
				Message: fmt.Sprintf("no reason given: say why after the codes, %s %s <why>", directive(s), s.Codes[0].Name)})
		}
		for _, d := range meta {
			if cfg.Enabled(d.Code) && !suppressed(d) {
				out = append(out, withSeverity(cfg, d))
			}
		}
	}
	return out
}

// directive is the directive word of s.
func directive(s config.Suppression) string {
	if s.File {
		return config.IgnoreFile
	}
	return config.Ignore
}

// judged reports whether a suppression of code that suppressed nothing is
// reported: the rule is on and the checks that report code ran (a
// suppression of an SQL code in an editor with the SQL checks off, or in a
// modls without libpg_query, is not judged). Suppressions of the
// suppressions' own codes are never judged.
func judged(code string, cfg *config.Config, opt Options) bool {
	if !cfg.Enabled(code) {
		return false
	}
	switch code {
	case CodeUnusedSuppression, CodeUnexplainedSuppression, CodeNotChecked:
		return false
	case CodeSQLSyntax, CodeControlColumns:
		return opt.SQL && pgsql.Available()
	case CodeSQLParams:
		return opt.SQL
	}
	return opt.Syntax && opt.Structure && opt.References && opt.Duplicates && opt.Unused
}

// removeCodes is the fix that removes the codes at indexes drop from
// suppression s: the whole comment when it names nothing else.
func removeCodes(src []byte, s config.Suppression, drop []int) (Fix, bool) {
	if len(drop) == len(s.Codes) {
		start, end := int(s.Range.Start.Byte), int(s.Range.End.Byte)
		ls := start
		for ls > 0 && (src[ls-1] == ' ' || src[ls-1] == '\t') {
			ls--
		}
		if ls == 0 || src[ls-1] == '\n' {
			// Alone on its line(s): the lines go.
			if end < len(src) && src[end] == '\r' {
				end++
			}
			if end < len(src) && src[end] == '\n' {
				end++
			}
			start = ls
		} else {
			start = ls // after code: the blanks before it go too
		}
		return Fix{Title: "Remove the unused suppression", Edits: []span.Edit{{Start: start, End: end}}}, true
	}
	var keep, gone []string
	for j, c := range s.Codes {
		if slices.Contains(drop, j) {
			gone = append(gone, c.Name)
		} else {
			keep = append(keep, c.Name)
		}
	}
	first, last := s.Codes[0].Range, s.Codes[len(s.Codes)-1].Range
	return Fix{Title: fmt.Sprintf("Remove %s from the suppression", strings.Join(gone, ", ")),
		Edits: []span.Edit{edit(parse.Range{Start: first.Start, End: last.End}, strings.Join(keep, ","))}}, true
}

// ConfigFile checks the configuration file at path whose content is src:
// what config.Parse finds wrong, codes that do not exist (with a
// did-you-mean), and a file that is not at its mod's root, where it would
// not be read.
func ConfigFile(ix *index.Index, path string, src []byte) []Diagnostic {
	c, problems := config.Parse(path, src)
	var out []Diagnostic
	for _, p := range problems {
		d := Diagnostic{Range: p.Range, Severity: Error, Code: CodeConfig, Message: p.Message}
		if p.Unknown != "" {
			if best := closest(p.Unknown, p.Known); best != "" {
				d.Message += fmt.Sprintf("; did you mean %s?", best)
				if p.Range.End.Byte-p.Range.Start.Byte == uint32(len(p.Unknown)) && string(src[p.Range.Start.Byte:p.Range.End.Byte]) == p.Unknown {
					d.Fixes = replaceFix(p.Range, best)
				}
			}
		}
		out = append(out, d)
	}
	known := map[string]bool{}
	var names []string
	for _, ci := range Codes() {
		known[ci.Code] = true
		names = append(names, ci.Code)
	}
	for _, r := range c.Rules {
		if known[r.Code] {
			continue
		}
		d := Diagnostic{Range: r.CodeRange, Severity: Error, Code: CodeConfig, Message: fmt.Sprintf("%s is not a diagnostic code of modls (docs/diagnostics.md lists them)", r.Code)}
		if best := closest(r.Code, names); best != "" {
			d.Message = fmt.Sprintf("%s is not a diagnostic code of modls; did you mean %s?", r.Code, best)
			d.Fixes = replaceFix(r.CodeRange, best)
		}
		out = append(out, d)
	}
	if m := ix.ModAt(path); m != nil && filepath.Dir(path) != m.Root {
		out = append(out, Diagnostic{Range: span.RangeOf(src, 0, 0), Severity: Warning, Code: CodeConfig,
			Message: fmt.Sprintf("modls reads %s at the mod root (%s), not here: this file applies to nothing", config.FileName, m.Root)})
	}
	return out
}
