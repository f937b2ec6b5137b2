package discover

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/modls/modls/internal/corpus"
	"github.com/modls/modls/internal/testtree"
)

// relFiles returns m.Files relative to m.Root, slash-separated.
func relFiles(t testing.TB, m *ModDir) []string {
	t.Helper()
	out := make([]string, 0, len(m.Files))
	for _, f := range m.Files {
		r, err := filepath.Rel(m.Root, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, filepath.ToSlash(r))
	}
	return out
}

// findNote returns the first note whose path ends with pathSuffix and whose
// message contains msg.
func findNote(notes []Note, pathSuffix, msg string) (Note, bool) {
	for _, n := range notes {
		if strings.HasSuffix(filepath.ToSlash(n.Path), pathSuffix) && strings.Contains(n.Message, msg) {
			return n, true
		}
	}
	return Note{}, false
}

func mustDiscover(t testing.TB, root string) *ModDir {
	t.Helper()
	m, err := Mod(context.Background(), root)
	if err != nil {
		t.Fatalf("Mod(context.Background(), %s): %v", root, err)
	}
	return m
}

func TestFindModRoot(t *testing.T) {
	base := t.TempDir()
	if r, ok := FindModRoot(base); ok {
		t.Skipf("the temporary folder %s is itself inside a mod (%s); cannot test the no-mod case", base, r)
	}
	testtree.Write(t, base, map[string]string{
		"pp/mod.pp":            `mod "pp" {}`,
		"pp/dash/a/b.pp":       "",
		"pp/empty/":            "",
		"sp/mod.sp":            `mod "sp" {}`,
		"sp/q/x.sp":            "",
		"both/mod.pp":          "",
		"both/mod.sp":          "",
		"pp/inner/mod.sp":      "",
		"pp/inner/deep/x.pp":   "",
		"nomod/x.pp":           "",
		"dirnamed/mod.pp/x.pp": "", // a folder named mod.pp is not a mod file
		"pp/.powerpipe/mods/github.com/o/r@v1.0.0/mod.pp":   "",
		"pp/.powerpipe/mods/github.com/o/r@v1.0.0/q/one.pp": "",
	})
	j := func(rel string) string { return filepath.Join(base, filepath.FromSlash(rel)) }
	tests := []struct {
		name, path, want string // want "" means not found
	}{
		{"mod root itself", "pp", "pp"},
		{"the mod file", "pp/mod.pp", "pp"},
		{"nested file", "pp/dash/a/b.pp", "pp"},
		{"nested folder", "pp/dash/a", "pp"},
		{"empty folder", "pp/empty", "pp"},
		{"file that does not exist yet", "pp/dash/new.pp", "pp"},
		{"mod.sp only", "sp/q/x.sp", "sp"},
		{"both mod files", "both", "both"},
		{"nearest of two nested mods", "pp/inner/deep/x.pp", "pp/inner"},
		{"installed dependency", "pp/.powerpipe/mods/github.com/o/r@v1.0.0/q/one.pp", "pp/.powerpipe/mods/github.com/o/r@v1.0.0"},
		{"outside any mod", "nomod/x.pp", ""},
		{"folder named mod.pp", "dirnamed/mod.pp/x.pp", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := FindModRoot(j(tt.path))
			if tt.want == "" {
				if ok {
					t.Errorf("FindModRoot(%s) = %s, want none", tt.path, got)
				}
				return
			}
			if !ok || got != j(tt.want) {
				t.Errorf("FindModRoot(%s) = %q, %v; want %q", tt.path, got, ok, j(tt.want))
			}
		})
	}
}

func TestDiscoverModFile(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		wantFile string // "" means Discover fails with ErrNoModFile
		wantNote string
	}{
		{"mod.pp", map[string]string{"mod.pp": "", "a.pp": ""}, "mod.pp", ""},
		{"mod.sp", map[string]string{"mod.sp": "", "a.sp": ""}, "mod.sp", ""},
		{"both prefer mod.pp", map[string]string{"mod.pp": "", "mod.sp": ""}, "mod.pp", "both mod.pp and mod.sp"},
		{"none", map[string]string{"a.pp": ""}, "", ""},
		{"folder named mod.pp", map[string]string{"mod.pp/x.pp": ""}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := testtree.New(t, tt.files)
			m, err := Mod(context.Background(), root)
			if tt.wantFile == "" {
				if !errors.Is(err, ErrNoModFile) {
					t.Fatalf("Discover: err = %v, want ErrNoModFile", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(root, tt.wantFile); m.ModFile != want {
				t.Errorf("ModFile = %s, want %s", m.ModFile, want)
			}
			if !slices.Contains(m.Files, m.ModFile) {
				t.Errorf("Files %v does not include the mod file", relFiles(t, m))
			}
			if tt.wantNote != "" {
				if _, ok := findNote(m.Notes, "mod.sp", tt.wantNote); !ok {
					t.Errorf("no note %q in %v", tt.wantNote, m.Notes)
				}
			} else if len(m.Notes) > 0 {
				t.Errorf("unexpected notes %v", m.Notes)
			}
		})
	}
	if _, err := Mod(context.Background(), filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("Discover of a missing folder: want an error")
	}
}

func TestDiscoverFiles(t *testing.T) {
	root := testtree.New(t, map[string]string{
		"mod.pp":                      "",
		"z.pp":                        "",
		"a.pp":                        "",
		"a/x.pp":                      "",
		"a b/x.pp":                    "", // a space in a folder name
		"my query.pp":                 "", // and in a file name
		"B.sp":                        "",
		"a/deep/er/q.sp":              "",
		"notes.md":                    "",
		"q.sql":                       "",
		"x.ppvars":                    "",
		"x.pp.bak":                    "",
		".hidden.pp":                  "", // hidden at the root: excluded
		".git/hooks/h.pp":             "",
		".steampipe/mods/x/mod.sp":    "",
		".powerpipe/mods/x@v1/mod.pp": "",
		"a/.hidden/y.pp":              "", // hidden deeper: included
		"a/.z.pp":                     "",
		"sub/mod.pp":                  "", // a nested mod file: included, noted
	})
	m := mustDiscover(t, root)
	want := []string{
		"B.sp", "a b/x.pp", "a.pp", "a/.hidden/y.pp", "a/.z.pp", "a/deep/er/q.sp", "a/x.pp",
		"mod.pp", "my query.pp", "sub/mod.pp", "z.pp",
	}
	if got := relFiles(t, m); !slices.Equal(got, want) {
		t.Errorf("Files =\n%q\nwant\n%q", got, want)
	}
	if _, ok := findNote(m.Notes, "sub/mod.pp", "nested mod file"); !ok {
		t.Errorf("no nested-mod note in %v", m.Notes)
	}
	if len(m.Notes) != 1 {
		t.Errorf("want exactly one note, got %v", m.Notes)
	}
	if m.Root != filepath.Clean(root) || m.IsDependency() || m.Lock != nil || len(m.Deps) != 1 {
		t.Errorf("Root=%s IsDependency=%v Lock=%v Deps=%d", m.Root, m.IsDependency(), m.Lock, len(m.Deps))
	}
	// Discovering through a relative, uncleaned path gives the same result.
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if rel, err := filepath.Rel(wd, root); err == nil {
		m2 := mustDiscover(t, rel+string(filepath.Separator)+".")
		if m2.Root != m.Root || !slices.Equal(m2.Files, m.Files) {
			t.Errorf("relative discovery differs: %s %v", m2.Root, m2.Files)
		}
	}
}

func TestDiscoverIgnore(t *testing.T) {
	tree := map[string]string{
		"mod.pp":               "",
		"a.pp":                 "",
		"keep.pp":              "",
		"scratch.pp":           "",
		"x/scratch.pp":         "",
		"x/y.pp":               "",
		"x/build/z.pp":         "",
		"build/b.pp":           "",
		"build.pp":             "",
		"drafts/keep.pp":       "",
		"drafts/d.pp":          "",
		"drafts/sub/e.pp":      "",
		"gen/one/two/gen.sp":   "",
		"gen/three.sp":         "",
		"docs/dash board.pp":   "",
		"archive/old/o.pp":     "",
		"archive/old/new.pp":   "",
		"archive/keep/k.pp":    "",
		"nested/a/b/c/deep.pp": "",
	}
	// The want lists are what Powerpipe v1.0.0 loads from this tree with each
	// ignore file (`powerpipe query list` over one query per file).
	tests := []struct {
		name   string
		ignore string
		want   []string // files other than mod.pp, which is always listed
	}{
		{
			name:   "no ignore file",
			ignore: "",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "scratch.pp", "x/build/z.pp", "x/scratch.pp", "x/y.pp"},
		},
		{
			name:   "a name matches only at the root; comments and blank lines",
			ignore: "# scratch files\n\nscratch.pp\n",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "x/build/z.pp", "x/scratch.pp", "x/y.pp"},
		},
		{
			name:   "a leading slash is the root too",
			ignore: "/scratch.pp\n/x/y.pp\n",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "x/build/z.pp", "x/scratch.pp"},
		},
		{
			name:   "a trailing slash excludes nothing (Powerpipe tests files only)",
			ignore: "build/\n",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "scratch.pp", "x/build/z.pp", "x/scratch.pp", "x/y.pp"},
		},
		{
			name:   "double star",
			ignore: "**/*.sp\narchive/**/o.pp\nnested/**\n",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "keep.pp", "scratch.pp", "x/build/z.pp", "x/scratch.pp", "x/y.pp"},
		},
		{
			name:   "no negation: !keep.pp is a literal name",
			ignore: "*.pp\n!keep.pp\n!a.pp\n",
			want:   []string{"archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "nested/a/b/c/deep.pp", "x/build/z.pp", "x/scratch.pp", "x/y.pp"},
		},
		{
			name:   "folder patterns and negations",
			ignore: "drafts/\n!drafts/keep.pp\narchive/**\n!archive/keep/\n!archive/keep/**\n",
			want:   []string{"a.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "scratch.pp", "x/build/z.pp", "x/scratch.pp", "x/y.pp"},
		},
		{
			name:   "space in a pattern, star does not cross slash",
			ignore: "docs/dash board.pp\n*/*.pp\n",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "scratch.pp", "x/build/z.pp"},
		},
		{
			name:   "ignoring the mod file keeps it listed",
			ignore: "mod.pp\n*.sp\n",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "scratch.pp", "x/build/z.pp", "x/scratch.pp", "x/y.pp"},
		},
		{
			name:   "a folder name excludes nothing below it",
			ignore: "build\n",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "scratch.pp", "x/build/z.pp", "x/scratch.pp", "x/y.pp"},
		},
		{
			name:   "folder/* excludes its files, not its sub-folders",
			ignore: "drafts/*\n",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "scratch.pp", "x/build/z.pp", "x/scratch.pp", "x/y.pp"},
		},
		{
			name:   "**/name matches at any depth",
			ignore: "**/scratch.pp\n",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "x/build/z.pp", "x/y.pp"},
		},
		{
			name:   "a/**/b matches b anywhere below a",
			ignore: "gen/**/gen.sp\n",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "scratch.pp", "x/build/z.pp", "x/scratch.pp", "x/y.pp"},
		},
		{
			name:   "a CRLF line ending is dropped",
			ignore: "scratch.pp\r\n",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "x/build/z.pp", "x/scratch.pp", "x/y.pp"},
		},
		{
			name:   "trailing spaces are kept",
			ignore: "scratch.pp \n",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "scratch.pp", "x/build/z.pp", "x/scratch.pp", "x/y.pp"},
		},
		{
			name:   "a bracket class",
			ignore: "[ab].pp\n",
			want:   []string{"archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "scratch.pp", "x/build/z.pp", "x/scratch.pp", "x/y.pp"},
		},
		{
			name:   "./ is cleaned away",
			ignore: "./x/y.pp\n",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "scratch.pp", "x/build/z.pp", "x/scratch.pp"},
		},
		{
			name:   "folder/** excludes everything below",
			ignore: "x/**\n",
			want:   []string{"a.pp", "archive/keep/k.pp", "archive/old/new.pp", "archive/old/o.pp", "build.pp", "build/b.pp", "docs/dash board.pp", "drafts/d.pp", "drafts/keep.pp", "drafts/sub/e.pp", "gen/one/two/gen.sp", "gen/three.sp", "keep.pp", "nested/a/b/c/deep.pp", "scratch.pp"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := testtree.New(t, tree)
			if tt.ignore != "" {
				testtree.Write(t, root, map[string]string{IgnoreFileName: tt.ignore})
			}
			m := mustDiscover(t, root)
			want := slices.Clone(tt.want)
			want = append(want, "mod.pp")
			slices.Sort(want)
			got := relFiles(t, m)
			if !slices.Equal(got, want) {
				t.Errorf("Files =\n%q\nwant\n%q", got, want)
			}
			// Includes agrees with the walk for every file of the tree.
			for rel := range tree {
				p := filepath.Join(root, filepath.FromSlash(rel))
				if rel == "mod.pp" {
					continue
				}
				if inc, listed := m.Includes(p), slices.Contains(m.Files, p); inc != listed && strings.HasSuffix(rel, "p") {
					t.Errorf("Includes(%s) = %v but listed = %v", rel, inc, listed)
				}
			}
		})
	}
}

func TestDiscoverIgnoredFolderNotWalked(t *testing.T) {
	root := testtree.New(t, map[string]string{
		"mod.pp":          "",
		IgnoreFileName:    "junk/**\n",
		"junk/a/x.pp":     "",
		"keep/k.pp":       "",
		"junk/a/b/c/y.pp": "",
	})
	// A loop and a broken link inside the ignored folder would leave notes
	// if it were walked.
	testtree.Symlink(t, root, "..", "junk/a/up")
	testtree.Symlink(t, root, "nowhere.pp", "junk/a/broken.pp")
	m := mustDiscover(t, root)
	if got, want := relFiles(t, m), []string{"keep/k.pp", "mod.pp"}; !slices.Equal(got, want) {
		t.Errorf("Files = %q, want %q", got, want)
	}
	if len(m.Notes) != 0 {
		t.Errorf("an ignored folder was walked: notes %v", m.Notes)
	}
}

func TestDiscoverVarFiles(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  []string
	}{
		{"none", nil, nil},
		{"powerpipe.ppvars wins over steampipe.spvars",
			[]string{"powerpipe.ppvars", "steampipe.spvars"}, []string{"powerpipe.ppvars"}},
		{"steampipe.spvars when powerpipe.ppvars is absent",
			[]string{"steampipe.spvars"}, []string{"steampipe.spvars"}},
		{"auto files after the default file, by name, both families mixed",
			[]string{"b.auto.ppvars", "a.auto.spvars", "powerpipe.ppvars", "c.auto.ppvars", "sub/d.auto.ppvars", "x.ppvars", "e.auto.ppvars.example"},
			[]string{"powerpipe.ppvars", "a.auto.spvars", "b.auto.ppvars", "c.auto.ppvars"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"mod.pp": ""}
			for _, f := range tt.files {
				files[f] = "x = 1"
			}
			root := testtree.New(t, files)
			m := mustDiscover(t, root)
			var got []string
			for _, f := range m.VarFiles {
				got = append(got, filepath.Base(f))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("VarFiles = %q, want %q", got, tt.want)
			}
		})
	}
}

const testLock = `{
  "local": {
    "github.com/turbot/steampipe-mod-aws-compliance": {
      "name": "github.com/turbot/steampipe-mod-aws-compliance",
      "version": "1.4.0",
      "alias": "aws_compliance",
      "commit": "abc",
      "git_ref": "refs/tags/v1.4.0",
      "struct_version": 20240429
    },
    "github.com/org/repo": {
      "name": "github.com/org/repo",
      "branch": "main",
      "alias": "repo",
      "struct_version": 20240429
    },
    "github.com/org/missing": {
      "name": "github.com/org/missing",
      "version": "2.0.0",
      "alias": "missing"
    },
    "github.com/org/local": {
      "name": "github.com/org/local",
      "file_path": "../local",
      "alias": "local_dep"
    }
  },
  "github.com/turbot/steampipe-mod-aws-compliance@v1.4.0": {
    "github.com/turbot/steampipe-mod-aws-tags": {
      "name": "github.com/turbot/steampipe-mod-aws-tags",
      "tag": "v0.9",
      "alias": "aws_tags"
    }
  }
}`

func TestDiscoverDeps(t *testing.T) {
	const mods = ".powerpipe/mods/"
	const awsc = mods + "github.com/turbot/steampipe-mod-aws-compliance@v1.4.0/"
	root := testtree.New(t, map[string]string{
		"mod.pp":                       `mod "local" {}`,
		"a.pp":                         "",
		LockFileName:                   testLock,
		awsc + "mod.sp":                `mod "aws_compliance" {}`,
		awsc + "conformance_pack/a.sp": "",
		awsc + ".hidden/h.sp":          "", // exclusions are cleared in a dependency
		awsc + IgnoreFileName:          "*.sp\n",
		awsc + "powerpipe.ppvars":      "x = 1",
		awsc + ".powerpipe/mods/github.com/x/y@v1.0.0/mod.pp":         "", // not a dependency of the root
		mods + "github.com/turbot/steampipe-mod-aws-tags@v0.9/mod.pp": `mod "aws_tags" {}`,
		mods + "github.com/org/repo#main/mod.pp":                      `mod "repo" {}`,
		mods + "github.com/org/repo#main/sub/mod.pp":                  "",
		mods + "github.com/org/odd/mod.pp":                            "",
		mods + "github.com/org/empty@v1.0.0/readme.md":                "",
	})
	m := mustDiscover(t, root)

	var paths []string
	for _, d := range m.Deps {
		paths = append(paths, d.InstallPath)
		if !d.IsDependency() || d.Deps != nil || d.VarFiles != nil || d.Lock != nil {
			t.Errorf("dependency %s: IsDependency=%v Deps=%d VarFiles=%v Lock=%v", d.InstallPath, d.IsDependency(), len(d.Deps), d.VarFiles, d.Lock)
		}
	}
	wantPaths := []string{
		"github.com/org/odd",
		"github.com/org/repo#main",
		"github.com/turbot/steampipe-mod-aws-compliance@v1.4.0",
		"github.com/turbot/steampipe-mod-aws-tags@v0.9",
	}
	if !slices.Equal(paths, wantPaths) {
		t.Fatalf("Deps = %q, want %q", paths, wantPaths)
	}
	if got, want := relFiles(t, m), []string{"a.pp", "mod.pp"}; !slices.Equal(got, want) {
		t.Errorf("root Files = %q, want %q", got, want)
	}

	aws := m.Deps[2]
	if want := filepath.Join(root, filepath.FromSlash(awsc), "mod.sp"); aws.ModFile != want {
		t.Errorf("aws ModFile = %s, want %s", aws.ModFile, want)
	}
	wantAWS := []string{".hidden/h.sp", ".powerpipe/mods/github.com/x/y@v1.0.0/mod.pp", "conformance_pack/a.sp", "mod.sp"}
	if got := relFiles(t, aws); !slices.Equal(got, wantAWS) {
		t.Errorf("aws Files = %q, want %q (no exclusions in a dependency)", got, wantAWS)
	}
	if aws.Locked == nil || aws.Locked.Alias != "aws_compliance" || aws.Locked.Commit != "abc" {
		t.Errorf("aws Locked = %+v", aws.Locked)
	}
	if tags := m.Deps[3]; tags.Locked == nil || tags.Locked.Parent != "github.com/turbot/steampipe-mod-aws-compliance@v1.4.0" {
		t.Errorf("aws_tags Locked = %+v", tags.Locked)
	}
	repo := m.Deps[1]
	if repo.Locked == nil || repo.Locked.Alias != "repo" {
		t.Errorf("repo Locked = %+v", repo.Locked)
	}
	if _, ok := findNote(repo.Notes, "sub/mod.pp", "nested mod file"); !ok {
		t.Errorf("repo: no nested-mod note in %v", repo.Notes)
	}
	if m.Deps[0].Locked != nil {
		t.Errorf("odd: Locked = %+v, want nil", m.Deps[0].Locked)
	}

	if m.Lock == nil {
		t.Fatalf("Lock is nil; notes %v", m.Notes)
	}
	if m.Lock.RootKey != "local" || m.Lock.Path != filepath.Join(root, LockFileName) {
		t.Errorf("Lock.RootKey = %q, Path = %s", m.Lock.RootKey, m.Lock.Path)
	}
	byAlias := m.Lock.ByAlias()
	wantInstall := map[string]string{
		"aws_compliance": "github.com/turbot/steampipe-mod-aws-compliance@v1.4.0",
		"repo":           "github.com/org/repo#main",
		"missing":        "github.com/org/missing@v2.0.0",
		"local_dep":      "../local",
	}
	if len(byAlias) != len(wantInstall) {
		t.Errorf("ByAlias() = %v", byAlias)
	}
	for alias, want := range wantInstall {
		if got := byAlias[alias].InstallPath(); got != want {
			t.Errorf("ByAlias()[%s].InstallPath() = %q, want %q", alias, got, want)
		}
	}
	if d := m.Lock.Direct(); len(d) != 4 || d[0].ModulePath != "github.com/org/local" {
		t.Errorf("Direct() = %+v", d)
	}

	for _, want := range []struct{ path, msg string }{
		{"github.com/org/missing@v2.0.0", "not installed"},
		{"github.com/org/odd", "not <module>@<version>"},
	} {
		if _, ok := findNote(m.Notes, want.path, want.msg); !ok {
			t.Errorf("no note %q for %s in %v", want.msg, want.path, m.Notes)
		}
	}
	if len(m.Notes) != 2 {
		t.Errorf("want 2 notes, got %v", m.Notes)
	}
}

func TestDiscoverBadLock(t *testing.T) {
	root := testtree.New(t, map[string]string{"mod.pp": "", LockFileName: "{not json"})
	m := mustDiscover(t, root)
	if m.Lock != nil {
		t.Errorf("Lock = %+v, want nil", m.Lock)
	}
	if _, ok := findNote(m.Notes, LockFileName, "lock file not parsed"); !ok {
		t.Errorf("no lock note in %v", m.Notes)
	}
}

func TestDiscoverSymlinks(t *testing.T) {
	outside := testtree.New(t, map[string]string{"secret.pp": "", "dir/s.pp": ""})
	root := testtree.New(t, map[string]string{
		"mod.pp":          "",
		"a/x.pp":          "",
		"real/r.pp":       "",
		"target.pp":       "",
		"sub/deeper/d.pp": "",
	})
	testtree.Symlink(t, root, "..", "a/up")                                     // loop: a/up -> root
	testtree.Symlink(t, root, "..", "sub/deeper/loop")                          // loop: -> sub
	testtree.Symlink(t, root, filepath.Join(outside, "secret.pp"), "escape.pp") // file outside
	testtree.Symlink(t, root, filepath.Join(outside, "dir"), "escapedir")       // folder outside
	testtree.Symlink(t, root, "../real", "a/alias")                             // second way into real/
	testtree.Symlink(t, root, "target.pp", "linked.pp")                         // file inside: listed
	testtree.Symlink(t, root, "nowhere.pp", "broken.pp")                        // broken
	testtree.Symlink(t, root, "../real", "sub/linkedreal")                      // third way into real/

	m := mustDiscover(t, root)
	want := []string{"a/x.pp", "linked.pp", "mod.pp", "real/r.pp", "sub/deeper/d.pp", "target.pp"}
	if got := relFiles(t, m); !slices.Equal(got, want) {
		t.Errorf("Files = %q, want %q", got, want)
	}
	for _, n := range []struct{ path, msg string }{
		{"a/up", "symlink loop"},
		{"sub/deeper/loop", "symlink loop"},
		{"escape.pp", "outside the mod root"},
		{"escapedir", "outside the mod root"},
		{"a/alias", "already walked"},
		{"sub/linkedreal", "already walked"},
		{"broken.pp", "broken symlink"},
	} {
		if _, ok := findNote(m.Notes, n.path, n.msg); !ok {
			t.Errorf("no note %q for %s in\n%v", n.msg, n.path, m.Notes)
		}
	}
	if len(m.Notes) != 7 {
		t.Errorf("want 7 notes, got %d: %v", len(m.Notes), m.Notes)
	}
}

func TestDiscoverSymlinkedRoot(t *testing.T) {
	real := testtree.New(t, map[string]string{"mod.pp": "", "q/a.pp": ""})
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(real, link); err != nil {
		t.Skipf("cannot create symlinks here: %v", err)
	}
	m := mustDiscover(t, link)
	if m.Root != link || m.ModFile != filepath.Join(link, "mod.pp") {
		t.Errorf("Root = %s ModFile = %s: paths must stay under the given root", m.Root, m.ModFile)
	}
	if got, want := relFiles(t, m), []string{"mod.pp", "q/a.pp"}; !slices.Equal(got, want) || len(m.Notes) != 0 {
		t.Errorf("Files = %q (want %q), notes %v", got, want, m.Notes)
	}
}

// permissionsEnforced reports whether chmod 000 stops this process from
// reading a file (it does not for root, e.g. in CI containers).
func permissionsEnforced(t *testing.T) bool {
	t.Helper()
	p := filepath.Join(t.TempDir(), "probe")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0); err != nil {
		return false
	}
	f, err := os.Open(p)
	if err == nil {
		f.Close()
		return false
	}
	return true
}

func TestDiscoverUnreadable(t *testing.T) {
	enforced := permissionsEnforced(t)
	tests := []struct {
		name  string
		chmod string // path made unreadable
		want  []string
		note  string
	}{
		{"unreadable file", "b.pp", []string{"a.pp", "locked/c.pp", "mod.pp"}, "file not readable"},
		{"unreadable folder", "locked", []string{"a.pp", "b.pp", "mod.pp"}, "directory not readable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !enforced {
				t.Skip("permission bits do not stop reads for this user (running as root?): cannot test unreadable entries")
			}
			root := testtree.New(t, map[string]string{"mod.pp": "", "a.pp": "", "b.pp": "", "locked/c.pp": ""})
			p := filepath.Join(root, tt.chmod)
			if err := os.Chmod(p, 0); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(p, 0o755) })
			m := mustDiscover(t, root)
			if got := relFiles(t, m); !slices.Equal(got, tt.want) {
				t.Errorf("Files = %q, want %q", got, tt.want)
			}
			if _, ok := findNote(m.Notes, tt.chmod, tt.note); !ok || len(m.Notes) != 1 {
				t.Errorf("want one note %q for %s, got %v", tt.note, tt.chmod, m.Notes)
			}
		})
	}
}

func TestDiscoverWorkspace(t *testing.T) {
	base := t.TempDir()
	if r, ok := FindModRoot(base); ok {
		t.Skipf("the temporary folder %s is itself inside a mod (%s)", base, r)
	}
	testtree.Write(t, base, map[string]string{
		"one/mod.pp":                  "",
		"one/dash/a.pp":               "",
		"mono/m1/mod.pp":              "",
		"mono/m1/q.pp":                "",
		"mono/m1/inner/mod.pp":        "", // inside m1's tree: not a mod of its own here
		"mono/group/m2/mod.sp":        "",
		"mono/.hidden/m3/mod.pp":      "",
		"mono/node_modules/m4/mod.pp": "",
		"mono/loose.pp":               "",
		"empty/readme.md":             "",
	})
	j := func(rel string) string { return filepath.Join(base, filepath.FromSlash(rel)) }
	roots := func(mods []*ModDir) []string {
		var out []string
		for _, m := range mods {
			r, _ := filepath.Rel(base, m.Root)
			out = append(out, filepath.ToSlash(r))
		}
		return out
	}
	tests := []struct {
		name      string
		roots     []string
		want      []string
		wantNotes []string // "path suffix: message part" of each expected note
	}{
		{"two roots into one mod", []string{"one", "one/dash", "one/dash/a.pp"}, []string{"one"}, nil},
		{"a folder of mods", []string{"mono"}, []string{"mono/group/m2", "mono/m1"}, nil},
		{"folder of mods plus a root inside one of them", []string{"mono", "mono/m1/q.pp", "one/dash"}, []string{"mono/group/m2", "mono/m1", "one"}, nil},
		{"root without any mod", []string{"empty"}, nil, []string{"empty: no mod.pp or mod.sp"}},
		{"root that does not exist", []string{"nope"}, nil, []string{"nope: not readable"}},
		{"a nested mod opened directly", []string{"mono/m1/inner"}, []string{"mono/m1/inner"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in []string
			for _, r := range tt.roots {
				in = append(in, j(r))
			}
			mods, notes := Workspace(context.Background(), in)
			if got := roots(mods); !slices.Equal(got, tt.want) {
				t.Errorf("mods = %q, want %q", got, tt.want)
			}
			if len(notes) != len(tt.wantNotes) {
				t.Errorf("notes = %v, want %d", notes, len(tt.wantNotes))
			}
			for _, w := range tt.wantNotes {
				path, msg, _ := strings.Cut(w, ": ")
				if _, ok := findNote(notes, path, msg); !ok {
					t.Errorf("no note for %s in %v", w, notes)
				}
			}
		})
	}
	// m1's own discovery still lists the nested mod's files, with a note.
	mods, _ := Workspace(context.Background(), []string{j("mono/m1")})
	if len(mods) != 1 || !slices.Contains(relFiles(t, mods[0]), "inner/mod.pp") {
		t.Errorf("mono/m1 discovery: %v", mods)
	}
}

func TestDiscoverWorkspaceSymlinkedRoots(t *testing.T) {
	base := testtree.New(t, map[string]string{"m/mod.pp": "", "other/x.md": ""})
	testtree.Symlink(t, base, "m", "alias")
	testtree.Symlink(t, base, "..", "other/loop")
	mods, notes := Workspace(context.Background(), []string{filepath.Join(base, "m"), filepath.Join(base, "alias")})
	if len(mods) != 1 || len(notes) != 0 {
		t.Errorf("one mod by two paths: mods %d, notes %v", len(mods), notes)
	}
	if _, ok := FindModRoot(base); ok {
		t.Skip("the temporary folder is inside a mod")
	}
	mods, _ = Workspace(context.Background(), []string{filepath.Join(base, "other")})
	if len(mods) != 0 {
		t.Errorf("a link leaving the root must not be followed when searching below it: %v", mods)
	}
	mods, _ = Workspace(context.Background(), []string{base})
	if len(mods) != 1 || mods[0].Root != filepath.Join(base, "m") {
		t.Errorf("search below %s: want the mod under its real path %s, got %v", base, filepath.Join(base, "m"), mods)
	}
}

var corpusMods = []struct {
	name  string
	files int // .pp files, per corpus/README.md
}{
	{"aws-insights", 274},
	{"gcp-audit-log-detections", 39},
	{"gcp-compliance", 136},
}

func TestDiscoverCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	var names []string
	for _, cm := range corpusMods {
		names = append(names, cm.name)
	}
	if got := corpus.Mods(t); !slices.Equal(got, names) {
		t.Fatalf("the corpus holds the mods %v, this test knows %v: add each new one with its .pp count from corpus/README.md", got, names)
	}
	for _, cm := range corpusMods {
		t.Run(cm.name, func(t *testing.T) {
			root := filepath.Join(dir, cm.name)
			m := mustDiscover(t, root)
			if len(m.Files) != cm.files {
				t.Errorf("%d files, want %d", len(m.Files), cm.files)
			}
			if m.ModFile != filepath.Join(root, "mod.pp") {
				t.Errorf("ModFile = %s", m.ModFile)
			}
			rels := relFiles(t, m)
			if !slices.IsSorted(rels) {
				t.Error("Files are not in lexical order")
			}
			for _, r := range rels {
				if !strings.HasSuffix(r, ".pp") || strings.HasPrefix(r, ".") {
					t.Errorf("unexpected file %s", r)
				}
			}
			if len(m.Notes) != 0 || len(m.Deps) != 0 || len(m.VarFiles) != 0 || m.Lock != nil {
				t.Errorf("notes %v, deps %d, var files %v, lock %v", m.Notes, len(m.Deps), m.VarFiles, m.Lock)
			}
			if got, ok := FindModRoot(m.Files[len(m.Files)/2]); !ok || got != m.Root {
				t.Errorf("FindModRoot(%s) = %s, %v", m.Files[len(m.Files)/2], got, ok)
			}
		})
	}
	mods, notes := Workspace(context.Background(), []string{dir})
	if len(mods) != len(corpusMods) || len(notes) != 0 {
		t.Errorf("Workspace(corpus): %d mods, notes %v", len(mods), notes)
	}
}

func BenchmarkDiscover(b *testing.B) {
	// A generated mod with 550 source files in 50 folders, two levels deep.
	gen := b.TempDir()
	files := map[string]string{"mod.pp": ""}
	for d := range 50 {
		for f := range 11 {
			files[fmt.Sprintf("group_%d/folder_%02d/file_%02d.pp", d%5, d, f)] = ""
		}
		files[fmt.Sprintf("group_%d/folder_%02d/README.md", d%5, d)] = ""
	}
	testtree.Write(b, gen, files)
	b.Run("generated-550", func(b *testing.B) { benchDiscover(b, gen, 551) })

	dir := corpus.Dir(b)
	for _, cm := range corpusMods {
		b.Run(cm.name, func(b *testing.B) { benchDiscover(b, filepath.Join(dir, cm.name), cm.files) })
	}
}

func benchDiscover(b *testing.B, root string, files int) {
	b.ReportAllocs()
	for b.Loop() {
		m, err := Mod(context.Background(), root)
		if err != nil || len(m.Files) != files {
			b.Fatalf("Discover: %v", err)
		}
	}
}

// TestWorkspaceCancelled: discovery with an ended context stops before it
// lists anything (an exit or a newer reload does not wait for a walk).
func TestWorkspaceCancelled(t *testing.T) {
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"m\" {}\n", "a/q.pp": "", "b/c/d.pp": ""})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if mods, _ := Workspace(ctx, []string{root}); len(mods) != 0 {
		t.Errorf("Workspace(cancelled) found %d mods", len(mods))
	}
	if m, err := Mod(ctx, root); m != nil || err != context.Canceled {
		t.Errorf("Mod(cancelled) = %v, %v; want nil, context.Canceled", m, err)
	}
	if mods, _ := Workspace(context.Background(), []string{root}); len(mods) != 1 || len(mods[0].Files) != 3 {
		t.Errorf("Workspace = %v", mods)
	}
}
