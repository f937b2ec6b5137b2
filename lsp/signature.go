package lsp

// This file defines textDocument/signatureHelp for the functions of the
// expression language: complete.CallAt finds the call around the cursor
// and the argument it is in; the answer is the function's signature, its
// parameters (as offsets into the signature) and the active one.

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/complete"
)

// signatureTriggers open a call or move to its next argument.
var signatureTriggers = []string{"(", ","}

func (s *Server) signatureHelp(g *glsp.Context, p *protocol.SignatureHelpParams) (*protocol.SignatureHelp, error) {
	d, err := s.docView(g, p.TextDocument.URI)
	if d == nil {
		return nil, err
	}
	call, ok := complete.CallAt(d.text, d.li.offset(d.text, p.Position))
	if !ok {
		return nil, nil
	}
	f := call.Function
	params := f.Params()
	info := protocol.SignatureInformation{
		Label:         f.Signature,
		Documentation: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: f.Doc},
		Parameters:    make([]protocol.ParameterInformation, len(params)),
	}
	for i, prm := range params {
		// The signature is ASCII: byte offsets are UTF-16 offsets.
		info.Parameters[i] = protocol.ParameterInformation{Label: []protocol.UInteger{protocol.UInteger(prm.Start), protocol.UInteger(prm.End)}}
	}
	active := call.Arg
	if n := len(params); n > 0 && params[n-1].Variadic && active >= n {
		active = n - 1 // every further argument is the variadic one's
	}
	zero, act := protocol.UInteger(0), protocol.UInteger(active)
	return &protocol.SignatureHelp{Signatures: []protocol.SignatureInformation{info}, ActiveSignature: &zero, ActiveParameter: &act}, nil
}
