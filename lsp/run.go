package lsp

// This file defines the command modls.run (workspace/executeCommand): run
// the SQL of a resource on its database, read-only, and answer with the
// rows (package runner does the work). $/cancelRequest cancels the
// statement on the database server.

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
	"github.com/zclconf/go-cty/cty"

	"github.com/modls/modls/internal/jsonrpc2"
	"github.com/modls/modls/runner"
)

// runCommand is the command name clients execute.
const runCommand = "modls.run"

// RunParams is the one argument of modls.run: a resource name or a
// document position, and the args of its params by name (or "1", "2" …).
type RunParams struct {
	Resource string                     `json:"resource,omitempty"`
	URI      protocol.DocumentUri       `json:"uri,omitempty"`
	Position *protocol.Position         `json:"position,omitempty"`
	Args     map[string]json.RawMessage `json:"args,omitempty"`
}

func (s *Server) runCommand(g *glsp.Context, p *protocol.ExecuteCommandParams) (any, error) {
	const usage = `{"resource": "query.x", "args": {…}} or {"uri": …, "position": …}`
	if len(p.Arguments) != 1 {
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "%s takes one argument: %s", runCommand, usage)
	}
	raw, _ := json.Marshal(p.Arguments[0])
	var a RunParams
	if err := json.Unmarshal(raw, &a); err != nil || (a.Resource == "") == (a.URI == "" || a.Position == nil) {
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "%s takes %s, not %s", runCommand, usage, raw)
	}
	args := map[string]cty.Value{}
	for k, v := range a.Args {
		val, err := runner.JSONArg(v)
		if err != nil {
			return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "%s: arg %s: %v", runCommand, k, err)
		}
		args[k] = val
	}
	ctx := s.contextOf(g)
	v, e, err := s.resourceOf(g, runCommand, a.Resource, a.URI, a.Position)
	if err != nil {
		return nil, err
	}
	r := v.renderer()
	st, err := runner.Prepare(ctx, r, e, args)
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeInvalidParams, "%s: %v", runCommand, err)
	}
	c, err := s.dbs.Ready(ctx, r, e)
	if err != nil {
		if ctx.Err() != nil {
			return nil, jsonrpc2.Errorf(jsonrpc2.CodeRequestCancelled, "%s: cancelled", runCommand)
		}
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeRequestFailed, "%s: %v", runCommand, err)
	}
	ans, err := runner.Run(ctx, c, st, s.dbs.RunOptions())
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, context.Canceled) {
			return nil, jsonrpc2.Errorf(jsonrpc2.CodeRequestCancelled, "%s: cancelled", runCommand)
		}
		return nil, jsonrpc2.Errorf(jsonrpc2.CodeRequestFailed, "%s: %s: %v", runCommand, st.Resource, err)
	}
	return ans, nil
}
