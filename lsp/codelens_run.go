package lsp

// This file adds a "▶ Run" code lens over each query, control and detection
// that runs on PostgreSQL, when a database is configured for it. The lens
// carries the client command modls.runResource, which the editors handle by
// sending modls.run and showing the rows.

import (
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/render"
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
	var r *render.Renderer
	var out []protocol.CodeLens
	for i := range f.Entries() {
		e := &f.Entries()[i]
		switch e.Kind {
		case index.KindQuery, index.KindControl, index.KindDetection:
		default:
			continue
		}
		if !e.Is(index.TopLevel) || e.Name() == "" {
			continue
		}
		if r == nil {
			r = d.renderer()
		}
		if r.Dialect(d.ctx, e) != render.Postgres {
			continue
		}
		if _, err := s.databaseTarget(r, e); err != nil {
			continue // no database: nothing to run on
		}
		name := e.UnqualifiedName() // what render.Find takes for the workspace's own
		if e.Mod().IsDependency() {
			name = e.QualifiedName()
		}
		out = append(out, protocol.CodeLens{Range: d.li.toRange(d.text, e.Range), Command: &protocol.Command{
			Title: "▶ Run", Command: runResourceCommand, Arguments: []any{map[string]string{"resource": name}}}})
	}
	return out
}
