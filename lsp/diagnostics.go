package lsp

// This file defines the diagnostics of open documents (and, with the
// diagnostics.workspace setting, of every file, in workspace_diagnostics.go):
// HCL syntax errors
// (a full parse of the document, through the cache), references that
// resolve to nothing, and names defined twice in a mod (with the other
// place as related information). They are recomputed for every open
// document shortly after any change, since an edit in one file can break
// or fix a reference in another, and published only when they differ.

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/check"
	"github.com/modls/modls/config"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/render"
	"github.com/modls/modls/settings"
	"github.com/modls/modls/workspace"
)

// diagnosticsDelay is how long after the last change diagnostics are
// computed: typing bursts cost one run.
const diagnosticsDelay = 30 * time.Millisecond

// publisher schedules and publishes diagnostics.
type publisher struct {
	mu        sync.Mutex
	timer     *time.Timer
	stopped   bool
	running   sync.Mutex         // held while a run publishes
	cancel    context.CancelFunc // stops the run in progress: a change made it stale
	published map[protocol.DocumentUri][]protocol.Diagnostic

	// The workspace pass (diagnostics.workspace): closed files, later.
	wsTimer   *time.Timer
	wsRunning sync.Mutex
	wsGen     uint64             // bumped by every change: a pass in progress stops
	wsCancel  context.CancelFunc // stops the pass in progress
}

// stop cancels the pending runs: nothing is published after it returns. A
// run in progress is not waited for (its checks may take seconds on a
// hostile file, and exit must not); it publishes nothing more.
func (p *publisher) stop() {
	p.mu.Lock()
	p.stopped = true
	if p.timer != nil {
		p.timer.Stop()
	}
	if p.wsTimer != nil {
		p.wsTimer.Stop()
	}
	p.wsGen++
	for _, c := range []context.CancelFunc{p.cancel, p.wsCancel} {
		if c != nil {
			c()
		}
	}
	p.mu.Unlock()
}

// scheduleDiagnostics arranges for the open documents' diagnostics to be
// recomputed after diagnosticsDelay.
func (s *Server) scheduleDiagnostics() {
	p := &s.diags
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.wsGen++
	for _, c := range []context.CancelFunc{p.cancel, p.wsCancel} {
		if c != nil {
			c() // the next run, after the delay, sees the change
		}
	}
	debounce(&p.timer, diagnosticsDelay, s.publishDiagnostics)
}

// debounce arranges for f to run after d on *t, pushing back a run already
// arranged there.
func debounce(t **time.Timer, d time.Duration, f func()) {
	if *t != nil {
		(*t).Reset(d)
		return
	}
	*t = time.AfterFunc(d, f)
}

// publishDiagnostics computes the diagnostics of every open document on the
// current snapshot and publishes those that changed (an empty list clears a
// document's problems once they are fixed).
func (s *Server) publishDiagnostics() {
	defer s.guard("diagnostics", nil)
	if s.opt.beforeDiagnostics != nil {
		s.opt.beforeDiagnostics()
	}
	p := &s.diags
	p.running.Lock()
	defer p.running.Unlock()
	p.mu.Lock()
	stopped := p.stopped
	p.mu.Unlock()
	if stopped {
		return
	}
	select {
	case <-s.base.Done():
		return
	case <-s.ws.Ready():
	}
	ctx, cancel := context.WithCancel(s.base)
	defer cancel()
	p.mu.Lock()
	p.cancel = cancel
	p.mu.Unlock()
	// One view: the documents' texts are those the index holds.
	v := s.takeView()
	ix, on := v.ix, v.settings.Diagnostics
	if s.opt.duringDiagnostics != nil {
		s.opt.duringDiagnostics(ctx)
	}
	current := map[protocol.DocumentUri]bool{}
	configs := v.configs()
	for path, o := range v.Docs() {
		uri := v.uri(path)
		if ctx.Err() != nil {
			return // stale: a change came, and the next run follows it
		}
		if ix.File(path) == nil && ix.ModAt(path) == nil {
			// A file of no mod (a Puppet manifest, a stray .pp): not
			// Powerpipe's, so no problems of ours — and none left over
			// from when it was in a mod.
			current[uri] = true
			s.publishIfChanged(uri, []protocol.Diagnostic{}, false, nil)
			continue
		}
		ds := computeDiagnostics(ctx, ix, s.cache, path, o.Text.Text, &lineIndex{o.Lines}, v.rangeOf, v.ReadText, v.VarFiles, configs, on, s.dbs.Check)
		if ctx.Err() != nil {
			return
		}
		current[uri] = true
		version := protocol.UInteger(max(o.Version, 0))
		s.publishIfChanged(uri, ds, true, &version)
	}
	if on.Workspace {
		s.scheduleWorkspaceDiagnostics()
		return // the workspace pass publishes and clears closed files
	}
	// Closed documents: clear what was published for them.
	p.mu.Lock()
	var gone []protocol.DocumentUri
	for uri := range p.published {
		if !current[uri] {
			gone = append(gone, uri)
			delete(p.published, uri)
		}
	}
	p.mu.Unlock()
	for _, uri := range gone {
		s.publish(protocol.PublishDiagnosticsParams{URI: uri, Diagnostics: []protocol.Diagnostic{}})
	}
}

// publishIfChanged publishes ds for uri unless they are what was published
// for it last. An empty list for a file never published goes out only
// when announceEmpty: an open document gets its (empty) first answer, a
// closed file without problems is not mentioned. version is the open
// document's version the diagnostics were computed for (nil for a closed
// file), so that a client can drop what is stale.
func (s *Server) publishIfChanged(uri protocol.DocumentUri, ds []protocol.Diagnostic, announceEmpty bool, version *protocol.UInteger) {
	p := &s.diags
	p.mu.Lock()
	if p.stopped {
		p.mu.Unlock()
		return
	}
	old, seen := p.published[uri]
	same := seen && slices.EqualFunc(old, ds, sameDiagnostic) || !seen && len(ds) == 0 && !announceEmpty
	if !same {
		if p.published == nil {
			p.published = map[protocol.DocumentUri][]protocol.Diagnostic{}
		}
		p.published[uri] = ds
	}
	p.mu.Unlock()
	if !same {
		s.publish(protocol.PublishDiagnosticsParams{URI: uri, Version: version, Diagnostics: ds})
	}
}

// publish sends a document's diagnostics. They replace any of the same
// document still waiting to be written: a client that reads slowly gets the
// latest, and the write queue holds at most one set per document.
func (s *Server) publish(p protocol.PublishDiagnosticsParams) {
	const method = "textDocument/publishDiagnostics"
	if err := s.conn.NotifyLatest(method+" "+p.URI, method, p); err != nil && s.base.Err() == nil {
		s.log.Warn("cannot send notification", "method", method, "error", err)
	}
}

// sameDiagnostic compares everything a client shows: range, severity, code,
// source, message, tags and related information.
func sameDiagnostic(a, b protocol.Diagnostic) bool { return reflect.DeepEqual(a, b) }

// computeDiagnostics returns the problems of the document at path whose text
// is text, on snapshot ix, as LSP diagnostics. rangeOf converts a range of
// another indexed file; read gives the text of other files (for static
// evaluation: locals, variables, file()); database tells the SQL checks of
// a resource's database (nil: none).
func computeDiagnostics(ctx context.Context, ix *index.Index, c *cache.Cache, path string, text []byte, li *lineIndex, rangeOf func(*index.File, parse.Range) protocol.Range, read func(string) ([]byte, error), varFiles func(*index.Mod) []string, configs func(string) *config.Config, on settings.Diagnostics, database func(*render.Renderer, *index.Entry) *check.Database) []protocol.Diagnostic {
	if workspace.TooLarge(text) {
		return []protocol.Diagnostic{tooLargeDiagnostic(len(text))}
	}
	ds := check.File(ix, c, path, text, checkOptions(ctx, on, database, read, varFiles, configs))
	return toLSPDiagnostics(ix, ds, text, li, rangeOf)
}

// toLSPDiagnostics converts the diagnostics of the document whose text is
// text, at most maxFileDiagnostics of them.
func toLSPDiagnostics(ix *index.Index, ds []check.Diagnostic, text []byte, li *lineIndex, rangeOf func(*index.File, parse.Range) protocol.Range) []protocol.Diagnostic {
	out := []protocol.Diagnostic{}
	for i, d := range ds {
		if i == maxFileDiagnostics-1 && len(ds) > maxFileDiagnostics {
			// A file of random text has thousands: an editor slows down
			// with them, and the first ones say what is wrong.
			more := toLSPDiagnostic(ix, d, text, li, rangeOf)
			info := protocol.DiagnosticSeverityInformation
			out = append(out, protocol.Diagnostic{Range: more.Range, Severity: &info, Source: more.Source,
				Message: fmt.Sprintf("%d more problems in this file are not shown: modls shows %d a file", len(ds)-i, maxFileDiagnostics)})
			break
		}
		out = append(out, toLSPDiagnostic(ix, d, text, li, rangeOf))
	}
	return out
}

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

// maxFileDiagnostics bounds the diagnostics published for one file; the
// last says how many more there are.
const maxFileDiagnostics = 1000

// checkOptions are the check options of the diagnostics settings, with the
// mods' configurations (see config.go) and the resources' databases.
func checkOptions(ctx context.Context, on settings.Diagnostics, database func(*render.Renderer, *index.Entry) *check.Database, read func(string) ([]byte, error), varFiles func(*index.Mod) []string, configs func(string) *config.Config) check.Options {
	return check.Options{Context: ctx, Syntax: on.Syntax, Structure: on.Structure, References: on.References, Duplicates: on.Duplicates, Unused: on.Unused, SQL: on.SQL,
		Read: read, VarFiles: varFiles, Config: configs, Database: database}
}

// toLSPDiagnostic converts a diagnostic of the document whose text is text.
func toLSPDiagnostic(ix *index.Index, d check.Diagnostic, text []byte, li *lineIndex, rangeOf func(*index.File, parse.Range) protocol.Range) protocol.Diagnostic {
	source := "modls"
	severity := protocol.DiagnosticSeverity(d.Severity)
	var related []protocol.DiagnosticRelatedInformation
	for _, r := range d.Related {
		loc := protocol.Location{URI: fileuri.FromPath(r.Path), Range: asciiRange(r.Range)}
		if f := ix.File(r.Path); f != nil {
			loc.Range = rangeOf(f, r.Range)
		}
		related = append(related, protocol.DiagnosticRelatedInformation{Location: loc, Message: r.Message})
	}
	pd := protocol.Diagnostic{
		Range: li.toRange(text, d.Range), Severity: &severity, Code: &protocol.IntegerOrString{Value: d.Code},
		Source: &source, Message: d.Message, RelatedInformation: related,
	}
	if d.Code == check.CodeUnused || d.Code == check.CodeUnusedSuppression {
		pd.Tags = []protocol.DiagnosticTag{protocol.DiagnosticTagUnnecessary} // shown faded
	}
	return pd
}
