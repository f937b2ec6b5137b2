package lsp

// This file bounds what the server does for one very large document. Every
// change to an open document rescans it into the index, and every request
// about it reads it whole: for a 10 MB file that was over a second per
// keystroke with the index locked, 1.6 s and 700 MB of heap per diagnostics
// run, 10 s per formatting, and answers of tens of megabytes (the outline,
// the code lenses, the semantic tokens). Real mod files stay under 200 KB.
//
// So a file larger than maxEditedBytes is analyzed only as saved: while it is
// open, the index keeps its version on disk (rescanned when the file
// watcher or the client reports a save, as for a closed file), the
// requests about it answer nothing, and its diagnostics are one message
// that says so. References to it from other files still resolve.
//
// And the server reads only regular files (readSource, source.ReadPrefix,
// openRegular): a named pipe under a source file's name blocks its reader
// until a writer comes, forever; a link to /dev/zero never ends.

import (
	"fmt"

	"github.com/modls/modls/internal/source"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// maxEditedBytes is the largest document the server analyzes as it is edited.
const maxEditedBytes = 2 << 20

// tooLarge reports whether a document's text is over maxEditedBytes.
func tooLarge(text []byte) bool { return len(text) > maxEditedBytes }

// size returns the length of the document's text.
func (d *document) size() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.text)
}

// overlaid reports whether the index holds the open document's text for
// path (rather than the disk's). The caller holds s.mu.
func (s *Server) overlaid(path string) bool {
	d := s.docs[path]
	return d != nil && d.size() <= maxEditedBytes
}

// overlayLocked lays an open document's text over the index, unless it is
// over maxEditedBytes: the index then keeps the saved version, which it must
// read again when the text was laid over it before (before is the length of
// the document's previous text). The caller holds s.mu.
func (s *Server) overlayLocked(path string, before int, text []byte) {
	switch {
	case !tooLarge(text):
		s.setFileLocked(path, text)
	case before <= maxEditedBytes:
		if src, err := source.Read(path); err == nil {
			s.setFileLocked(path, src)
		} else {
			s.removeFileLocked(path)
		}
	}
}

// tooLargeDiagnostic is the one diagnostic of a document over maxEditedBytes.
func tooLargeDiagnostic(size int) protocol.Diagnostic {
	source := "modls"
	severity := protocol.DiagnosticSeverityInformation
	return protocol.Diagnostic{
		Range:    protocol.Range{},
		Severity: &severity,
		Code:     &protocol.IntegerOrString{Value: "file-too-large"},
		Source:   &source,
		Message: fmt.Sprintf("This file is %.1f MB, over the %d MB modls analyzes as you type: it is not checked, formatted or highlighted, "+
			"and the index follows it as saved (references to it still resolve).", float64(size)/(1<<20), maxEditedBytes>>20),
	}
}
