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

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

func init() {
	markerKinds["problems"] = markProblems
}

func markProblems(r *markerRun, m marker, at string, out *strings.Builder) {
	if r.opened["problems:"+m.file] {
		return
	}
	r.opened["problems:"+m.file] = true
	r.open(m.file)
	uri := r.uri(m.file)
	msg := r.c.waitNote("diagnostics of "+m.file, func(msg *message) bool {
		if msg.Method != "textDocument/publishDiagnostics" {
			return false
		}
		var p struct{ URI protocol.DocumentUri }
		json.Unmarshal(msg.Params, &p)
		return p.URI == uri
	})
	var p struct {
		Diagnostics []struct {
			Range    protocol.Range
			Severity int
			Code     string
			Message  string
		}
	}
	json.Unmarshal(msg.Params, &p)
	want := map[int]bool{}
	for _, mk := range r.markers {
		if mk.file == m.file && mk.kind == "problems" {
			want[mk.line] = true
		}
	}
	got := map[int]bool{}
	var lines []string
	severities := []string{"", "error", "warning", "info", "hint"}
	for _, d := range p.Diagnostics {
		got[int(d.Range.Start.Line)] = true
		lines = append(lines, fmt.Sprintf("%s:%s: %s %s: %s\n", m.file, rangeText(d.Range), severities[d.Severity], d.Code, d.Message))
	}
	for l := range want {
		if !got[l] {
			r.t.Errorf("%s:%d: marked @problems but no diagnostic", m.file, l+1)
		}
	}
	for l := range got {
		if !want[l] {
			r.t.Errorf("%s:%d: a diagnostic on a line not marked @problems", m.file, l+1)
		}
	}
	sort.Strings(lines)
	out.WriteString(strings.Join(lines, ""))
}
