package lsp

// This file defines textDocument/codeAction: the fixes that the checks
// attach to their diagnostics (check.Fix), offered as quick fixes for the
// problems in the requested range (and the comments that suppress them,
// check.SuppressFixes), and the preferred ones applied together as
// source.fixAll. The document is checked again on its current text, so the
// fixes always match it.

import (
	"slices"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/check"
)

// sourceFixAll is LSP 3.17's kind for fixing every problem of a file
// (glsp 3.16 lacks it); editors ask for it on save.
const sourceFixAll protocol.CodeActionKind = "source.fixAll"

// codeActionKinds are the kinds modls offers.
var codeActionKinds = []protocol.CodeActionKind{protocol.CodeActionKindQuickFix, sourceFixAll}

func (s *Server) codeAction(g *glsp.Context, p *protocol.CodeActionParams) (any, error) {
	d, err := s.docView(g, p.TextDocument.URI)
	if d == nil {
		return nil, err
	}
	want := func(kind protocol.CodeActionKind) bool {
		if len(p.Context.Only) == 0 {
			return true
		}
		return slices.ContainsFunc(p.Context.Only, func(k protocol.CodeActionKind) bool {
			return kind == k || strings.HasPrefix(string(kind), string(k)+".")
		})
	}
	ctx := s.contextOf(g)
	diags := check.File(d.ix, s.cache, d.path, d.text, checkOptions(ctx, d.settings.Diagnostics, s.dbs.Check, d.ReadText, d.VarFiles, d.configs()))
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	start, end := uint32(d.li.offset(d.text, p.Range.Start)), uint32(d.li.offset(d.text, p.Range.End))
	uri := p.TextDocument.URI
	out := []protocol.CodeAction{}
	if want(protocol.CodeActionKindQuickFix) {
		for _, diag := range diags {
			if diag.Range.End.Byte < start || diag.Range.Start.Byte > end {
				continue
			}
			for _, fix := range append(diag.Fixes, check.SuppressFixes(d.text, diag)...) {
				kind := protocol.CodeActionKindQuickFix
				preferred := fix.Preferred
				out = append(out, protocol.CodeAction{
					Title: fix.Title, Kind: &kind, IsPreferred: &preferred,
					Diagnostics: []protocol.Diagnostic{toLSPDiagnostic(d.ix, diag, d.text, d.li, d.rangeOf)},
					Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{uri: textEdits(d.text, d.li, fix.Edits)}},
				})
			}
		}
	}
	if want(sourceFixAll) {
		if edits := check.FixAll(diags); len(edits) > 0 {
			kind := sourceFixAll
			out = append(out, protocol.CodeAction{
				Title: "Fix all problems modls can fix", Kind: &kind,
				Edit: &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{uri: textEdits(d.text, d.li, edits)}},
			})
		}
	}
	return out, nil
}
