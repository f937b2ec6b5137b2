package fspath

import (
	"path/filepath"
	"testing"
)

func TestWithin(t *testing.T) {
	for _, tc := range []struct {
		path, dir string
		want      bool
	}{
		{"/m", "/m", true},
		{"/m/a.pp", "/m", true},
		{"/m/sub/../a.pp", "/m", true},
		{"/m/", "/m", true},
		{"/mod/a.pp", "/m", false}, // a prefix of the name is not the folder
		{"/a.pp", "/m", false},
		{"/m/../a.pp", "/m", false},
		{"/m/..a.pp", "/m", true}, // a name that starts with two dots
		{"m/a.pp", "/m", false},   // relative against absolute
		{"/m/a.pp", "m", false},
	} {
		if got := Within(filepath.FromSlash(tc.path), filepath.FromSlash(tc.dir)); got != tc.want {
			t.Errorf("Within(%q, %q) = %v, want %v", tc.path, tc.dir, got, tc.want)
		}
	}
}
