package format

// This file defines the entry points: Source formats a whole file, Edits
// says what formatting changes, RangeEdits what it changes on some lines.

import (
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

// SyntaxError is the error of formatting a file that does not parse: the
// file is left as it is.
type SyntaxError struct {
	// Diags are hclsyntax's errors for the file; there is at least one.
	Diags hcl.Diagnostics
}

// Error names the first syntax error and its position.
func (e *SyntaxError) Error() string {
	d := e.Diags[0]
	at := ""
	if d.Subject != nil {
		at = fmt.Sprintf(" at %d:%d", d.Subject.Start.Line, d.Subject.Start.Column)
	}
	more := ""
	if n := len(e.Diags) - 1; n > 0 {
		more = fmt.Sprintf(" (and %d more)", n)
	}
	return fmt.Sprintf("not formatted: syntax error%s: %s%s", at, d.Summary, more)
}

// Source returns src formatted by hclwrite.Format. It returns a *SyntaxError
// instead when src is not valid UTF-8 or hclsyntax finds an error in it:
// hclwrite works on tokens alone and would rearrange a broken file.
//
// Whether hclsyntax accepts the file is first asked of parse.Scan, several
// times faster: a file it finds clean is one hclsyntax accepts (FuzzScan
// holds it to that). Only when it finds a problem does hclsyntax parse the
// file, to decide and to name the error.
func Source(src []byte) ([]byte, error) {
	if err := check(src); err != nil {
		return nil, err
	}
	return hclwrite.Format(src), nil
}

// check returns a *SyntaxError when src must not be formatted.
func check(src []byte) error {
	if !utf8.Valid(src) {
		return &SyntaxError{Diags: hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid character encoding",
			Detail:   "All input files must be UTF-8 encoded.",
		}}}
	}
	if len(parse.Scan(src).Diags) == 0 {
		return nil
	}
	if _, diags := parse.ParseConfig(src, "", hcl.InitialPos); diags.HasErrors() {
		var errs hcl.Diagnostics
		for _, d := range diags {
			if d.Severity == hcl.DiagError {
				errs = append(errs, d)
			}
		}
		return &SyntaxError{Diags: errs}
	}
	return nil
}

// Edits returns the edits that turn src into its formatted text (see
// Source), sorted and non-overlapping, with offsets in src; none when src is
// formatted already. Each edit is as small as the line diff allows (see
// Diff): a line whose indentation alone changes gets one edit of its
// leading white space.
func Edits(src []byte) ([]span.Edit, error) {
	out, err := Source(src)
	if err != nil {
		return nil, err
	}
	return Diff(src, out), nil
}

// RangeEdits returns the edits of Edits that lie on the lines the byte range
// [start, end) of src covers: from the start of start's line to the end of
// the line before end, or of end's line if end is not at the start of a
// line (a selection of whole lines ends at the start of the next one). An
// empty range covers its line. Text on other lines is not touched, unless
// an edit that spans lines (where formatting changes the number of lines,
// which hclwrite does not) reaches from the range into them.
func RangeEdits(src []byte, start, end int) ([]span.Edit, error) {
	edits, err := Edits(src)
	if err != nil {
		return nil, err
	}
	lo, hi := lineSpan(src, start, end)
	kept := edits[:0]
	for _, e := range edits {
		overlaps := e.Start < hi && e.End > lo
		inserts := e.Start == e.End && lo <= e.Start && e.Start <= hi
		if overlaps || inserts {
			kept = append(kept, e)
		}
	}
	if len(kept) == 0 {
		return nil, nil
	}
	return kept, nil
}

// lineSpan widens [start, end) to whole lines: lo is the start of start's
// line and hi the end of the last line covered, before its line break.
func lineSpan(src []byte, start, end int) (lo, hi int) {
	start = max(0, min(start, len(src)))
	end = max(start, min(end, len(src)))
	lo = start
	for lo > 0 && src[lo-1] != '\n' {
		lo--
	}
	if end > start && src[end-1] == '\n' {
		end-- // a selection of whole lines: stop at the last one
	}
	hi = end
	for hi < len(src) && src[hi] != '\n' {
		hi++
	}
	if hi > lo && hi < len(src) && src[hi-1] == '\r' {
		hi--
	}
	return lo, hi
}
