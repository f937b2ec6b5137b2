package parse

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// renderRegions renders regions as kind:text, with line breaks as ⏎.
func renderRegions(src []byte, rs []Region) string {
	var b strings.Builder
	for _, r := range rs {
		kind := map[RegionKind]string{RegionComment: "comment", RegionHeredoc: "heredoc", RegionBrackets: "brackets"}[r.Kind]
		text := strings.ReplaceAll(string(src[r.Range.Start.Byte:r.Range.End.Byte]), "\n", "⏎")
		fmt.Fprintf(&b, "%s %d:%d-%d:%d %s\n", kind, r.Range.Start.Line, r.Range.Start.Col, r.Range.End.Line, r.Range.End.Col, text)
	}
	return b.String()
}

func TestRegions(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"comment run", "# a\n  # b\n// c\n\n# d\nx = 1\n",
			"comment 1:1-3:5 # a⏎  # b⏎// c\ncomment 5:1-5:4 # d\n"},
		{"trailing comment is its own region", "x = 1 # a\n# b\n# c\n",
			"comment 1:7-1:10 # a\ncomment 2:1-3:4 # b⏎# c\n"},
		{"block comments", "/* a\n b */\n/* c */ x = 1\n",
			"comment 1:1-2:6 /* a⏎ b */\ncomment 3:1-3:8 /* c */\n"},
		{"block comment ends a run", "# a\n/* b */\n# c\n",
			"comment 1:1-1:4 # a\ncomment 2:1-2:8 /* b */\ncomment 3:1-3:4 # c\n"},
		{"crlf comments", "# a\r\n# b\r\nx = 1\r\n", "comment 1:1-2:4 # a\r⏎# b\n"},
		{"brackets nest", "a {\n  b = [1, {c = (2)}]\n}\n",
			"brackets 1:3-3:2 {⏎  b = [1, {c = (2)}]⏎}\nbrackets 2:7-2:21 [1, {c = (2)}]\nbrackets 2:11-2:20 {c = (2)}\nbrackets 2:16-2:19 (2)\n"},
		{"heredoc", "a {\n  sql = <<-EOQ\n    select 1\n  EOQ\n}\n",
			"brackets 1:3-5:2 {⏎  sql = <<-EOQ⏎    select 1⏎  EOQ⏎}\nheredoc 2:9-4:6 <<-EOQ⏎    select 1⏎  EOQ\n"},
		{"heredoc in a list", "x = [\n  <<EOT\nhi\nEOT\n  ,\n]\n",
			"brackets 1:5-6:2 [⏎  <<EOT⏎hi⏎EOT⏎  ,⏎]\nheredoc 2:3-4:4 <<EOT⏎hi⏎EOT\n"},
		{"brackets in strings and comments are text", "x = \"{[(\" # }\n", "comment 1:11-1:14 # }\n"},
		{"unclosed bracket", "a {\n  b = [1,\n}\n", "brackets 1:3-3:2 {⏎  b = [1,⏎}\n"},
		{"stray closer", "a {\n]\n}\n", "brackets 1:3-3:2 {⏎]⏎}\n"},
		{"unterminated heredoc", "x = <<EOT\nhi\n", ""},
		{"unterminated block comment", "x = 1\n/* a\nb", "comment 2:1-3:2 /* a⏎b\n"},
		{"non-ASCII", "a \"é\" {\n  ü = [\"日本\"] # ö\n}\n",
			"brackets 1:8-3:2 {⏎  ü = [\"日本\"] # ö⏎}\nbrackets 2:8-2:18 [\"日本\"]\ncomment 2:19-2:23 # ö\n"},
		{"byte order mark", "\xef\xbb\xbf# a\n# b\n", "comment 1:4-2:4 # a⏎# b\n"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			rs := Regions(src)
			checkRegions(t, src, rs)
			if got := renderRegions(src, rs); got != tc.want {
				t.Errorf("Regions(%q):\n%s\nwant:\n%s", tc.src, got, tc.want)
			}
		})
	}
}

// checkRegions checks the invariants of Regions' result: sorted, within
// src, positions agreeing with offsets, brackets that match, comments and
// heredocs that start as they should.
func checkRegions(t *testing.T, src []byte, rs []Region) {
	t.Helper()
	lines := lineStarts(src, nil)
	for i, r := range rs {
		s, e := r.Range.Start, r.Range.End
		if s.Byte > e.Byte || int(e.Byte) > len(src) {
			t.Fatalf("region %d out of range: %+v in %q", i, r, src)
		}
		if s != posAt(lines, s.Byte) || e != posAt(lines, e.Byte) {
			t.Fatalf("region %d: positions %+v disagree with offsets", i, r)
		}
		if i > 0 {
			p := rs[i-1].Range
			if p.Start.Byte > s.Byte || p.Start.Byte == s.Byte && p.End.Byte < e.Byte {
				t.Fatalf("regions out of order: %+v before %+v", rs[i-1], r)
			}
			if s.Byte < p.End.Byte && e.Byte > p.End.Byte {
				t.Fatalf("regions overlap without nesting: %+v and %+v in %q", rs[i-1], r, src)
			}
		}
		text := src[s.Byte:e.Byte]
		switch r.Kind {
		case RegionBrackets:
			o, c := text[0], text[len(text)-1]
			if !(o == '{' && c == '}' || o == '[' && c == ']' || o == '(' && c == ')') {
				t.Fatalf("brackets region %q does not match", text)
			}
		case RegionHeredoc:
			if !strings.HasPrefix(string(text), "<<") {
				t.Fatalf("heredoc region %q", text)
			}
		case RegionComment:
			if !(text[0] == '#' || len(text) > 1 && text[0] == '/' && (text[1] == '/' || text[1] == '*')) {
				t.Fatalf("comment region %q", text)
			}
		default:
			t.Fatalf("region of kind %d", r.Kind)
		}
	}
}

// TestRegionsFixtures checks the invariants on every fixture, valid and
// broken.
func TestRegionsFixtures(t *testing.T) {
	for _, dir := range []string{"testdata/syntax", "testdata/broken"} {
		for _, path := range modFiles(t, dir) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			checkRegions(t, src, Regions(src))
		}
	}
}

// FuzzRegions holds Regions to its invariants on any input.
func FuzzRegions(f *testing.F) {
	for _, dir := range []string{"testdata/syntax", "testdata/broken"} {
		for _, path := range modFiles(f, dir) {
			src, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkRegions(t, src, Regions(src))
	})
}

// BenchmarkRegions measures Regions over both corpus mods; compare its MB/s
// with BenchmarkScan's from the same run (folding asks for both).
func BenchmarkRegions(b *testing.B) {
	srcs, n := corpusSources(b)
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			Regions(src)
		}
	}
}
