package eval

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fspath"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/schema"
)

// secret is the content of a file beside the mod's folder: no evaluation
// may ever see it.
const secret = "TOP-SECRET-0xC0FFEE"

// fuzzMod is a mod folder for FuzzEval: docs inside it, a secret file
// outside it, and links from inside to outside.
type fuzzMod struct {
	root, secretPath string
	realRoot         string
}

func newFuzzMod(tb testing.TB) *fuzzMod {
	tb.Helper()
	dir := tb.TempDir()
	m := &fuzzMod{root: filepath.Join(dir, "mod"), secretPath: filepath.Join(dir, "secret.txt")}
	files := map[string]string{
		"mod.pp":         `mod "fuzz" {}`,
		"docs/a.md":      "# A\n",
		"docs/b.json":    `{"k": [1, 2, {"x": "y"}]}`,
		"docs/bin.dat":   "\xff\xfe\x00binary",
		"sub/deep/c.txt": "c",
		"variables.pp":   "variable \"region\" {\n  type    = string\n  default = \"eu-west-1\"\n}\n",
	}
	for name, text := range files {
		p := filepath.Join(m.root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(m.root, "docs/big.txt"), []byte(strings.Repeat("abcdefghij", 30000)), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(m.secretPath, []byte(secret), 0o644); err != nil {
		tb.Fatal(err)
	}
	for link, target := range map[string]string{
		"link.txt":      m.secretPath,
		"dirlink":       dir,
		"docs/rel.txt":  "../../secret.txt",
		"inside.md":     filepath.Join(m.root, "docs/a.md"),
		"loop":          filepath.Join(m.root, "loop"),
		"sub/parentdir": "../..",
	} {
		if err := os.Symlink(target, filepath.Join(m.root, filepath.FromSlash(link))); err != nil {
			tb.Skipf("symbolic links unavailable: %v", err)
		}
	}
	real, err := filepath.EvalSymlinks(m.root)
	if err != nil {
		tb.Fatal(err)
	}
	m.realRoot = real
	return m
}

// scope indexes the mod with locals as the text of one more file (not on
// disk: the reader serves it), and returns a scope of it and the paths the
// scope read.
func (m *fuzzMod) scope(locals string, checking bool) (*Scope, *readLog) {
	b := index.NewBuilder()
	modPath := filepath.Join(m.root, "mod.pp")
	id := b.AddMod(m.root, modPath)
	localsPath := filepath.Join(m.root, "locals.pp")
	log := &readLog{overlay: map[string][]byte{localsPath: []byte(locals)}}
	for _, p := range []string{modPath, filepath.Join(m.root, "variables.pp")} {
		src, _ := os.ReadFile(p)
		b.SetFile(id, p, src, parse.Scan(src))
	}
	b.SetFile(id, localsPath, []byte(locals), parse.Scan([]byte(locals)))
	ix := b.Index()
	if checking {
		return NewChecking(ix, cache.New(1<<20), id, log.read), log
	}
	return WithValues(ix, cache.New(1<<20), id, log.read, nil), log
}

// readLog is a Reader that records every path it is asked for.
type readLog struct {
	mu      sync.Mutex
	overlay map[string][]byte
	paths   []string
}

func (l *readLog) read(p string) ([]byte, error) {
	l.mu.Lock()
	l.paths = append(l.paths, p)
	l.mu.Unlock()
	if b, ok := l.overlay[p]; ok {
		return b, nil
	}
	return os.ReadFile(p)
}

// evalSeeds are expressions for FuzzEval: every function of the table
// called, every shape of expression, and every input that once cost
// unbounded time or memory.
var evalSeeds = []string{
	`var.region`, `local.a`, `local.b.k[2].x`, `"${local.a}-${var.region}"`,
	`{ for k, v in local.m : k => upper(v) if v != "" }`, `[for i, x in local.l : x * i]`,
	`local.l[*]`, `local.objs[*].name`, `cond ? 1 : "x"`, `!true || -1 > 2`, `(1 + 2) * 3 % 2`,
	`<<EOT
  heredoc ${local.a}
  %{ for x in local.l }${x},%{ endfor }
EOT`,
	`try(local.missing, "fallback")`, `can(regex("^a", "abc"))`, `tolist(toset(["b", "a"]))`,
	`merge({a = 1}, {b = 2})`, `lookup({a = 1}, "b", 0)`, `zipmap(["a"], [1])`, `flatten([[1], [2, [3]]])`,
	`jsondecode(file("docs/b.json")).k`, `filebase64("docs/bin.dat")`, `filesha256("docs/a.md")`, `fileexists("docs/a.md")`,
	`file("inside.md")`, `file("./sub/deep/c.txt")`, `timestamp()`, `uuid()`, `upper(self.input.x.value)`,
	// Boundaries: none of these may read the secret.
	`file("../secret.txt")`, `file("link.txt")`, `file("docs/rel.txt")`, `file("dirlink/secret.txt")`,
	`file("sub/parentdir/secret.txt")`, `file("/etc/passwd")`, `file("~/.ssh/id_rsa")`, `file("loop")`,
	`file("sub/../../secret.txt")`, `filebase64("../secret.txt")`, `filemd5("link.txt")`, `fileexists("../secret.txt")`,
	`file("%2e%2e/secret.txt")`, `file("docs/../../secret.txt")`, `file("\\..\\secret.txt")`, `file("docs/./../../mod/../secret.txt")`,
	// Size and time bombs.
	`range(1e9)`, `range(0, 1e9, 0.0000001)`, `setproduct(range(1000), range(1000), range(1000))`,
	`indent(99999999, "a\nb")`, `formatlist("%999999d", range(1000))`, `format("%999999999d", 1)`,
	`format("%.999999f", 1)`, `chunklist(range(1000), 1)`, `chunklist(range(10), 0)`,
	`[for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]`,
	`"${1e9999999}"`, `tostring(1e-9999999)`, `jsonencode(1e99999)`, `{(1e9999999) = 1}`, `{a = 1}[1e9999999]`,
	`parseint(join("", [for i in range(1000) : "1111111111"]), 10)`, `tonumber(join("", [for i in range(300) : "1111111111"]))`,
	`join("", [for i in range(300) : "1111111111"]) + 1`, `distinct(range(1000))`, `split("", file("docs/big.txt"))`,
	`replace(join("", [for i in range(1000) : "aaaaaaaaaa"]), "/a*/", join("", [for i in range(1000) : "bbbbbbbbbb"]))`,
	`join(join("", [for i in range(1000) : "----------"]), range(1000))`, `regexall("", join("", [for i in range(1000) : "xxxxxxxxxx"]))`,
	`jsondecode("` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `")`,
	strings.Repeat("[", 5000) + strings.Repeat("]", 5000), strings.Repeat("-", 5000) + "1", strings.Repeat("!", 5000) + "true",
	strings.Repeat("(", 2000) + "1" + strings.Repeat(")", 2000), `"` + strings.Repeat("${\"", 2000) + "x" + strings.Repeat("\"}", 2000) + `"`,
	strings.Repeat("1?", 3000) + "1" + strings.Repeat(":1", 3000), `length(local.big) + length(local.big)`,
	`local.d20`, `jsonencode(local.d20)`, `local.d20 == local.d20`, `flatten(local.d20)`, `local.chain1500`,
}

// evalLocalSeeds are locals files for FuzzEval.
var evalLocalSeeds = []string{
	"locals {\n  a = \"x\"\n  b = jsondecode(file(\"docs/b.json\"))\n  l = [1, 2, 3]\n  m = { k = \"v\", e = \"\" }\n  objs = [{ name = \"n\" }]\n}\n",
	"locals {\n  a = local.b\n  b = local.a\n}\n",
	"locals {\n  big = [for i in range(1000) : range(1000)]\n}\n",
	doublingLocals(20),
	chainedLocals(1500),
	"locals {\n  secret = file(\"../secret.txt\")\n  linked = file(\"link.txt\")\n  a = local.secret\n}\n",
	"locals {\n  a = " + strings.Repeat("[", 3000) + "\n}\n",
	"locals {\n  a = 1e9999999\n  b = \"${local.a}\"\n}\n",
	"",
	"locals {",
	"locals {\n  a = upper(\n",
}

// doublingLocals declares d0 … d<n>, each twice the last: 2^n strings
// shared, without limits a value of gigabytes once printed.
func doublingLocals(n int) string {
	var b strings.Builder
	b.WriteString("locals {\n  d0 = \"0123456789abcdef\"\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  d%d = [local.d%d, local.d%d]\n", i, i-1, i-1)
	}
	b.WriteString("}\n")
	return b.String()
}

// chainedLocals declares a chain of n locals, each the last plus one.
func chainedLocals(n int) string {
	var b strings.Builder
	b.WriteString("locals {\n  chain0 = 0\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  chain%d = local.chain%d + 1\n", i, i-1)
	}
	b.WriteString("}\n")
	return b.String()
}

// evalBound is how long one fuzz input may take: the limits hold an
// evaluation to well under a second; race detection, coverage
// instrumentation and a busy machine slow it down many times.
const evalBound = 30 * time.Second

// FuzzEval evaluates random expressions, with random locals in the mod: no
// panic, no hang, bounded memory, results within the limits, and no read
// outside the mod's folder.
func FuzzEval(f *testing.F) {
	for _, e := range evalSeeds {
		f.Add(evalLocalSeeds[0], e)
	}
	for _, l := range evalLocalSeeds {
		f.Add(l, "local.a")
	}
	m := newFuzzMod(f)
	f.Fuzz(func(t *testing.T, locals, expr string) {
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		done := make(chan struct{})
		var log *readLog
		var results []cty.Value
		go func() {
			defer close(done)
			s, l := m.scope(locals, len(expr)%2 == 1)
			log = l
			v, _ := s.ValueOf(t.Context(), []byte(expr), filepath.Join(m.root, "expr.pp"), hcl.InitialPos)
			results = append(results, v)
			if e, diags := parse.ParseExpression([]byte(expr), "expr.pp", hcl.InitialPos); !diags.HasErrors() {
				v, _ := Literal(e)
				results = append(results, v)
				v, _ = s.Static(e)
				results = append(results, v)
			}
			for _, name := range localNames(locals) {
				results = append(results, s.Local(t.Context(), name))
			}
			results = append(results, s.Var(t.Context(), "region"))
		}()
		select {
		case <-done:
		case <-time.After(evalBound):
			t.Fatalf("evaluation did not end within %v:\nlocals: %.300q\nexpr: %.300q", evalBound, locals, expr)
		}
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 2<<30 {
			t.Errorf("evaluation allocated %d MB:\nlocals: %.300q\nexpr: %.300q", alloc>>20, locals, expr)
		}
		for _, v := range results {
			if _, err := checkValue(v, nil); err != nil {
				t.Errorf("a result is over the limits: %v", err)
			}
			if leaks(v) {
				t.Fatalf("the secret outside the mod's folder was read: locals %q, expr %q", locals, expr)
			}
		}
		for _, p := range log.paths {
			real, err := filepath.EvalSymlinks(p)
			if err != nil {
				real = p
			}
			if !fspath.Within(real, m.realRoot) {
				t.Fatalf("read %s (%s), outside the mod's folder %s: locals %q, expr %q", p, real, m.realRoot, locals, expr)
			}
		}
	})
}

// localNames returns the names the locals blocks of src declare.
func localNames(src string) []string {
	f := parse.Scan([]byte(src))
	var names []string
	for _, a := range f.Attrs {
		if a.Block >= 0 && f.Blocks[a.Block].Type == "locals" && f.Blocks[a.Block].Parent < 0 {
			names = append(names, a.Name)
		}
	}
	return names
}

// secretForms are the secret and every form a file function could give it
// in: Base64 and the hashes.
var secretForms = func() []string {
	forms := []string{secret, base64.StdEncoding.EncodeToString([]byte(secret))}
	for _, h := range []func() hash.Hash{md5.New, sha1.New, sha256.New, sha512.New} {
		w := h()
		w.Write([]byte(secret))
		sum := w.Sum(nil)
		forms = append(forms, hex.EncodeToString(sum), base64.StdEncoding.EncodeToString(sum))
	}
	return forms
}()

// leaks reports whether any string in v holds the secret in any form.
func leaks(v cty.Value) bool {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return false
	}
	switch ty := v.Type(); {
	case ty == cty.String:
		s := v.AsString()
		for _, f := range secretForms {
			if strings.Contains(s, f) {
				return true
			}
		}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			if _, e := it.Element(); leaks(e) {
				return true
			}
		}
	}
	return false
}

// TestLimits: each input that once cost unbounded time or memory now fails
// fast with an error that says which limit applies, and what is within the
// limits still evaluates.
func TestLimits(t *testing.T) {
	m := newFuzzMod(t)
	s, _ := m.scope(doublingLocals(30)+chainedLocals(1500), false)
	tests := []struct{ expr, want string }{
		{`setproduct(range(1000), range(1000), range(1000))`, "more than 262144 elements"},
		{`indent(99999999, "a\nb")`, "more than 16 MB of text"},
		{`formatlist("%999999d", range(1000))`, "more than 16 MB of text"},
		{`[for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]`, "more work than modls does"},
		{`"${1e9999999}"`, "beyond 1e±1233"},
		{`tostring(1e-9999999)`, "beyond 1e±1233"},
		{`{(1e9999999) = 1}`, "beyond 1e±1233"},
		{`{a = 1}[1e9999999]`, "beyond 1e±1233"},
		{`1e4000 * 1e4000`, "beyond 1e±1233"},
		{`parseint(join("", [for i in range(1000) : "1111111111"]), 10)`, "too long for modls to convert to a number"},
		{`join("", [for i in range(300) : "1111111111"]) + 1`, "too long for modls to convert to a number"},
		{`distinct(range(1000))`, "more work than modls does"},
		{`split("", file("docs/big.txt"))`, "more than 262144 elements"},
		{`jsonencode([local.d17, local.d17])`, "more than 262144 elements"},
		{`[local.d17, 1] == [local.d17, 2]`, "more than 262144 elements"},
		{`flatten([for i in range(1000) : range(1000)])`, "more work than modls does"},
		{`jsondecode("` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `")`, "nests more than 1000 levels"},
		{strings.Repeat("[", MaxNestingForTest) + strings.Repeat("]", MaxNestingForTest), "Nesting too deep"},
		{`file("../secret.txt")`, "outside the mod's folder"},
		{`file("link.txt")`, "links outside the mod's folder"},
		{`file("docs/rel.txt")`, "links outside the mod's folder"},
		{`file("sub/parentdir/secret.txt")`, "links outside the mod's folder"},
		{`file("/etc/passwd")`, "outside the mod's folder"},
		{`fileexists("../secret.txt")`, "outside the mod's folder"},
	}
	for _, tt := range tests {
		start := time.Now()
		v, diags := s.ValueOf(t.Context(), []byte(tt.expr), "expr.pp", hcl.InitialPos)
		if d := time.Since(start); d > 30*time.Second {
			// Before the limits: minutes, or all the memory there is.
			t.Errorf("%.60s: took %v", tt.expr, d)
		}
		if !diags.HasErrors() || !strings.Contains(diags.Error(), tt.want) {
			t.Errorf("%.60s: got %.80s, %v; want an error with %q", tt.expr, v.GoString(), diags, tt.want)
		}
	}
	// Locals past the limits are unknown: hover shows no value, checks
	// judge nothing.
	if v := s.Local(t.Context(), "d30"); v.IsWhollyKnown() {
		t.Errorf("local.d30 (2^30 shared strings) is known")
	}
	if v := s.Local(t.Context(), "d17"); !v.IsWhollyKnown() {
		t.Errorf("local.d17 (2^17 shared strings) is not known")
	}
	for _, expr := range []string{`jsonencode(local.d30)`, `local.d30 == local.d30`} {
		if v, _ := s.ValueOf(t.Context(), []byte(expr), "expr.pp", hcl.InitialPos); v.IsWhollyKnown() {
			t.Errorf("%s is known: %.80s", expr, v.GoString())
		}
	}
	if v := s.Local(t.Context(), "d10"); !v.IsWhollyKnown() {
		t.Errorf("local.d10 (1024 strings) is not known")
	}
	if v := s.Local(t.Context(), "chain900"); !v.RawEquals(cty.NumberIntVal(900)) {
		t.Errorf("local.chain900 = %#v, want 900", v)
	}
	s2, _ := m.scope(chainedLocals(1500), false)
	if v := s2.Local(t.Context(), "chain1500"); v.IsKnown() {
		t.Errorf("a chain of 1500 locals was followed to the end: %#v", v)
	}
	// Within the limits, as before.
	for expr, want := range map[string]cty.Value{
		`length(setproduct(range(100), range(100)))`:                         cty.NumberIntVal(10000),
		`indent(2, "a\nb")`:                                                  cty.StringVal("a\n  b"),
		`length(formatlist("%5d", range(1000)))`:                             cty.NumberIntVal(1000),
		`length(flatten([for i in range(100) : [for j in range(100) : j]]))`: cty.NumberIntVal(10000),
		`tostring(1e300)`:                                                    cty.StringVal("1" + strings.Repeat("0", 300)),
		`length(distinct([for i in range(300) : i % 7]))`:                    cty.NumberIntVal(7),
		`file("docs/a.md")`:                                                  cty.StringVal("# A\n"),
	} {
		v, diags := s.ValueOf(t.Context(), []byte(expr), "expr.pp", hcl.InitialPos)
		if diags.HasErrors() || !v.RawEquals(want) {
			t.Errorf("%s = %#v, %v; want %#v", expr, v, diags, want)
		}
	}
}

// MaxNestingForTest is one level past parse.MaxNesting.
const MaxNestingForTest = parse.MaxNesting + 1

// TestEveryFunctionBounded: every function of the table answers arguments
// of every kind without panicking, through the bounds.
func TestEveryFunctionBounded(t *testing.T) {
	m := newFuzzMod(t)
	s, _ := m.scope("", false)
	args := []string{`"x"`, `1`, `[1, "a"]`, `{a = 1}`, `null`, `true`, `local.unknown`, `1e9999`, `-1`, `""`}
	for _, f := range schema.Functions() {
		for n := 0; n <= 3; n++ {
			for i := range args {
				call := f.Name + "(" + strings.Join(pick(args, i, n), ", ") + ")"
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("%s panicked: %v", call, r)
						}
					}()
					s.ValueOf(t.Context(), []byte(call), "expr.pp", hcl.InitialPos)
				}()
			}
		}
	}
}

// pick returns n of args, starting at i, wrapping around.
func pick(args []string, i, n int) []string {
	out := make([]string, n)
	for k := range out {
		out[k] = args[(i+k)%len(args)]
	}
	return out
}
