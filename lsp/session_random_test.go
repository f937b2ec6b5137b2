package lsp

// This file drives the real server through long randomized sessions on a
// copy of a mod: insertions, deletions, pastes of whole blocks from other
// files, half-typed blocks, non-ASCII text, CRLF line endings, whole-text
// changes and formatting results applied back, as incremental didChange
// ranges in UTF-16 — interleaved with every request kind, each answered
// within its bound. Every few steps the server's documents must equal the
// session's texts and its index a fresh index of the same texts.
//
// The default run is a few thousand steps. MODLS_SESSION_STEPS=N runs N
// steps on each mod, MODLS_SOAK=<duration> (make soak) runs each mod for
// that long; MODLS_SESSION_SEED=S replays a failing session (the seed is
// printed on failure).

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/discover"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/parse"
)

// requestBound is how long any request of a session may take: 10 s, three
// times that under the race detector.
var requestBound = func() time.Duration {
	if raceEnabled {
		return 30 * time.Second
	}
	return 10 * time.Second
}()

func TestRandomSessions(t *testing.T) {
	mods := []struct {
		name  string
		dir   string
		steps int // default steps
		check int // index comparison every check steps
	}{
		{"acme", "../examples/acme", 2500, 10},
		{"aws-insights", "../../shared/corpus/aws-insights", 1000, 50},
		{"gcp-compliance", "../../shared/corpus/gcp-compliance", 1000, 50},
	}
	for _, m := range mods {
		t.Run(m.name, func(t *testing.T) {
			src, err := filepath.Abs(m.dir)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(src, "mod.pp")); err != nil {
				t.Skipf("mod %s not found at %s (the corpus is in ../shared/corpus beside the repository; CI always has it)", m.name, src)
			}
			steps, check, soak := m.steps, m.check, time.Duration(0)
			if testing.Short() {
				steps /= 5
			}
			if v := os.Getenv("MODLS_SESSION_STEPS"); v != "" {
				if steps, err = strconv.Atoi(v); err != nil {
					t.Fatalf("MODLS_SESSION_STEPS=%q: %v", v, err)
				}
			}
			if v := os.Getenv("MODLS_SOAK"); v != "" {
				if soak, err = time.ParseDuration(v); err != nil {
					t.Fatalf("MODLS_SOAK=%q: %v", v, err)
				}
			}
			seed := uint64(time.Now().UnixNano())
			if v := os.Getenv("MODLS_SESSION_SEED"); v != "" {
				if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
					t.Fatalf("MODLS_SESSION_SEED=%q: %v", v, err)
				}
			}
			t.Cleanup(func() {
				if t.Failed() {
					t.Logf("replay with MODLS_SESSION_SEED=%d go test ./lsp -run 'TestRandomSessions/%s$'", seed, m.name)
				}
			})
			s := newSession(t, src, seed)
			start := time.Now()
			n := 0
			for ; soak > 0 && time.Since(start) < soak || soak == 0 && n < steps; n++ {
				s.step()
				if t.Failed() {
					t.Fatalf("step %d (seed %d) failed; last steps:\n  %s", n, seed, strings.Join(s.lastSteps(), "\n  "))
				}
				if n%check == check-1 {
					s.checkState()
				}
			}
			s.checkState()
			elapsed := time.Since(start)
			t.Logf("%s: %d steps (%d edits, %d requests, %d index checks) in %v, seed %d; slowest request %s %v",
				m.name, n, s.edits, s.requests, s.checks, elapsed.Round(time.Millisecond), seed, s.slowest, s.slowestTime.Round(time.Millisecond))
		})
	}
}

// session is one randomized editing session against a server.
type session struct {
	t     *testing.T
	c     *testClient
	srv   *Server
	rng   *rand.Rand
	root  string
	files []string          // the mod's source files
	open  map[string]string // path → the text the editor has
	ver   map[string]int
	disk  map[string]string // path → disk text (never changes)

	blocks    []string // whole top-level blocks of the mod's files, to paste
	history   []string
	lastItems []json.RawMessage // completion items, for completionItem/resolve
	lastNodes []string          // resource node ids, for modls/resources

	edits, requests, checks int
	slowest                 string
	slowestTime             time.Duration
}

func newSession(t *testing.T, src string, seed uint64) *session {
	root := copyTree(t, src)
	s := &session{t: t, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), root: root,
		open: map[string]string{}, ver: map[string]int{}, disk: map[string]string{}}
	s.c = startServer(t, func(srv *Server) { s.srv = srv })
	s.c.initialize(root)
	symbolNames(s.c, "x") // waits for the index
	mods, _ := discover.Workspace(context.Background(), []string{root})
	for _, d := range mods {
		for _, m := range append([]*discover.ModDir{d}, d.Deps...) {
			s.files = append(s.files, m.Files...)
		}
	}
	if len(s.files) == 0 {
		t.Fatalf("no source files under %s", root)
	}
	for _, p := range s.files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s.disk[p] = string(b)
		f := parse.Scan(b)
		for _, blk := range f.Blocks {
			if blk.Parent < 0 && !blk.Open && blk.Range.End.Byte-blk.Range.Start.Byte < 4000 {
				s.blocks = append(s.blocks, string(b[blk.Range.Start.Byte:blk.Range.End.Byte]))
			}
		}
	}
	return s
}

// copyTree copies the mod at src into a temporary folder (links and all).
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, to)
		case d.IsDir():
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return os.MkdirAll(to, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func (s *session) log(format string, args ...any) {
	s.history = append(s.history, fmt.Sprintf(format, args...))
	if len(s.history) > 40 {
		s.history = s.history[len(s.history)-20:]
	}
}

func (s *session) lastSteps() []string {
	return s.history[max(0, len(s.history)-12):]
}

// step does one random thing: open or close a document, edit one, or send a
// request.
func (s *session) step() {
	r := s.rng.IntN(100)
	switch {
	case len(s.open) == 0 || r < 4 && len(s.open) < 6:
		s.openDoc()
	case r < 7:
		s.closeDoc()
	case r < 55:
		s.edit()
	default:
		s.request()
	}
}

func (s *session) pick(paths []string) string { return paths[s.rng.IntN(len(paths))] }

func (s *session) openPaths() []string {
	paths := make([]string, 0, len(s.open))
	for p := range s.open {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

func (s *session) openDoc() {
	var closed []string
	for _, p := range s.files {
		if _, ok := s.open[p]; !ok {
			closed = append(closed, p)
		}
	}
	if len(closed) == 0 {
		return
	}
	p := s.pick(closed)
	s.open[p], s.ver[p] = s.disk[p], 1
	s.log("didOpen %s", s.rel(p))
	s.c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(p), "languageId": "powerpipe", "version": 1, "text": s.disk[p]}})
}

func (s *session) closeDoc() {
	if len(s.open) == 0 {
		return
	}
	p := s.pick(s.openPaths())
	delete(s.open, p)
	s.log("didClose %s", s.rel(p))
	s.c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(p)}})
}

func (s *session) rel(p string) string {
	r, _ := filepath.Rel(s.root, p)
	return r
}

// snippets are what random insertions type.
var snippets = []string{
	"x", "_", " ", "\n", "\r\n", "\t", "{", "}", "[", "]", "(", ")", "\"", "=", ".", ",", ":", "?", "#", "//", "/*", "*/",
	"${", "%{", "}", "<<EOT\n", "\nEOT\n", "<<-EOQ\n", "EOQ", "\\", "\\n", "é", "日本", "😀", "👩\u200d👧", "\u00a0", "\ufeff",
	"query.", "control.", "var.", "local.", "self.input.", "param.", "with.", "dashboard.", "benchmark.",
	"query \"q_rand\" {\n  sql = \"select 1\"\n}\n", "control \"c_rand\" {\n  query = query.q_rand\n}\n",
	"locals {\n  l_rand = [1, 2]\n}\n", "title = \"Tï𝕥le\"\n", "children = [\n", "sql = <<-EOQ\n  select 'é'\nEOQ\n",
	"variable \"v_rand\" {\n  default = \"x\"\n}\n", "tags = merge(local.", "args = [self.input.i.value]\n", "for x in ",
}

// edit changes an open document with one to three incremental changes, or
// occasionally a whole-text change.
func (s *session) edit() {
	if len(s.open) == 0 {
		return
	}
	p := s.pick(s.openPaths())
	text := s.open[p]
	s.ver[p]++
	if s.rng.IntN(40) == 0 {
		// A whole-text change: back to the disk, or the text with CRLFs.
		next := s.disk[p]
		if s.rng.IntN(2) == 0 {
			next = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n")
		}
		s.open[p] = next
		s.edits++
		s.log("didChange %s v%d whole text (%d bytes)", s.rel(p), s.ver[p], len(next))
		s.c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(p), "version": s.ver[p]},
			"contentChanges": []map[string]any{{"text": next}}})
		return
	}
	var changes []map[string]any
	for n := 1 + s.rng.IntN(3); n > 0; n-- {
		start, end, ins, what := s.randomEdit(text)
		changes = append(changes, map[string]any{"range": sessRange(text, start, end), "text": ins})
		s.log("didChange %s v%d %s [%d,%d) %q", s.rel(p), s.ver[p], what, start, end, trunc(ins, 40))
		text = text[:start] + ins + text[end:]
		s.edits++
	}
	s.open[p] = text
	s.c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(p), "version": s.ver[p]}, "contentChanges": changes})
}

func trunc(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// randomEdit returns a random change to text: the byte range it replaces,
// the new text, and what kind of change it is.
func (s *session) randomEdit(text string) (start, end int, ins, what string) {
	at := s.offset(text)
	switch r := s.rng.IntN(100); {
	case r < 35:
		return at, at, snippets[s.rng.IntN(len(snippets))], "type"
	case r < 55:
		end := s.boundary(text, at+s.offset(text[at:])%(1+s.rng.IntN(200)))
		return at, end, "", "delete"
	case r < 65:
		at = lineStart(text, at)
		return at, at, s.pick(s.blocks) + "\n", "paste block"
	case r < 72:
		b := s.pick(s.blocks)
		cut := s.offset(b)
		return lineStart(text, at), lineStart(text, at), b[:cut], "half-typed block"
	case r < 80:
		// Retype a word: the identifier around the cursor, replaced.
		i, j := at, at
		for i > 0 && isWordByte(text[i-1]) {
			i--
		}
		for j < len(text) && isWordByte(text[j]) {
			j++
		}
		return i, j, randomWord(s.rng), "retype"
	case r < 88:
		// CRLF line endings over a region.
		end := at + s.offset(text[at:])%400
		end = s.boundary(text, end)
		region := strings.ReplaceAll(strings.ReplaceAll(text[at:end], "\r\n", "\n"), "\n", "\r\n")
		return at, end, region, "crlf"
	case r < 94:
		// Lines moved: cut a few lines and paste them elsewhere later.
		end := s.boundary(text, at+s.offset(text[at:])%300)
		return at, end, strings.ToUpper(text[at:end]), "upper"
	default:
		// A multi-line paste of random snippets.
		var b strings.Builder
		for n := s.rng.IntN(12); n > 0; n-- {
			b.WriteString(snippets[s.rng.IntN(len(snippets))])
		}
		return at, at, b.String(), "paste"
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func randomWord(rng *rand.Rand) string {
	const letters = "abcdefghijklmnopqrstuvwxyz_"
	n := 1 + rng.IntN(12)
	b := make([]byte, n)
	for i := range b {
		b[i] = letters[rng.IntN(len(letters))]
	}
	return string(b)
}

// offset returns a random valid cursor offset in text: a character
// boundary, not between "\r" and "\n".
func (s *session) offset(text string) int {
	if len(text) == 0 {
		return 0
	}
	return s.boundary(text, s.rng.IntN(len(text)+1))
}

// boundary moves off back to a valid cursor offset.
func (s *session) boundary(text string, off int) int {
	off = min(max(off, 0), len(text))
	for off > 0 && off < len(text) && !utf8.RuneStart(text[off]) {
		off--
	}
	if off > 0 && off < len(text) && text[off-1] == '\r' && text[off] == '\n' {
		off--
	}
	return off
}

func lineStart(text string, off int) int {
	return strings.LastIndexByte(text[:off], '\n') + 1
}

// refPos converts a byte offset to an LSP position in UTF-16 units: the
// test's own reference, independent of position.go. Lines end at "\n".
func refPos(text string, off int) map[string]any {
	ls := lineStart(text, off)
	return map[string]any{"line": strings.Count(text[:off], "\n"), "character": utf16Units(text[ls:off])}
}

func utf16Units(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func sessRange(text string, start, end int) map[string]any {
	return map[string]any{"start": refPos(text, start), "end": refPos(text, end)}
}

// textOf returns the current text of a file: the editor's if open, else the
// disk's.
func (s *session) textOf(p string) string {
	if t, ok := s.open[p]; ok {
		return t
	}
	return s.disk[p]
}

// request sends a random request about a random document, and checks that
// it is answered within requestBound, without a panic, with ranges that lie
// within the documents they are about.
func (s *session) request() {
	p := s.pick(s.files)
	if len(s.open) > 0 && s.rng.IntN(3) > 0 {
		p = s.pick(s.openPaths())
	}
	text := s.textOf(p)
	uri := fileuri.FromPath(p)
	doc := map[string]any{"uri": uri}
	at := s.offset(text)
	pos := refPos(text, at)
	a, b := at, s.offset(text)
	if a > b {
		a, b = b, a
	}
	rng := sessRange(text, a, b)
	var method string
	var params any
	switch s.rng.IntN(22) {
	case 0:
		method, params = "textDocument/hover", map[string]any{"textDocument": doc, "position": pos}
	case 1:
		method, params = "textDocument/definition", map[string]any{"textDocument": doc, "position": pos}
	case 2:
		method, params = "textDocument/references", map[string]any{"textDocument": doc, "position": pos, "context": map[string]any{"includeDeclaration": s.rng.IntN(2) == 0}}
	case 3:
		method, params = "textDocument/documentHighlight", map[string]any{"textDocument": doc, "position": pos}
	case 4:
		method, params = "textDocument/completion", map[string]any{"textDocument": doc, "position": pos}
	case 5:
		if len(s.lastItems) == 0 {
			return
		}
		method, params = "completionItem/resolve", s.lastItems[s.rng.IntN(len(s.lastItems))]
	case 6:
		method, params = "textDocument/signatureHelp", map[string]any{"textDocument": doc, "position": pos}
	case 7:
		method, params = "textDocument/documentSymbol", map[string]any{"textDocument": doc}
	case 8:
		method, params = "textDocument/semanticTokens/full", map[string]any{"textDocument": doc}
	case 9:
		method, params = "textDocument/semanticTokens/range", map[string]any{"textDocument": doc, "range": rng}
	case 10:
		method, params = "textDocument/foldingRange", map[string]any{"textDocument": doc}
	case 11:
		method, params = "textDocument/selectionRange", map[string]any{"textDocument": doc, "positions": []any{pos, refPos(text, b)}}
	case 12:
		method, params = "textDocument/codeAction", map[string]any{"textDocument": doc, "range": rng, "context": map[string]any{"diagnostics": []any{}}}
	case 13:
		method, params = "textDocument/codeLens", map[string]any{"textDocument": doc}
	case 14:
		method, params = "textDocument/formatting", map[string]any{"textDocument": doc, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}
	case 15:
		method, params = "textDocument/rangeFormatting", map[string]any{"textDocument": doc, "range": rng, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}
	case 16:
		method, params = "textDocument/prepareRename", map[string]any{"textDocument": doc, "position": pos}
	case 17:
		method, params = "textDocument/rename", map[string]any{"textDocument": doc, "position": pos, "newName": randomWord(s.rng)}
	case 18:
		method, params = "textDocument/documentLink", map[string]any{"textDocument": doc}
	case 19:
		method, params = "textDocument/inlayHint", map[string]any{"textDocument": doc, "range": rng}
	case 20:
		parent := ""
		if len(s.lastNodes) > 0 && s.rng.IntN(3) > 0 {
			parent = s.lastNodes[s.rng.IntN(len(s.lastNodes))]
		}
		method, params = "modls/resources", map[string]any{"parent": parent}
	case 21:
		w := randomWord(s.rng)
		method, params = "workspace/symbol", map[string]any{"query": w[:min(len(w), 1+s.rng.IntN(3))]}
	}
	s.log("%s %s %v", method, s.rel(p), pos)
	start := time.Now()
	_, ch := s.c.send(method, params)
	var m *message
	select {
	case m = <-ch:
	case <-time.After(requestBound):
		s.t.Errorf("%s on %s at %v: no answer within %v", method, s.rel(p), pos, requestBound)
		return
	}
	d := time.Since(start)
	s.requests++
	if d > s.slowestTime {
		s.slowest, s.slowestTime = method, d
	}
	if m == nil {
		s.t.Errorf("%s: connection closed", method)
		return
	}
	if m.Error != nil {
		switch {
		case m.Error.Code == jsonrpc2.CodeRequestFailed, m.Error.Code == jsonrpc2.CodeInvalidRequest, m.Error.Code == jsonrpc2.CodeContentModified:
			// A refused rename, a position with nothing to rename.
		case m.Error.Code == jsonrpc2.CodeInvalidParams && method == "modls/resources" && strings.Contains(m.Error.Message, "stale"):
			// A node of an older tree.
		default:
			s.t.Errorf("%s on %s at %v: error %d: %s", method, s.rel(p), pos, m.Error.Code, m.Error.Message)
		}
		return
	}
	s.checkAnswer(method, p, m.Result)
	if method == "textDocument/formatting" && s.open[p] == text && s.rng.IntN(2) == 0 {
		s.applyEdits(p, m.Result) // format on save
	}
}

// checkAnswer checks the ranges of an answer against the texts, and keeps
// what later requests can follow up on.
func (s *session) checkAnswer(method, path string, result json.RawMessage) {
	var v any
	if err := json.Unmarshal(result, &v); err != nil {
		s.t.Errorf("%s: result is not JSON: %v", method, err)
		return
	}
	switch method {
	case "textDocument/completion":
		var list struct {
			Items []json.RawMessage `json:"items"`
		}
		if json.Unmarshal(result, &list) == nil && len(list.Items) > 0 {
			s.lastItems = list.Items[:min(len(list.Items), 20)]
		}
	case "modls/resources":
		var nodes []ResourceNode
		if json.Unmarshal(result, &nodes) == nil {
			for _, n := range nodes {
				if n.Children > 0 {
					s.lastNodes = append(s.lastNodes, n.ID)
				}
			}
			if len(s.lastNodes) > 50 {
				s.lastNodes = s.lastNodes[len(s.lastNodes)-50:]
			}
		}
	case "textDocument/semanticTokens/full", "textDocument/semanticTokens/range":
		var tok struct {
			Data []uint32 `json:"data"`
		}
		if json.Unmarshal(result, &tok) == nil && len(tok.Data)%5 != 0 {
			s.t.Errorf("%s: %d integers, not a multiple of 5", method, len(tok.Data))
		}
		// Every token lies on a line of the text.
		lines, line := strings.Count(s.textOf(path), "\n")+1, 0
		for i := 0; i+4 < len(tok.Data); i += 5 {
			line += int(tok.Data[i])
			if line >= lines {
				s.t.Errorf("%s: a token on line %d of a %d-line text", method, line, lines)
				break
			}
		}
	case "textDocument/foldingRange":
		var folds []struct {
			StartLine, EndLine int
		}
		json.Unmarshal(result, &folds)
		lines := strings.Count(s.textOf(path), "\n") + 1
		for _, f := range folds {
			if f.StartLine > f.EndLine || f.EndLine >= lines {
				s.t.Errorf("%s: fold %d-%d in a %d-line text", method, f.StartLine, f.EndLine, lines)
			}
		}
	}
	if method != "completionItem/resolve" { // the item may be from another document, or an older text
		s.checkRanges(method, path, v)
	}
}

// checkRanges walks an answer: every range lies within the text of the file
// it is about (the object's uri or targetUri, else the request's document).
func (s *session) checkRanges(method, path string, v any) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			s.checkRanges(method, path, e)
		}
	case map[string]any:
		if r, ok := v["originSelectionRange"].(map[string]any); ok && isRange(r) {
			// A LocationLink: its origin is in the request's document.
			if msg := rangeProblem(s.textOf(path), r); msg != "" {
				s.t.Errorf("%s: originSelectionRange of %s: %s", method, s.rel(path), msg)
			}
			delete(v, "originSelectionRange")
		}
		for _, k := range []string{"uri", "targetUri"} {
			if u, ok := v[k].(string); ok {
				if p, err := fileuri.ToPath(uriOf(u)); err == nil {
					path = p
				}
			}
		}
		if _, known := s.disk[path]; !known {
			if _, open := s.open[path]; !open {
				return // a file of no mod (a document link's target)
			}
		}
		text := s.textOf(path)
		for k, e := range v {
			if r, ok := e.(map[string]any); ok && isRange(r) {
				if msg := rangeProblem(text, r); msg != "" {
					s.t.Errorf("%s: %s of %s: %s", method, k, s.rel(path), msg)
				}
				continue
			}
			if k == "changes" {
				// A WorkspaceEdit's changes: uri → edits.
				if m, ok := e.(map[string]any); ok {
					for u, edits := range m {
						if p, err := fileuri.ToPath(uriOf(u)); err == nil {
							s.checkRanges(method, p, edits)
						}
					}
					continue
				}
			}
			s.checkRanges(method, path, e)
		}
	}
}

func isRange(r map[string]any) bool {
	_, a := r["start"].(map[string]any)
	_, b := r["end"].(map[string]any)
	return a && b
}

// rangeProblem says what is wrong with an LSP range in text, or "".
func rangeProblem(text string, r map[string]any) string {
	lines := strings.Split(text, "\n")
	var pos [2][2]int
	for i, k := range []string{"start", "end"} {
		p := r[k].(map[string]any)
		line, _ := p["line"].(float64)
		char, _ := p["character"].(float64)
		pos[i] = [2]int{int(line), int(char)}
		if int(line) > len(lines) || int(line) == len(lines) && char > 0 {
			return fmt.Sprintf("%s line %d past the %d lines", k, int(line), len(lines))
		}
		if int(line) < len(lines) {
			if n := utf16Units(lines[int(line)]); int(char) > n {
				return fmt.Sprintf("%s %d:%d past the end of its line (%d units)", k, int(line), int(char), n)
			}
		}
	}
	if pos[1][0] < pos[0][0] || pos[1][0] == pos[0][0] && pos[1][1] < pos[0][1] {
		return fmt.Sprintf("end %v before start %v", pos[1], pos[0])
	}
	return ""
}

// uriOf is a string as a document URI.
func uriOf(s string) protocol.DocumentUri { return protocol.DocumentUri(s) }

// applyEdits applies a formatting answer to an open document, as an editor
// formatting on save does, and sends it as one didChange.
func (s *session) applyEdits(p string, result json.RawMessage) {
	var edits []struct {
		Range struct {
			Start, End struct{ Line, Character int }
		}
		NewText string
	}
	if json.Unmarshal(result, &edits) != nil || len(edits) == 0 {
		return
	}
	text := s.open[p]
	type span struct {
		start, end int
		ins        string
	}
	var spans []span
	for _, e := range edits {
		a, b := byteOffset(text, e.Range.Start.Line, e.Range.Start.Character), byteOffset(text, e.Range.End.Line, e.Range.End.Character)
		spans = append(spans, span{a, b, e.NewText})
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end {
			s.t.Errorf("formatting: overlapping edits %v and %v", spans[i-1], spans[i])
			return
		}
	}
	// Send them last first, so that each range is in the text it applies to.
	var changes []map[string]any
	for i := len(spans) - 1; i >= 0; i-- {
		sp := spans[i]
		changes = append(changes, map[string]any{"range": sessRange(text, sp.start, sp.end), "text": sp.ins})
		text = text[:sp.start] + sp.ins + text[sp.end:]
	}
	s.ver[p]++
	s.open[p] = text
	s.edits++
	s.log("didChange %s v%d formatting (%d edits)", s.rel(p), s.ver[p], len(spans))
	s.c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(p), "version": s.ver[p]}, "contentChanges": changes})
	if again := s.c.call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": fileuri.FromPath(p)}, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}); again.Error == nil {
		var more []json.RawMessage
		if json.Unmarshal(again.Result, &more) == nil && len(more) > 0 {
			s.t.Errorf("formatting is not idempotent: %d more edits after applying the first answer", len(more))
		}
	}
}

// byteOffset is the byte offset of an LSP position (UTF-16 units), clamped
// to its line.
func byteOffset(text string, line, char int) int {
	off := 0
	for i := 0; i < line; i++ {
		j := strings.IndexByte(text[off:], '\n')
		if j < 0 {
			return len(text)
		}
		off += j + 1
	}
	end := strings.IndexByte(text[off:], '\n')
	if end < 0 {
		end = len(text) - off
	}
	units := 0
	for i, r := range text[off : off+end] {
		if units >= char {
			return off + i
		}
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
	}
	return off + end
}

// checkState waits for the server to have applied every change sent (a
// request is handled after every notification before it), then compares its
// documents with the session's texts, and its index with a fresh index of
// the same texts.
func (s *session) checkState() {
	s.checks++
	symbolNames(s.c, "zzz")
	ws := s.srv.ws.Snapshot()
	snap := ws.Index()
	docs := map[string]string{}
	for p, d := range ws.Docs() {
		docs[p] = string(d.Text.Text)
	}
	for p, want := range s.open {
		if got, ok := docs[p]; !ok {
			s.t.Errorf("%s is open in the editor, not in the server", s.rel(p))
		} else if got != want {
			s.t.Errorf("%s: the server's text differs from the editor's at byte %d", s.rel(p), firstDiff(got, want))
		}
	}
	for p := range docs {
		if _, ok := s.open[p]; !ok {
			s.t.Errorf("%s is open in the server, not in the editor", s.rel(p))
		}
	}
	fresh := freshIndex([]string{s.root}, s.openPaths(), func(p string) ([]byte, bool) { return []byte(s.textOf(p)), true })
	if probs := compareIndexes(snap, fresh); len(probs) > 0 {
		s.t.Errorf("the index differs from a fresh index of the same texts:\n  %s", strings.Join(probs[:min(len(probs), 15)], "\n  "))
	}
}

func firstDiff(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// freshIndex builds an index of the workspace from scratch: the files
// discovery finds, and the open documents (extra) that belong to a mod
// without being on disk, each file's text from text (a file whose text is
// not ok is left out, as an unreadable one is).
func freshIndex(roots, extra []string, text func(string) ([]byte, bool)) *index.Index {
	mods, _ := discover.Workspace(context.Background(), roots)
	b := index.NewBuilder()
	set := func(id index.ModID, p string) {
		if src, ok := text(p); ok {
			b.SetFile(id, p, src, scanCached(src))
		}
	}
	found := map[string]bool{}
	for _, d := range mods {
		id := b.AddModDir(d)
		for _, p := range d.Files {
			set(id, p)
			found[p] = true
		}
		for _, dep := range d.Deps {
			did := b.AddMod(dep.Root, dep.ModFile)
			for _, p := range dep.Files {
				set(did, p)
				found[p] = true
			}
		}
	}
	for _, p := range extra {
		if found[p] {
			continue
		}
	mods:
		for _, d := range mods {
			if d.Includes(p) {
				set(b.AddMod(d.Root, d.ModFile), p)
				break
			}
			for _, dep := range d.Deps {
				if dep.Includes(p) {
					set(b.AddMod(dep.Root, dep.ModFile), p)
					break mods
				}
			}
		}
	}
	return b.Index()
}

// scans remembers the scans of the texts freshIndex met: most files do not
// change between two comparisons, and the index keeps no reference to a
// scan, so one may serve many builds. At most maxScans are kept.
var scans struct {
	sync.Mutex
	m map[[32]byte]*parse.File
}

const maxScans = 4000

// scanCached returns parse.Scan(src), remembered by content.
func scanCached(src []byte) *parse.File {
	key := sha256.Sum256(src)
	scans.Lock()
	f := scans.m[key]
	scans.Unlock()
	if f != nil {
		return f
	}
	f = parse.Scan(src)
	scans.Lock()
	if scans.m == nil || len(scans.m) >= maxScans {
		scans.m = map[[32]byte]*parse.File{}
	}
	scans.m[key] = f
	scans.Unlock()
	return f
}

// compareIndexes lists the differences between two indexes of the same
// texts: files, entries and postings with their kinds, names and ranges,
// what each posting resolves to, lookups by name, counts.
func compareIndexes(got, want *index.Index) []string {
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	gf, wf := filePaths(got), filePaths(want)
	if !slices.Equal(gf, wf) {
		add("files: %d indexed, %d in a fresh index (first difference near %q)", len(gf), len(wf), firstDiffPath(gf, wf))
		return probs
	}
	for _, p := range wf {
		g, w := got.File(p), want.File(p)
		if g.ASCII() != w.ASCII() || g.SyntaxErrors() != w.SyntaxErrors() {
			add("%s: ascii %v/%v, syntax errors %d/%d", p, g.ASCII(), w.ASCII(), g.SyntaxErrors(), w.SyntaxErrors())
		}
		ge, we := entryLines(g.Entries()), entryLines(w.Entries())
		if d := diffLines(ge, we); d != "" {
			add("%s: entries differ: %s", p, d)
		}
		gp, wp := postingLines(got, g.Postings()), postingLines(want, w.Postings())
		if d := diffLines(gp, wp); d != "" {
			add("%s: postings differ: %s", p, d)
		}
		for i := range w.Entries() {
			e := &w.Entries()[i]
			if e.Name() == "" {
				continue
			}
			gm, wm := modWithRoot(got, e.Mod().Root), e.Mod()
			if gm == nil {
				add("%s: mod %s missing", p, e.Mod().Root)
				continue
			}
			gl, wl := entrySet(got.Lookup(gm.ID, e.UnqualifiedName())), entrySet(want.Lookup(wm.ID, e.UnqualifiedName()))
			if !slices.Equal(gl, wl) {
				add("Lookup(%s): %v, fresh %v", e.UnqualifiedName(), gl, wl)
			}
		}
	}
	if gc, wc := got.Counts(), want.Counts(); fmt.Sprint(gc) != fmt.Sprint(wc) {
		add("counts %+v, fresh %+v", gc, wc)
	}
	return probs
}

func filePaths(ix *index.Index) []string {
	var out []string
	for _, f := range ix.Files() {
		out = append(out, f.Path)
	}
	sort.Strings(out)
	return out
}

func firstDiffPath(a, b []string) string {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] + " / " + b[i]
		}
	}
	if len(a) > len(b) {
		return a[len(b)]
	}
	if len(b) > len(a) {
		return b[len(a)]
	}
	return ""
}

func modWithRoot(ix *index.Index, root string) *index.Mod {
	for _, m := range ix.Mods() {
		if m.Root == root {
			return m
		}
	}
	return nil
}

func entryLines(es []index.Entry) []string {
	out := make([]string, len(es))
	for i := range es {
		e := &es[i]
		parent := ""
		if p := e.Parent(); p != nil {
			parent = p.QualifiedName()
		}
		out[i] = fmt.Sprintf("%s %v %s flags=%d name=%v type=%v parent=%s title=%q desc=%q mod=%s",
			e.QualifiedName(), e.Range, e.Kind, e.Flags, e.NameRange, e.TypeRange(), parent, e.Title(), e.Description(), e.Mod().Name)
	}
	return out
}

func postingLines(ix *index.Index, ps []index.Posting) []string {
	out := make([]string, len(ps))
	for i := range ps {
		p := &ps[i]
		from := ""
		if f := p.From(); f != nil {
			from = f.QualifiedName()
		}
		out[i] = fmt.Sprintf("%s %v kind=%s flags=%d name=%v alias=%v target=%v attr=%s from=%s → %v",
			p.Key(), p.Range, p.Kind, p.Flags, p.NameRange(), p.AliasRange(), p.TargetRange(), p.Attr(), from, entrySet(ix.Resolve(p)))
	}
	return out
}

func entrySet(es []*index.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = fmt.Sprintf("%s@%s:%d", e.QualifiedName(), filepath.Base(e.File().Path), e.NameRange.Start.Byte)
	}
	sort.Strings(out)
	return out
}

// diffLines describes the first difference of two lists, or "".
func diffLines(got, want []string) string {
	for i := 0; i < len(got) && i < len(want); i++ {
		if got[i] != want[i] {
			return fmt.Sprintf("#%d\n    got   %s\n    fresh %s", i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d items, fresh %d", len(got), len(want))
	}
	return ""
}
