package lsp

// This file registers the marker kind of document links:
//
//	@links   the file's links from textDocument/documentLink: for each, its
//	         range, the text it covers, its target (a file of the scenario
//	         by its path in the scenario, or a web address) and tooltip.

import (
	"fmt"
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

func init() {
	markerKinds["links"] = markLinks
}

func markLinks(r *markerRun, m marker, at string, out *strings.Builder) {
	r.open(m.file)
	var links []protocol.DocumentLink
	r.c.result("textDocument/documentLink", map[string]any{"textDocument": map[string]any{"uri": r.uri(m.file)}}, &links)
	lines := strings.Split(r.texts[m.file], "\n")
	fmt.Fprintf(out, "%s: links:\n", at)
	for _, l := range links {
		rg := l.Range
		text := "(spans lines)"
		if rg.Start.Line == rg.End.Line && rg.End.Character >= rg.Start.Character {
			text = lineText(lines[rg.Start.Line], semanticToken{line: int(rg.Start.Line), char: int(rg.Start.Character), length: int(rg.End.Character - rg.Start.Character)})
		}
		target, tip := "(none)", ""
		if l.Target != nil {
			target = *l.Target
			if strings.HasPrefix(target, "file:") {
				target = "file " + r.rel(target)
			}
		}
		if l.Tooltip != nil {
			tip = " — " + *l.Tooltip
		}
		fmt.Fprintf(out, "\t%s %s -> %s%s\n", rangeText(rg), text, target, tip)
	}
}
