package rename

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/modls/modls/discover"
	"github.com/modls/modls/index"
	"github.com/modls/modls/span"
)

// workspace is a small mod written to a temporary directory and indexed.
type workspace struct {
	dir   string
	ix    *index.Index
	dirs  []*discover.ModDir
	files map[string]string // relative name → content
}

func newWorkspace(t *testing.T, archive string) *workspace {
	t.Helper()
	w := &workspace{dir: t.TempDir(), files: map[string]string{}}
	for _, f := range txtar.Parse([]byte(archive)).Files {
		p := filepath.Join(w.dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		w.files[f.Name] = string(f.Data)
	}
	ix, st, _ := index.Load([]string{w.dir})
	w.ix, w.dirs = ix, st.Dirs
	return w
}

// resolved counts the references of ix that resolve.
func resolved(ix *index.Index) int {
	n := 0
	for _, f := range ix.Files() {
		for i := range f.Postings() {
			if len(ix.Resolve(&f.Postings()[i])) > 0 {
				n++
			}
		}
	}
	return n
}

func (w *workspace) path(name string) string { return filepath.Join(w.dir, filepath.FromSlash(name)) }

func (w *workspace) options() Options {
	return Options{
		Source: os.ReadFile,
		VarFiles: func(m *index.Mod) []string {
			for _, d := range w.dirs {
				if d.Root == m.Root {
					return d.VarFiles
				}
			}
			return nil
		},
	}
}

// at returns the byte offset one character into the first occurrence of
// text on the line of file name that contains line.
func (w *workspace) at(t *testing.T, name, line, text string) uint32 {
	t.Helper()
	src := w.files[name]
	i := strings.Index(src, line)
	if i < 0 {
		t.Fatalf("%s: no line containing %q", name, line)
	}
	j := strings.Index(src[i:], text)
	if j < 0 {
		t.Fatalf("%s: %q not in %q", name, text, line)
	}
	return uint32(i + j + 1)
}

// apply applies edits to the files on disk and returns the new contents of
// the files they change, by relative name.
func (w *workspace) apply(t *testing.T, edits []span.Edit) map[string]string {
	t.Helper()
	out := map[string]string{}
	for i := 0; i < len(edits); {
		path := edits[i].Path
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		last := 0
		for ; i < len(edits) && edits[i].Path == path; i++ {
			e := edits[i]
			if e.Start < last || e.End < e.Start || e.End > len(src) {
				t.Fatalf("bad edit %+v after byte %d of %d", e, last, len(src))
			}
			b.Write(src[last:e.Start])
			b.WriteString(e.New)
			last = e.End
		}
		b.Write(src[last:])
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(w.dir, path)
		out[filepath.ToSlash(rel)] = b.String()
	}
	return out
}

const basic = `
-- mod.pp --
mod "ren" {}
-- .mod.cache.json --
{"ren": {"github.com/acme/shared": {"name": "github.com/acme/shared", "alias": "shared", "version": "1.0.0", "struct_version": 20220411}}}
-- powerpipe.ppvars --
owner = "them"
-- .powerpipe/mods/github.com/acme/shared@v1.0.0/mod.pp --
mod "shared" {}

query "buckets" {
  sql = "select 1"
}
-- a.pp --
variable "owner" {
  default = "me"
}

locals {
  tags = { team = var.owner }
}

query "q" {
  sql = "select 1"
}

query "other" {
  sql = "select 1"
}

query "twice" {
  sql = "select 1"
}
-- b.pp --
control "c" {
  query = query.q
  title = ren.query.q.title
  tags  = local.tags
  args  = [shared.query.buckets.sql, query.nowhere]
}

query "twice" {
  sql = "select 2"
}

control "d" {
  query = query.twice
}

dashboard "board" {
  input "i" {
    sql = "select 1"
  }
  input "j" {
    sql = "select 1"
  }
  with "w" {
    sql  = "select 1"
    args = [self.input.i.value]
  }
  container {
    table {
      sql  = "select 1"
      args = [with.w.rows[0]]
    }
  }
}
`

func TestRename(t *testing.T) {
	for _, tc := range []struct {
		name             string
		file, line, text string
		newName          string
		want             map[string]string // every changed file: a substring it must contain
		wantErr          string            // a refusal containing this
		wantNone         bool              // no edits at all
	}{
		{name: "query from declaration", file: "a.pp", line: `query "q"`, text: `"q"`, newName: "q2",
			want: map[string]string{"a.pp": `query "q2" {`, "b.pp": "query = query.q2\n  title = ren.query.q2.title"}},
		{name: "query from reference", file: "b.pp", line: "query = query.q", text: "query.q", newName: "q-3",
			want: map[string]string{"a.pp": `query "q-3" {`, "b.pp": "query = query.q-3\n  title = ren.query.q-3.title"}},
		{name: "variable and its variable file", file: "a.pp", line: `variable "owner"`, text: "owner", newName: "team",
			want: map[string]string{"a.pp": "team = var.team", "powerpipe.ppvars": `team = "them"`}},
		{name: "local", file: "b.pp", line: "tags  = local.tags", text: "local.tags", newName: "labels",
			want: map[string]string{"a.pp": "  labels = {", "b.pp": "tags  = local.labels"}},
		{name: "declared twice", file: "b.pp", line: "query = query.twice", text: "twice", newName: "thrice",
			want: map[string]string{"a.pp": `query "thrice"`, "b.pp": `query "thrice"`}},
		{name: "input", file: "b.pp", line: `input "i"`, text: `"i"`, newName: "who",
			want: map[string]string{"b.pp": "self.input.who.value"}},
		{name: "with from a nested reference", file: "b.pp", line: "args = [with.w", text: "w.rows", newName: "rows",
			want: map[string]string{"b.pp": "with \"rows\" {"}},
		{name: "same name", file: "a.pp", line: `query "q"`, text: `"q"`, newName: "q", wantNone: true},
		{name: "dependency", file: "b.pp", line: "shared.query.buckets", text: "buckets", newName: "b", wantErr: "dependency mod shared"},
		{name: "dependency declaration", file: ".powerpipe/mods/github.com/acme/shared@v1.0.0/mod.pp", line: `query "buckets"`, text: "buckets", newName: "b", wantErr: "dependency mod shared"},
		{name: "invalid name", file: "a.pp", line: `query "q"`, text: `"q"`, newName: "9lives", wantErr: "not a valid name"},
		{name: "empty name", file: "a.pp", line: `query "q"`, text: `"q"`, newName: "", wantErr: "not a valid name"},
		{name: "dotted name", file: "a.pp", line: `query "q"`, text: `"q"`, newName: "a.b", wantErr: "not a valid name"},
		{name: "clash", file: "a.pp", line: `query "q"`, text: `"q"`, newName: "other", wantErr: "`query.other` already exists"},
		{name: "clash with an input", file: "b.pp", line: `input "i"`, text: `"i"`, newName: "j", wantErr: "input `j` already exists in the same dashboard"},
		{name: "capture", file: "a.pp", line: `query "other"`, text: "other", newName: "nowhere", wantErr: "would then refer to the renamed query"},
		{name: "anonymous", file: "b.pp", line: "container {", text: "container", newName: "x", wantErr: "no label"},
		{name: "property", file: "b.pp", line: "ren.query.q.title", text: ".title", newName: "x", wantErr: "not what follows it"},
		{name: "alias", file: "b.pp", line: "ren.query.q.title", text: "ren", newName: "x", wantErr: "renaming a mod is not supported"},
		{name: "mod", file: "mod.pp", line: `mod "ren"`, text: "ren", newName: "x", wantErr: "renaming a mod is not supported"},
		{name: "unresolved", file: "b.pp", line: "query.nowhere", text: "nowhere", newName: "x", wantErr: "refers to nothing"},
		{name: "nothing", file: "a.pp", line: `sql = "select 1"`, text: "select", newName: "x", wantErr: "nothing to rename"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorkspace(t, basic)
			off := w.at(t, tc.file, tc.line, tc.text)
			edits, err := Rename(w.ix, w.path(tc.file), off, tc.newName, w.options())
			if tc.wantErr != "" {
				var r *Refusal
				if !errors.As(err, &r) || !strings.Contains(r.Reason, tc.wantErr) {
					t.Fatalf("Rename = %v, %v; want a refusal containing %q", edits, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantNone {
				if len(edits) != 0 {
					t.Fatalf("Rename = %+v, want no edits", edits)
				}
				return
			}
			before := resolved(w.ix)
			got := w.apply(t, edits)
			for name, want := range tc.want {
				if !strings.Contains(got[name], want) {
					t.Errorf("%s after the rename:\n%s\nwant it to contain %q", name, got[name], want)
				}
			}
			if ix, _, _ := index.Load([]string{w.dir}); resolved(ix) != before {
				t.Errorf("%d references resolve after the rename, %d before", resolved(ix), before)
			}
			for name := range got {
				if _, ok := tc.want[name]; !ok {
					t.Errorf("%s changed too:\n%s", name, got[name])
				}
			}
		})
	}
}

func TestPrepare(t *testing.T) {
	w := newWorkspace(t, basic)
	for _, tc := range []struct {
		file, line, text, name string
		covers                 string // the text of the range answered
	}{
		{"a.pp", `query "q"`, `"q"`, "q", "q"},
		{"b.pp", "query = query.q", "query.q", "q", "q"},
		{"b.pp", "ren.query.q.title", "query.q", "q", "q"},
		{"a.pp", "tags = {", "tags", "tags", "tags"},
		{"b.pp", "self.input.i", "input.i", "i", "i"},
	} {
		path := w.path(tc.file)
		src, _ := os.ReadFile(path)
		tg, err := Prepare(w.ix, path, w.at(t, tc.file, tc.line, tc.text), src)
		if err != nil {
			t.Errorf("Prepare at %q in %q: %v", tc.text, tc.line, err)
			continue
		}
		if got := string(src[tg.Range.Start.Byte:tg.Range.End.Byte]); tg.Name != tc.name || got != tc.covers {
			t.Errorf("Prepare at %q in %q = %q covering %q, want %q covering %q", tc.text, tc.line, tg.Name, got, tc.name, tc.covers)
		}
	}
}

// TestRenameStale edits a file on disk behind the index's back: the rename
// must notice rather than corrupt the file.
func TestRenameStale(t *testing.T) {
	w := newWorkspace(t, basic)
	p := w.path("b.pp")
	if err := os.WriteFile(p, []byte("\n\n"+w.files["b.pp"]), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Rename(w.ix, w.path("a.pp"), w.at(t, "a.pp", `query "q"`, `"q"`), "q2", w.options())
	var st *Stale
	if !errors.As(err, &st) || st.Path != p {
		t.Fatalf("Rename after %s changed on disk = %v, want a Stale error about it", p, err)
	}
}

// TestRenameCancelled: a rename whose context ends stops before the next
// file it would read, and returns the context's error.
func TestRenameCancelled(t *testing.T) {
	w := newWorkspace(t, basic)
	ctx, cancel := context.WithCancel(context.Background())
	opt := w.options()
	opt.Context = ctx
	reads := 0
	opt.Source = func(path string) ([]byte, error) {
		reads++
		cancel() // the client cancels once the first file is read
		return os.ReadFile(path)
	}
	edits, err := Rename(w.ix, w.path("a.pp"), w.at(t, "a.pp", `query "q"`, `"q"`), "q2", opt)
	if !errors.Is(err, context.Canceled) || edits != nil {
		t.Errorf("Rename cancelled = %v, %v; want context.Canceled", edits, err)
	}
	if reads != 1 {
		t.Errorf("a cancelled rename read %d files, want 1", reads)
	}
}

// TestRenameEveryName renames every named entry of the workspace: each
// rename edits the declaration, and no two edits overlap.
func TestRenameEveryName(t *testing.T) {
	w := newWorkspace(t, basic)
	for _, f := range w.ix.Files() {
		if f.Mod().IsDependency() {
			continue
		}
		src, _ := os.ReadFile(f.Path)
		for i := range f.Entries() {
			e := &f.Entries()[i]
			if e.Kind == index.KindMod || e.Is(index.Anonymous) {
				continue
			}
			edits, err := Rename(w.ix, f.Path, e.NameRange.Start.Byte+1, "zz_"+e.Name(), w.options())
			if err != nil {
				t.Errorf("rename %s: %v", e.QualifiedName(), err)
				continue
			}
			if len(edits) == 0 {
				t.Errorf("rename %s: no edits", e.QualifiedName())
			}
			for j, ed := range edits {
				if j > 0 && edits[j-1].Path == ed.Path && edits[j-1].End > ed.Start {
					t.Errorf("rename %s: overlapping edits %+v and %+v", e.QualifiedName(), edits[j-1], ed)
				}
			}
			if !slices.ContainsFunc(edits, func(ed span.Edit) bool {
				return ed.Path == f.Path && ed.Start <= int(e.NameRange.Start.Byte)+1 && int(e.NameRange.Start.Byte) < ed.End
			}) {
				t.Errorf("rename %s: the declaration %q is not edited: %+v", e.QualifiedName(), src[e.NameRange.Start.Byte:e.NameRange.End.Byte], edits)
			}
		}
	}
}

const broken = `
-- mod.pp --
mod "broken" {}
-- a.pp --
query "q" {
  sql = "select 1"
}

control "c" {
  query = query.q
  args  = [query.q.sql, query.
  title = "unterminated
}

dashboard "half" {
  input "i" {
  with "w" {
    args = [self.input.i.value, with.w, param.]
  card {
    query = query.q
`

// TestRenameEveryOffset asks for a rename at every byte of a broken file
// and of a valid one: nothing panics, every answer is edits that spell the
// new name within the file's bounds, or a refusal.
func TestRenameEveryOffset(t *testing.T) {
	for _, archive := range []string{basic, broken} {
		w := newWorkspace(t, archive)
		renamed := 0
		for _, name := range []string{"a.pp", "b.pp"} {
			src, ok := w.files[name]
			if !ok {
				continue
			}
			for off := 0; off <= len(src); off++ {
				if _, err := Prepare(w.ix, w.path(name), uint32(off), []byte(src)); err != nil {
					var r *Refusal
					if !errors.As(err, &r) {
						t.Fatalf("Prepare at byte %d of %s: %v, want a refusal", off, name, err)
					}
				}
				edits, err := Rename(w.ix, w.path(name), uint32(off), "fresh_name", w.options())
				if err != nil {
					var r *Refusal
					if !errors.As(err, &r) {
						t.Fatalf("Rename at byte %d of %s: %v, want edits or a refusal", off, name, err)
					}
					continue
				}
				if len(edits) > 0 {
					renamed++
				}
				for _, e := range edits {
					size := len(w.files[filepath.ToSlash(strings.TrimPrefix(e.Path, w.dir+string(filepath.Separator)))])
					if e.New != "fresh_name" || e.Start > e.End || e.End > size {
						t.Fatalf("Rename at byte %d of %s: edit %+v out of bounds (%d bytes)", off, name, e, size)
					}
				}
			}
		}
		if renamed < 20 {
			t.Errorf("only %d offsets of the workspace could be renamed", renamed)
		}
	}
}

const params = `
-- mod.pp --
mod "p" {}
-- a.pp --
query "q" {
  sql = "select $1"
  param "owner" {}
  param "region" {}
}

node "n" {
  sql = "select 1"
  param "arns" {}
}

node "derived" {
  base = node.n
}

control "positional" {
  query = query.q
  args  = ["me", "eu"]
}
-- b.pp --
control "c" {
  query = query.q
  args  = { owner = "me", "region" = "eu", extra = 1 }
}

dashboard "d" {
  graph {
    node {
      base = node.n
      args = { arns = ["x"] }
    }
    node {
      base = node.derived
      args = {
        arns = []
      }
    }
  }
}
`

// TestRenameParam renames params where callers pass them by name: the keys
// of args objects beside a query or base, through inheritance too.
func TestRenameParam(t *testing.T) {
	for _, tc := range []struct {
		line, text, newName string
		want                map[string]string
		wantErr             string
	}{
		{line: `param "owner"`, text: `"owner"`, newName: "who",
			want: map[string]string{"a.pp": `param "who" {}`, "b.pp": `args  = { who = "me", "region" = "eu", extra = 1 }`}},
		{line: `param "region"`, text: `"region"`, newName: "zone",
			want: map[string]string{"a.pp": `param "zone" {}`, "b.pp": `args  = { owner = "me", "zone" = "eu", extra = 1 }`}},
		{line: `param "arns"`, text: `"arns"`, newName: "ids",
			want: map[string]string{"a.pp": `param "ids" {}`, "b.pp": "args = { ids = [\"x\"] }\n    }\n    node {\n      base = node.derived\n      args = {\n        ids = []"}},
		{line: `param "owner"`, text: `"owner"`, newName: "region", wantErr: "param `region` already exists in the same query"},
		{line: `param "owner"`, text: `"owner"`, newName: "extra", wantErr: "control.c already passes an argument named `extra`"},
	} {
		t.Run(tc.newName, func(t *testing.T) {
			w := newWorkspace(t, params)
			edits, err := Rename(w.ix, w.path("a.pp"), w.at(t, "a.pp", tc.line, tc.text), tc.newName, w.options())
			if tc.wantErr != "" {
				var r *Refusal
				if !errors.As(err, &r) || !strings.Contains(r.Reason, tc.wantErr) {
					t.Fatalf("Rename = %v, %v; want a refusal containing %q", edits, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := w.apply(t, edits)
			for name, want := range tc.want {
				if !strings.Contains(got[name], want) {
					t.Errorf("%s after the rename:\n%s\nwant it to contain %q", name, got[name], want)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("changed files %v, want %d", got, len(tc.want))
			}
		})
	}
}
