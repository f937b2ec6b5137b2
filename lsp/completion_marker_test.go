package lsp

// This file registers the marker kinds of completion and signature help:
//
//	@complete("text")  completion with the cursor at the END of the first
//	                   occurrence of text on the line ("" puts it at the end
//	                   of the line's indentation), from the marker client,
//	                   which declares no snippet support: plain-text items
//	@snippet("text")   the same from a second client, on the same folder,
//	                   that declares snippetSupport
//	@resolve("text|label")  completion there, then completionItem/resolve of
//	                   the item labelled label: its documentation
//	@sig("text")       signature help with the cursor at the end of text
//
// The answers list each item's label, kind, detail, and the text it inserts
// when that is not the label; the range the items replace is printed once
// per list (and on an item whose range differs).

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/modls/modls/internal/fileuri"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

func init() {
	markerKinds["complete"] = markComplete
	markerKinds["snippet"] = markSnippet
	markerKinds["resolve"] = markResolve
	markerKinds["sig"] = markSignature
}

// maxMarkerItems bounds the items a completion answer prints.
const maxMarkerItems = 25

// snippetClients holds, per scenario, the client that declares snippet
// support.
var snippetClients sync.Map // *markerRun → *testClient

// snippetClient returns the scenario's client with snippet support,
// starting its server on first use.
func (r *markerRun) snippetClient() *testClient {
	if c, ok := snippetClients.Load(r); ok {
		return c.(*testClient)
	}
	c := startServer(r.t, nil)
	c.initializeSnippets(r.dir)
	snippetClients.Store(r, c)
	r.t.Cleanup(func() { snippetClients.Delete(r) })
	return c
}

// initializeSnippets runs the handshake for the folder root as a client
// that declares snippet support in completion items.
func (c *testClient) initializeSnippets(root string) {
	c.t.Helper()
	c.result("initialize", map[string]any{
		"processId": nil,
		"rootUri":   string(fileuri.FromPath(root)),
		"capabilities": map[string]any{
			"textDocument": map[string]any{
				"completion": map[string]any{"completionItem": map[string]any{"snippetSupport": true}},
			},
		},
	}, nil)
	c.notify("initialized", map[string]any{})
}

// endOf is the position at the end of the first occurrence of text on
// marker m's line, or at the end of its indentation when text is empty.
func (r *markerRun) endOf(m marker, text string) map[string]any {
	line := strings.Split(r.texts[m.file], "\n")[m.line]
	i := len(line) - len(strings.TrimLeft(line, " \t"))
	if text != "" {
		i = strings.Index(line, text)
		if i < 0 {
			r.t.Fatalf("%s:%d: %q not on the line", m.file, m.line+1, text)
		}
		i += len(text)
	}
	p := newLineIndex([]byte(line)).position([]byte(line), i)
	return map[string]any{
		"textDocument": map[string]any{"uri": r.uri(m.file)},
		"position":     map[string]any{"line": m.line, "character": p.Character},
	}
}

// cursorOf returns the position of text document position params.
func cursorOf(params map[string]any) protocol.Position {
	p := params["position"].(map[string]any)
	return protocol.Position{Line: protocol.UInteger(p["line"].(int)), Character: p["character"].(protocol.UInteger)}
}

// completionItem is an item as the marker tests read it.
type completionItem struct {
	Label            string
	Kind             int
	Detail           string
	FilterText       string
	SortText         string
	InsertTextFormat int
	Tags             []int
	TextEdit         struct {
		Range   protocol.Range
		NewText string
	}
	Data          json.RawMessage
	Documentation *struct{ Kind, Value string }
}

var completionKindNames = map[int]string{
	3: "function", 5: "field", 6: "variable", 7: "block", 9: "module", 10: "attribute",
	14: "keyword", 18: "reference", 20: "value", 21: "constant", 25: "param",
}

func markComplete(r *markerRun, m marker, at string, out *strings.Builder) {
	writeCompletion(r.c, r.endOf(m, m.arg), fmt.Sprintf("%s: complete(%q)", at, m.arg), out)
}

func markSnippet(r *markerRun, m marker, at string, out *strings.Builder) {
	writeCompletion(r.snippetClient(), r.endOf(m, m.arg), fmt.Sprintf("%s: snippet(%q)", at, m.arg), out)
}

// completeAt asks c for completion at params; raw holds the items as the
// server sent them.
func completeAt(c *testClient, params map[string]any) (items []completionItem, raw []json.RawMessage, incomplete bool) {
	var l struct {
		IsIncomplete bool
		Items        []json.RawMessage
	}
	c.result("textDocument/completion", params, &l)
	items = make([]completionItem, len(l.Items))
	for i, r := range l.Items {
		if err := json.Unmarshal(r, &items[i]); err != nil {
			c.t.Fatalf("completion item %s: %v", r, err)
		}
	}
	return items, l.Items, l.IsIncomplete
}

func writeCompletion(c *testClient, params map[string]any, head string, out *strings.Builder) {
	items, _, incomplete := completeAt(c, params)
	out.WriteString(head)
	if incomplete {
		out.WriteString(" (incomplete)")
	}
	out.WriteString(":\n")
	if len(items) == 0 {
		out.WriteString("\tnothing\n")
		return
	}
	labels := map[string]bool{}
	for i, it := range items {
		if labels[it.Label] {
			c.t.Errorf("%s: label %q twice", head, it.Label)
		}
		labels[it.Label] = true
		if i > 0 && it.SortText <= items[i-1].SortText {
			c.t.Errorf("%s: sortText of %q (%q) does not follow %q's", head, it.Label, it.SortText, items[i-1].Label)
		}
		if r := it.TextEdit.Range; r.Start.Line != r.End.Line || r.Start.Line != cursorOf(params).Line {
			c.t.Errorf("%s: %q replaces %s, not a range of the cursor's line", head, it.Label, rangeText(r))
		}
	}
	first := items[0].TextEdit.Range
	fmt.Fprintf(out, "\treplaces %s\n", rangeText(first))
	for i, it := range items {
		if i == maxMarkerItems {
			fmt.Fprintf(out, "\t… %d more\n", len(items)-i)
			break
		}
		fmt.Fprintf(out, "\t%s [%s]", it.Label, completionKindNames[it.Kind])
		if it.Detail != "" {
			fmt.Fprintf(out, " %s", it.Detail)
		}
		if it.TextEdit.NewText != it.Label {
			format := ""
			if it.InsertTextFormat == 2 {
				format = " snippet"
			}
			fmt.Fprintf(out, " =>%s %q", format, it.TextEdit.NewText)
		}
		if it.FilterText != "" {
			fmt.Fprintf(out, " filter %q", it.FilterText)
		}
		if len(it.Tags) > 0 {
			out.WriteString(" (deprecated)")
		}
		if it.TextEdit.Range != first {
			fmt.Fprintf(out, " replaces %s", rangeText(it.TextEdit.Range))
		}
		out.WriteString("\n")
	}
}

func markResolve(r *markerRun, m marker, at string, out *strings.Builder) {
	text, label, ok := strings.Cut(m.arg, "|")
	if !ok {
		r.t.Fatalf("%s: @resolve wants \"text|label\", not %q", at, m.arg)
	}
	items, raws, _ := completeAt(r.c, r.endOf(m, text))
	fmt.Fprintf(out, "%s: resolve(%q):\n", at, m.arg)
	for i, it := range items {
		if it.Label != label {
			continue
		}
		var raw json.RawMessage
		r.c.result("completionItem/resolve", raws[i], &raw)
		var got completionItem
		if err := json.Unmarshal(raw, &got); err != nil {
			r.t.Fatalf("%s: resolve answered %s: %v", at, raw, err)
		}
		if got.Label != it.Label || got.TextEdit != it.TextEdit {
			r.t.Errorf("%s: resolve changed the item: %s", at, raw)
		}
		if got.Documentation == nil {
			out.WriteString("\tno documentation\n")
			return
		}
		for _, l := range strings.Split(strings.TrimRight(got.Documentation.Value, "\n"), "\n") {
			fmt.Fprintf(out, "\t%s\n", l)
		}
		return
	}
	r.t.Fatalf("%s: no item labelled %q", at, label)
}

func markSignature(r *markerRun, m marker, at string, out *strings.Builder) {
	var h *struct {
		Signatures []struct {
			Label      string
			Parameters []struct{ Label [2]int }
		}
		ActiveParameter *int
	}
	r.c.result("textDocument/signatureHelp", r.endOf(m, m.arg), &h)
	fmt.Fprintf(out, "%s: sig(%q) -> ", at, m.arg)
	if h == nil || len(h.Signatures) == 0 {
		out.WriteString("nothing\n")
		return
	}
	s := h.Signatures[0]
	fmt.Fprintf(out, "%s", s.Label)
	if a := h.ActiveParameter; a != nil {
		if *a < len(s.Parameters) {
			p := s.Parameters[*a].Label
			fmt.Fprintf(out, " active %d %q", *a, s.Label[p[0]:p[1]])
		} else {
			fmt.Fprintf(out, " active %d (past the parameters)", *a)
		}
	}
	out.WriteString("\n")
}
