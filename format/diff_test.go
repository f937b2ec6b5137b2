package format

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/modls/modls/span"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want []span.Edit
	}{
		{"equal", "a = 1\n", "a = 1\n", nil},
		{"empty to text", "", "a = 1\n", []span.Edit{{Start: 0, End: 0, New: "a = 1\n"}}},
		{"text to empty", "a = 1\n", "", []span.Edit{{Start: 0, End: 6, New: ""}}},
		{"indentation only", "a {\n    b = 1\n}\n", "a {\n  b = 1\n}\n", []span.Edit{{Start: 6, End: 8, New: ""}}},
		{"spacing inside a line", "a {\n  b=1\n}\n", "a {\n  b = 1\n}\n", []span.Edit{{Start: 7, End: 8, New: " = "}}},
		{"alignment of two lines", "x {\n  a = 1\n  bbb = 2\n}\n", "x {\n  a   = 1\n  bbb = 2\n}\n", []span.Edit{{Start: 8, End: 8, New: "  "}}},
		{"trailing white space", "a = 1   \nb = 2\n", "a = 1\nb = 2\n", []span.Edit{{Start: 5, End: 8, New: ""}}},
		{"untouched lines between two changes", "a=1\nb = 2\nc = 3\nd=4\n", "a = 1\nb = 2\nc = 3\nd = 4\n",
			[]span.Edit{{Start: 1, End: 2, New: " = "}, {Start: 17, End: 18, New: " = "}}},
		{"line inserted", "a\nc\n", "a\nb\nc\n", []span.Edit{{Start: 2, End: 2, New: "b\n"}}},
		{"line deleted", "a\nb\nc\n", "a\nc\n", []span.Edit{{Start: 2, End: 4, New: ""}}},
		{"no final newline", "a=1", "a = 1", []span.Edit{{Start: 1, End: 2, New: " = "}}},
		{"final newline added", "a = 1", "a = 1\n", []span.Edit{{Start: 5, End: 5, New: "\n"}}},
		{"crlf indentation", "a {\r\n    b = 1\r\n}\r\n", "a {\r\n  b = 1\r\n}\r\n", []span.Edit{{Start: 7, End: 9, New: ""}}},
		{"crlf trailing white space kept whole", "a = 1  \r\nb\r\n", "a = 1\r\nb\r\n", []span.Edit{{Start: 5, End: 7, New: ""}}},
		{"crlf to lf", "a\r\nb\r\n", "a\nb\r\n", []span.Edit{{Start: 1, End: 3, New: "\n"}}},
		{"lf to crlf", "a\nb\n", "a\r\nb\n", []span.Edit{{Start: 1, End: 1, New: "\r"}}},
		{"non-ASCII kept", "t = \"Überblick\"\nü=\"ö\"\n", "t = \"Überblick\"\nü = \"ö\"\n", []span.Edit{{Start: 19, End: 20, New: " = "}}},
		{"never splits a character", "x = \"é\"\n", "x = \"è\"\n", []span.Edit{{Start: 5, End: 7, New: "è"}}},
		{"emoji", "a = \"😀\"\n", "a = \"😁\"\n", []span.Edit{{Start: 5, End: 9, New: "😁"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Diff([]byte(tc.a), []byte(tc.b))
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("Diff(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
			checkEdits(t, tc.a, tc.b, got)
		})
	}
}

// checkEdits checks that edits are sorted, disjoint, on character and line
// break boundaries of a, and turn a into b.
func checkEdits(t *testing.T, a, b string, edits []span.Edit) {
	t.Helper()
	last := 0
	for _, e := range edits {
		if e.Start < last || e.End < e.Start || e.End > len(a) {
			t.Fatalf("edits out of order or out of range: %v in %q", edits, a)
		}
		for _, off := range []int{e.Start, e.End} {
			if off < len(a) && !utf8.RuneStart(a[off]) {
				t.Errorf("edit %v splits a character of %q", e, a)
			}
			if off > 0 && off < len(a) && a[off-1] == '\r' && a[off] == '\n' {
				t.Errorf("edit %v splits a line break of %q", e, a)
			}
		}
		if e.Start == e.End && e.New == "" {
			t.Errorf("empty edit %v", e)
		}
		last = e.End
	}
	if got := string(Apply([]byte(a), edits)); got != b {
		t.Errorf("applying %v to %q gives %q, want %q", edits, a, got, b)
	}
}

// TestCommonLinesOptimal compares the length of the common subsequence with
// a dynamic-programming LCS on random sequences over small alphabets, where
// lines repeat a lot.
func TestCommonLinesOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := range 3000 {
		alpha := int32(1 + rng.IntN(6))
		a := randomSeq(rng, rng.IntN(40), alpha)
		b := randomSeq(rng, rng.IntN(40), alpha)
		if iter%3 == 0 {
			b = mutate(rng, a, alpha)
		}
		got := commonLines(a, b)
		pa, pb := -1, -1
		for _, m := range got {
			if m.a <= pa || m.b <= pb || a[m.a] != b[m.b] {
				t.Fatalf("a=%v b=%v: bad match list %v", a, b, got)
			}
			pa, pb = m.a, m.b
		}
		if want := lcsLen(a, b); len(got) != want {
			t.Fatalf("a=%v b=%v: common subsequence of %d, LCS is %d", a, b, len(got), want)
		}
	}
}

func randomSeq(rng *rand.Rand, n int, alpha int32) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = rng.Int32N(alpha)
	}
	return s
}

func mutate(rng *rand.Rand, a []int32, alpha int32) []int32 {
	b := append([]int32(nil), a...)
	for range rng.IntN(5) {
		switch i := rng.IntN(len(b) + 1); rng.IntN(3) {
		case 0:
			b = append(b[:i], append([]int32{rng.Int32N(alpha + 3)}, b[i:]...)...)
		case 1:
			if i < len(b) {
				b = append(b[:i], b[i+1:]...)
			}
		default:
			if i < len(b) {
				b[i] = rng.Int32N(alpha + 3)
			}
		}
	}
	return b
}

func lcsLen(a, b []int32) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// TestDiffRandomTexts applies the diff of random line-based texts, mixing
// line breaks and non-ASCII text.
func TestDiffRandomTexts(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "b = 1", "  c", "é", "😀", "", " ", "}", "x\r"}
	breaks := []string{"\n", "\r\n"}
	gen := func() string {
		var sb strings.Builder
		for range rng.IntN(12) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
			if rng.IntN(2) == 0 {
				sb.WriteString(pieces[rng.IntN(len(pieces))])
			}
			if rng.IntN(6) > 0 {
				sb.WriteString(breaks[rng.IntN(2)])
			}
		}
		return sb.String()
	}
	for range 5000 {
		a, b := gen(), gen()
		checkEdits(t, a, b, Diff([]byte(a), []byte(b)))
	}
}

// TestDiffEveryLine diffs two 3,000-line texts that differ on every line:
// one edit per line, from its first to its last differing byte.
func TestDiffEveryLine(t *testing.T) {
	var a, b strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&a, "    attr_%d=%d\n", i, i)
		fmt.Fprintf(&b, "  attr_%d = %d\n", i, i)
	}
	edits := Diff([]byte(a.String()), []byte(b.String()))
	if len(edits) != 3000 {
		t.Fatalf("%d edits, want one per line", len(edits))
	}
	if e := edits[0]; e.Start != 2 || e.End != 11 || e.New != "attr_0 = " {
		t.Errorf("first edit %v, want the bytes between the common indentation and the value", e)
	}
	checkEdits(t, a.String(), b.String(), edits)
}
