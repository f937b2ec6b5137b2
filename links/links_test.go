package links

import "testing"

func TestRepositoryURL(t *testing.T) {
	tests := []struct {
		path, want string
	}{
		{"github.com/turbot/steampipe-mod-aws-insights", "https://github.com/turbot/steampipe-mod-aws-insights"},
		{"gitlab.com/group/sub/repo", "https://gitlab.com/group/sub/repo"},
		{"git.example-host.io/org/repo.v2", "https://git.example-host.io/org/repo.v2"},
		{"github.com/turbot", ""},          // no repository
		{"../local-mod/x/y", ""},           // a local path
		{"./mods/a/b", ""},                 // a local path
		{"localhost/org/repo", ""},         // no domain
		{"127.0.0.1/org/repo", ""},         // no letter
		{"github.com/org/../../etc", ""},   // dot segments
		{"github.com/org/repo name", ""},   // a space
		{"github.com//repo", ""},           // an empty segment
		{"-bad.com/org/repo", ""},          // a label starting with -
		{"github.com/org/repo?x=1", ""},    // a query
		{"github.com/org/repo#branch", ""}, // a fragment
		{"/abs/path/to/mod", ""},           // an absolute path
		{"", ""},
	}
	for _, tc := range tests {
		got, ok := repositoryURL(tc.path)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("repositoryURL(%q) = %q, %v; want %q", tc.path, got, ok, tc.want)
		}
	}
}
