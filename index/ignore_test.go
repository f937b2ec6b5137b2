package index

import (
	"strings"
	"testing"
)

func TestIgnoreMatch(t *testing.T) {
	type probe struct {
		rel   string
		isDir bool
		want  bool
	}
	tests := []struct {
		name   string
		lines  []string
		probes []probe
	}{
		{
			name:  "name without slash matches at any depth",
			lines: []string{"scratch.pp"},
			probes: []probe{
				{"scratch.pp", false, true},
				{"a/b/scratch.pp", false, true},
				{"scratch.pp", true, true}, // a directory of that name too
				{"scratch.pp.bak", false, false},
				{"a/scratch.ppx", false, false},
			},
		},
		{
			name:  "star does not cross slash",
			lines: []string{"a/*.pp"},
			probes: []probe{
				{"a/x.pp", false, true},
				{"a/b/x.pp", false, false},
				{"b/a/x.pp", false, false},
			},
		},
		{
			name:  "wildcard name at any depth",
			lines: []string{"*.sp"},
			probes: []probe{
				{"x.sp", false, true},
				{"d/e/x.sp", false, true},
				{"x.pp", false, false},
			},
		},
		{
			name:  "leading slash anchors to the root",
			lines: []string{"/scratch.pp"},
			probes: []probe{
				{"scratch.pp", false, true},
				{"a/scratch.pp", false, false},
			},
		},
		{
			name:  "inner slash anchors to the root",
			lines: []string{"a/b.pp"},
			probes: []probe{
				{"a/b.pp", false, true},
				{"x/a/b.pp", false, false},
			},
		},
		{
			name:  "leading double star matches in all directories",
			lines: []string{"**/gen.pp"},
			probes: []probe{
				{"gen.pp", false, true},
				{"a/b/gen.pp", false, true},
				{"a/b/gen.sp", false, false},
			},
		},
		{
			name:  "trailing double star matches everything inside, not the folder",
			lines: []string{"drafts/**"},
			probes: []probe{
				{"drafts/x.pp", false, true},
				{"drafts/a/b/x.pp", false, true},
				{"drafts", true, false},
				{"x/drafts/y.pp", false, false},
			},
		},
		{
			name:  "inner double star matches zero or more folders",
			lines: []string{"a/**/b.pp"},
			probes: []probe{
				{"a/b.pp", false, true},
				{"a/x/b.pp", false, true},
				{"a/x/y/b.pp", false, true},
				{"c/a/b.pp", false, false},
				{"a/x/c.pp", false, false},
			},
		},
		{
			name:  "double star inside a segment is a star",
			lines: []string{"a**.pp"},
			probes: []probe{
				{"abc.pp", false, true},
				{"x/abc.pp", false, true},
			},
		},
		{
			name:  "trailing slash matches directories only",
			lines: []string{"build/"},
			probes: []probe{
				{"build", true, true},
				{"x/build", true, true},
				{"build", false, false},
			},
		},
		{
			name:  "anchored directory-only pattern",
			lines: []string{"/build/"},
			probes: []probe{
				{"build", true, true},
				{"x/build", true, false},
			},
		},
		{
			name:  "negation re-includes, last rule wins",
			lines: []string{"*.pp", "!keep.pp"},
			probes: []probe{
				{"keep.pp", false, false},
				{"a/keep.pp", false, false},
				{"other.pp", false, true},
			},
		},
		{
			name:  "a later rule overrides an earlier negation",
			lines: []string{"!keep.pp", "*.pp"},
			probes: []probe{
				{"keep.pp", false, true},
			},
		},
		{
			name:  "comments, blank lines, escapes",
			lines: []string{"# x.pp", "", "   ", `\#y.pp`, `\!z.pp`},
			probes: []probe{
				{"x.pp", false, false},
				{"# x.pp", false, false},
				{"#y.pp", false, true},
				{"!z.pp", false, true},
				{"z.pp", false, false},
			},
		},
		{
			name:  "trailing spaces and CR are trimmed, leading spaces kept",
			lines: []string{"x.pp   ", "y.pp\r", " z.pp"},
			probes: []probe{
				{"x.pp", false, true},
				{"y.pp", false, true},
				{"z.pp", false, false},
				{" z.pp", false, true},
			},
		},
		{
			name:  "question mark and classes",
			lines: []string{"q?.pp", "[abc]1.pp", "[!abc]2.pp", "[^a-c]3.pp", "[x-z]4.pp"},
			probes: []probe{
				{"qa.pp", false, true},
				{"qé.pp", false, true},
				{"q.pp", false, false},
				{"b1.pp", false, true},
				{"d1.pp", false, false},
				{"b2.pp", false, false},
				{"d2.pp", false, true},
				{"b3.pp", false, false},
				{"d3.pp", false, true},
				{"y4.pp", false, true},
				{"a4.pp", false, false},
			},
		},
		{
			name:  "malformed class and escaped star are literal",
			lines: []string{"[ab.pp", `\*.pp`},
			probes: []probe{
				{"[ab.pp", false, true},
				{"a.pp", false, false},
				{"*.pp", false, true},
				{"x.pp", false, false},
			},
		},
		{
			name:  "everything",
			lines: []string{"**"},
			probes: []probe{
				{"x.pp", false, true},
				{"a/b", true, true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ig := ParseIgnore([]byte(strings.Join(tt.lines, "\n")))
			for _, p := range tt.probes {
				if got := ig.Match(p.rel, p.isDir); got != p.want {
					t.Errorf("rules %q: Match(%q, dir=%v) = %v, want %v", tt.lines, p.rel, p.isDir, got, p.want)
				}
			}
		})
	}
}

func TestIgnoreExcluded(t *testing.T) {
	tests := []struct {
		lines []string
		rel   string
		want  bool
	}{
		// gitignore: a file below an excluded folder cannot be re-included.
		{[]string{"drafts/", "!drafts/keep.pp"}, "drafts/keep.pp", true},
		{[]string{"drafts", "!keep.pp"}, "drafts/sub/keep.pp", true},
		// ...but "folder/**" excludes only the contents, so it can.
		{[]string{"drafts/**", "!drafts/keep.pp"}, "drafts/keep.pp", false},
		{[]string{"drafts/**", "!drafts/keep.pp"}, "drafts/other.pp", true},
		{[]string{"a/b/"}, "a/b/c/d.pp", true},
		{[]string{"a/b/"}, "a/bc/d.pp", false},
		{nil, "x.pp", false},
	}
	for _, tt := range tests {
		ig := ParseIgnore([]byte(strings.Join(tt.lines, "\n")))
		if got := ig.Excluded(tt.rel, false); got != tt.want {
			t.Errorf("rules %q: Excluded(%q) = %v, want %v", tt.lines, tt.rel, got, tt.want)
		}
	}
}

func TestIgnoreParse(t *testing.T) {
	ig := ParseIgnore([]byte("# comment\n\n*.sp\r\n!keep.sp\n/\n!\n   \nlast"))
	if got := ig.Len(); got != 3 {
		t.Errorf("Len() = %d, want 3 (comment, blank, bare '/', bare '!' and whitespace lines dropped)", got)
	}
	if bom := ParseIgnore([]byte("\ufeffx.pp\n")); !bom.Match("x.pp", false) {
		t.Error("a leading UTF-8 BOM must be skipped")
	}
	var nilIgnore *Ignore
	if nilIgnore.Match("x.pp", false) || nilIgnore.Excluded("a/x.pp", false) || nilIgnore.Len() != 0 {
		t.Error("a nil *Ignore must match nothing")
	}
}

func FuzzIgnoreMatch(f *testing.F) {
	f.Add("*.pp\n!keep.pp\ndir/\n/a/**/b\n[!x-", "a/b/keep.pp")
	f.Add("**/**\n\\", "x")
	f.Add("[]]\n[a-]\n[\\]]", "]")
	f.Fuzz(func(t *testing.T, rules, rel string) {
		ig := ParseIgnore([]byte(rules))
		ig.Match(rel, false)
		ig.Match(rel, true)
		ig.Excluded(rel, false)
	})
}
