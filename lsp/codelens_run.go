package lsp

// This file adds a "▶ Run" code lens over each query, control and detection
// that runs on PostgreSQL, when a database is configured for it. The lens
// carries the client command modls.runResource, which the editors handle by
// sending modls.run and showing the rows.

import (
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// runResourceCommand is the client command of a Run lens, with the
// argument {"resource": "query.x"}.
const runResourceCommand = "modls.runResource"

// runLenses returns the Run lenses of d, resolved.
func (s *Server) runLenses(d *docView) []protocol.CodeLens {
	f := d.ix.File(d.path)
	if f == nil {
		return nil
	}
	var out []protocol.CodeLens
	for _, x := range s.dbs.Runnable(d.ctx, d.renderer(), f) {
		out = append(out, protocol.CodeLens{Range: d.li.toRange(d.text, x.Entry.Range), Command: &protocol.Command{
			Title: "▶ Run", Command: runResourceCommand, Arguments: []any{map[string]string{"resource": x.Resource}}}})
	}
	return out
}
