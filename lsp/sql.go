package lsp

// This file defines the command modls.sql (workspace/executeCommand): the
// rendered SQL of a resource, named or at a position, for the editors'
// "Show Rendered SQL".

import (
	"encoding/json"
	"errors"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/render"
)

// sqlCommand is the command name clients execute.
const sqlCommand = "modls.sql"

// SQLParams is the one argument of modls.sql: a resource name, or a
// document position.
type SQLParams struct {
	Resource string               `json:"resource,omitempty"`
	URI      protocol.DocumentUri `json:"uri,omitempty"`
	Position *protocol.Position   `json:"position,omitempty"`
}

// SQLResult is the answer of modls.sql.
type SQLResult struct {
	Resource string   `json:"resource"`
	SQL      string   `json:"sql"`
	Complete bool     `json:"complete"`
	Dialect  string   `json:"dialect"`
	Unknown  []string `json:"unknown,omitempty"`
}

func (s *Server) executeCommand(g *glsp.Context, p *protocol.ExecuteCommandParams) (any, error) {
	switch p.Command {
	case runCommand:
		return s.runCommand(g, p)
	case refreshCatalogCommand:
		return s.refreshCatalog(s.contextOf(g))
	case sqlCommand:
	default:
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "unknown command %q", p.Command)
	}
	if len(p.Arguments) != 1 {
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, `%s takes one argument: {"resource": "query.x"} or {"uri": …, "position": …}`, sqlCommand)
	}
	raw, _ := json.Marshal(p.Arguments[0])
	var a SQLParams
	if err := json.Unmarshal(raw, &a); err != nil || (a.Resource == "") == (a.URI == "" || a.Position == nil) {
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, `%s takes {"resource": "query.x"} or {"uri": …, "position": …}, not %s`, sqlCommand, raw)
	}
	ctx := s.contextOf(g)
	v, e, err := s.resourceOf(g, sqlCommand, a.Resource, a.URI, a.Position)
	if err != nil {
		return nil, err
	}
	res, err := v.renderer().SQL(ctx, e)
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "%s: %v", sqlCommand, err)
	}
	out := SQLResult{Resource: e.QualifiedName(), SQL: res.Text, Complete: res.Complete, Dialect: res.Dialect.String()}
	for _, u := range res.Unknown {
		out.Unknown = append(out.Unknown, u.Reason)
	}
	return out, nil
}

// resourceOf finds the resource with SQL a command names (resource), or
// the one at position of the document uri, with the view it belongs to;
// its errors are the command's.
func (s *Server) resourceOf(g *glsp.Context, command, resource string, uri protocol.DocumentUri, position *protocol.Position) (*view, *index.Entry, error) {
	if resource != "" {
		v, err := s.view(s.contextOf(g))
		if err != nil {
			return nil, nil, err
		}
		e, err := render.Find(v.ix, resource)
		if err != nil {
			return nil, nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "%s: %v", command, err)
		}
		return v, e, nil
	}
	d, err := s.docView(g, uri)
	if d == nil {
		if err == nil {
			err = errors.New("the document cannot be read")
		}
		return nil, nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "%s: %v", command, err)
	}
	e, err := render.At(d.ix, d.path, uint32(d.li.offset(d.text, *position)))
	if err != nil {
		return nil, nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "%s: %v", command, err)
	}
	return d.view, e, nil
}

// renderer returns a SQL renderer on the view's snapshot that reads open
// documents as the view saw them and the root mods' variable files.
func (v *view) renderer() *render.Renderer {
	return render.New(v.ix, v.s.cache, v.ReadText, v.VarFiles)
}

// titles returns the titles of entries as a run sees them (a template
// evaluated with the variable files' values, render.Renderer.Title), on one
// renderer of the view, stopping when the view's context ends.
func (v *view) titles() func(*index.Entry) string {
	r := v.renderer()
	return func(e *index.Entry) string { return r.Title(v.ctx, e) }
}
