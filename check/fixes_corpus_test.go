package check

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/modls/modls/internal/corpus"
	"github.com/modls/modls/span"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// TestFixesRestoreCorpus: in every file of both corpus mods, references
// are broken by swapping two letters of their name; the preferred fixes
// (what source.fixAll applies) must give back exactly the original file —
// no text lost, nothing else touched.
func TestFixesRestoreCorpus(t *testing.T) {
	for _, mod := range corpus.Mods(t) {
		root := corpus.Mod(t, mod)
		t.Run(mod, func(t *testing.T) {
			ix, _, _ := index.Load([]string{root})
			c := cache.New(64 << 20)
			files, broken := 0, 0
			for _, f := range ix.Files() {
				if strings.Contains(f.Path, "/.powerpipe/") {
					continue
				}
				orig, err := os.ReadFile(f.Path)
				if err != nil {
					t.Fatal(err)
				}
				// Up to three references of this file with a name long
				// enough that a swap is a typo of it and of nothing else.
				var edits []span.Edit
				for i := range f.Postings() {
					p := &f.Postings()[i]
					name := p.NameRange()
					if p.Flags&index.Runtime != 0 || name.End.Byte-name.Start.Byte < 8 || len(ix.Resolve(p)) == 0 || len(edits) == 3 {
						continue
					}
					s, e := name.Start.Byte, name.End.Byte
					if len(edits) > 0 && int(s) < edits[len(edits)-1].End {
						continue
					}
					n := string(orig[s:e])
					swapped := n[:2] + string(n[3]) + string(n[2]) + n[4:]
					if swapped == n {
						continue
					}
					edits = append(edits, span.Edit{Start: int(name.Start.Byte), End: int(name.End.Byte), New: swapped})
				}
				if len(edits) == 0 {
					continue
				}
				files++
				broken += len(edits)
				typo := apply(orig, edits)
				bix := ix.ReplaceFile(f.Mod().ID, f.Path, typo, parse.Scan(typo))
				var fixes []span.Edit
				for _, d := range File(bix, c, f.Path, typo, All) {
					for _, fx := range d.Fixes {
						if fx.Preferred {
							fixes = append(fixes, fx.Edits...)
						}
					}
				}
				if got := apply(typo, fixes); string(got) != string(orig) {
					t.Errorf("%s: fixing %d typos does not give the file back (%d fixes)", f.Path, len(edits), len(fixes))
				}
			}
			t.Logf("%d references broken in %d files, all fixed back", broken, files)
			if files == 0 {
				t.Error("no file with a reference to break")
			}
		})
	}
}

// apply applies non-overlapping edits to src.
func apply(src []byte, edits []span.Edit) []byte {
	sort.Slice(edits, func(i, j int) bool { return edits[i].Start > edits[j].Start })
	out := append([]byte(nil), src...)
	for _, e := range edits {
		out = append(out[:e.Start], append([]byte(e.New), out[e.End:]...)...)
	}
	return out
}
