package format

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestEdits(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the formatted text
		n    int    // the number of edits
	}{
		{"formatted already", "a {\n  b = 1\n}\n", "a {\n  b = 1\n}\n", 0},
		{"one line off", "query \"q\" {\n  title = \"Q\"\n      sql = \"select 1\"\n  description = \"D\"\n}\n",
			"query \"q\" {\n  title       = \"Q\"\n  sql         = \"select 1\"\n  description = \"D\"\n}\n", 2},
		{"nested blocks", "dashboard \"d\" {\ncontainer {\ncard {\nwidth=3\n}\n}\n}\n",
			"dashboard \"d\" {\n  container {\n    card {\n      width = 3\n    }\n  }\n}\n", 5},
		{"heredoc text untouched", "query \"q\" {\n    sql = <<-EOQ\n        select  1\n    EOQ\n}\n",
			"query \"q\" {\n  sql = <<-EOQ\n        select  1\n    EOQ\n}\n", 1},
		{"comments aligned", "a {\n  b = 1 # one\n  ccc = 2 # two\n}\n", "a {\n  b   = 1 # one\n  ccc = 2 # two\n}\n", 1},
		{"crlf kept", "a {\r\n    b=1\r\n}\r\n", "a {\r\n  b = 1\r\n}\r\n", 1},
		{"non-ASCII", "a \"é\" {\n  ü=\"ö – 日本\"\n  title = 1\n}\n", "a \"é\" {\n  ü     = \"ö – 日本\"\n  title = 1\n}\n", 1},
		{"empty file", "", "", 0},
		{"only comments", "# a\n   // b\n", "# a\n// b\n", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			edits, err := Edits([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := string(Apply([]byte(tc.src), edits)); got != tc.want {
				t.Errorf("formatted:\n%s\nwant:\n%s", got, tc.want)
			}
			if len(edits) != tc.n {
				t.Errorf("%d edits %v, want %d", len(edits), edits, tc.n)
			}
			checkEdits(t, tc.src, tc.want, edits)
		})
	}
}

func TestEditsSyntaxError(t *testing.T) {
	tests := []struct {
		name, src, msg string
	}{
		{"unclosed block", "a {\n  b = 1\n", "not formatted: syntax error at 1:3: Unclosed configuration block"},
		{"half-typed attribute", "a {\n  b =\n  c=1\n}\n", "not formatted: syntax error at 2:6: Invalid expression"},
		{"several errors", "b = 1\nb = 2\nb = 3\n", "not formatted: syntax error at 2:1: Attribute redefined (and 1 more)"},
		{"invalid UTF-8", "a = \"\xff\"\n", "not formatted: syntax error: Invalid character encoding"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			edits, err := Edits([]byte(tc.src))
			var se *SyntaxError
			if !errors.As(err, &se) || edits != nil {
				t.Fatalf("edits %v, error %v; want none and a *SyntaxError", edits, err)
			}
			if err.Error() != tc.msg {
				t.Errorf("error %q, want %q", err, tc.msg)
			}
			if _, err := RangeEdits([]byte(tc.src), 0, 1); !errors.As(err, &se) {
				t.Errorf("RangeEdits: error %v, want a *SyntaxError", err)
			}
		})
	}
}

func TestRangeEdits(t *testing.T) {
	// Lines 2, 4 and 6 need formatting; 1, 3, 5 and 7 do not.
	src := "a {\n    b = 1\n  c = 2\n  d=4\n  e = 5\n      f = 6\n}\n"
	line := func(n int) int { // offset of the start of 1-based line n
		off := 0
		for range n - 1 {
			off += strings.IndexByte(src[off:], '\n') + 1
		}
		return off
	}
	tests := []struct {
		name       string
		start, end int
		lines      []int // the lines whose edits are kept
	}{
		{"one whole line", line(2), line(3), []int{2}},
		{"inside one line", line(4) + 3, line(4) + 4, []int{4}},
		{"empty range", line(6) + 1, line(6) + 1, []int{6}},
		{"two lines, ending inside the second", line(2) + 6, line(4) + 1, []int{2, 4}},
		{"lines without changes", line(3), line(4), nil},
		{"first line to the end", line(1), len(src), []int{2, 4, 6}},
		{"out of bounds", -5, 1000, []int{2, 4, 6}},
		{"end before start", line(4), line(2), []int{4}},
	}
	all, err := Edits([]byte(src))
	if err != nil || len(all) != 3 {
		t.Fatalf("Edits = %v, %v; want one edit on each of lines 2, 4, 6", all, err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := RangeEdits([]byte(src), tc.start, tc.end)
			if err != nil {
				t.Fatal(err)
			}
			var lines []int
			for _, e := range got {
				n := strings.Count(src[:e.Start], "\n") + 1
				if e.End > line(n+1) {
					t.Errorf("edit %v leaves line %d", e, n)
				}
				lines = append(lines, n)
			}
			if fmt.Sprint(lines) != fmt.Sprint(tc.lines) {
				t.Errorf("edits %v on lines %v, want lines %v", got, lines, tc.lines)
			}
		})
	}
}

func TestLineSpanCRLF(t *testing.T) {
	src := []byte("a = 1\r\nb  = 2\r\nc = 3\r\n")
	lo, hi := lineSpan(src, 8, 9)
	if string(src[lo:hi]) != "b  = 2" {
		t.Errorf("line span %q, want the second line without its line break", src[lo:hi])
	}
	edits, err := RangeEdits(src, 7, 14)
	if err != nil || len(edits) != 1 || string(Apply(src, edits)) != "a = 1\r\nb = 2\r\nc = 3\r\n" {
		t.Errorf("RangeEdits = %v, %v", edits, err)
	}
}
