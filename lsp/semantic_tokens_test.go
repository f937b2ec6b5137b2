package lsp

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/modls/modls/internal/corpus"
	"github.com/modls/modls/internal/fileuri"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// semanticToken is one decoded token: an absolute line and UTF-16
// character.
type semanticToken struct {
	line, char, length, typ int
	mods                    uint32
}

// decodeSemanticTokens decodes LSP's relative quintuples against text and
// checks that they are well-formed: whole quintuples, positions that only
// move forward, tokens that do not overlap, lie within one line of text
// (in UTF-16 units) and are not empty, types and modifiers of the legend.
func decodeSemanticTokens(text string, data []protocol.UInteger) ([]semanticToken, error) {
	if len(data)%5 != 0 {
		return nil, fmt.Errorf("%d integers: not quintuples", len(data))
	}
	lines := strings.Split(text, "\n")
	widths := make([]int, len(lines))
	for i, l := range lines {
		widths[i] = len(utf16.Encode([]rune(strings.TrimSuffix(l, "\r"))))
	}
	var out []semanticToken
	line, char, end := 0, 0, 0
	for i := 0; i < len(data); i += 5 {
		dl, dc, n, typ, mods := int(data[i]), int(data[i+1]), int(data[i+2]), int(data[i+3]), data[i+4]
		if dl > 0 {
			line, char, end = line+dl, dc, 0
		} else {
			char += dc
		}
		switch {
		case int32(data[i]) < 0 || int32(data[i+1]) < 0:
			return out, fmt.Errorf("token %d: negative delta", i/5)
		case line >= len(lines):
			return out, fmt.Errorf("token %d: line %d past the end (%d lines)", i/5, line+1, len(lines))
		case n <= 0:
			return out, fmt.Errorf("token %d at %d:%d: empty", i/5, line+1, char+1)
		case char < end:
			return out, fmt.Errorf("token %d at %d:%d: overlaps the previous token", i/5, line+1, char+1)
		case char+n > widths[line]:
			return out, fmt.Errorf("token %d at %d:%d: length %d passes the end of the line (%d)", i/5, line+1, char+1, n, widths[line])
		case typ >= len(semanticTypes):
			return out, fmt.Errorf("token %d at %d:%d: type %d outside the legend", i/5, line+1, char+1, typ)
		case mods >= 1<<len(semanticModifiers):
			return out, fmt.Errorf("token %d at %d:%d: modifiers %b outside the legend", i/5, line+1, char+1, mods)
		}
		end = char + n
		out = append(out, semanticToken{line, char, n, typ, mods})
	}
	return out, nil
}

// tokenText returns the text of token t of text.
func tokenText(text string, t semanticToken) string {
	return lineText(strings.Split(text, "\n")[t.line], t)
}

// lineText returns the text of token t on its line.
func lineText(line string, t semanticToken) string {
	u := utf16.Encode([]rune(line))
	return string(utf16.Decode(u[t.char : t.char+t.length]))
}

// tokenKind renders a token's type and modifiers as type.mod.mod.
func tokenKind(t semanticToken) string {
	s := semanticTypes[t.typ]
	for i, m := range semanticModifiers {
		if t.mods&(1<<i) != 0 {
			s += "." + m
		}
	}
	return s
}

// TestSemanticTokensCorpus: every file of both corpus mods gets well-formed
// tokens, and what the tokens say agrees with their text.
func TestSemanticTokensCorpus(t *testing.T) {
	for _, m := range corpus.Mods(t) {
		dir := corpus.Mod(t, m)
		files, tokens := 0, 0
		seen := map[string]bool{}
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".pp") || strings.HasSuffix(path, ".sp")) {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			text := string(src)
			toks, err := decodeSemanticTokens(text, semanticTokens(src, newLineIndex(src), 0, len(src)))
			if err != nil {
				t.Errorf("%s: %v", path, err)
				return nil
			}
			lines := strings.Split(text, "\n")
			for _, tok := range toks {
				word := lineText(lines[tok.line], tok)
				kind := tokenKind(tok)
				seen[kind] = true
				if msg := implausible(kind, word); msg != "" {
					t.Errorf("%s:%d:%d: %s %q: %s", path, tok.line+1, tok.char+1, kind, word, msg)
				}
			}
			files++
			tokens += len(toks)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d files, %d tokens", m, files, tokens)
		// Real mods use every kind of token modls sends, SQL included.
		for _, want := range []string{"namespace", "class.declaration.definition", "property", "type", "class",
			"variable.defaultLibrary", "variable.readonly", "function.defaultLibrary", "string", "keyword", "comment"} {
			if !seen[want] {
				t.Errorf("%s: no %s token", m, want)
			}
		}
	}
}

// implausible says what is wrong with a token of kind whose text is word,
// or "".
func implausible(kind, word string) string {
	typ, _, _ := strings.Cut(kind, ".")
	switch typ {
	case "namespace", "type", "class", "property", "variable", "parameter", "function", "enumMember":
		if typ == "parameter" && len(word) > 1 && word[0] == '$' && strings.Trim(word[1:], "0123456789") == "" {
			return "" // $1 of SQL
		}
		if quoted := len(word) >= 2 && word[0] == '"' && word[len(word)-1] == '"'; !quoted && !isName(word) {
			return "neither a name nor a quoted label"
		}
	case "string":
		if strings.ContainsAny(word, "\r\n") {
			return "a line break in a string token"
		}
	case "number":
		if strings.Trim(word, "0123456789.eE+-") != "" {
			return "not a number"
		}
	case "keyword", "operator":
		if strings.ContainsAny(word, " \t\"'") {
			return "not one word"
		}
	}
	return ""
}

// isName reports whether w is an identifier: letters, digits, _ and -
// (any non-ASCII character counts as a letter), not starting with a digit.
func isName(w string) bool {
	if w == "" || w[0] >= '0' && w[0] <= '9' {
		return false
	}
	for _, c := range w {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c >= 0x80) {
			return false
		}
	}
	return true
}

// TestSemanticTokensEncoding: positions are UTF-16 columns relative to the
// previous token; a block comment is sent one piece per line; CRLF line
// breaks are not part of any token; a range request sends the tokens that
// overlap it.
func TestSemanticTokensEncoding(t *testing.T) {
	text := "locals {\r\n  a = \"é🎉\" == var.x /* one\r\n  two */ ? 1 : 2\r\n}\r\n"
	src := []byte(text)
	data := semanticTokens(src, newLineIndex(src), 0, len(src))
	toks, err := decodeSemanticTokens(text, data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tok := range toks {
		got = append(got, fmt.Sprintf("%d:%d %s %s", tok.line+1, tok.char+1, tokenKind(tok), tokenText(text, tok)))
	}
	want := []string{
		"1:1 namespace locals",
		"2:3 variable.declaration.definition.readonly a",
		"2:7 string \"é🎉\"",
		"2:13 operator ==",
		"2:16 variable.defaultLibrary var",
		"2:20 variable.readonly x",
		"2:22 comment /* one",
		"3:1 comment   two */",
		"3:10 operator ?",
		"3:12 number 1",
		"3:14 operator :",
		"3:16 number 2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("tokens:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The first token's deltas are absolute; the others relative.
	if data[0] != 0 || data[1] != 0 || data[5] != 1 || data[6] != 2 || data[10] != 0 || data[11] != 4 {
		t.Errorf("relative encoding: %v", data[:15])
	}
	li := newLineIndex(src)
	from, to := li.offset(src, protocol.Position{Line: 2, Character: 0}), li.offset(src, protocol.Position{Line: 3, Character: 0})
	part, err := decodeSemanticTokens(text, semanticTokens(src, li, from, to))
	if err != nil {
		t.Fatal(err)
	}
	// The comment overlaps the range: both its pieces are sent.
	if len(part) != 6 || part[0].line != 1 || part[1].line != 2 || tokenText(text, part[5]) != "2" {
		t.Errorf("range tokens: %v", part)
	}
}

// TestSemanticTokensCapability: initialize advertises full and range
// requests with the legend, and the handlers answer through the protocol,
// for an open document and for a file only on disk.
func TestSemanticTokensCapability(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "mod.pp"), []byte("mod \"m\" {\n  title = \"M\"\n}\n"), 0o644)
	c := startServer(t, nil)
	res := c.initialize(dir)
	caps, _ := res["capabilities"].(map[string]any)
	st, _ := caps["semanticTokensProvider"].(map[string]any)
	legend, _ := st["legend"].(map[string]any)
	if st["full"] != true || st["range"] != true || fmt.Sprint(legend["tokenTypes"]) != fmt.Sprint(semanticTypes) ||
		fmt.Sprint(legend["tokenModifiers"]) != fmt.Sprint(semanticModifiers) {
		t.Errorf("semanticTokensProvider: %v", caps["semanticTokensProvider"])
	}
	if _, ok := caps["documentLinkProvider"].(map[string]any); !ok {
		t.Errorf("documentLinkProvider: %v", caps["documentLinkProvider"])
	}
	uri := fileuri.FromPath(filepath.Join(dir, "mod.pp"))
	var disk protocol.SemanticTokens
	c.result("textDocument/semanticTokens/full", map[string]any{"textDocument": map[string]any{"uri": uri}}, &disk)
	if len(disk.Data) != 4*5 {
		t.Errorf("tokens of the file on disk: %v", disk.Data)
	}
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": "mod \"m\" {}\n"}})
	var open protocol.SemanticTokens
	c.result("textDocument/semanticTokens/full", map[string]any{"textDocument": map[string]any{"uri": uri}}, &open)
	if len(open.Data) != 2*5 {
		t.Errorf("tokens of the open document: %v", open.Data)
	}
}
