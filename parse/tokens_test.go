package parse

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

var tokenKindNames = map[TokenKind]string{
	TokComment: "comment", TokString: "string", TokNumber: "number", TokKeyword: "keyword",
	TokOperator: "operator", TokBlockType: "blocktype", TokLabel: "label", TokAttrName: "attr",
	TokObjectKey: "key", TokFunction: "func", TokRefStep: "step", TokMember: "member",
	TokVarDecl: "decl", TokName: "name",
}

// renderTokens renders tokens one a line: kind (sql- for SQL), the index
// and sub-index where they mean something, and the text (⏎ for a line
// break).
func renderTokens(src []byte, toks []Token) string {
	var b strings.Builder
	for _, t := range toks {
		kind := tokenKindNames[t.Kind]
		if t.SQL {
			kind = "sql-" + kind
		}
		switch {
		case t.SQL:
		case t.Kind == TokBlockType || t.Kind == TokAttrName || t.Kind == TokObjectKey || t.Kind == TokFunction:
			kind += fmt.Sprintf(" %d", t.Index)
		case t.Kind == TokLabel || t.Kind == TokRefStep:
			kind += fmt.Sprintf(" %d.%d", t.Index, t.Sub)
		}
		fmt.Fprintf(&b, "%s %s\n", kind, strings.ReplaceAll(string(src[t.Start:t.End]), "\n", "⏎"))
	}
	return b.String()
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"blocks, labels, attributes", "a \"x\" y {\n  b = 1\n  c {}\n}\n",
			"blocktype 0 a\nlabel 0.0 \"x\"\nlabel 0.1 y\nattr 0 b\nnumber 1\nblocktype 1 c\n"},
		{"reference steps, not index steps", "x = var.a.b[0].c\n",
			"attr 0 x\nstep 0.0 var\nstep 0.1 a\nstep 0.2 b\nnumber 0\nstep 0.4 c\n"},
		{"dependency reference", "x = aws.query.q.sql\n",
			"attr 0 x\nstep 0.0 aws\nstep 0.1 query\nstep 0.2 q\nstep 0.3 sql\n"},
		{"calls and members", "x = f(1)[\"k\"].m + provider::aws::g(2)\n",
			"attr 0 x\nfunc 0 f\nnumber 1\nstring \"k\"\nmember m\noperator +\nfunc 0 provider\nfunc 0 aws\nfunc 0 g\nnumber 2\n"},
		{"for expressions", "x = [for i, v in var.l : v if i > 0]\ny = {for k in local.m : k => true...}\n",
			"attr 0 x\nkeyword for\ndecl i\ndecl v\nkeyword in\nstep 0.0 var\nstep 0.1 l\nname v\nkeyword if\nname i\noperator >\nnumber 0\n" +
				"attr 1 y\nkeyword for\ndecl k\nkeyword in\nstep 1.0 local\nstep 1.1 m\nname k\noperator =>\nkeyword true\noperator ...\n"},
		{"for cut short", "x = [for]\ny = z\n", "attr 0 x\nkeyword for\nattr 1 y\nstep 0.0 z\n"},
		{"object keys, conditionals, splats", "x = {a: 1 ? 2 : 3, \"b\" = null, c = d[*].e * -2}\n",
			"attr 0 x\nkey 0 a\nnumber 1\noperator ?\nnumber 2\noperator :\nnumber 3\nstring \"b\"\nkeyword null\nkey 0 c\nstep 0.0 d\nmember e\noperator *\noperator -\nnumber 2\n"},
		{"templates", "x = \"a ${b} %{ if c }d%{ else }e%{ endif }\"\n",
			"attr 0 x\nstring \"a \nstep 0.0 b\nstring  \nkeyword if\nstep 1.0 c\nstring d\nkeyword else\nstring e\nkeyword endif\nstring \"\n"},
		{"template for", "x = <<EOT\n%{ for n in var.l }${n}%{ endfor }\nEOT\n",
			"attr 0 x\nstring <<EOT\nkeyword for\ndecl n\nkeyword in\nstep 0.0 var\nstep 0.1 l\nname n\nkeyword endfor\nstring EOT\n"},
		{"heredoc lines without indentation", "x = <<-EOT\n    one\n\n    two ${y} three\n  EOT\n",
			"attr 0 x\nstring <<-EOT\nstring one\nstring two \nstep 0.0 y\nstring  three\nstring EOT\n"},
		{"comments", "# a\n// b\r\n/* c\nd */ x = 1 # e",
			"comment # a\ncomment // b\ncomment /* c⏎d */\nattr 0 x\nnumber 1\ncomment # e\n"},
		{"non-ASCII", "ü \"é\" {\n  ö = \"日本\" + ä\n}\n",
			"blocktype 0 ü\nlabel 0.0 \"é\"\nattr 0 ö\nstring \"日本\"\noperator +\nstep 0.0 ä\n"},
		{"SQL heredoc", "q {\n  sql = <<-EOQ\n    SELECT a.from, count(*) as \"select\", 'x''y' -- c\n    from t where id = $1 and n > 1.5e3 ${var.x}\n  EOQ\n}\n",
			"blocktype 0 q\nattr 0 sql\nstring <<-EOQ\nsql-keyword SELECT\nsql-func count\nsql-keyword as\nsql-string 'x''y'\nsql-comment -- c\n" +
				"sql-keyword from\nsql-keyword where\nsql-keyword and\nsql-number 1.5e3\nstep 0.0 var\nstep 0.1 x\nstring EOQ\n"},
		{"SQL across sequences and lines", "q {\n  sql = <<-EOQ\n    select '${a}' /* one\n    two */ from ${\"not sql\"} x\n  EOQ\n}\n",
			"blocktype 0 q\nattr 0 sql\nstring <<-EOQ\nsql-keyword select\nsql-string '\nstep 0.0 a\nsql-string '\nsql-comment /* one\nsql-comment     two */\nsql-keyword from\nstring \"not sql\"\nstring EOQ\n"},
		{"SQL with CRLF", "q {\r\n  sql = <<-EOQ\r\n    select 1 -- c\r\n    from 'a\r\n  b'\r\n  EOQ\r\n}\r\n",
			"blocktype 0 q\nattr 0 sql\nstring <<-EOQ\nsql-keyword select\nsql-number 1\nsql-comment -- c\nsql-keyword from\nsql-string 'a\nsql-string   b'\nstring EOQ\n"},
		{"SQL in a quoted string", "q {\n  sql = \"select 1 from x\"\n  title = \"select\"\n}\n",
			"blocktype 0 q\nattr 0 sql\nstring \"\nsql-keyword select\nsql-number 1\nsql-keyword from\nstring \"\nattr 1 title\nstring \"select\"\n"},
		{"SQL state resets per string", "q {\n  sql = var.a ? \"select 'x\" : \"from\"\n}\n",
			"blocktype 0 q\nattr 0 sql\nstep 0.0 var\nstep 0.1 a\noperator ?\nstring \"\nsql-keyword select\nsql-string 'x\nstring \"\noperator :\nstring \"\nsql-keyword from\nstring \"\n"},
		{"broken", "a \"x\" {\n  b = var.\n  c = [for\n", "blocktype 0 a\nlabel 0.0 \"x\"\nattr 0 b\nstep 0.0 var\nattr 1 c\nkeyword for\n"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			_, toks := Tokens(src)
			checkTokens(t, src, toks)
			if got := renderTokens(src, toks); got != tc.want {
				t.Errorf("Tokens(%q):\n%s\nwant:\n%s", tc.src, got, tc.want)
			}
		})
	}
}

// checkTokens checks the contract of Tokens: in order, not empty, not
// overlapping, within src, only block comments spanning lines, and the
// indexes naming what the tokens are.
func checkTokens(t *testing.T, src []byte, toks []Token) {
	t.Helper()
	f := Scan(src)
	end := uint32(0)
	for i, tok := range toks {
		text := src[min(int(tok.Start), len(src)):min(int(tok.End), len(src))]
		switch {
		case tok.Start < end:
			t.Fatalf("token %d [%d,%d) overlaps the previous one (end %d)", i, tok.Start, tok.End, end)
		case tok.End <= tok.Start:
			t.Fatalf("token %d [%d,%d) is empty", i, tok.Start, tok.End)
		case int(tok.End) > len(src):
			t.Fatalf("token %d [%d,%d) passes the end %d", i, tok.Start, tok.End, len(src))
		case bytes.ContainsAny(text, "\n") && !(tok.Kind == TokComment && bytes.HasPrefix(text, []byte("/*"))) &&
			!(tok.Kind == TokComment && tok.SQL):
			t.Fatalf("token %d %q spans lines", i, text)
		}
		end = tok.End
		if tok.SQL && tok.Kind == TokComment && bytes.ContainsAny(text, "\n") {
			t.Fatalf("SQL comment %q spans lines", text)
		}
		var name string
		switch tok.Kind {
		case TokBlockType:
			name = f.Blocks[tok.Index].Type
		case TokAttrName:
			name = f.Attrs[tok.Index].Name
		case TokRefStep:
			name = f.StepsOf(f.Refs[tok.Index])[tok.Sub].Name
		case TokLabel:
			if r := f.Blocks[tok.Index].Labels[tok.Sub].Range; r.Start.Byte != tok.Start || r.End.Byte != tok.End {
				t.Fatalf("label token [%d,%d) is not the label's range %v", tok.Start, tok.End, r)
			}
		default:
			continue
		}
		if name != "" && isASCII(text) && string(text) != name {
			t.Fatalf("token %q names %q", text, name)
		}
	}
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// TestTokensCorpus holds every file of the corpus to the contract of
// Tokens, and checks that the structure Tokens returns is Scan's.
func TestTokensCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s (it is in ../shared/corpus beside the repository; CI always has it): %v", corpusDir, err)
	}
	sql := 0
	for _, path := range modFiles(t, corpusDir) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, toks := Tokens(src)
		if g := Scan(src); len(g.Blocks) != len(f.Blocks) || len(g.Attrs) != len(f.Attrs) || len(g.Refs) != len(f.Refs) {
			t.Errorf("%s: Tokens' file differs from Scan's", path)
		}
		t.Run(path, func(t *testing.T) { checkTokens(t, src, toks) })
		for _, tok := range toks {
			if tok.SQL {
				sql++
			}
		}
	}
	if sql == 0 {
		t.Error("no SQL token in the corpus")
	}
}

// FuzzTokens holds Tokens to its contract on any input.
func FuzzTokens(f *testing.F) {
	for _, dir := range []string{"testdata/syntax", "testdata/broken"} {
		for _, path := range modFiles(f, dir) {
			src, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Add([]byte("q {\n  sql = <<-EOQ\n    select '${a}' /* x\n    y */ -- z ${b}\n  EOQ\n}\n"))
	f.Add([]byte("x = [for a, b in c : a => b... if d]\ny = \"%{ for x in y }${x}%{ endfor }\"\n"))
	f.Add([]byte("x = provider::a::b(1) + f()[0].g ? {k: 1} : 2\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		_, toks := Tokens(src)
		checkTokens(t, src, toks)
	})
}

// BenchmarkTokens measures Tokens over both corpus mods; compare its MB/s
// with BenchmarkScan's (Tokens scans, then classifies).
func BenchmarkTokens(b *testing.B) {
	srcs, n := corpusSources(b)
	b.SetBytes(n)
	b.ReportAllocs()
	for range b.N {
		for _, src := range srcs {
			Tokens(src)
		}
	}
}
