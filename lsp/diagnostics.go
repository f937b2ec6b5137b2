package lsp

// This file defines the diagnostics of open documents: HCL syntax errors
// (a full parse of the document, through the cache), references that
// resolve to nothing, and names defined twice in a mod (with the other
// place as related information). They are recomputed for every open
// document shortly after any change, since an edit in one file can break
// or fix a reference in another, and published only when they differ.

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// diagnosticsDelay is how long after the last change diagnostics are
// computed: typing bursts cost one run.
const diagnosticsDelay = 30 * time.Millisecond

// Diagnostic codes.
const (
	codeSyntax     = "syntax"
	codeUnresolved = "unresolved-reference"
	codeDuplicate  = "duplicate-name"
)

// publisher schedules and publishes diagnostics.
type publisher struct {
	mu        sync.Mutex
	timer     *time.Timer
	stopped   bool
	running   sync.Mutex // held while a run publishes
	published map[protocol.DocumentUri][]protocol.Diagnostic
}

// stop cancels the pending run and waits for one in progress: nothing is
// published after it returns.
func (p *publisher) stop() {
	p.mu.Lock()
	p.stopped = true
	if p.timer != nil {
		p.timer.Stop()
	}
	p.mu.Unlock()
	p.running.Lock()
	p.running.Unlock()
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
	if p.timer != nil {
		p.timer.Reset(diagnosticsDelay)
		return
	}
	p.timer = time.AfterFunc(diagnosticsDelay, s.publishDiagnostics)
}

// publishDiagnostics computes the diagnostics of every open document on the
// current snapshot and publishes those that changed (an empty list clears a
// document's problems once they are fixed).
func (s *Server) publishDiagnostics() {
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
	case <-s.ready:
	}
	s.mu.Lock()
	ix := s.snap
	type open struct {
		uri  protocol.DocumentUri
		path string
		d    *document
	}
	var docs []open
	for path, d := range s.docs {
		docs = append(docs, open{d.uri, path, d})
	}
	on := s.settings.Diagnostics
	s.mu.Unlock()
	current := map[protocol.DocumentUri]bool{}
	for _, o := range docs {
		text, li := o.d.snapshot()
		ds := computeDiagnostics(ix, s.cache, o.path, text, li, s.lspRange, on)
		current[o.uri] = true
		p.mu.Lock()
		old, seen := p.published[o.uri]
		same := seen && slices.EqualFunc(old, ds, sameDiagnostic)
		if !same {
			if p.published == nil {
				p.published = map[protocol.DocumentUri][]protocol.Diagnostic{}
			}
			p.published[o.uri] = ds
		}
		p.mu.Unlock()
		if !same {
			s.notify("textDocument/publishDiagnostics", protocol.PublishDiagnosticsParams{URI: o.uri, Diagnostics: ds})
		}
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
		s.notify("textDocument/publishDiagnostics", protocol.PublishDiagnosticsParams{URI: uri, Diagnostics: []protocol.Diagnostic{}})
	}
}

func sameDiagnostic(a, b protocol.Diagnostic) bool {
	return a.Range == b.Range && a.Message == b.Message && fmt.Sprint(a.Code) == fmt.Sprint(b.Code)
}

// computeDiagnostics returns the problems of the document at path whose text
// is text, on snapshot ix. rangeOf converts a range of another indexed file.
func computeDiagnostics(ix *index.Index, c *cache.Cache, path string, text []byte, li *lineIndex, rangeOf func(*index.File, parse.Range) protocol.Range, on DiagnosticSettings) []protocol.Diagnostic {
	out := []protocol.Diagnostic{}
	severity := protocol.DiagnosticSeverityError
	source := "modls"
	add := func(r protocol.Range, code, msg string, related []protocol.DiagnosticRelatedInformation) {
		out = append(out, protocol.Diagnostic{
			Range: r, Severity: &severity, Code: &protocol.IntegerOrString{Value: code}, Source: &source,
			Message: msg, RelatedInformation: related,
		})
	}
	var diags hcl.Diagnostics
	if on.Syntax {
		_, diags = c.GetOrParseFile(path, text)
	}
	for _, d := range diags {
		if d.Severity != hcl.DiagError || d.Subject == nil {
			continue
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		add(hclRange(text, li, *d.Subject), codeSyntax, msg, nil)
	}
	if on.Structure {
		for _, p := range checkStructure(parse.Scan(text)) {
			add(li.toRange(text, p.r), p.code, p.msg, nil)
		}
	}
	f := ix.File(path)
	if f == nil {
		return out
	}
	for i := range f.Postings() {
		p := &f.Postings()[i]
		if !on.References {
			break
		}
		if p.Flags&index.Runtime != 0 {
			// self.input, with and param resolve against whatever embeds
			// the block (a reusable chart may use self.input): not an error
			// to report without the schema's knowledge of where it runs.
			continue
		}
		if len(ix.Resolve(p)) > 0 {
			continue
		}
		add(li.toRange(text, p.Range), codeUnresolved, fmt.Sprintf("%s is not defined", p.Key()), nil)
	}
	for i := range f.Entries() {
		e := &f.Entries()[i]
		if !on.Duplicates {
			break
		}
		if e.Kind == index.KindMod || e.Is(index.Anonymous) || e.Is(index.Scoped) || e.Is(index.BadLabels) || e.Name() == "" {
			continue
		}
		same := ix.Lookup(e.Mod().ID, e.UnqualifiedName())
		var others []protocol.DiagnosticRelatedInformation
		for _, o := range same {
			if o == e || o.Mod() != e.Mod() || o.Is(index.Scoped) || o.Is(index.Anonymous) {
				continue
			}
			others = append(others, protocol.DiagnosticRelatedInformation{
				Location: protocol.Location{URI: pathToURI(o.File().Path), Range: rangeOf(o.File(), o.NameRange)},
				Message:  "also defined here",
			})
		}
		if len(others) > 0 {
			add(li.toRange(text, e.NameRange), codeDuplicate, fmt.Sprintf("the mod defines more than one %s", e.UnqualifiedName()), others)
		}
	}
	return out
}

// hclRange converts an hcl.Range of text to LSP positions through its byte
// offsets (hcl's columns count grapheme clusters, not UTF-16 units).
func hclRange(text []byte, li *lineIndex, r hcl.Range) protocol.Range {
	return protocol.Range{Start: li.position(text, r.Start.Byte), End: li.position(text, r.End.Byte)}
}
