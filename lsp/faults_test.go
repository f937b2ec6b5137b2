package lsp

// This file puts the server through faults of the file system while it
// runs: open files deleted, renamed and made unreadable; a folder of 1,000
// files replaced at once as a checkout does; a 10 MB file and a
// 100,000-line file, open and on disk; binary and non-UTF-8 files; symbolic
// link loops. After each, once events settle, the index must equal the disk
// (with the open documents laid over it), and every request must be
// answered within its bound.

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/testtree"
	"github.com/modls/modls/workspace"
)

// settleBound is how long the file watcher may take to bring the index up
// to date after a change on disk: 30 s, 90 s under the race detector.
var settleBound = 3 * requestBound

// faultEnv is a server on a mod in a temporary folder, with the texts the
// test has opened.
type faultEnv struct {
	t    *testing.T
	c    *testClient
	srv  *Server
	root string
	open map[string]string
	ver  map[string]int
}

func newFaultEnv(t *testing.T, files map[string]string, options any) *faultEnv {
	t.Helper()
	e := &faultEnv{t: t, root: testtree.New(t, files), open: map[string]string{}, ver: map[string]int{}}
	e.c = startServer(t, func(s *Server) { e.srv = s })
	e.c.initializeWith(e.root, options, false)
	symbolNames(e.c, "x") // the index is built
	return e
}

func (e *faultEnv) path(name string) string { return filepath.Join(e.root, filepath.FromSlash(name)) }

func (e *faultEnv) didOpen(name, text string) {
	p := e.path(name)
	e.open[p], e.ver[p] = text, 1
	e.c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(p), "languageId": "powerpipe", "version": 1, "text": text}})
}

func (e *faultEnv) didClose(name string) {
	p := e.path(name)
	delete(e.open, p)
	e.c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(p)}})
}

// expected is what the index must hold for the file at p: the open
// document's text, unless it is too large to be analyzed as edited, else
// the disk's; nothing for a file that cannot be read.
func (e *faultEnv) expected(p string) ([]byte, bool) {
	if text, ok := e.open[p]; ok && len(text) <= workspace.MaxEditedBytes {
		return []byte(text), true
	}
	b, err := os.ReadFile(p)
	return b, err == nil
}

// settle waits until the index equals a fresh index of the disk with the
// open documents laid over it, and returns how long that took.
func (e *faultEnv) settle(what string) time.Duration {
	e.t.Helper()
	start := time.Now()
	for {
		symbolNames(e.c, "zzz") // every notification sent is applied
		snap := e.srv.ws.Index()
		var open []string
		for p := range e.open {
			open = append(open, p)
		}
		probs := compareIndexes(snap, freshIndex([]string{e.root}, open, e.expected))
		if len(probs) == 0 {
			return time.Since(start)
		}
		if time.Since(start) > settleBound {
			e.t.Fatalf("%s: the index still differs from the disk after %v:\n  %s", what, settleBound, strings.Join(probs[:min(len(probs), 10)], "\n  "))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ask sends every per-document request about name and checks that each is
// answered within requestBound, without a panic.
func (e *faultEnv) ask(name string) {
	e.t.Helper()
	uri := fileuri.FromPath(e.path(name))
	doc := map[string]any{"uri": uri}
	pos := map[string]any{"line": 0, "character": 3}
	rng := map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 50, "character": 0}}
	for _, r := range []struct {
		method string
		params map[string]any
	}{
		{"textDocument/hover", map[string]any{"textDocument": doc, "position": pos}},
		{"textDocument/definition", map[string]any{"textDocument": doc, "position": pos}},
		{"textDocument/references", map[string]any{"textDocument": doc, "position": pos, "context": map[string]any{"includeDeclaration": true}}},
		{"textDocument/completion", map[string]any{"textDocument": doc, "position": pos}},
		{"textDocument/documentSymbol", map[string]any{"textDocument": doc}},
		{"textDocument/semanticTokens/full", map[string]any{"textDocument": doc}},
		{"textDocument/foldingRange", map[string]any{"textDocument": doc}},
		{"textDocument/selectionRange", map[string]any{"textDocument": doc, "positions": []any{pos}}},
		{"textDocument/codeAction", map[string]any{"textDocument": doc, "range": rng, "context": map[string]any{"diagnostics": []any{}}}},
		{"textDocument/codeLens", map[string]any{"textDocument": doc}},
		{"textDocument/formatting", map[string]any{"textDocument": doc, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}},
		{"textDocument/documentLink", map[string]any{"textDocument": doc}},
		{"textDocument/inlayHint", map[string]any{"textDocument": doc, "range": rng}},
		{"textDocument/prepareRename", map[string]any{"textDocument": doc, "position": pos}},
		{"modls/resources", map[string]any{}},
		{"workspace/symbol", map[string]any{"query": "q"}},
	} {
		start := time.Now()
		_, ch := e.c.send(r.method, r.params)
		select {
		case m := <-ch:
			if m == nil {
				e.t.Fatalf("%s on %s: connection closed", r.method, name)
			}
			if m.Error != nil && strings.HasPrefix(m.Error.Message, "internal error in ") {
				e.t.Errorf("%s on %s: the handler panicked: %s", r.method, name, m.Error.Message)
			}
		case <-time.After(requestBound):
			e.t.Fatalf("%s on %s: no answer within %v", r.method, name, requestBound)
		}
		if d := time.Since(start); d > requestBound/2 {
			e.t.Logf("%s on %s took %v", r.method, name, d)
		}
	}
}

func canRevokeRead(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: chmod 000 does not make a file unreadable")
	}
}

// TestFaultsOpenFiles: files deleted, renamed and made unreadable while
// open, then closed.
func TestFaultsOpenFiles(t *testing.T) {
	e := newFaultEnv(t, map[string]string{
		"mod.pp":   "mod \"faults\" {}\n",
		"a.pp":     "query \"qa\" {\n  sql = \"select 1\"\n}\n",
		"b.pp":     "query \"qb\" {\n  sql = \"select 2\"\n}\n",
		"c.pp":     "control \"cc\" {\n  query = query.qa\n}\n",
		"d.pp":     "control \"cd\" {\n  query = query.qb\n}\n",
		"sub/e.pp": "query \"qe\" {\n  sql = \"select 5\"\n}\n",
	}, nil)
	for _, name := range []string{"a.pp", "b.pp", "c.pp", "sub/e.pp"} {
		text, _ := os.ReadFile(e.path(name))
		e.didOpen(name, string(text)+"# edited\n")
	}
	e.settle("opened")

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// Deleted and renamed while open: the editor's text stays in the index.
	must(os.Remove(e.path("a.pp")))
	must(os.Rename(e.path("b.pp"), e.path("b2.pp")))
	must(os.RemoveAll(e.path("sub")))
	e.settle("deleted and renamed while open")
	for _, name := range []string{"a.pp", "b.pp", "b2.pp", "sub/e.pp"} {
		e.ask(name)
	}
	e.didClose("a.pp")
	e.didClose("b.pp")
	e.didClose("sub/e.pp")
	d := e.settle("closed after delete and rename")
	t.Logf("deletes and renames settled in %v", d)
	if ix := e.snapshot(); ix.File(e.path("a.pp")) != nil || ix.File(e.path("b.pp")) != nil || ix.File(e.path("b2.pp")) == nil {
		t.Errorf("after closing: a.pp %v, b.pp %v, b2.pp %v indexed; want only b2.pp", ix.File(e.path("a.pp")) != nil, ix.File(e.path("b.pp")) != nil, ix.File(e.path("b2.pp")) != nil)
	}

	// Unreadable while open, and while closed.
	t.Run("unreadable", func(t *testing.T) {
		canRevokeRead(t)
		e.t = t
		must(os.Chmod(e.path("c.pp"), 0))
		must(os.Chmod(e.path("d.pp"), 0))
		t.Cleanup(func() {
			os.Chmod(e.path("c.pp"), 0o644)
			os.Chmod(e.path("d.pp"), 0o644)
		})
		// d.pp is closed: the index keeps what it read until an event says
		// otherwise, and then drops it. Touch it so that there is one.
		now := time.Now()
		must(os.Chtimes(e.path("d.pp"), now, now))
		e.settle("unreadable files")
		e.ask("c.pp")
		e.ask("d.pp")
		e.didClose("c.pp")
		e.settle("unreadable file closed")
		if ix := e.snapshot(); ix.File(e.path("c.pp")) != nil {
			t.Errorf("an unreadable file closed is still indexed")
		}
		// Readable again.
		must(os.Chmod(e.path("c.pp"), 0o644))
		must(os.Chmod(e.path("d.pp"), 0o644))
		must(os.Chtimes(e.path("c.pp"), now, now))
		must(os.Chtimes(e.path("d.pp"), now, now))
		e.settle("readable again")
	})
}

func (e *faultEnv) snapshot() *index.Index {
	symbolNames(e.c, "zzz")
	return e.srv.ws.Index()
}

// TestFaultsCheckout: a folder of 1,000 files replaced at once, as git
// checkout does — removed and created again with other contents, then
// rewritten in place with some files gone and others new.
func TestFaultsCheckout(t *testing.T) {
	const n = 1000
	files := map[string]string{"mod.pp": "mod \"checkout\" {}\n"}
	for i := range n {
		files[fmt.Sprintf("gen/g%02d/q%04d.pp", i%25, i)] = fmt.Sprintf("query \"old_%d\" {\n  sql = \"select %d\"\n}\n\ncontrol \"c_old_%d\" {\n  query = query.old_%d\n}\n", i, i, i, (i+1)%n)
	}
	e := newFaultEnv(t, files, nil)
	e.didOpen("open.pp", "control \"uses\" {\n  query = query.old_7\n}\n")
	e.settle("initial")

	// Branch one: the folder removed and created again, other files.
	if err := os.RemoveAll(e.path("gen")); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		p := e.path(fmt.Sprintf("gen/h%02d/n%04d.pp", i%20, i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(fmt.Sprintf("query \"new_%d\" {\n  sql = \"select %d\"\n}\n", i, i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d := e.settle("folder replaced")
	t.Logf("1,000 files replaced: the index equals the disk after %v", d)
	if names := symbolNames(e.c, "old_9"); len(names) > 0 && strings.HasPrefix(names[0], "query.old_") {
		t.Errorf("old queries still found: %v", names)
	}

	// Branch two: rewritten in place, a tenth deleted, a tenth new, as a
	// checkout between close branches does.
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range n {
		p := e.path(fmt.Sprintf("gen/h%02d/n%04d.pp", i%20, i))
		switch rng.IntN(10) {
		case 0:
			os.Remove(p)
		case 1:
			os.WriteFile(e.path(fmt.Sprintf("gen/x%02d/m%04d.pp", i%7, i)), nil, 0o644)
			os.MkdirAll(e.path(fmt.Sprintf("gen/x%02d", i%7)), 0o755)
			os.WriteFile(e.path(fmt.Sprintf("gen/x%02d/m%04d.pp", i%7, i)), []byte(fmt.Sprintf("query \"more_%d\" {\n  sql = \"select 1\"\n}\n", i)), 0o644)
		default:
			os.WriteFile(p, []byte(fmt.Sprintf("query \"new_%d\" {\n  sql = \"select %d -- rewritten\"\n}\n\ncontrol \"c_new_%d\" {\n  query = query.new_%d\n}\n", i, i, i, i)), 0o644)
		}
	}
	d = e.settle("files rewritten in place")
	t.Logf("1,000 files rewritten, deleted, created: the index equals the disk after %v", d)
	e.ask("open.pp")
}

// bigFile returns a mod file of about size bytes: queries and controls
// that reference them.
func bigFile(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "query \"big_%d\" {\n  sql = \"select %d\"\n}\n\ncontrol \"big_c%d\" {\n  title = \"C ${var.region}\"\n  query = query.big_%d\n}\n\n", i, i, i, i)
	}
	return b.String()
}

// longFile returns a file of n lines: one locals block.
func longFile(n int) string {
	var b strings.Builder
	b.WriteString("locals {\n")
	for i := 0; i < n-2; i++ {
		fmt.Fprintf(&b, "  l%d = %d\n", i, i)
	}
	b.WriteString("}\n")
	return b.String()
}

// TestFaultsLargeFiles: a 10 MB file and a 100,000-line file, on disk and
// open. The 100,000-line file (1.4 MB) is analyzed like any other; the
// 10 MB one is over maxEditedBytes: its requests answer nothing at once, its
// one diagnostic says why, and the index follows it as saved. Under the
// race detector (ten times slower) the files are 3 MB and 30,000 lines.
func TestFaultsLargeFiles(t *testing.T) {
	bigSize, lines, keys := 10<<20, 100_000, 10
	if raceEnabled || testing.Short() {
		bigSize, lines, keys = 3<<20, 30_000, 3
	}
	big, long := bigFile(bigSize), longFile(lines)
	if len(long) > workspace.MaxEditedBytes || len(big) <= workspace.MaxEditedBytes {
		t.Fatalf("sizes: long %d, big %d bytes", len(long), len(big))
	}
	e := newFaultEnv(t, map[string]string{
		"mod.pp":       "mod \"large\" {}\n",
		"variables.pp": "variable \"region\" {\n  default = \"x\"\n}\n",
		"big.pp":       big,
		"long.pp":      long,
		"uses.pp":      "control \"uses\" {\n  query = query.big_12345\n}\n",
	}, nil)
	e.settle("on disk")
	e.ask("big.pp")
	e.ask("long.pp")

	start := time.Now()
	e.didOpen("big.pp", big)
	e.didOpen("long.pp", long)
	e.settle("opened")
	t.Logf("opening both: %v", time.Since(start))
	diags := func(name string) string {
		uri := string(fileuri.FromPath(e.path(name)))
		m := e.c.waitNote("diagnostics of "+name, func(m *message) bool {
			return m.Method == "textDocument/publishDiagnostics" && strings.Contains(string(m.Params), `"uri":"`+uri+`"`)
		})
		return string(m.Params)
	}
	if d := diags("big.pp"); !strings.Contains(d, "file-too-large") || !strings.Contains(d, "over the 2 MB") {
		t.Errorf("big.pp: diagnostics %.300s", d)
	}
	if d := diags("long.pp"); strings.Contains(d, "file-too-large") {
		t.Errorf("long.pp (%d bytes) is refused: %.300s", len(long), d)
	}
	e.ask("big.pp")
	e.ask("long.pp")
	// The big file's outline is not sent; the long one's is.
	var syms []any
	e.c.result("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(e.path("big.pp"))}}, &syms)
	if syms != nil {
		t.Errorf("big.pp: %d symbols, want none", len(syms))
	}
	e.c.result("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(e.path("long.pp"))}}, &syms)
	if len(syms) == 0 {
		t.Errorf("long.pp: no symbols")
	}

	// Typing in both: each keystroke costs little; the index follows the
	// long file as typed and the big one as saved.
	start = time.Now()
	for v := 2; v <= keys+1; v++ {
		for _, name := range []string{"big.pp", "long.pp"} {
			p := e.path(name)
			e.ver[p] = v
			e.open[p] = "# x\n" + e.open[p]
			e.c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(p), "version": v},
				"contentChanges": []map[string]any{{"range": map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 0, "character": 0}}, "text": "# x\n"}}})
		}
	}
	e.settle("keystrokes in each")
	t.Logf("%d keystrokes in each file: %v", keys, time.Since(start))
	if err := os.WriteFile(e.path("big.pp"), []byte(e.open[e.path("big.pp")]), 0o644); err != nil {
		t.Fatal(err)
	}
	e.settle("big file saved")

	// Crossing the limit while open: the index goes back to the disk.
	p := e.path("long.pp")
	grown := strings.Repeat("# padding padding padding padding padding padding padding padding\n", workspace.MaxEditedBytes/60) + e.open[p]
	e.ver[p]++
	e.open[p] = grown
	e.c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(p), "version": e.ver[p]}, "contentChanges": []map[string]any{{"text": grown}}})
	e.settle("long file grown past the limit")
	e.ver[p]++
	e.open[p] = long
	e.c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(p), "version": e.ver[p]}, "contentChanges": []map[string]any{{"text": long}}})
	e.settle("long file back under the limit")

	var st Stats
	e.c.result("modls/stats", nil, &st)
	t.Logf("heap %d MB, rss %d MB with both files open", st.HeapBytes>>20, st.RSSBytes>>20)
}

// TestFaultsBinaryFiles: binary files, Latin-1 and UTF-16 text, on disk
// and open: a clear diagnostic, no crash, every request answered.
func TestFaultsBinaryFiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	utf16 := []byte{0xff, 0xfe}
	for _, r := range "query \"q16\" {\n  sql = \"select 1\"\n}\n" {
		utf16 = append(utf16, byte(r), 0)
	}
	files := map[string]string{
		"mod.pp":    "mod \"binary\" {}\n",
		"ok.pp":     "query \"ok\" {\n  sql = \"select 1\"\n}\n",
		"random.pp": string(random),
		"latin1.pp": "query \"caf\xe9\" {\n  title = \"Caf\xe9 cr\xe8me\"\n  sql = \"select 1\"\n}\n",
		"utf16.pp":  string(utf16),
		"nul.pp":    "query \"n\" {\n  sql = \"select \x00 1\"\n}\n\x00\x00\x00",
		"elf.pp":    "\x7fELF\x02\x01\x01\x00" + string(random[:4096]),
	}
	e := newFaultEnv(t, files, map[string]any{"diagnostics": map[string]any{"workspace": true}})
	e.settle("on disk")
	for name, want := range map[string]string{
		"random.pp": "Invalid character encoding", "latin1.pp": "Invalid character encoding", "utf16.pp": "Invalid character encoding",
		"elf.pp": "Invalid character encoding", "nul.pp": "Invalid character",
	} {
		e.ask(name)
		uri := string(fileuri.FromPath(e.path(name)))
		e.c.waitNote("a diagnostic "+want+" for "+name, func(m *message) bool {
			return m.Method == "textDocument/publishDiagnostics" && strings.Contains(string(m.Params), `"uri":"`+uri+`"`) && strings.Contains(string(m.Params), want)
		})
	}
	// Opened: the editor has decoded them somehow; whatever it sends (here
	// the bytes with every invalid one replaced) is analyzed.
	for _, name := range []string{"random.pp", "latin1.pp", "utf16.pp", "nul.pp", "elf.pp"} {
		e.didOpen(name, strings.ToValidUTF8(files[name], "\uFFFD"))
		e.ask(name)
	}
	e.settle("opened")
}

// TestFaultsSymlinkLoops: links that loop, at start and made while the
// server runs: discovery, the watcher and requests all end.
func TestFaultsSymlinkLoops(t *testing.T) {
	root := testtree.New(t, map[string]string{
		"mod.pp":      "mod \"loops\" {}\n",
		"a/q.pp":      "query \"qa\" {\n  sql = \"select 1\"\n}\n",
		"a/b/c/q.pp":  "query \"qc\" {\n  sql = \"select 1\"\n}\n",
		"other/x.txt": "x",
	})
	links := map[string]string{
		"self":        ".",
		"a/b/c/up":    "../../..",
		"a/b/loop1":   "loop2",
		"a/b/loop2":   "loop1",
		"a/abs":       root,
		"dangling":    "nowhere",
		"a/q_link.pp": "q.pp",
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(link))); err != nil {
			t.Skipf("symbolic links unavailable: %v", err)
		}
	}
	e := &faultEnv{t: t, root: root, open: map[string]string{}, ver: map[string]int{}}
	e.c = startServer(t, func(s *Server) { e.srv = s })
	e.c.initialize(root)
	d := e.settle("loops at start")
	t.Logf("indexed with loops in %v", d)
	e.ask("a/q.pp")
	e.ask("self/a/q.pp")
	// More loops while running, and a file written behind one.
	for link, target := range map[string]string{"a/b/c/again": "../../../a", "other/back": "..", "l3": "l4", "l4": "l3"} {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "a/b/c/new.pp"), []byte("query \"qnew\" {\n  sql = \"select 1\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	e.settle("loops made while running")
	if names := symbolNames(e.c, "qnew"); len(names) == 0 {
		t.Errorf("a file created beside the loops is not indexed")
	}
	e.ask("a/b/c/new.pp")
}

// TestFaultsSpecialFiles: a named pipe, a folder and a link to a device
// under source-file names, at start and made while the server runs: a
// reader of a pipe waits forever for a writer, one of /dev/zero never
// ends. None of them is read; every request is answered.
func TestFaultsSpecialFiles(t *testing.T) {
	e := newFaultEnv(t, map[string]string{
		"mod.pp":  "mod \"special\" {}\n",
		"ok.pp":   "query \"ok\" {\n  sql = \"select 1\"\n}\n",
		"docs.pp": "locals {\n  pipe = file(\"pipe.md\")\n  zero = file(\"zero.md\")\n}\n",
	}, map[string]any{"diagnostics": map[string]any{"workspace": true}})
	made := 0
	for _, name := range []string{"pipe.pp", "pipe.md"} {
		if err := mkfifo(e.path(name)); err != nil {
			t.Logf("no named pipes here: %v", err)
			continue
		}
		made++
	}
	if err := os.Mkdir(e.path("folder.pp"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"zero.pp", "zero.md"} {
		if err := os.Symlink("/dev/zero", e.path(name)); err != nil {
			t.Logf("no link to /dev/zero: %v", err)
		}
	}
	e.settle("special files made while running")
	e.didOpen("docs.pp", "locals {\n  pipe = file(\"pipe.md\")\n  zero = file(\"zero.md\")\n}\n")
	for _, name := range []string{"pipe.pp", "folder.pp", "zero.pp", "docs.pp", "ok.pp"} {
		e.ask(name)
	}
	e.didOpen("pipe.pp", "query \"p\" {}\n")
	e.didClose("pipe.pp")
	e.didClose("docs.pp")
	e.settle("special files opened and closed")
	t.Logf("%d named pipes", made)
}
