package outline

import (
	"fmt"
	"strings"
	"testing"
)

// TestFolds: lines, byte offsets and kinds, whole lines or not.
func TestFolds(t *testing.T) {
	src := "a {\n  b = [\n    1]\n}\n# x\n# y\nh = <<EOT\none\nEOT\n"
	render := func(fs []Fold) string {
		var out []string
		for _, f := range fs {
			out = append(out, fmt.Sprintf("%d-%d %d %q", f.StartLine, f.EndLine, f.Kind, src[f.Start:f.End]))
		}
		return strings.Join(out, "\n")
	}
	want := "0-3 0 \"\\n  b = [\\n    1]\\n\"\n1-2 0 \"\\n    1\"\n4-5 1 \"\\n# y\"\n6-8 2 \"\\none\\n\""
	if got := render(Folds([]byte(src), false, 0)); got != want {
		t.Errorf("folds:\n%s\nwant:\n%s", got, want)
	}
	// Whole lines: a closer that begins its line stays visible; the
	// heredoc's one line is still hidden, the list's closer follows content.
	want = "0-2 0 \"\\n  b = [\\n    1]\\n\"\n1-2 0 \"\\n    1\"\n4-5 1 \"\\n# y\"\n6-7 2 \"\\none\\n\""
	if got := render(Folds([]byte(src), true, 0)); got != want {
		t.Errorf("line-only folds:\n%s\nwant:\n%s", got, want)
	}
	if got := Folds([]byte(src), true, 1); len(got) != 1 || got[0].StartLine != 0 {
		t.Errorf("one fold: %v, want the outermost", got)
	}
}

// TestSymbols: entries nest under their parents, locals under their
// locals block, in source order.
func TestSymbols(t *testing.T) {
	src := "locals {\n  a = 1\n  b = 2\n}\ndashboard \"d\" {\n  title = \"D\"\n  card {\n  }\n}\nquery \"q\" {\n}\n"
	f := Standalone("/m/a.pp", []byte(src))
	var render func(syms []Symbol) string
	render = func(syms []Symbol) string {
		var out []string
		for _, s := range syms {
			x := fmt.Sprintf("%s(%s)%q", s.Name, s.Detail, src[s.NameRange.Start.Byte:s.NameRange.End.Byte])
			if len(s.Children) > 0 {
				x += "[" + render(s.Children) + "]"
			}
			out = append(out, x)
		}
		return strings.Join(out, " ")
	}
	want := `locals()"locals"[a(locals)"a" b(locals)"b"] d(D)"\"d\""[card(dashboard_d_anonymous_card_0)"card"] q(query)"\"q\""`
	if got := render(Symbols(f, []byte(src))); got != want {
		t.Errorf("symbols:\n%s\nwant:\n%s", got, want)
	}
}
