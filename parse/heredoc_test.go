package parse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/modls/modls/internal/corpus"
)

// hclHeredoc is what hclsyntax evaluates heredoc expr to.
func hclHeredoc(expr string) (string, bool) { return hclStringValue([]byte(expr)) }

// TestPlainHeredocCorpus: every static heredoc of every corpus mod that
// plainHeredoc evaluates, it evaluates as hclsyntax does.
func TestPlainHeredocCorpus(t *testing.T) {
	n := 0
	for _, mod := range corpus.Mods(t) {
		err := filepath.WalkDir(corpus.Mod(t, mod), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".pp") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, a := range Scan(src).Attrs {
				expr := string(src[a.ExprRange.Start.Byte:a.ExprRange.End.Byte])
				if !a.Static || !strings.HasPrefix(expr, "<<") {
					continue
				}
				got, ok := plainHeredoc([]byte(expr))
				if !ok {
					continue
				}
				n++
				if want, _ := hclHeredoc(expr); norm.NFC.String(got) != want {
					t.Errorf("%s:%d: plainHeredoc\n%q\nhclsyntax\n%q", path, a.Range.Start.Line, got, want)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 1000 {
		t.Errorf("only %d heredocs compared", n)
	}
	t.Logf("%d heredocs equal to hclsyntax's value", n)
}

// FuzzPlainHeredoc: on any heredoc body, plainHeredoc either declines or
// agrees with hclsyntax.
func FuzzPlainHeredoc(f *testing.F) {
	for _, s := range []string{"  select\n    a\n  from t\n", "\n  \n\ta\n", "   x\n\n     y\n", "a\n", "\t\tq\n  r\n", "  \v x\n", " \n"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, body string, flush bool) {
		if strings.Contains(body, "EOQ") || !strings.HasSuffix(body, "\n") {
			return
		}
		open := "<<EOQ\n"
		if flush {
			open = "<<-EOQ\n"
		}
		expr := open + body + "  EOQ"
		got, ok := plainHeredoc([]byte(expr))
		if !ok {
			return
		}
		want, wok := hclHeredoc(expr)
		if !wok {
			return // not a valid heredoc (a body line that ends it, invalid UTF-8): Scan reports it
		}
		if got = norm.NFC.String(got); got != want { // StringValue normalizes as cty does
			t.Errorf("%q: plainHeredoc %q, hclsyntax %q", expr, got, want)
		}
	})
}
