package check

// This file defines SuppressFixes: the quick fixes that suppress a
// diagnostic with a comment, as editors offer for eslint's rules ("disable
// for this line", "for the entire file").

import (
	"fmt"

	"github.com/modls/modls/config"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

// SuppressFixes returns the fixes that suppress diagnostic d of the file
// whose content is src: a `# modls-ignore <code>` on a line of its own
// above d's line (or the code added to the suppression already there), and
// a `# modls-ignore-file <code>` at the top of the file (or the code added
// to the one there). The comment gets no reason: unexplained-suppression
// then asks for one. None for the problems of suppressions themselves, for
// syntax errors, and for a line inside a heredoc, above which a comment
// would be SQL.
func SuppressFixes(src []byte, d Diagnostic) []Fix {
	switch d.Code {
	case CodeUnusedSuppression, CodeUnexplainedSuppression, CodeSyntax, CodeNotChecked, "":
		return nil
	}
	start := min(int(d.Range.Start.Byte), len(src))
	ls := start
	for ls > 0 && src[ls-1] != '\n' {
		ls--
	}
	sups := config.Suppressions(src)
	var fixes []Fix
	inHeredoc := false
	for _, r := range parse.Regions(src) {
		if r.Kind == parse.RegionHeredoc && int(r.Range.Start.Byte) < ls && ls < int(r.Range.End.Byte) {
			inHeredoc = true
		}
	}
	if !inHeredoc {
		title := fmt.Sprintf("Suppress %s on this line (# %s)", d.Code, config.Ignore)
		if f, ok := addCode(src, sups, d.Code, title, func(s config.Suppression) bool {
			return !s.File && !s.Trailing && s.Range.End.Line+1 == d.Range.Start.Line
		}); ok {
			fixes = append(fixes, f)
		} else {
			indent := ls
			for indent < len(src) && (src[indent] == ' ' || src[indent] == '\t') {
				indent++
			}
			fixes = append(fixes, Fix{Title: title, Edits: []span.Edit{{Start: ls, End: ls,
				New: string(src[ls:indent]) + "# " + config.Ignore + " " + d.Code + "\n"}}})
		}
	}
	title := fmt.Sprintf("Suppress %s in this file (# %s)", d.Code, config.IgnoreFile)
	if f, ok := addCode(src, sups, d.Code, title, func(s config.Suppression) bool { return s.File }); ok {
		fixes = append(fixes, f)
	} else {
		fixes = append(fixes, Fix{Title: title, Edits: []span.Edit{{Start: 0, End: 0, New: "# " + config.IgnoreFile + " " + d.Code + "\n"}}})
	}
	return fixes
}

// addCode is the fix that adds code to the list of the first suppression
// of sups that match accepts, if there is one (and it does not name code
// already).
func addCode(src []byte, sups []config.Suppression, code, title string, match func(config.Suppression) bool) (Fix, bool) {
	for _, s := range sups {
		if !match(s) || len(s.Codes) == 0 {
			continue
		}
		for _, c := range s.Codes {
			if c.Name == code {
				return Fix{}, false
			}
		}
		end := int(s.Codes[len(s.Codes)-1].Range.End.Byte)
		return Fix{Title: title, Edits: []span.Edit{{Start: end, End: end, New: "," + code}}}, true
	}
	return Fix{}, false
}
