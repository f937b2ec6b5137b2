package discover

import (
	"strings"
	"testing"
)

// TestIgnoreMatch holds Match to Powerpipe's rules (see ignore.go); the
// discovery test checks whole trees against what Powerpipe v1.0.0 loads.
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
			name:  "a name matches only directly under the root",
			lines: []string{"scratch.pp"},
			probes: []probe{
				{"scratch.pp", false, true},
				{"a/b/scratch.pp", false, false},
				{"scratch.pp.bak", false, false},
			},
		},
		{
			name:  "star does not cross slash",
			lines: []string{"a/*.pp", "*.sp"},
			probes: []probe{
				{"a/x.pp", false, true},
				{"a/b/x.pp", false, false},
				{"b/a/x.pp", false, false},
				{"x.sp", false, true},
				{"d/x.sp", false, false},
			},
		},
		{
			name:  "a leading slash or ./ is the root",
			lines: []string{"/scratch.pp", "./x/y.pp"},
			probes: []probe{
				{"scratch.pp", false, true},
				{"a/scratch.pp", false, false},
				{"x/y.pp", false, true},
			},
		},
		{
			name:  "a folder name or folder/ excludes nothing below it",
			lines: []string{"build", "drafts/"},
			probes: []probe{
				{"build/b.pp", false, false},
				{"build", true, false},
				{"drafts/d.pp", false, false},
				{"drafts", true, false},
			},
		},
		{
			name:  "folder/* excludes the files in it, folder/** everything below",
			lines: []string{"drafts/*", "archive/**"},
			probes: []probe{
				{"drafts/d.pp", false, true},
				{"drafts/sub/e.pp", false, false},
				{"drafts", true, false},
				{"archive/a.pp", false, true},
				{"archive/old/b/c.pp", false, true},
				{"archive", true, true},
				{"archive/old", true, true},
				{"archived/a.pp", false, false},
			},
		},
		{
			name:  "double star in front or inside",
			lines: []string{"**/scratch.pp", "gen/**/gen.sp"},
			probes: []probe{
				{"scratch.pp", false, true},
				{"a/b/scratch.pp", false, true},
				{"gen/gen.sp", false, true},
				{"gen/one/two/gen.sp", false, true},
				{"other/gen.sp", false, false},
				{"gen", true, false},
			},
		},
		{
			name:  "no negation: ! is a literal character",
			lines: []string{"*.pp", "!keep.pp"},
			probes: []probe{
				{"keep.pp", false, true},
				{"!keep.pp", false, true},
				{"a/keep.pp", false, false},
			},
		},
		{
			name:  "brackets and escapes",
			lines: []string{"[ab].pp", "[!x-z]1.pp", "\\*.sp"},
			probes: []probe{
				{"a.pp", false, true},
				{"c.pp", false, false},
				{"c1.pp", false, true},
				{"y1.pp", false, false},
				{"*.sp", false, true},
				{"x.sp", false, false},
			},
		},
		{
			name:  "a CR is dropped, spaces are kept",
			lines: []string{"a.pp\r", "b.pp ", " c.pp"},
			probes: []probe{
				{"a.pp", false, true},
				{"b.pp", false, false},
				{"b.pp ", false, true},
				{"c.pp", false, false},
				{" c.pp", false, true},
			},
		},
		{
			name:  "a pattern leaving the root matches nothing inside it",
			lines: []string{"../x.pp", "../../y.pp"},
			probes: []probe{
				{"x.pp", false, false},
				{"a/x.pp", false, false},
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
		{[]string{"drafts/**"}, "drafts/sub/keep.pp", true},
		{[]string{"drafts/"}, "drafts/keep.pp", false},
		{[]string{"a/b/**"}, "a/b/c/d.pp", true},
		{[]string{"a/b/**"}, "a/bc/d.pp", false},
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
	ig := ParseIgnore([]byte("# comment\n\n*.sp\r\n!keep.sp\n/\n   \nlast"))
	if got := ig.Len(); got != 4 {
		t.Errorf("Len() = %d, want 4 (comment, blank and whitespace lines dropped)", got)
	}
	if bom := ParseIgnore([]byte("\ufeffx.pp\n")); bom.Match("x.pp", false) {
		t.Error("a leading UTF-8 BOM is part of the first pattern, as in Powerpipe")
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
