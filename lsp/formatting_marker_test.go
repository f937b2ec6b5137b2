package lsp

// This file registers the marker kinds of formatting, folding ranges and
// selection ranges:
//
//	@format           textDocument/formatting of the file: the edits, then
//	                  the file as the edits leave it; "null" when the server
//	                  declines (syntax errors)
//	@format("crlf")   the same, with the file opened with "\r\n" line
//	                  breaks (shown as ␍)
//	@formatrange      textDocument/rangeFormatting of the marker's line
//	@formatrange("N") … of the marker's line and the N-1 lines after it
//	@fold             the file's folding ranges (the marker client does
//	                  not declare lineFoldingOnly: ranges carry characters)
//	@fold("crlf")     the same, with the file opened with "\r\n"
//	@select("text")   the selection range chain one character into the
//	                  first occurrence of text on the line, innermost first
//
// A file takes one of @format, @format("crlf") or @fold("crlf"), since each
// opens it.

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

func init() {
	markerKinds["format"] = markFormat
	markerKinds["formatrange"] = markFormatRange
	markerKinds["fold"] = markFold
	markerKinds["select"] = markSelect
}

// openAs opens a scenario file with "\r\n" line breaks when crlf is set,
// and returns the text the server has.
func (r *markerRun) openAs(m marker, crlf bool) string {
	text := r.texts[m.file]
	if !crlf {
		r.open(m.file)
		return text
	}
	if r.opened[m.file] {
		r.t.Fatalf("%s:%d: file already opened without crlf", m.file, m.line+1)
	}
	r.opened[m.file] = true
	text = strings.ReplaceAll(text, "\n", "\r\n")
	r.c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": r.uri(m.file), "languageId": "powerpipe", "version": 1, "text": text}})
	return text
}

func markFormat(r *markerRun, m marker, at string, out *strings.Builder) {
	text := r.openAs(m, m.arg == "crlf")
	head := fmt.Sprintf("%s: format(%q)", at, m.arg)
	if m.arg == "" {
		head = at + ": format"
	}
	msg := r.c.call("textDocument/formatting", map[string]any{
		"textDocument": map[string]any{"uri": r.uri(m.file)},
		"options":      map[string]any{"tabSize": 4, "insertSpaces": true},
	})
	writeEdits(r, msg, text, head, out)
}

func markFormatRange(r *markerRun, m marker, at string, out *strings.Builder) {
	text := r.openAs(m, false)
	n := 1
	if m.arg != "" {
		var err error
		if n, err = strconv.Atoi(m.arg); err != nil || n < 1 {
			r.t.Fatalf("%s: @formatrange takes a number of lines, not %q", at, m.arg)
		}
	}
	msg := r.c.call("textDocument/rangeFormatting", map[string]any{
		"textDocument": map[string]any{"uri": r.uri(m.file)},
		"range":        map[string]any{"start": map[string]any{"line": m.line, "character": 0}, "end": map[string]any{"line": m.line + n, "character": 0}},
		"options":      map[string]any{"tabSize": 2, "insertSpaces": true},
	})
	writeEdits(r, msg, text, fmt.Sprintf("%s: formatrange(lines %d-%d)", at, m.line+1, m.line+n), out)
}

// writeEdits renders a formatting answer: each edit, then the text they
// produce.
func writeEdits(r *markerRun, msg *message, text, head string, out *strings.Builder) {
	if msg.Error != nil {
		r.t.Fatalf("%s: error %d: %s", head, msg.Error.Code, msg.Error.Message)
	}
	if string(msg.Result) == "null" {
		fmt.Fprintf(out, "%s: null\n", head)
		return
	}
	var edits []protocol.TextEdit
	if err := json.Unmarshal(msg.Result, &edits); err != nil {
		r.t.Fatalf("%s: %v", head, err)
	}
	fmt.Fprintf(out, "%s: %d edits\n", head, len(edits))
	for _, e := range edits {
		fmt.Fprintf(out, "\t%s %q\n", rangeText(e.Range), e.NewText)
	}
	if len(edits) == 0 {
		return
	}
	got := applyFormatEdits(r, text, edits)
	for _, l := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if l = strings.ReplaceAll(l, "\r", "␍"); l != "" {
			fmt.Fprintf(out, "\t| %s\n", l)
		} else {
			out.WriteString("\t|\n")
		}
	}
}

// applyFormatEdits applies LSP edits (UTF-16 positions) to text as a client
// would, checking that they do not overlap.
func applyFormatEdits(r *markerRun, text string, edits []protocol.TextEdit) string {
	b := []byte(text)
	li := newLineIndex(b)
	type edit struct {
		s, e int
		t    string
	}
	var es []edit
	for _, e := range edits {
		es = append(es, edit{li.offset(b, e.Range.Start), li.offset(b, e.Range.End), e.NewText})
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].s < es[j].s })
	var sb strings.Builder
	last := 0
	for _, e := range es {
		if e.s < last || e.e < e.s {
			r.t.Fatalf("overlapping or inverted edits: %v", edits)
		}
		sb.WriteString(text[last:e.s])
		sb.WriteString(e.t)
		last = e.e
	}
	sb.WriteString(text[last:])
	return sb.String()
}

func markFold(r *markerRun, m marker, at string, out *strings.Builder) {
	text := r.openAs(m, m.arg == "crlf")
	var folds []protocol.FoldingRange
	r.c.result("textDocument/foldingRange", map[string]any{"textDocument": map[string]any{"uri": r.uri(m.file)}}, &folds)
	fmt.Fprintf(out, "%s: fold(%q): %d ranges\n", at, m.arg, len(folds))
	lines := strings.Split(text, "\n")
	for _, f := range folds {
		kind := "code"
		if f.Kind != nil {
			kind = *f.Kind
		}
		sc, ec := "", ""
		if f.StartCharacter != nil {
			sc = fmt.Sprintf(":%d", *f.StartCharacter+1)
		}
		if f.EndCharacter != nil {
			ec = fmt.Sprintf(":%d", *f.EndCharacter+1)
		}
		first := ""
		if int(f.StartLine) < len(lines) {
			first = strings.TrimSpace(strings.TrimSuffix(lines[f.StartLine], "\r"))
		}
		fmt.Fprintf(out, "\t%d%s-%d%s %s | %s\n", f.StartLine+1, sc, f.EndLine+1, ec, kind, first)
	}
}

func markSelect(r *markerRun, m marker, at string, out *strings.Builder) {
	r.open(m.file)
	var sels []protocol.SelectionRange
	p := r.position(m)
	r.c.result("textDocument/selectionRange", map[string]any{
		"textDocument": map[string]any{"uri": r.uri(m.file)},
		"positions":    []any{p},
	}, &sels)
	if len(sels) != 1 {
		r.t.Fatalf("%s: %d selection ranges for one position", at, len(sels))
	}
	fmt.Fprintf(out, "%s: select(%q):\n", at, m.arg)
	text := []byte(r.texts[m.file])
	li := newLineIndex(text)
	var prev *protocol.Range
	for s := &sels[0]; s != nil; s = s.Parent {
		from, to := li.offset(text, s.Range.Start), li.offset(text, s.Range.End)
		if prev != nil && (li.offset(text, prev.Start) < from || li.offset(text, prev.End) > to) {
			r.t.Errorf("%s: %s does not contain %s", at, rangeText(s.Range), rangeText(*prev))
		}
		fmt.Fprintf(out, "\t%s %s\n", rangeText(s.Range), snippet(string(text[from:to])))
		prev = &s.Range
	}
}

// snippet quotes a span's text on one line, shortened in the middle.
func snippet(s string) string {
	s = strings.ReplaceAll(s, "\n", "⏎")
	if rs := []rune(s); len(rs) > 60 {
		s = string(rs[:28]) + " … " + string(rs[len(rs)-28:])
	}
	return "«" + s + "»"
}
