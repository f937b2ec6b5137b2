package fileuri

import (
	"strings"
	"testing"
)

func TestURIToPath(t *testing.T) {
	for _, tc := range []struct {
		uri     string
		windows bool
		want    string // "" for an error
	}{
		{"file:///home/u/mod/a.pp", false, "/home/u/mod/a.pp"},
		{"file:///home/u/my%20mod/%C3%A9.pp", false, "/home/u/my mod/é.pp"},
		{"file:///home/u/my mod/a.pp", false, "/home/u/my mod/a.pp"},
		{"file:///a/b%23c%3Fd%25e+f.pp", false, "/a/b#c?d%e+f.pp"},
		{"file:///a/b#c", false, "/a/b#c"},
		{"file://localhost/a/b", false, "/a/b"},
		{"FILE:///a/./b/../c/", false, "/a/c"},
		{"file:/a/b", false, "/a/b"},
		{"file:///c%3A/x", false, "/c:/x"},
		{"file:///", false, "/"},
		{"file:///c%3A/x/a.pp", true, `c:\x\a.pp`},
		{"file:///C:/Users/u/my%20mod", true, `C:\Users\u\my mod`},
		{"file:///c%3A", true, `c:\`},
		{"file://c:/x", true, `c:\x`},
		{"file://server/share/x.pp", true, `\\server\share\x.pp`},
		{"file:///home/x", true, `\home\x`},
		{"file://server/share/x.pp", false, ""},
		{"http://x/a.pp", false, ""},
		{"untitled:Untitled-1", false, ""},
		{"file:", false, ""},
		{"file:relative/x", false, ""},
		{"file:///a%zz", false, ""},
		{"file:///a%2", false, ""},
		{"file:///a%00b", false, ""},
		{"", false, ""},
	} {
		got, err := toPathOS(tc.uri, tc.windows)
		if tc.want == "" {
			if err == nil {
				t.Errorf("ToPath(%q, windows=%v) = %q, want an error", tc.uri, tc.windows, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ToPath(%q, windows=%v) = %q, %v; want %q", tc.uri, tc.windows, got, err, tc.want)
		}
	}
}

func TestPathToURI(t *testing.T) {
	for _, tc := range []struct {
		path    string
		windows bool
		want    string
	}{
		{"/home/u/mod/a.pp", false, "file:///home/u/mod/a.pp"},
		{"/home/u/my mod/é.pp", false, "file:///home/u/my%20mod/%C3%A9.pp"},
		{"/a/b#c?d%e+f&g=h@i", false, "file:///a/b%23c%3Fd%25e%2Bf%26g%3Dh%40i"},
		{"/a:b/~x_y-z.pp", false, "file:///a:b/~x_y-z.pp"},
		{`c:\x\a.pp`, true, "file:///c:/x/a.pp"},
		{`C:\Users\u\my mod`, true, "file:///C:/Users/u/my%20mod"},
		{`\\server\share\x.pp`, true, "file://server/share/x.pp"},
	} {
		if got := fromPathOS(tc.path, tc.windows); got != tc.want {
			t.Errorf("FromPath(%q, windows=%v) = %q, want %q", tc.path, tc.windows, got, tc.want)
		}
	}
	if got := FromPath("/abs/x.pp"); got != "file:///abs/x.pp" && !strings.HasSuffix(got, "/abs/x.pp") {
		t.Errorf("FromPath(/abs/x.pp) = %q", got)
	}
}

// TestURIRoundTrip checks ToPath(FromPath(p)) == p for clean absolute
// paths with every awkward byte.
func TestURIRoundTrip(t *testing.T) {
	names := []string{"a.pp", "my mod", "é中😀", "b#c", "q?x", "100%", "a+b", "[x]", "semi;colon", "tab\tx", `back\slash`, "%41"}
	for _, n := range names {
		for _, dir := range []string{"/", "/home/u/", "/c:/"} {
			p := dir + n
			got, err := toPathOS(fromPathOS(p, false), false)
			if err != nil || got != p {
				t.Errorf("round trip of %q: %q, %v (URI %q)", p, got, err, fromPathOS(p, false))
			}
		}
		if n == `back\slash` {
			continue // a separator on Windows
		}
		for _, dir := range []string{`c:\`, `D:\mods\`, `\\srv\share\`} {
			p := dir + n
			got, err := toPathOS(fromPathOS(p, true), true)
			if err != nil || got != p {
				t.Errorf("windows round trip of %q: %q, %v (URI %q)", p, got, err, fromPathOS(p, true))
			}
		}
	}
}
