package render

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
)

// FuzzRender renders the SQL of every resource of a fuzzed file, beside a
// fixed file of locals and variables in the gcp-compliance shape: it never
// panics, every byte of the text maps inside a file of the mod, and every
// byte said to be exact is the byte it maps to.
func FuzzRender(f *testing.F) {
	seeds := []string{
		"query \"q\" {\n  sql = <<-EOQ\n    select a\n      ${local.dims_sql}\n    from t\n  EOQ\n}\n",
		"query \"q\" {\n  sql = \"select \\\"x\\\" $${y} %%{z} \\u00e9 ${upper(\"a\")}\"\n}\n",
		"query \"q\" {\n  sql = <<EOQ\n%{ for k in var.keys ~}\n  ${k},\n%{~ endfor }\nEOQ\n}\n",
		"query \"q\" {\n  sql = replace(local.qualified, \"__Q__\", \"t.\")\n}\ncontrol \"c\" {\n  query = query.q\n}\n",
		"query \"q\" {\n  sql = \"${local.loop} %{if var.unset == \"x\"}a%{else}b%{endif}\"\n}\n",
		"query \"q\" {\n  sql = query.q.sql\n}\n",
		"query \"q\" {\n  sql = <<-EOQ\n\t  \tselect\r\n   ${local.dims_sql}   \n  EOQ\n}\n",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	dir := f.TempDir()
	const locals = `mod "m" {}

variable "dims" {
  type    = list(string)
  default = ["location", "project"]
}

variable "keys" {
  default = ["a", "b"]
}

variable "unset" {
  type = string
}

locals {
  dims_sql = <<-EOQ
  %{~if contains(var.dims, "location")}, location as location%{endif~}
  %{~if contains(var.dims, "project")}, project as project%{endif~}
  EOQ
  qualified = "__Q__a, __Q__b"
  loop      = local.loop
}
`
	if err := os.WriteFile(filepath.Join(dir, "mod.pp"), []byte(locals), 0o644); err != nil {
		f.Fatal(err)
	}
	path := filepath.Join(dir, "q.pp")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<14 {
			return
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		ix, _, _ := index.Load([]string{dir})
		read := func(p string) ([]byte, error) {
			if p == path {
				return []byte(text), nil
			}
			return os.ReadFile(p)
		}
		r := New(ix, cache.New(1<<20), read, nil)
		fl := ix.File(path)
		if fl == nil {
			return
		}
		for i := range fl.Entries() {
			e := &fl.Entries()[i]
			if !HasSQL(e.Kind) {
				continue
			}
			res, err := r.SQL(context.Background(), e)
			if err != nil {
				continue
			}
			for off := range len(res.Text) {
				loc, ok := res.Locate(off)
				if !ok {
					t.Fatalf("byte %d of %q maps nowhere", off, res.Text)
				}
				src, _ := read(loc.Path)
				if int(loc.End) > len(src) || loc.Start > loc.End {
					t.Fatalf("byte %d maps outside %s (%d bytes): %+v", off, loc.Path, len(src), loc)
				}
				if loc.Exact && src[loc.Start] != res.Text[off] {
					t.Fatalf("byte %d %q is said to be %q at %s:%d", off, res.Text[off], src[loc.Start], loc.Path, loc.Start)
				}
				for _, v := range loc.Via {
					vs, _ := read(v.Path)
					if int(v.End) > len(vs) || v.Start > v.End {
						t.Fatalf("byte %d came through %+v, outside its file", off, v)
					}
				}
			}
			if p, ok := res.PlaceOf(0, len(res.Text)); ok && p.Outer.Path != path && len(res.Text) > 0 && res.Source.File().Path == path {
				t.Fatalf("the outer place of %s's SQL is in %s", e.UnqualifiedName(), p.Outer.Path)
			}
		}
	})
}
