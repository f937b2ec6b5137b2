package lsp

// This file fuzzes the protocol layer: a real Server over in-memory pipes
// is fed any byte stream — random and truncated JSON-RPC frames, garbage
// headers, wrong Content-Length, invalid JSON, wrong param types for every
// method, unknown methods, requests before initialize and after shutdown,
// notifications with ids, huge ids, nested arrays — and must end (no hang),
// never panic outside its recovery, and write only well-formed framed
// JSON-RPC.
//
// The seeds are in testdata/fuzz/FuzzProtocol. They are written by
// protocolSeeds (MODLS_WRITE_FUZZ_SEEDS=1 go test ./lsp -run
// TestWriteProtocolSeeds) and name the workspace as %ROOT%, which each run
// replaces with a small mod in a temporary folder, correcting every
// Content-Length by what the replacement adds inside its body (a wrong
// length stays exactly as wrong).

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/testtree"
)

// rootMark stands for the workspace folder in the seeds.
const rootMark = "%ROOT%"

// protocolBound is how long the server may take to end after its input
// does (race detection and fuzzing instrumentation included).
const protocolBound = 20 * time.Second

// fuzzModFiles is the workspace of FuzzProtocol: a small mod with every
// kind of reference.
var fuzzModFiles = map[string]string{
	"mod.pp":       "mod \"fuzz\" {\n  title = \"Fuzz\"\n}\n",
	"variables.pp": "variable \"region\" {\n  type    = string\n  default = \"eu-west-1\"\n}\n\nlocals {\n  tags = { team = \"sec\" }\n}\n",
	"queries.pp":   "query \"q\" {\n  sql = \"select 1\"\n  param \"p\" {\n    default = var.region\n  }\n}\n",
	"controls.pp":  "control \"c\" {\n  title = \"C ${var.region}\"\n  query = query.q\n  tags  = local.tags\n}\n\nbenchmark \"b\" {\n  children = [control.c]\n}\n",
	"dash.pp":      "dashboard \"d\" {\n  input \"i\" {\n    sql = \"select 1\"\n  }\n  card {\n    query = query.q\n    args  = [self.input.i.value]\n  }\n}\n",
	"docs/x.md":    "# X\n",
}

// FuzzProtocol feeds a fresh server each input as its whole input stream.
func FuzzProtocol(f *testing.F) {
	root := f.TempDir()
	for name, text := range fuzzModFiles {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			f.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, input []byte) {
		in := substituteRoot(input, string(fileuri.FromPath(root))[len("file://"):])
		out, code, err := runProtocol(in, protocolBound)
		if err != nil {
			t.Fatalf("%v\ninput: %.2000q", err, input)
		}
		if code != 0 && code != 1 {
			t.Errorf("exit code %d", code)
		}
		if err := checkFrames(out); err != nil {
			t.Fatalf("malformed output: %v\ninput: %.2000q\noutput: %.2000q", err, input, out)
		}
	})
}

// barrier is the request runProtocol sends after the input: once it is
// answered, the index is built and the requests of the input have mostly
// been handled, so closing the input does not cancel them all.
var barrier = request("fuzz-barrier", "workspace/symbol", `{"query":""}`)

// runProtocol runs a server on input (then barrier), waits for the barrier's
// answer and for the output to settle (80 ms at most), closes the input, and returns all the server wrote and its exit code. It fails when
// the server does not end within bound after its input does.
func runProtocol(input []byte, bound time.Duration) ([]byte, int, error) {
	sr, cw := io.Pipe() // the server reads what the client writes
	cr, sw := io.Pipe() // the client reads what the server writes
	srv := New(sr, sw, Options{Log: slog.New(slog.DiscardHandler), Version: "fuzz", IndexWait: 2 * time.Second, NoWatch: true})
	done := make(chan int, 1)
	go func() {
		code := srv.Run()
		sw.Close()
		sr.Close() // a client still writing after exit gets an error
		done <- code
	}()
	out := &outBuffer{}
	read := make(chan struct{})
	go func() {
		io.Copy(out, cr)
		close(read)
	}()
	wrote := make(chan struct{})
	go func() {
		cw.Write(input)
		cw.Write([]byte(barrier))
		close(wrote)
	}()
	// Let the server work through the input before it sees the end: until
	// the barrier is answered and the output has been still for 20 ms, or
	// for 80 ms at most (the barrier is lost when the input ends inside a
	// message).
	deadline := time.Now().Add(80 * time.Millisecond)
	for n, quiet, answered := out.Len(), 0, false; time.Now().Before(deadline) && !(answered && quiet >= 2); {
		select {
		case code := <-done:
			<-read
			return out.Bytes(), code, nil
		case <-time.After(10 * time.Millisecond):
		}
		answered = answered || out.Contains(`"id":"fuzz-barrier"`)
		if m := out.Len(); m != n {
			n, quiet = m, 0
		} else {
			quiet++
		}
	}
	go func() {
		<-wrote
		cw.Close()
	}()
	var code int
	select {
	case code = <-done:
	case <-time.After(bound):
		cw.CloseWithError(io.ErrClosedPipe)
		return nil, 0, fmt.Errorf("the server did not end within %v of its input", bound)
	}
	select {
	case <-read:
	case <-time.After(bound):
		return nil, 0, fmt.Errorf("the server's output did not end within %v after Run returned", bound)
	}
	return out.Bytes(), code, nil
}

// outBuffer is a bytes.Buffer safe for one writer and other readers.
type outBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *outBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *outBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Len()
}

func (b *outBuffer) Contains(s string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Contains(b.b.Bytes(), []byte(s))
}

func (b *outBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.b.Bytes())
}

// checkFrames checks that out is a sequence of framed JSON-RPC 2.0
// messages: a Content-Length header that is right, a JSON object with
// "jsonrpc": "2.0", and either a method or an id with a result or an error.
func checkFrames(out []byte) error {
	r := bufio.NewReader(bytes.NewReader(out))
	for n := 0; ; n++ {
		length := -1
		for {
			line, err := r.ReadString('\n')
			if err == io.EOF && line == "" && length < 0 {
				return nil
			}
			if err != nil {
				return fmt.Errorf("message %d: header cut short: %q", n, line)
			}
			if !strings.HasSuffix(line, "\r\n") {
				return fmt.Errorf("message %d: header line not ended by CRLF: %q", n, line)
			}
			line = strings.TrimSuffix(line, "\r\n")
			if line == "" {
				break
			}
			v, ok := strings.CutPrefix(line, "Content-Length: ")
			if !ok {
				return fmt.Errorf("message %d: unexpected header %q", n, line)
			}
			l, err := strconv.Atoi(v)
			if err != nil || l < 0 {
				return fmt.Errorf("message %d: bad Content-Length %q", n, v)
			}
			length = l
		}
		if length < 0 {
			return fmt.Errorf("message %d: no Content-Length", n)
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			return fmt.Errorf("message %d: body shorter than its Content-Length %d", n, length)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			return fmt.Errorf("message %d: not a JSON object (%v): %.300q", n, err, body)
		}
		if string(m["jsonrpc"]) != `"2.0"` {
			return fmt.Errorf("message %d: jsonrpc is %s: %.300q", n, m["jsonrpc"], body)
		}
		_, hasMethod := m["method"]
		_, hasID := m["id"]
		_, hasResult := m["result"]
		_, hasError := m["error"]
		switch {
		case hasMethod:
		case hasID && hasResult != hasError:
		default:
			return fmt.Errorf("message %d: neither a request, a notification nor a response: %.300q", n, body)
		}
		if hasError {
			var e struct {
				Code    *int    `json:"code"`
				Message *string `json:"message"`
			}
			if json.Unmarshal(m["error"], &e) != nil || e.Code == nil || e.Message == nil {
				return fmt.Errorf("message %d: malformed error object: %.300q", n, body)
			}
		}
	}
}

var contentLength = regexp.MustCompile(`(?i)Content-Length:[ \t]*([0-9]+)`)

// substituteRoot replaces rootMark by root in input, and adds to every
// Content-Length what the replacements inside its body add, so that a right
// length stays right and a wrong one stays as wrong.
func substituteRoot(input []byte, root string) []byte {
	if !bytes.Contains(input, []byte(rootMark)) {
		return input
	}
	delta := len(root) - len(rootMark)
	var out bytes.Buffer
	last := 0
	for _, m := range contentLength.FindAllSubmatchIndex(input, -1) {
		n, err := strconv.Atoi(string(input[m[2]:m[3]]))
		if err != nil || n > 1<<30 {
			continue
		}
		start := bytes.Index(input[m[1]:], []byte("\r\n\r\n"))
		if start < 0 || m[2] < last {
			continue
		}
		start += m[1] + 4
		end := min(start+n, len(input))
		k := bytes.Count(input[start:end], []byte(rootMark))
		out.Write(input[last:m[2]])
		out.WriteString(strconv.Itoa(n + k*delta))
		last = m[3]
	}
	out.Write(input[last:])
	return bytes.ReplaceAll(out.Bytes(), []byte(rootMark), []byte(root))
}

// frame frames one JSON-RPC body.
func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

func request(id any, method string, params string) string {
	ids, _ := json.Marshal(id)
	if params == "" {
		return frame(fmt.Sprintf(`{"jsonrpc":"2.0","id":%s,"method":%q}`, ids, method))
	}
	return frame(fmt.Sprintf(`{"jsonrpc":"2.0","id":%s,"method":%q,"params":%s}`, ids, method, params))
}

func notification(method string, params string) string {
	if params == "" {
		return frame(fmt.Sprintf(`{"jsonrpc":"2.0","method":%q}`, method))
	}
	return frame(fmt.Sprintf(`{"jsonrpc":"2.0","method":%q,"params":%s}`, method, params))
}

// docURI is the URI of a file of the fuzz mod, as the seeds write it.
func docURI(name string) string { return "file://" + rootMark + "/" + name }

// initializeParams are a modern editor's, with the fuzz mod as workspace.
var initializeParams = `{"processId":null,"rootUri":"` + docURI("")[:len(docURI(""))-1] + `","workspaceFolders":[{"uri":"` + docURI("")[:len(docURI(""))-1] + `","name":"fuzz"}],` +
	`"capabilities":{"workspace":{"configuration":true,"didChangeWatchedFiles":{"dynamicRegistration":true},"workspaceEdit":{"documentChanges":true}},` +
	`"window":{"workDoneProgress":true},"textDocument":{"definition":{"linkSupport":true},"documentSymbol":{"hierarchicalDocumentSymbolSupport":true},` +
	`"completion":{"completionItem":{"snippetSupport":true}},"foldingRange":{"lineFoldingOnly":true,"rangeLimit":100}}},` +
	`"initializationOptions":{"diagnostics":{"workspace":true}}}`

// protocolRequests are a request of every kind the server answers, on
// controls.pp, as (method, params).
func protocolRequests() [][2]string {
	doc := `{"uri":"` + docURI("controls.pp") + `"}`
	pos := `{"line":2,"character":12}`
	rng := `{"start":{"line":0,"character":0},"end":{"line":8,"character":0}}`
	td := `"textDocument":` + doc
	return [][2]string{
		{"textDocument/hover", `{` + td + `,"position":` + pos + `}`},
		{"textDocument/definition", `{` + td + `,"position":` + pos + `}`},
		{"textDocument/references", `{` + td + `,"position":` + pos + `,"context":{"includeDeclaration":true}}`},
		{"textDocument/documentHighlight", `{` + td + `,"position":` + pos + `}`},
		{"textDocument/completion", `{` + td + `,"position":{"line":2,"character":14},"context":{"triggerKind":2,"triggerCharacter":"."}}`},
		{"completionItem/resolve", `{"label":"query.q","data":{"x":1}}`},
		{"textDocument/signatureHelp", `{` + td + `,"position":` + pos + `}`},
		{"textDocument/documentSymbol", `{` + td + `}`},
		{"workspace/symbol", `{"query":"q"}`},
		{"textDocument/semanticTokens/full", `{` + td + `}`},
		{"textDocument/semanticTokens/range", `{` + td + `,"range":` + rng + `}`},
		{"textDocument/foldingRange", `{` + td + `}`},
		{"textDocument/selectionRange", `{` + td + `,"positions":[` + pos + `]}`},
		{"textDocument/codeAction", `{` + td + `,"range":` + rng + `,"context":{"diagnostics":[],"only":["quickfix","source.fixAll"]}}`},
		{"textDocument/codeLens", `{` + td + `}`},
		{"codeLens/resolve", `{"range":` + rng + `,"data":{"uri":"` + docURI("controls.pp") + `","line":0}}`},
		{"textDocument/formatting", `{` + td + `,"options":{"tabSize":2,"insertSpaces":true}}`},
		{"textDocument/rangeFormatting", `{` + td + `,"range":` + rng + `,"options":{"tabSize":2,"insertSpaces":true}}`},
		{"textDocument/prepareRename", `{` + td + `,"position":` + pos + `}`},
		{"textDocument/rename", `{` + td + `,"position":{"line":2,"character":20},"newName":"q2"}`},
		{"textDocument/documentLink", `{` + td + `}`},
		{"textDocument/inlayHint", `{` + td + `,"range":` + rng + `}`},
		{"modls/resources", `{}`},
		{"modls/resources", `{"parent":"group:benchmark:fuzz"}`},
		{"modls/stats", ``},
	}
}

// protocolNotifications are the notifications the server handles, as
// (method, params).
func protocolNotifications() [][2]string {
	return [][2]string{
		{"initialized", `{}`},
		{"textDocument/didOpen", `{"textDocument":{"uri":"` + docURI("controls.pp") + `","languageId":"powerpipe","version":1,"text":"control \"c\" {\n  title = \"C ${var.region}\"\n  query = query.q\n  tags  = local.tags\n}\n"}}`},
		{"textDocument/didChange", `{"textDocument":{"uri":"` + docURI("controls.pp") + `","version":2},"contentChanges":[{"range":{"start":{"line":2,"character":16},"end":{"line":2,"character":17}},"text":"é日本😀"}]}`},
		{"textDocument/didSave", `{"textDocument":{"uri":"` + docURI("controls.pp") + `"}}`},
		{"textDocument/didClose", `{"textDocument":{"uri":"` + docURI("controls.pp") + `"}}`},
		{"workspace/didChangeWatchedFiles", `{"changes":[{"uri":"` + docURI("queries.pp") + `","type":2},{"uri":"` + docURI("gone.pp") + `","type":3}]}`},
		{"workspace/didChangeConfiguration", `{"settings":{"modls":{"diagnostics":{"workspace":false}}}}`},
		{"workspace/didChangeWorkspaceFolders", `{"event":{"added":[{"uri":"` + docURI("docs") + `","name":"docs"}],"removed":[]}}`},
		{"$/setTrace", `{"value":"verbose"}`},
		{"$/cancelRequest", `{"id":3}`},
	}
}

// badParams are params of every wrong shape.
var badParams = []string{
	`null`, `[]`, `1`, `"x"`, `true`, `{}`, `[1,2,3]`,
	`{"textDocument":1}`, `{"textDocument":{"uri":5}}`, `{"textDocument":{"uri":"untitled:1"}}`,
	`{"textDocument":{"uri":"file:///%ZZ"}}`, `{"textDocument":{"uri":"file://host/share/x.pp"}}`,
	`{"textDocument":{"uri":"file:///a%00b.pp"}}`, `{"textDocument":{"uri":"` + docURI("../../etc/passwd") + `"}}`,
	`{"textDocument":{"uri":"` + docURI("controls.pp") + `"},"position":{"line":-1,"character":1e20}}`,
	`{"textDocument":{"uri":"` + docURI("controls.pp") + `"},"position":{"line":4294967295,"character":4294967295}}`,
	`{"textDocument":{"uri":"` + docURI("controls.pp") + `"},"position":"here"}`,
	`{"textDocument":{"uri":"` + docURI("controls.pp") + `"},"range":{"start":{"line":9,"character":0},"end":{"line":0,"character":0}}}`,
	`{"textDocument":{"uri":"` + docURI("controls.pp") + `","version":1},"contentChanges":[{"range":{"start":{"line":0,"character":5},"end":{"line":0,"character":1}},"text":"x"}]}`,
	`{"textDocument":{"uri":"` + docURI("controls.pp") + `","version":99},"contentChanges":[{"range":null,"text":7}]}`,
	`{"textDocument":{"uri":"` + docURI("controls.pp") + `","version":99},"contentChanges":"x"}`,
	`{"query":["q"]}`, `{"parent":{"x":1}}`, `{"newName":""}`, `{"settings":[[[]]]}`, `{"id":{"x":[1]}}`,
	`{"event":{"added":"x"}}`, `{"changes":[{"uri":"` + docURI("") + `","type":99}]}`,
	strings.Repeat("[", 100) + strings.Repeat("]", 100),
}

// protocolSeeds are the seeds of FuzzProtocol by name.
func protocolSeeds() map[string]string {
	seeds := map[string]string{}
	var all strings.Builder
	all.WriteString(request(1, "initialize", initializeParams))
	id := 2
	notes := protocolNotifications()
	all.WriteString(notification(notes[0][0], notes[0][1]))
	all.WriteString(notification(notes[1][0], notes[1][1]))
	for _, r := range protocolRequests() {
		all.WriteString(request(id, r[0], r[1]))
		id++
	}
	all.WriteString(notification(notes[2][0], notes[2][1]))
	for _, r := range protocolRequests() {
		all.WriteString(request(id, r[0], r[1]))
		id++
	}
	for _, n := range notes[3:] {
		all.WriteString(notification(n[0], n[1]))
	}
	session := all.String()
	seeds["session"] = session + request(id, "shutdown", "") + notification("exit", "")
	seeds["session-no-exit"] = session
	seeds["session-eof-mid-frame"] = session[:len(session)-17]

	// Before initialize, after shutdown, initialize twice.
	var b strings.Builder
	for i, r := range protocolRequests() {
		b.WriteString(request(i+1, r[0], r[1]))
	}
	for _, n := range protocolNotifications() {
		b.WriteString(notification(n[0], n[1]))
	}
	seeds["before-initialize"] = b.String() + request(100, "initialize", initializeParams) + request(101, "workspace/symbol", `{"query":""}`)
	b.Reset()
	b.WriteString(request(1, "initialize", initializeParams) + request(2, "shutdown", ""))
	for i, r := range protocolRequests() {
		b.WriteString(request(i+3, r[0], r[1]))
	}
	for _, n := range protocolNotifications() {
		b.WriteString(notification(n[0], n[1]))
	}
	seeds["after-shutdown"] = b.String() + request(99, "shutdown", "") + notification("exit", "")
	seeds["initialize-twice"] = request(1, "initialize", initializeParams) + notification("initialized", "{}") +
		request(2, "initialize", initializeParams) + request(3, "initialize", `{}`) + request(4, "workspace/symbol", `{"query":"c"}`)

	// Wrong params for every method, as requests and as notifications.
	for _, group := range [][][2]string{protocolRequests(), protocolNotifications()} {
		for _, r := range group {
			b.Reset()
			b.WriteString(request(1, "initialize", initializeParams))
			for i, p := range badParams {
				b.WriteString(request(i+2, r[0], p))
				b.WriteString(notification(r[0], p))
			}
			b.WriteString(request(999, "workspace/symbol", `{"query":""}`))
			seeds["bad-params-"+strings.NewReplacer("/", "-", "$", "").Replace(r[0])] = b.String()
		}
	}

	init := request(1, "initialize", initializeParams)
	// Ids and message shapes.
	seeds["ids"] = init +
		frame(`{"jsonrpc":"2.0","id":1e400,"method":"workspace/symbol","params":{"query":""}}`) +
		frame(`{"jsonrpc":"2.0","id":123456789012345678901234567890123456789,"method":"workspace/symbol","params":{"query":""}}`) +
		frame(`{"jsonrpc":"2.0","id":-0.5,"method":"modls/stats"}`) +
		frame(`{"jsonrpc":"2.0","id":"\ud800 string id \u0000","method":"modls/stats"}`) +
		frame(`{"jsonrpc":"2.0","id":null,"method":"modls/stats"}`) +
		frame(`{"jsonrpc":"2.0","id":{},"method":"modls/stats"}`) +
		frame(`{"jsonrpc":"2.0","id":[1],"method":"modls/stats"}`) +
		frame(`{"jsonrpc":"2.0","id":true,"method":"modls/stats"}`) +
		frame(`{"jsonrpc":"2.0","id":7,"method":"modls/stats"}`) + frame(`{"jsonrpc":"2.0","id":7,"method":"modls/stats"}`) +
		frame(`{"jsonrpc":"2.0","id":8,"result":{"x":1}}`) + frame(`{"jsonrpc":"2.0","id":9,"error":{"code":1,"message":"m"}}`) +
		frame(`{"jsonrpc":"2.0","id":10}`) + frame(`{"jsonrpc":"2.0","id":1,"result":null,"error":null}`)
	seeds["notifications-with-ids"] = init +
		frame(`{"jsonrpc":"2.0","id":50,"method":"initialized","params":{}}`) +
		frame(`{"jsonrpc":"2.0","id":51,"method":"textDocument/didOpen","params":{"textDocument":{"uri":"`+docURI("x.pp")+`","languageId":"powerpipe","version":1,"text":"query \"x\" {}\n"}}}`) +
		frame(`{"jsonrpc":"2.0","id":52,"method":"$/cancelRequest","params":{"id":51}}`) +
		frame(`{"jsonrpc":"2.0","id":53,"method":"exit"}`)
	seeds["nested-arrays"] = init +
		frame(`{"jsonrpc":"2.0","id":2,"method":"workspace/symbol","params":`+strings.Repeat("[", 20000)+strings.Repeat("]", 20000)+`}`) +
		frame(`{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"textDocument":`+strings.Repeat("[", 5000)+strings.Repeat("]", 5000)+`}}`) +
		frame(`{"jsonrpc":"2.0","id":4,"method":"modls/resources","params":{"parent":`+strings.Repeat(`{"a":`, 3000)+"1"+strings.Repeat("}", 3000)+`}}`) +
		request(5, "workspace/symbol", `{"query":""}`)
	seeds["unknown-methods"] = init + request(2, "no/such/method", `{}`) + notification("no/such/notification", `{}`) +
		request(3, "$/unknown", `{}`) + notification("$/unknown", `{}`) + request(4, "", `{}`) + request(5, "textDocument/declaration", `{}`) +
		request(6, "workspace/executeCommand", `{"command":"rm","arguments":["-rf","/"]}`) + request(7, "workspace/symbol", `{"query":""}`)

	// Framing.
	seeds["garbage-headers"] = init + "Garbage\r\n\r\n" + "Content-Length: abc\r\n\r\n" + "Content-Length: -5\r\n\r\n" +
		"Content-Type: application/json\r\n\r\n{}" + "content-length:  2\r\n\r\n{}" + "Content-Length: 99999999999999999999\r\n\r\n" +
		"\r\n\r\n\r\n" + "Content-Length: 2\nContent-Type: x\n\n{}" + "X-Other: 1\r\nContent-Length: 60\r\n\r\n" +
		`{"jsonrpc":"2.0","id":2,"method":"workspace/symbol","params":{}}` + request(3, "workspace/symbol", `{"query":""}`)
	body := `{"jsonrpc":"2.0","id":2,"method":"workspace/symbol","params":{"query":""}}`
	seeds["length-short"] = init + fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body)-10, body) + request(3, "modls/stats", "")
	seeds["length-long"] = init + fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body)+40, body) + request(3, "modls/stats", "") + request(4, "modls/stats", "")
	seeds["length-huge"] = init + "Content-Length: 70000000\r\n\r\n" + body
	seeds["length-zero"] = init + "Content-Length: 0\r\n\r\n" + request(3, "modls/stats", "")
	seeds["truncated"] = init + request(2, "workspace/symbol", `{"query":""}`)[:40]
	seeds["invalid-json"] = init + frame(`{`) + frame(`[]`) + frame(`null`) + frame(`1`) + frame(`"x"`) +
		frame(`{"jsonrpc":"1.0","id":1,"method":"modls/stats"}`) + frame(`{"id":1,"method":"modls/stats"}`) +
		frame(`{"jsonrpc":"2.0"}`) + frame(`{"jsonrpc":"2.0","method":5}`) + frame(`{"jsonrpc":"2.0","id":2,"method":"modls/stats","params":}`) +
		frame("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"workspace/symbol\",\"params\":{\"query\":\"\xff\xfe\"}}") +
		frame(`{"jsonrpc":"2.0","id":4,"method":"workspace/symbol","params":{"query":"x"},"params":[]}`) +
		frame(`[{"jsonrpc":"2.0","id":5,"method":"modls/stats"}]`) + request(6, "modls/stats", "")

	// Edits: out of range, reversed, in the middle of a surrogate pair,
	// whole-text, versions going back, a document never opened.
	open := notification("textDocument/didOpen", `{"textDocument":{"uri":"`+docURI("controls.pp")+`","languageId":"powerpipe","version":1,"text":"control \"c\" {\n  title = \"😀😀\"\n}\n"}}`)
	change := func(version int, changes string) string {
		return notification("textDocument/didChange", `{"textDocument":{"uri":"`+docURI("controls.pp")+`","version":`+strconv.Itoa(version)+`},"contentChanges":`+changes+`}`)
	}
	seeds["edits"] = init + open +
		change(2, `[{"range":{"start":{"line":1,"character":12},"end":{"line":1,"character":13}},"text":"x"}]`) +
		change(3, `[{"range":{"start":{"line":99,"character":0},"end":{"line":100,"character":5}},"text":"y"}]`) +
		change(4, `[{"range":{"start":{"line":1,"character":9999},"end":{"line":0,"character":0}},"text":"z"}]`) +
		change(5, `[{"text":"whole\r\ntext\r"}, {"range":{"start":{"line":1,"character":2},"end":{"line":1,"character":2}},"text":"\u0000\ud83d"}]`) +
		change(3, `[{"text":"stale"}]`) +
		notification("textDocument/didChange", `{"textDocument":{"uri":"`+docURI("never.pp")+`","version":2},"contentChanges":[{"text":"x"}]}`) +
		request(2, "textDocument/semanticTokens/full", `{"textDocument":{"uri":"`+docURI("controls.pp")+`"}}`) +
		request(3, "textDocument/formatting", `{"textDocument":{"uri":"`+docURI("controls.pp")+`"},"options":{"tabSize":0,"insertSpaces":false}}`) +
		notification("textDocument/didClose", `{"textDocument":{"uri":"`+docURI("controls.pp")+`"}}`) +
		notification("textDocument/didClose", `{"textDocument":{"uri":"`+docURI("controls.pp")+`"}}`)
	seeds["deep-document"] = init + notification("textDocument/didOpen", `{"textDocument":{"uri":"`+docURI("deep.pp")+`","languageId":"powerpipe","version":1,"text":"locals {\n  a = `+strings.Repeat("[", 3000)+`\n  b = \"${1e9999999}\"\n  c = setproduct(range(1000), range(1000), range(1000))\n}\n"}}`) +
		request(2, "textDocument/hover", `{"textDocument":{"uri":"`+docURI("deep.pp")+`"},"position":{"line":1,"character":2}}`) +
		request(3, "textDocument/formatting", `{"textDocument":{"uri":"`+docURI("deep.pp")+`"},"options":{"tabSize":2,"insertSpaces":true}}`) +
		request(4, "textDocument/documentSymbol", `{"textDocument":{"uri":"`+docURI("deep.pp")+`"}}`)
	return seeds
}

// TestWriteProtocolSeeds writes protocolSeeds to testdata/fuzz/FuzzProtocol
// when MODLS_WRITE_FUZZ_SEEDS is set; otherwise it checks that the files
// there are still what protocolSeeds gives.
func TestWriteProtocolSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzProtocol")
	write := os.Getenv("MODLS_WRITE_FUZZ_SEEDS") != ""
	for name, s := range protocolSeeds() {
		want := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", s)
		p := filepath.Join(dir, "seed-"+name)
		if write {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != want {
			t.Errorf("%s is missing or out of date: MODLS_WRITE_FUZZ_SEEDS=1 go test ./lsp -run TestWriteProtocolSeeds", p)
		}
	}
}

// TestProtocolAnswersEveryRequest: with wrong params of every shape, every
// request still gets one answer, and the session goes on.
func TestProtocolAnswersEveryRequest(t *testing.T) {
	root := testtree.New(t, fuzzModFiles)
	uri := string(fileuri.FromPath(root))[len("file://"):]
	c := startServer(t, nil)
	c.initialize(root)
	for _, r := range protocolRequests() {
		for _, p := range append([]string{r[1]}, badParams...) {
			if p == "" {
				p = "null"
			}
			params := json.RawMessage(strings.ReplaceAll(p, rootMark, uri))
			start := time.Now()
			m := c.call(r[0], params)
			if d := time.Since(start); d > requestBound { // a hang guard: 30 s, 90 s under -race
				t.Errorf("%s %s: answered in %v", r[0], p, d)
			}
			if m.Error != nil && strings.HasPrefix(m.Error.Message, "internal error in ") {
				t.Errorf("%s %s: the handler panicked: %s", r[0], p, m.Error.Message)
			}
		}
	}
	for _, n := range protocolNotifications() {
		for _, p := range badParams {
			c.notify(n[0], json.RawMessage(strings.ReplaceAll(p, rootMark, uri)))
		}
	}
	if names := symbolNames(c, "c"); len(names) == 0 {
		t.Error("the session did not go on after the bad params")
	}
}

// TestSubstituteRoot: right lengths stay right, wrong ones stay as wrong.
func TestSubstituteRoot(t *testing.T) {
	in := frame(`{"a":"`+rootMark+`/x"}`) + "Content-Length: 10\r\n\r\n" + rootMark + "zz" + "Content-Length: 3\r\n\r\n" + rootMark
	got := string(substituteRoot([]byte(in), "/tmp/long/root"))
	want := frame(`{"a":"/tmp/long/root/x"}`) + fmt.Sprintf("Content-Length: %d\r\n\r\n", 10+len("/tmp/long/root")-len(rootMark)) + "/tmp/long/rootzz" +
		"Content-Length: 3\r\n\r\n/tmp/long/root"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
