package lsp

// This file defines the open-document overlays: the text and version of each
// document as the editor has it, the didChange edits that move it forward,
// and the conversion between file:// URIs and file paths.

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// document is one open text document: its text and version as the editor
// has it.
//
// uri and path never change; mu guards the rest, so apply and snapshot may
// run concurrently.
//
// Invariant: text is never modified in place once it is set, and neither is
// the line index, so the pair snapshot returns stays valid after later edits.
type document struct {
	uri  protocol.DocumentUri
	path string // file path from the file:// URI

	mu      sync.Mutex
	version protocol.Integer
	text    []byte
	lines   *lineIndex // for text; nil until needed after a whole-text change
	enc     encoding   // unit of the client's positions; the zero value is UTF-16
}

// newDocument returns the document a didOpen describes.
func newDocument(uri protocol.DocumentUri, version protocol.Integer, text string) (*document, error) {
	p, err := uriToPath(uri)
	if err != nil {
		return nil, err
	}
	return &document{uri: uri, path: p, version: version, text: []byte(text)}, nil
}

// snapshot returns the current text and its line index, building the index
// if a whole-text change left it out of date. Neither is ever modified.
func (d *document) snapshot() ([]byte, *lineIndex) {
	text, li, _ := d.versioned()
	return text, li
}

// versioned is snapshot with the version the text has.
func (d *document) versioned() ([]byte, *lineIndex, protocol.Integer) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.lines == nil {
		d.lines = newLineIndexEnc(d.text, d.enc)
	}
	return d.text, d.lines, d.version
}

// apply applies the content changes of one didChange in order: each is a
// range (in the client's position encoding) and its replacement, or a
// whole-text replacement, and each sees the text the previous ones produced.
// changes holds protocol.TextDocumentContentChangeEvent or
// protocol.TextDocumentContentChangeEventWhole values, as glsp decodes
// DidChangeTextDocumentParams, pointers to them, or the map[string]any of a
// generic JSON decoding.
//
// version must be greater than the current one. A range out of bounds is
// clamped as lineIndex.offset clamps; a range whose end precedes its start is
// an error. The batch is atomic: on error the document is unchanged.
//
// Cost: the first ranged change copies the text once (into a buffer with
// room to grow) and the line table once; later changes of the same batch edit
// those copies in place. Converting a range costs O(log lines + line length).
func (d *document) apply(version protocol.Integer, changes []any) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if version <= d.version {
		return fmt.Errorf("document %s: version %d is not greater than the current version %d", d.uri, version, d.version)
	}
	text, lines := d.text, d.lines
	// Whether text and lines are this batch's own copies, free to edit in place.
	textOwned, linesOwned := false, false
	for i, ch := range changes {
		c, err := decodeChange(ch)
		if err != nil {
			return fmt.Errorf("document %s: change %d: %w", d.uri, i, err)
		}
		if c.rng == nil {
			text, lines, textOwned = []byte(c.text), nil, true
			continue
		}
		if lines == nil {
			lines, linesOwned = newLineIndexEnc(text, d.enc), true
		}
		start, end := c.rng.Start, c.rng.End
		if end.Line < start.Line || end.Line == start.Line && end.Character < start.Character {
			return fmt.Errorf("document %s: change %d: range end %d:%d precedes its start %d:%d",
				d.uri, i, end.Line, end.Character, start.Line, start.Character)
		}
		s, e := lines.offset(text, start), lines.offset(text, end)
		if e < s {
			// Unreachable: offset is monotonic in the position.
			return fmt.Errorf("document %s: change %d: range %d:%d-%d:%d maps to bytes %d-%d",
				d.uri, i, start.Line, start.Character, end.Line, end.Character, s, e)
		}
		text = splice(text, s, e, c.text, textOwned)
		lines = lines.edit(text, s, e, len(c.text), linesOwned)
		textOwned, linesOwned = true, true
	}
	d.text, d.lines, d.version = text, lines, version
	return nil
}

// splice returns text with text[s:e] replaced by ins. If owned, text's
// backing array may be reused; otherwise the result is a new slice with room
// for later splices.
func splice(text []byte, s, e int, ins string, owned bool) []byte {
	n := len(text) - (e - s) + len(ins)
	if !owned || n > cap(text) {
		out := make([]byte, n, n+n/16+64)
		copy(out, text[:s])
		copy(out[s:], ins)
		copy(out[s+len(ins):], text[e:])
		return out
	}
	old := text
	text = text[:n]
	copy(text[s+len(ins):], old[e:]) // a memmove: the two may overlap
	copy(text[s:], ins)
	return text
}

// change is one decoded content change: rng is nil for a whole-text change.
type change struct {
	rng  *protocol.Range
	text string
}

// decodeChange accepts the forms a content change arrives in.
func decodeChange(ch any) (change, error) {
	switch c := ch.(type) {
	case protocol.TextDocumentContentChangeEvent:
		return change{rng: c.Range, text: c.Text}, nil
	case *protocol.TextDocumentContentChangeEvent:
		if c != nil {
			return change{rng: c.Range, text: c.Text}, nil
		}
	case protocol.TextDocumentContentChangeEventWhole:
		return change{text: c.Text}, nil
	case *protocol.TextDocumentContentChangeEventWhole:
		if c != nil {
			return change{text: c.Text}, nil
		}
	case map[string]any:
		return decodeChangeMap(c)
	}
	return change{}, fmt.Errorf("unsupported content change %T", ch)
}

// decodeChangeMap decodes a content change from generic JSON.
func decodeChangeMap(m map[string]any) (change, error) {
	text, ok := m["text"].(string)
	if !ok {
		return change{}, errors.New(`content change without a string "text"`)
	}
	rv, ok := m["range"]
	if !ok || rv == nil {
		return change{text: text}, nil
	}
	rm, ok := rv.(map[string]any)
	if !ok {
		return change{}, fmt.Errorf(`content change "range" is %T, not an object`, rv)
	}
	start, err := decodePositionMap(rm["start"])
	if err != nil {
		return change{}, fmt.Errorf("range start: %w", err)
	}
	end, err := decodePositionMap(rm["end"])
	if err != nil {
		return change{}, fmt.Errorf("range end: %w", err)
	}
	return change{rng: &protocol.Range{Start: start, End: end}, text: text}, nil
}

// decodePositionMap decodes {"line": n, "character": n} from generic JSON.
func decodePositionMap(v any) (protocol.Position, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return protocol.Position{}, fmt.Errorf("position is %T, not an object", v)
	}
	line, err := decodeUInteger(m["line"])
	if err != nil {
		return protocol.Position{}, fmt.Errorf("line: %w", err)
	}
	char, err := decodeUInteger(m["character"])
	if err != nil {
		return protocol.Position{}, fmt.Errorf("character: %w", err)
	}
	return protocol.Position{Line: line, Character: char}, nil
}

// decodeUInteger decodes a JSON number that must be a uinteger.
func decodeUInteger(v any) (protocol.UInteger, error) {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case int:
		f = float64(n)
	case int64:
		f = float64(n)
	case uint32:
		return n, nil
	default:
		return 0, fmt.Errorf("%T is not a number", v)
	}
	if f < 0 || f > 1<<32-1 || f != float64(uint32(f)) {
		return 0, fmt.Errorf("%v is not a uinteger", f)
	}
	return protocol.UInteger(f), nil
}

// uriToPath returns the file path of a file:// URI: percent-escapes decoded,
// the path cleaned, and on Windows a drive letter kept as sent
// (file:///c%3A/x → c:\x) and a host made a UNC path (file://h/s/x →
// \\h\s\x). A query or fragment is not recognized: "?" and "#" belong to the
// path, since editors escape them and a file name may contain them.
func uriToPath(uri protocol.DocumentUri) (string, error) {
	return uriToPathOS(uri, runtime.GOOS == "windows")
}

// uriToPathOS is uriToPath for Windows paths or for slash-separated ones.
func uriToPathOS(uri protocol.DocumentUri, windows bool) (string, error) {
	const scheme = "file:"
	if len(uri) < len(scheme) || !strings.EqualFold(uri[:len(scheme)], scheme) {
		return "", fmt.Errorf("URI %q: not a file:// URI", uri)
	}
	rest := uri[len(scheme):]
	host := ""
	if strings.HasPrefix(rest, "//") {
		rest = rest[2:]
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			i = len(rest)
		}
		host, rest = rest[:i], rest[i:]
		if windows && hasDrive(host) {
			host, rest = "", "/"+host+rest // file://c:/x, as some clients send it
		}
	}
	p, err := unescape(rest)
	if err != nil {
		return "", fmt.Errorf("URI %q: %w", uri, err)
	}
	if host, err = unescape(host); err != nil {
		return "", fmt.Errorf("URI %q: %w", uri, err)
	}
	if strings.EqualFold(host, "localhost") {
		host = ""
	}
	if !strings.HasPrefix(p, "/") {
		return "", fmt.Errorf("URI %q: path is not absolute", uri)
	}
	if strings.IndexByte(p, 0) >= 0 || strings.IndexByte(host, 0) >= 0 {
		return "", fmt.Errorf("URI %q: path contains NUL", uri)
	}
	p = path.Clean(p)
	if !windows {
		if host != "" {
			return "", fmt.Errorf("URI %q: host %q is not this machine", uri, host)
		}
		return p, nil
	}
	if host != "" {
		return `\\` + host + strings.ReplaceAll(p, "/", `\`), nil
	}
	if hasDrive(p[1:]) {
		p = p[1:] // "/c:/x" → "c:/x"
		if len(p) == 2 {
			p += "/" // the drive's root, not its current directory
		}
	}
	return strings.ReplaceAll(p, "/", `\`), nil
}

// hasDrive reports whether p starts with a drive letter and a colon, followed
// by a slash or nothing.
func hasDrive(p string) bool {
	return len(p) >= 2 && p[1] == ':' &&
		('a' <= p[0] && p[0] <= 'z' || 'A' <= p[0] && p[0] <= 'Z') &&
		(len(p) == 2 || p[2] == '/')
}

// unescape decodes the %XX escapes of s (and nothing else: "+" stays "+").
func unescape(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) || unhex(s[i+1]) < 0 || unhex(s[i+2]) < 0 {
			return "", fmt.Errorf("invalid escape %q", s[i:min(i+3, len(s))])
		}
		b.WriteByte(byte(unhex(s[i+1])<<4 | unhex(s[i+2])))
		i += 2
	}
	return b.String(), nil
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return int(c - 'A' + 10)
	}
	return -1
}

// pathToURI returns the file:// URI of an absolute file path, escaping every
// byte but letters, digits, "-._~", "/" and ":" (so spaces, "#", "?", "%"
// and non-ASCII are escaped). A Windows path keeps its drive letter as given
// (c:\x → file:///c:/x) and a UNC path becomes the URI's host. Editors
// compare URIs by parsing them, but a reply about an open document should
// still echo the URI the editor sent.
//
// Precondition: path is absolute; a relative one is taken relative to the
// working directory.
func pathToURI(path string) protocol.DocumentUri {
	if !filepath.IsAbs(path) {
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
	}
	return pathToURIOS(path, runtime.GOOS == "windows")
}

// pathToURIOS is pathToURI for Windows paths or for slash-separated ones.
func pathToURIOS(p string, windows bool) protocol.DocumentUri {
	host := ""
	if windows {
		p = strings.ReplaceAll(p, `\`, "/")
		if strings.HasPrefix(p, "//") { // UNC: //host/share/x
			rest := p[2:]
			i := strings.IndexByte(rest, '/')
			if i < 0 {
				i = len(rest)
			}
			host, p = rest[:i], rest[i:]
		} else if hasDrive(p) {
			p = "/" + p
		}
	}
	return "file://" + escape(host) + escape(p)
}

// escape percent-escapes s for a URI path. Most paths need nothing
// escaped: they are returned as they are, without a copy.
func escape(s string) string {
	const hex = "0123456789ABCDEF"
	i := 0
	for i < len(s) && uriSafe(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if uriSafe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// uriSafe reports whether c stands as it is in a URI path.
func uriSafe(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == ':'
}
