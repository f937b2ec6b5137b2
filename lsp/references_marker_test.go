package lsp

// This file registers the marker kinds of find-references, document
// highlights, rename and code lenses (scenarios in testdata/markers/
// references.txtar, rename.txtar and codelens.txtar):
//
//	@refs("text")            textDocument/references at text, declarations
//	                         included: each location as file:line:col-line:col
//	@highlight("text")       textDocument/documentHighlight at text: each
//	                         range with its kind (read, write, text)
//	@prepare("text")         textDocument/prepareRename at text: the range and
//	                         placeholder, or the error message
//	@rename("text", "new")   textDocument/rename at text to new, from the
//	                         marker's file opened in the editor: each changed
//	                         line of each file once the edits are applied, or
//	                         the error message
//	@lens                    the file's code lenses, each resolved: line,
//	                         title, and the locations the command would show

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

func init() {
	markerKinds["refs"] = markReferences
	markerKinds["highlight"] = markHighlight
	markerKinds["prepare"] = markPrepareRename
	markerKinds["rename"] = markRename
	markerKinds["lens"] = markCodeLens
}

// loc renders a location as file:line:col-line:col.
func (r *markerRun) loc(l protocol.Location) string {
	return r.rel(l.URI) + ":" + rangeText(l.Range)
}

func markReferences(r *markerRun, m marker, at string, out *strings.Builder) {
	params := r.at(m)
	params["context"] = map[string]any{"includeDeclaration": true}
	var locs []protocol.Location
	r.c.result("textDocument/references", params, &locs)
	fmt.Fprintf(out, "%s: refs(%q) ->", at, m.arg)
	if len(locs) == 0 {
		out.WriteString(" nothing")
	}
	for _, l := range locs {
		fmt.Fprintf(out, "\n\t%s", r.loc(l))
	}
	out.WriteString("\n")
}

func markHighlight(r *markerRun, m marker, at string, out *strings.Builder) {
	var hs []protocol.DocumentHighlight
	r.c.result("textDocument/documentHighlight", r.at(m), &hs)
	fmt.Fprintf(out, "%s: highlight(%q) ->", at, m.arg)
	if len(hs) == 0 {
		out.WriteString(" nothing")
	}
	kinds := map[protocol.DocumentHighlightKind]string{
		protocol.DocumentHighlightKindText: "text", protocol.DocumentHighlightKindRead: "read", protocol.DocumentHighlightKindWrite: "write",
	}
	for _, h := range hs {
		k := "none"
		if h.Kind != nil {
			k = kinds[*h.Kind]
		}
		fmt.Fprintf(out, " %s %s", rangeText(h.Range), k)
	}
	out.WriteString("\n")
}

func markPrepareRename(r *markerRun, m marker, at string, out *strings.Builder) {
	res := r.c.call("textDocument/prepareRename", r.at(m))
	fmt.Fprintf(out, "%s: prepare(%q) -> ", at, m.arg)
	if res.Error != nil {
		fmt.Fprintf(out, "error %d: %s\n", res.Error.Code, res.Error.Message)
		return
	}
	var rp *protocol.RangeWithPlaceholder
	if err := json.Unmarshal(res.Result, &rp); err != nil {
		r.t.Fatalf("%s: prepareRename answered %s: %v", at, res.Result, err)
	}
	if rp == nil {
		out.WriteString("null\n")
		return
	}
	fmt.Fprintf(out, "%s %q\n", rangeText(rp.Range), rp.Placeholder)
}

func markRename(r *markerRun, m marker, at string, out *strings.Builder) {
	r.open(m.file)
	params := r.at(m)
	params["newName"] = m.arg2
	res := r.c.call("textDocument/rename", params)
	fmt.Fprintf(out, "%s: rename(%q, %q)", at, m.arg, m.arg2)
	if res.Error != nil {
		fmt.Fprintf(out, " -> error %d: %s\n", res.Error.Code, res.Error.Message)
		return
	}
	var we *protocol.WorkspaceEdit
	if err := json.Unmarshal(res.Result, &we); err != nil {
		r.t.Fatalf("%s: rename answered %s: %v", at, res.Result, err)
	}
	if we == nil {
		out.WriteString(" -> no change\n")
		return
	}
	if len(we.DocumentChanges) > 0 {
		r.t.Fatalf("%s: documentChanges sent to a client that did not offer them", at)
	}
	out.WriteString(":\n")
	names := make([]string, 0, len(we.Changes))
	byName := map[string][]protocol.TextEdit{}
	for u, es := range we.Changes {
		names = append(names, r.rel(u))
		byName[r.rel(u)] = es
	}
	slices.Sort(names)
	for _, name := range names {
		text, ok := r.texts[name]
		if !ok {
			r.t.Fatalf("%s: rename edits %s, which is not a scenario file", at, name)
		}
		after := applyEdits(r, at, text, byName[name])
		before, lines := strings.Split(text, "\n"), strings.Split(after, "\n")
		if len(before) != len(lines) {
			r.t.Fatalf("%s: the edits of %s change its number of lines", at, name)
		}
		for i := range lines {
			if lines[i] != before[i] {
				fmt.Fprintf(out, "\t%s:%d: %s\n", name, i+1, strings.TrimSpace(lines[i]))
			}
		}
	}
}

// applyEdits applies LSP text edits to text, as a client would: all ranges
// refer to the original text and must not overlap.
func applyEdits(r *markerRun, at, text string, edits []protocol.TextEdit) string {
	li := newLineIndex([]byte(text))
	type byteEdit struct {
		s, e int
		t    string
	}
	var ss []byteEdit
	for _, e := range edits {
		ss = append(ss, byteEdit{li.offset([]byte(text), e.Range.Start), li.offset([]byte(text), e.Range.End), e.NewText})
	}
	slices.SortFunc(ss, func(a, b byteEdit) int { return a.s - b.s })
	var b strings.Builder
	last := 0
	for _, s := range ss {
		if s.s < last {
			r.t.Fatalf("%s: overlapping edits at byte %d", at, s.s)
		}
		b.WriteString(text[last:s.s])
		b.WriteString(s.t)
		last = s.e
	}
	b.WriteString(text[last:])
	return b.String()
}

func markCodeLens(r *markerRun, m marker, at string, out *strings.Builder) {
	var lenses []protocol.CodeLens
	r.c.result("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": r.uri(m.file)}}, &lenses)
	fmt.Fprintf(out, "%s: lenses:\n", at)
	for _, l := range lenses {
		if l.Command != nil || l.Data == nil {
			r.t.Fatalf("%s: textDocument/codeLens answered a lens with a command or without data: %+v", at, l)
		}
		r.c.result("codeLens/resolve", l, &l)
		if l.Command == nil {
			r.t.Fatalf("%s: codeLens/resolve answered a lens without a command: %+v", at, l)
		}
		args, _ := json.Marshal(l.Command.Arguments)
		var parsed []json.RawMessage
		var uri protocol.DocumentUri
		var pos protocol.Position
		var locs []protocol.Location
		if json.Unmarshal(args, &parsed) != nil || len(parsed) != 3 ||
			json.Unmarshal(parsed[0], &uri) != nil || json.Unmarshal(parsed[1], &pos) != nil || json.Unmarshal(parsed[2], &locs) != nil {
			r.t.Fatalf("%s: lens arguments %s are not [uri, position, locations]", at, args)
		}
		if uri != r.uri(m.file) || l.Command.Command != "modls.showReferences" {
			r.t.Fatalf("%s: lens command %s on %s, want modls.showReferences on %s", at, l.Command.Command, uri, r.uri(m.file))
		}
		fmt.Fprintf(out, "\t%d: %q at %d:%d ->", l.Range.Start.Line+1, l.Command.Title, pos.Line+1, pos.Character+1)
		if len(locs) == 0 {
			out.WriteString(" nothing")
		}
		for _, loc := range locs {
			fmt.Fprintf(out, " %s", r.loc(loc))
		}
		out.WriteString("\n")
	}
}
