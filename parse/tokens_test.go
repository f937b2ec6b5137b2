package parse

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/modls/modls/pgsql"
)

var tokenKindNames = map[TokenKind]string{
	TokComment: "comment", TokString: "string", TokNumber: "number", TokKeyword: "keyword",
	TokOperator: "operator", TokBlockType: "blocktype", TokLabel: "label", TokAttrName: "attr",
	TokObjectKey: "key", TokFunction: "func", TokRefStep: "step", TokMember: "member",
	TokVarDecl: "decl", TokName: "name", TokParameter: "param",
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
				"sql-keyword from\nsql-keyword where\nsql-operator =\nsql-param $1\nsql-keyword and\nsql-operator >\nsql-number 1.5e3\nstep 0.0 var\nstep 0.1 x\nstring EOQ\n"},
		{"SQL across sequences and lines", "q {\n  sql = <<-EOQ\n    select '${a}' /* one\n    two */ from ${\"not sql\"} x\n  EOQ\n}\n",
			"blocktype 0 q\nattr 0 sql\nstring <<-EOQ\nsql-keyword select\nsql-string '\nstep 0.0 a\nsql-string '\nsql-comment /* one\nsql-comment     two */\nsql-keyword from\nstring \"not sql\"\nstring EOQ\n"},
		{"SQL with CRLF", "q {\r\n  sql = <<-EOQ\r\n    select 1 -- c\r\n    from 'a\r\n  b'\r\n  EOQ\r\n}\r\n",
			"blocktype 0 q\nattr 0 sql\nstring <<-EOQ\nsql-keyword select\nsql-number 1\nsql-comment -- c\nsql-keyword from\nsql-string 'a\nsql-string   b'\nstring EOQ\n"},
		{"SQL in a quoted string", "q {\n  sql = \"select 1 from x\"\n  title = \"select\"\n}\n",
			"blocktype 0 q\nattr 0 sql\nstring \"\nsql-keyword select\nsql-number 1\nsql-keyword from\nstring \"\nattr 1 title\nstring \"select\"\n"},
		{"SQL state resets per string", "q {\n  sql = var.a ? \"select 'x\" : \"from\"\n}\n",
			"blocktype 0 q\nattr 0 sql\nstep 0.0 var\nstep 0.1 a\noperator ?\nstring \"\nsql-keyword select\nsql-string 'x\nstring \"\noperator :\nstring \"\nsql-keyword from\nstring \"\n"},
		{"SQL operators", "q {\n  sql = \"select a->>'k', b #>> '{x}', c::jsonb, d || e, f @> g, h <@ i, j ?| k, l ?& m, n <> o, p >= $2, -1, 2 * 3, count(*), x+-- c\"\n}\n",
			"blocktype 0 q\nattr 0 sql\nstring \"\nsql-keyword select\nsql-operator ->>\nsql-string 'k'\nsql-operator #>>\nsql-string '{x}'\n" +
				"sql-operator ::\nsql-operator ||\nsql-operator @>\nsql-operator <@\nsql-operator ?|\nsql-operator ?&\nsql-operator <>\nsql-operator >=\nsql-param $2\n" +
				"sql-operator -\nsql-number 1\nsql-number 2\nsql-number 3\nsql-func count\nsql-operator +\nsql-comment -- c\nstring \"\n"},
		{"SQL parameters, not in strings or names", "q {\n  sql = \"select $1, '$2', a$3, $10, \\\"$4\\\" -- $5\"\n}\n",
			"blocktype 0 q\nattr 0 sql\nstring \"\nsql-keyword select\nsql-param $1\nsql-string '$2'\nsql-param $10\nsql-comment -- $5\nstring \"\n"},
		{"SQL dollar quotes across lines and sequences", "q {\n  sql = <<-EOQ\n    select $$it's\n    ${x} $1 $$ as a, $f$ $$ $f$ from t\n  EOQ\n}\n",
			"blocktype 0 q\nattr 0 sql\nstring <<-EOQ\nsql-keyword select\nsql-string $$it's\nsql-string     \nstep 0.0 x\nsql-string  $1 $$\nsql-keyword as\nsql-string $f$ $$ $f$\nsql-keyword from\nstring EOQ\n"},
		{"SQL escape strings, Unicode names and nested comments", "q {\n  sql = <<-EOQ\n    select e'it\\'s -- no', U&\"$1\", 1 /* a /* b */\n    c */ from t\n  EOQ\n}\n",
			"blocktype 0 q\nattr 0 sql\nstring <<-EOQ\nsql-keyword select\nsql-string e'it\\'s -- no'\nsql-number 1\nsql-comment /* a /* b */\nsql-comment     c */\nsql-keyword from\nstring EOQ\n"},
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

// TestTokensSQL: the values of the locals named are SQL text as `sql`
// attributes are, literal text between directives included, not the
// arguments of a call; other locals and other blocks' attributes of those
// names are not.
func TestTokensSQL(t *testing.T) {
	src := []byte(`locals {
  dims_qualifier_sql = <<-EOQ
  %{~if contains(var.dims, "region")}, __Q__region ->> 'r' as region%{endif~}
  EOQ
  dims_sql = replace(local.dims_qualifier_sql, "__Q__", "")
  title    = "select"
}
query "q" {
  dims_qualifier_sql = "select"
}
`)
	_, toks := TokensSQL(src, []string{"dims_qualifier_sql", "dims_sql"})
	checkTokens(t, src, toks)
	want := `blocktype 0 locals
attr 0 dims_qualifier_sql
string <<-EOQ
keyword if
func 0 contains
step 0.0 var
step 0.1 dims
string "region"
sql-operator ->>
sql-string 'r'
sql-keyword as
keyword endif
string EOQ
attr 1 dims_sql
func 1 replace
step 1.0 local
step 1.1 dims_qualifier_sql
string "__Q__"
string ""
attr 2 title
string "select"
blocktype 1 query
label 1.0 "q"
attr 3 dims_qualifier_sql
string "select"
`
	if got := renderTokens(src, toks); got != want {
		t.Errorf("TokensSQL:\n%s\nwant:\n%s", got, want)
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
	f.Add([]byte("locals {\n  a = <<-EOQ\n    select $1 ->> 'x' /* $2\n  EOQ\n  b = replace(local.a, \"x\", \"\")\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		_, toks := Tokens(src)
		checkTokens(t, src, toks)
		// Every attribute of a locals block taken for SQL.
		var names []string
		for _, a := range Scan(src).Attrs {
			names = append(names, a.Name)
		}
		_, toks = TokensSQL(src, names)
		checkTokens(t, src, toks)
	})
}

// FuzzSQLParameters: in any SQL text in a heredoc, the parameter tokens
// are exactly the placeholders pgsql finds, the lexer PostgreSQL's tests
// hold to its parser: none in a string, quoted identifier, dollar-quoted
// body or comment, across the heredoc's lines.
func FuzzSQLParameters(f *testing.F) {
	for _, s := range []string{"select $1, '$2', e'\\'$3', \"$4\" -- $5\n$6", "select $$\n$1\n$$, $a$ $$ $2 $a$ $3",
		"select 1 /* $1 /* $2 */\n $3 */ $4", "select a$1, 1$2, $3abc, x.$4", "select 'a\n$1\nb', $2", "select U&\"$1\", u&'$2', $3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		if strings.Contains(sql, "${") || strings.Contains(sql, "%{") || !utf8.ValidString(sql) || strings.ContainsAny(sql, "\x00\r") {
			return // template sequences, or text HCL reads otherwise
		}
		for _, line := range strings.Split(sql, "\n") {
			if strings.TrimSpace(line) == "EOQ" {
				return
			}
		}
		const head = "q {\n  sql = <<EOQ\n"
		src := []byte(head + sql + "\nEOQ\n}\n")
		_, toks := Tokens(src)
		var got, want []string
		for _, tok := range toks {
			if tok.Kind == TokParameter {
				got = append(got, fmt.Sprintf("%d-%d", int(tok.Start)-len(head), int(tok.End)-len(head)))
			}
		}
		for _, p := range pgsql.Placeholders(sql) {
			want = append(want, fmt.Sprintf("%d-%d", p.Offset, p.End))
		}
		if !slices.Equal(got, want) {
			t.Fatalf("SQL %q: parameter tokens %v, placeholders %v", sql, got, want)
		}
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
