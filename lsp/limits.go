package lsp

// This file bounds what the server does for one very large document: a
// file larger than workspace.MaxEditedBytes is analyzed only as saved (the
// index keeps its version on disk), the requests about it answer nothing,
// and its diagnostics are one message that says so.
//
// And the server reads only regular files (internal/source): a named pipe
// under a source file's name blocks its reader until a writer comes,
// forever; a link to /dev/zero never ends.

import (
	"fmt"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/workspace"
)

// tooLargeDiagnostic is the one diagnostic of a document over
// workspace.MaxEditedBytes.
func tooLargeDiagnostic(size int) protocol.Diagnostic {
	source := "modls"
	severity := protocol.DiagnosticSeverityInformation
	return protocol.Diagnostic{
		Range:    protocol.Range{},
		Severity: &severity,
		Code:     &protocol.IntegerOrString{Value: "file-too-large"},
		Source:   &source,
		Message: fmt.Sprintf("This file is %.1f MB, over the %d MB modls analyzes as you type: it is not checked, formatted or highlighted, "+
			"and the index follows it as saved (references to it still resolve).", float64(size)/(1<<20), workspace.MaxEditedBytes>>20),
	}
}
