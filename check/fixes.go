package check

// This file defines the fixes that diagnostics carry: edits of the
// diagnostic's own file that resolve it — the name a did-you-mean
// suggests, the missing query, variable or local created at the end of the
// file, detection_benchmark converted, requires renamed, sql added where a
// block must define it. The language server offers them as quick fixes and
// applies the preferred ones for source.fixAll.

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

// Fix is a change that resolves a diagnostic.
type Fix struct {
	Title string
	Edits []span.Edit
	// Preferred fixes are the obvious one for their diagnostic, safe to
	// apply without looking (source.fixAll applies them).
	Preferred bool
}

// edit replaces r of the diagnostic's file with text.
func edit(r parse.Range, text string) span.Edit {
	return span.Edit{Start: int(r.Start.Byte), End: int(r.End.Byte), New: text}
}

// replaceFix replaces r with text.
func replaceFix(r parse.Range, text string) []Fix {
	return []Fix{{Title: fmt.Sprintf("Change to %s", text), Edits: []span.Edit{edit(r, text)}, Preferred: true}}
}

// createFix appends a declaration of what the unresolved posting p names
// to the end of the file, for queries, variables and locals of this mod.
func createFix(src []byte, p *index.Posting) []Fix {
	if p.Alias() != "" {
		return nil
	}
	name := p.Name()
	var decl string
	switch p.Kind {
	case index.KindQuery:
		decl = fmt.Sprintf("query %q {\n  sql = <<-EOQ\n    select 1\n  EOQ\n}\n", name)
	case index.KindVar:
		decl = fmt.Sprintf("variable %q {\n  type        = string\n  description = \"\"\n}\n", name)
	case index.KindLocal:
		decl = fmt.Sprintf("locals {\n  %s = null\n}\n", name)
	default:
		return nil
	}
	end := span.PosOf(src, len(src))
	prefix := "\n"
	if len(src) > 0 && src[len(src)-1] != '\n' {
		prefix = "\n\n"
	}
	return []Fix{{Title: fmt.Sprintf("Create %s at the end of this file", p.Key()),
		Edits: []span.Edit{edit(parse.Range{Start: end, End: end}, prefix+decl)}}}
}

// openBrace returns the position just after the `{` that opens block b,
// and the indentation of the line b starts on.
func openBrace(src []byte, b parse.Block) (parse.Pos, string, bool) {
	from := b.TypeRange.End
	if n := len(b.Labels); n > 0 {
		from = b.Labels[n-1].Range.End
	}
	i := bytes.IndexByte(src[from.Byte:b.Range.End.Byte], '{')
	if i < 0 {
		return parse.Pos{}, "", false
	}
	lineStart := bytes.LastIndexByte(src[:b.Range.Start.Byte], '\n') + 1
	indent := src[lineStart:b.Range.Start.Byte]
	if len(bytes.TrimLeft(indent, " \t")) != 0 {
		indent = nil
	}
	return posFrom(src, from, int(from.Byte)+i+1), string(indent), true
}

// insertFix inserts lines (each without indentation) after the `{` of b,
// indented one step inside it.
func insertFix(src []byte, b parse.Block, title string, preferred bool, lines ...string) []Fix {
	at, indent, ok := openBrace(src, b)
	if !ok {
		return nil
	}
	var text string
	for _, l := range lines {
		if l == "" {
			text += "\n"
			continue
		}
		text += "\n" + indent + "  " + l
	}
	return []Fix{{Title: title, Edits: []span.Edit{edit(parse.Range{Start: at, End: at}, text)}, Preferred: preferred}}
}

// detectionBenchmarkFix converts a detection_benchmark block into a
// benchmark of type detection.
func detectionBenchmarkFix(src []byte, b parse.Block) []Fix {
	at, indent, ok := openBrace(src, b)
	if !ok {
		return nil
	}
	return []Fix{{Title: "Convert to a benchmark with type = \"detection\"", Preferred: true, Edits: []span.Edit{
		edit(b.TypeRange, "benchmark"),
		edit(parse.Range{Start: at, End: at}, "\n"+indent+"  type = \"detection\""),
	}}}
}

// FixAll gathers the edits of every preferred fix, skipping a fix that
// overlaps one already taken.
func FixAll(diags []Diagnostic) []span.Edit {
	var taken []span.Edit
	overlaps := func(e span.Edit) bool {
		return slices.ContainsFunc(taken, func(t span.Edit) bool {
			return e.Start < t.End && t.Start < e.End || e.Start == t.Start
		})
	}
	for _, d := range diags {
		for _, f := range d.Fixes {
			if !f.Preferred || slices.ContainsFunc(f.Edits, overlaps) {
				continue
			}
			taken = append(taken, f.Edits...)
		}
	}
	slices.SortFunc(taken, func(a, b span.Edit) int { return a.Start - b.Start })
	return taken
}
