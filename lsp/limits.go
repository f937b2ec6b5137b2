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
// And the server reads only regular files (readSource, readPrefix,
// openRegular): a named pipe under a source file's name blocks its reader
// until a writer comes, forever; a link to /dev/zero never ends.

import (
	"errors"
	"fmt"
	"io"
	"os"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/index"
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
		if src, err := readSource(path); err == nil {
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

// errNotRegular is the error of a path that is not a regular file.
var errNotRegular = errors.New("not a regular file")

// openRegular opens the regular file at path for reading; anything else (a
// folder, a named pipe, a device) is an error, and opening it never waits.
func openRegular(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", path, errNotRegular)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close() // replaced between the two looks
		return nil, fmt.Errorf("%s: %w", path, errNotRegular)
	}
	return f, nil
}

// readSource reads the regular file at path, of at most index.MaxFileSize
// bytes (the largest source file the index reads).
func readSource(path string) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, index.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > index.MaxFileSize {
		return nil, fmt.Errorf("%s: over the %d MB limit for a source file", path, index.MaxFileSize>>20)
	}
	return b, nil
}

// readPrefix reads at most n bytes of the regular file at path (what a
// hover shows of a documentation file).
func readPrefix(path string, n int) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	k, _ := f.Read(buf)
	return buf[:k], nil
}
