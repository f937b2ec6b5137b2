package lsp

// This file registers the marker kind of the configuration scenarios
// (testdata/markers/config.txtar):
//
//	@problems  this line must have a diagnostic, hints included, and only
//	           lines so marked may; the file's diagnostics, with their
//	           severities, go to the golden output
//
// The suppression problems (unused-suppression, unexplained-suppression)
// are hints, which @diag leaves out.

import "strings"

func init() {
	markerKinds["problems"] = markProblems
}

func markProblems(r *markerRun, m marker, at string, out *strings.Builder) {
	if r.opened["problems:"+m.file] {
		return
	}
	r.opened["problems:"+m.file] = true
	r.open(m.file)
	out.WriteString(diagnosticsOf(r.t, r.c, m.file, r.uri(m.file), r.markers, "problems"))
}
