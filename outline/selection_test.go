package outline

import (
	"strings"
	"testing"
)

func TestSelectionSpans(t *testing.T) {
	tests := []struct {
		name string
		src  string
		at   string // the cursor is just before the first "|" (removed)
		want []string
	}{
		{"traversal step", "a {\n  q = query.x.sql\n}\n", "a {\n  q = query.|x.sql\n}\n",
			[]string{"x", "query.x", "query.x.sql", "q = query.x.sql", "{\n  q = query.x.sql\n}", "a {\n  q = query.x.sql\n}", "a {\n  q = query.x.sql\n}\n"}},
		{"index step", "x = var.l[0]\n", "x = var.l[|0]\n",
			[]string{"0", "[0]", "var.l[0]", "x = var.l[0]", "x = var.l[0]\n"}},
		{"cursor at the end of a word", "x = var.abc\n", "x = var.abc|\n",
			[]string{"abc", "var.abc", "x = var.abc", "x = var.abc\n"}},
		{"between attributes", "a {\n  b = 1\n\n  c = 2\n}\n", "a {\n  b = 1\n|\n  c = 2\n}\n",
			[]string{"b = 1\n\n  c = 2", "{\n  b = 1\n\n  c = 2\n}", "a {\n  b = 1\n\n  c = 2\n}", "a {\n  b = 1\n\n  c = 2\n}\n"}},
		{"block type", "a \"l\" {\n  b {\n  }\n}\n", "a \"l\" {\n  |b {\n  }\n}\n",
			// The block b is also the body of a, trimmed: one step.
			[]string{"b", "b {\n  }", "{\n  b {\n  }\n}", "a \"l\" {\n  b {\n  }\n}", "a \"l\" {\n  b {\n  }\n}\n"}},
		{"non-ASCII word", "t = \"Über 日本\"\n", "t = \"Über 日|本\"\n",
			[]string{"日本", "\"Über 日本\"", "t = \"Über 日本\"", "t = \"Über 日本\"\n"}},
		{"empty file", "", "|", []string{""}},
		{"end of file", "a = 1", "a = 1|", []string{"1", "a = 1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := []byte(tc.src)
			off := strings.Index(tc.at, "|")
			chain := Selections(text, []int{off})[0]
			var got []string
			for i, s := range chain {
				if s.Start > off || s.End < off {
					t.Errorf("span %q does not hold the cursor", text[s.Start:s.End])
				}
				if i > 0 && (!s.Contains(chain[i-1]) || s == chain[i-1]) {
					t.Errorf("span %q does not strictly contain %q", text[s.Start:s.End], text[chain[i-1].Start:chain[i-1].End])
				}
				got = append(got, string(text[s.Start:s.End]))
			}
			if last := chain[len(chain)-1]; last.Start != 0 || last.End != len(text) {
				t.Errorf("the chain ends with %q, not the whole file", text[last.Start:last.End])
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("chain:\n%q\nwant:\n%q", got, tc.want)
			}
		})
	}
}
