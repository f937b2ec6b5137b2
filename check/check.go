package check

// This file defines the Diagnostic type and File, which runs every check on
// one file.

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/config"
	"github.com/modls/modls/eval"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/render"
	"github.com/modls/modls/schema"
	"github.com/modls/modls/span"
)

// Severity of a Diagnostic, as LSP numbers them.
type Severity uint8

const (
	Error Severity = iota + 1
	Warning
	Info
	Hint
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	case Hint:
		return "hint"
	}
	return "unknown"
}

// ParseSeverity reads "error", "warning", "info" or "hint".
func ParseSeverity(s string) (Severity, bool) {
	for v := Error; v <= Hint; v++ {
		if v.String() == s {
			return v, true
		}
	}
	return 0, false
}

// Diagnostic codes: stable names a user can look up in docs/diagnostics.md.
const (
	CodeSyntax           = "syntax"
	CodeUnknownBlock     = "unknown-block"
	CodeUnknownAttribute = "unknown-attribute"
	CodeLabels           = "wrong-label-count"
	CodeTopAttribute     = "top-level-attribute"
	CodeUnresolved       = "unresolved-reference"
	CodeWrongTarget      = "wrong-target-type"
	CodeExclusive        = "exclusive-attributes"
	CodeMissingQuery     = "missing-query"
	CodeMissingAttribute = "missing-attribute"
	CodeAnonymous        = "anonymous-block"
	CodeMisplaced        = "misplaced-block"
	CodeDuplicate        = "duplicate-name"
)

// CodeInfo describes a diagnostic code.
type CodeInfo struct {
	Code    string
	Summary string
}

// Codes lists every diagnostic code with a one-line summary, in the order
// docs/diagnostics.md presents them.
func Codes() []CodeInfo {
	return []CodeInfo{
		{CodeSyntax, "The file is not valid HCL."},
		{CodeUnknownBlock, "A block type that Powerpipe does not accept where it stands."},
		{CodeLabels, "A block with the wrong number of labels."},
		{CodeInvalidName, "A resource label that is not a valid name."},
		{CodeUnknownAttribute, "An attribute that the block does not have."},
		{CodeTopAttribute, "An attribute outside any block."},
		{CodeExclusive, "Attributes or blocks that exclude each other, or none of a required set."},
		{CodeMissingQuery, "A block that must define SQL (sql or query) and does not."},
		{CodeMissingAttribute, "A block without an attribute it requires (a plugin's min_version)."},
		{CodeAnonymous, "A block without a name that nothing can reference (input, with, nested category)."},
		{CodeMisplaced, "A block where Powerpipe accepts it but it does nothing or is deprecated (with, param on nested resources)."},
		{CodeDeprecated, "A spelling Powerpipe still accepts but has replaced (requires, the steampipe attribute, max_concurrency)."},
		{CodeValue, "A value of the wrong type, or out of range (width), or not one of the allowed values."},
		{CodeEnum, "A value that is not one of the documented values of its attribute (a hint)."},
		{CodeEvalFail, "An expression that cannot be evaluated: an unknown function, a function refusing its arguments, a file() that does not exist or lies outside the mod."},
		{CodeArgs, "args that do not bind to the params of the query that runs."},
		{CodeMissingArg, "A param without a default that gets no arg where the block runs."},
		{CodeVariable, "A variable with an invalid type, enum or format."},
		{CodeVersion, "A min_version that is not a version, or a dependency version that is not a constraint."},
		{CodeNoModBlock, "A mod definition file without a mod block."},
		{CodeSecondMod, "A second mod block in one mod, which Powerpipe ignores."},
		{CodeUnresolved, "A reference to a resource, variable or local that is not defined."},
		{CodeUnresolvedLink, "A dashboard link in an href that leads to no dashboard, or names an input it does not have."},
		{CodeRuntime, "A runtime reference (self.input, with, param) outside args, in a shape Powerpipe does not pass, or naming nothing where it runs."},
		{CodeWrongTarget, "A reference to a resource of a type the attribute does not take."},
		{CodeCycle, "A reference that closes a cycle of benchmark children, base chains or locals."},
		{CodeUnknownVariable, "A variable file setting a variable the mod does not declare."},
		{CodeValueType, "A variable file setting a value that does not suit the variable's type."},
		{CodeDefaultType, "A variable default that does not suit the variable's type."},
		{CodeNotInstalled, "A required dependency mod that is not installed, not in a version that satisfies its constraint, or not in the lock file."},
		{CodeDependencyArgs, "Dependency args that name no variable of the dependency or do not suit its type."},
		{CodeDuplicate, "A name defined more than once in a mod."},
		{CodeUnused, "A query, variable or local that nothing refers to (a hint)."},
		{CodeSQLSyntax, "SQL that PostgreSQL's grammar rejects, in the rendered text of a resource that runs on Steampipe or Postgres."},
		{CodeSQLParams, "A $n placeholder beyond the values the resource's params or its uses' args supply."},
		{CodeControlColumns, "A control whose SQL does not return the columns resource, status and reason."},
		{CodeNotChecked, "A file or folder of the mod that could not be read, and so was not checked (modls check)."},
		{CodeConfig, "A .modls.hcl that modls cannot apply: invalid HCL, an unknown attribute, block or diagnostic code, a bad severity."},
		{CodeUnusedSuppression, "A modls-ignore comment that suppresses nothing, or names a code that does not exist."},
		{CodeUnexplainedSuppression, "A modls-ignore comment that does not say why (a hint)."},
		{CodeSQLUnknownTable, "A table or view the database (or the catalog given) does not have."},
		{CodeSQLUnknownColumn, "A column that the tables the SQL reads do not have, as the database reports it."},
		{CodeSQLSemantic, "SQL the database rejects for another reason than syntax: a missing function, a type mismatch, an ambiguous column."},
	}
}

// Related is another place that explains a diagnostic.
type Related struct {
	Path    string
	Range   parse.Range
	Message string
}

// Diagnostic is one problem in one file.
type Diagnostic struct {
	Range    parse.Range
	Severity Severity
	Code     string
	Message  string
	Related  []Related
	// Fixes are edits of the file that resolve the problem, when one is
	// obvious.
	Fixes []Fix
}

// Options turn the kinds of checks on or off.
type Options struct {
	Syntax, Structure, References, Duplicates, Unused bool
	// SQL checks the SQL of resources (sql-syntax, sql-params,
	// control-columns) on the text Renderer renders.
	SQL bool
	// VarFiles lists the variable files of a root mod, whose values the
	// SQL is rendered with (see render.New); nil renders with defaults.
	VarFiles func(*index.Mod) []string
	// Renderer, when not nil, renders the SQL for a pass over many files of
	// its snapshot (each file scanned and each local rendered once). Its
	// reader must return the checked text for the checked file.
	Renderer *render.Renderer
	// Context stops the checks when cancelled (File then returns nil);
	// nil is Background.
	Context context.Context
	// Read gives the content of other files of the workspace, for static
	// evaluation (locals, variables, file()); nil reads the disk.
	Read eval.Reader
	// Database, when not nil, says what is known of the database a
	// resource runs on (a catalog, or a server that describes statements),
	// given the renderer of the pass (which reads its `database`),
	// for sql-unknown-table, sql-unknown-column and sql-semantic; nil for a
	// resource whose database is unknown.
	Database func(r *render.Renderer, e *index.Entry) *Database
	// Scopes, when not nil, are shared by the calls of one pass over many
	// files of the same snapshot (each local is evaluated once); their
	// reader is used instead of Read.
	Scopes *eval.Scopes
	// Graph, when not nil, is shared by the calls of one pass over many
	// files of its snapshot: the reference graph the cycle check walks is
	// then read once (see NewGraph).
	Graph *Graph
	// Config gives the configuration (.modls.hcl) of the mod at root, nil
	// when it has none; File applies it, with the file's suppression
	// comments (see configure.go). Nil: no mod has one.
	Config func(root string) *config.Config
}

// All turns every check on.
var All = Options{Syntax: true, Structure: true, References: true, Duplicates: true, Unused: true, SQL: true}

// CodeUnused is the code of a query, variable or local nothing refers to.
const CodeUnused = "unused"

// unused hints at the queries, variables and locals of f that nothing in
// the workspace refers to. A dependency mod's are not reported: its users
// are elsewhere.
func unused(ix *index.Index, f *index.File) []Diagnostic {
	if strings.Contains(filepath.ToSlash(f.Path), "/.powerpipe/mods/") {
		return nil
	}
	var out []Diagnostic
	for i := range f.Entries() {
		e := &f.Entries()[i]
		switch e.Kind {
		case index.KindQuery, index.KindVar, index.KindLocal:
		default:
			continue
		}
		if !e.Is(index.TopLevel) && e.Kind != index.KindLocal || e.Name() == "" || len(ix.References(e)) > 0 {
			continue
		}
		out = append(out, Diagnostic{Range: e.NameRange, Severity: Hint, Code: CodeUnused,
			Message: fmt.Sprintf("%s is never used", e.UnqualifiedName())})
	}
	return out
}

// File checks the file at path, whose content is src, on snapshot ix; a
// variable file is checked with VarFile, a configuration file with
// ConfigFile. The parse cache c serves and keeps the full parse of a
// damaged file. The result is in source order by kind of check: syntax,
// structure, references, duplicates; then the problems of the file's
// suppression comments. The configuration of the file's mod
// (Options.Config) and the file's suppression comments apply to it: the
// server and modls check both call File, so they report the same.
func File(ix *index.Index, c *cache.Cache, path string, src []byte, opt Options) []Diagnostic {
	cfg := configOf(ix, path, opt)
	if cfg.Ignored(path) {
		return nil
	}
	if config.IsFile(path) {
		return applyConfig(cfg, src, ConfigFile(ix, path, src), opt)
	}
	if !cfg.Enabled(CodeSQLSyntax) && !cfg.Enabled(CodeSQLParams) && !cfg.Enabled(CodeControlColumns) {
		opt.SQL = false // nothing of the SQL checks would be reported
	}
	return applyConfig(cfg, src, file(ix, c, path, src, opt), opt)
}

// file runs the checks of File.
func file(ix *index.Index, c *cache.Cache, path string, src []byte, opt Options) []Diagnostic {
	if IsVarFile(path) {
		return VarFile(ix, c, path, src)
	}
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	var out []Diagnostic
	pf := parse.Scan(src)
	// A clean scan proves a clean parse (the scanner reports every error
	// hclsyntax does: FuzzScan holds it to that), so the full parse runs only
	// for a damaged file, for hclsyntax's exact messages.
	if opt.Syntax && len(pf.Diags) > 0 {
		_, diags := c.GetOrParseFile(path, src)
		lines := span.New(src, span.UTF16) // a damaged file may have thousands
		unclosed := false
		for _, d := range diags {
			if d.Severity != hcl.DiagError || d.Subject == nil {
				continue
			}
			if d.Summary == "Invalid multi-line string" || d.Summary == "Unterminated template string" {
				// A quote left open makes every later line look broken:
				// report the string once, where it starts to go wrong.
				if !unclosed {
					unclosed = true
					out = append(out, Diagnostic{Range: lines.Range(src, d.Subject.Start.Byte, d.Subject.End.Byte), Severity: Error, Code: CodeSyntax,
						Message: "Unclosed string: a quoted string must end on the line it starts (close it with \", or use a heredoc, <<-EOT … EOT, for text over several lines)"})
				}
				continue
			}
			msg := d.Summary
			if d.Detail != "" {
				msg += ": " + d.Detail
			}
			out = append(out, Diagnostic{Range: lines.Range(src, d.Subject.Start.Byte, d.Subject.End.Byte), Severity: Error, Code: CodeSyntax, Message: msg})
		}
	}
	var scope *eval.Scope
	scopeOf := func() *eval.Scope {
		if scope == nil && opt.Scopes != nil && opt.Scopes.Index() == ix {
			id := index.ModID(0)
			if m := ix.ModAt(path); m != nil {
				id = m.ID
			}
			scope = opt.Scopes.Of(id)
		}
		if scope == nil {
			read := opt.Read
			if read == nil {
				read = source.Read
			}
			id := index.ModID(0)
			if m := ix.ModAt(path); m != nil {
				id = m.ID
			}
			scope = eval.NewChecking(ix, c, id, func(p string) ([]byte, error) {
				if p == path {
					return src, nil
				}
				return read(p)
			})
		}
		return scope
	}
	// Between the checks, an ended context stops the work: the caller
	// (a diagnostics pass an edit made stale, a cancelled code action)
	// discards the result.
	if ctx.Err() != nil {
		return nil
	}
	if opt.Structure {
		diags, desc := structure(pf, src)
		out = append(out, diags...)
		out = append(out, deprecated(pf, desc)...)
		out = append(out, versions(pf, src)...)
		out = append(out, values(ctx, pf, src, path, desc, scopeOf)...)
		if opt.References {
			out = append(out, arguments(ctx, ix, pf, src, path, desc, scopeOf)...)
			out = append(out, referenceShapes(pf, src, path, desc)...)
			out = append(out, baseWithoutSQL(ix, pf, path, desc)...)
		}
		out = append(out, variables(c, path, src, pf, scopeOf)...)
		out = append(out, noModBlock(ix, path, pf)...)
	}
	if opt.References {
		out = append(out, dependencies(ctx, ix, c, path, pf, src, scopeOf)...)
		out = append(out, privateLocals(ix, path, pf)...)
	}
	f := ix.File(path)
	if f == nil {
		return out
	}
	// typeOf returns the `type` of the block that entry e is, "" when it
	// has none or it is not a plain string.
	var types map[uint32]string
	typeOf := func(e *index.Entry) string {
		if types == nil {
			types = map[uint32]string{}
			for _, a := range pf.Attrs {
				if a.Name == "type" && a.Block >= 0 {
					if v, ok := parse.StringValue(src, a); ok {
						types[pf.Blocks[a.Block].Range.Start.Byte] = v
					}
				}
			}
		}
		return types[e.Range.Start.Byte]
	}
	missing := -1
	missingDep := func() bool {
		if missing < 0 {
			missing = 0
			read := opt.Read
			if read == nil {
				read = source.Read
			}
			if missingDependency(ix, f.Mod(), func(p string) ([]byte, error) {
				if p == path {
					return src, nil
				}
				return read(p)
			}) {
				missing = 1
			}
		}
		return missing == 1
	}
	if opt.References {
		for i := range f.Postings() {
			p := &f.Postings()[i]
			if p.Flags&index.Runtime != 0 {
				// self.input, with and param resolve against whatever
				// embeds the block (a reusable chart may use self.input).
				continue
			}
			if p.Flags&index.Link != 0 {
				continue // links are checked by links
			}
			if len(ix.Resolve(p)) > 0 {
				if msg := wrongTarget(p, typeOf); msg != "" {
					out = append(out, Diagnostic{Range: p.Range, Severity: Error, Code: CodeWrongTarget, Message: msg})
				}
				continue
			}
			if p.Alias() != "" && missingDep() {
				continue // the dependency-not-installed error of the mod file says it once
			}
			msg := fmt.Sprintf("%s is not defined", p.Key())
			var fixes []Fix
			if s := didYouMean(ix, f.Mod(), p); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
				fixes = replaceFix(p.TargetRange(), s)
			}
			fixes = append(fixes, createFix(src, p)...)
			out = append(out, Diagnostic{Range: p.Range, Severity: Error, Code: CodeUnresolved, Message: msg, Fixes: fixes})
		}
	}
	if ctx.Err() != nil {
		return nil
	}
	if opt.References {
		out = append(out, cycles(ix, f, opt.Graph)...)
		out = append(out, runtimeRefs(ix, f)...)
		out = append(out, inputCycles(ix, f)...)
		out = append(out, runtimeShapes(pf, src)...)
		out = append(out, propertyRefs(f, src)...)
		out = append(out, links(ix, f, src)...)
		out = append(out, localKeys(ctx, ix, f, pf, scopeOf)...)
	}
	if opt.Duplicates {
		out = append(out, secondMods(ix, f)...)
		out = append(out, innerDuplicates(f)...)
	}
	if opt.Unused {
		out = append(out, unused(ix, f)...)
	}
	if opt.SQL {
		base := opt.Read
		if base == nil {
			base = source.Read
		}
		read := func(p string) ([]byte, error) {
			if p == path {
				return src, nil
			}
			return base(p)
		}
		r := opt.Renderer
		if r == nil || r.Index() != ix {
			r = render.New(ix, c, read, opt.VarFiles)
		}
		out = append(out, sqlChecks(ctx, r, f, src, read, opt.Database)...)
	}
	if ctx.Err() != nil {
		return nil
	}
	if opt.Duplicates {
		for i := range f.Entries() {
			e := &f.Entries()[i]
			if e.Kind == index.KindMod || e.Is(index.Anonymous) || e.Is(index.Scoped) || e.Is(index.BadLabels) || e.Name() == "" {
				continue
			}
			var others []Related
			for _, o := range ix.Lookup(e.Mod().ID, e.UnqualifiedName()) {
				if o == e || o.Mod() != e.Mod() || o.Is(index.Scoped) || o.Is(index.Anonymous) {
					continue
				}
				others = append(others, Related{Path: o.File().Path, Range: o.NameRange, Message: "also defined here"})
			}
			if len(others) > 0 {
				out = append(out, Diagnostic{Range: e.NameRange, Severity: Error, Code: CodeDuplicate, Message: fmt.Sprintf("the mod defines more than one %s", e.UnqualifiedName()), Related: others})
			}
		}
	}
	return out
}

// didYouMean returns the name of the same kind, in the mod p points into,
// closest to the name p does not find, when it is a likely typo.
func didYouMean(ix *index.Index, from *index.Mod, p *index.Posting) string {
	target := from
	if alias := p.Alias(); alias != "" && alias != from.Name {
		target = nil
		for _, d := range from.Deps {
			if m := ix.Mod(d); m != nil && m.Name == alias {
				target = m
			}
		}
		if target == nil {
			return ""
		}
	}
	var names []string
	for _, e := range ix.OfKind(target.ID, p.Kind) {
		if !e.Is(index.Scoped) && !e.Is(index.Anonymous) && e.Mod() == target {
			names = append(names, e.Name())
		}
	}
	best := closest(p.Name(), names)
	if best == "" {
		return ""
	}
	if p.Alias() != "" {
		return p.Alias() + "." + p.Kind.String() + "." + best
	}
	return p.Kind.String() + "." + best
}

// wrongTarget returns why the resolved reference p names a resource of a
// type its attribute does not take (benchmark children — detections in a
// detection benchmark, controls in any other —, query, category, base), or
// "" when it is fine or the schema does not say. typeOf gives the `type` of
// the referring block.
func wrongTarget(p *index.Posting, typeOf func(*index.Entry) string) string {
	from := p.From()
	if from == nil || p.Kind == index.KindVar || p.Kind == index.KindLocal {
		return "" // a variable or local may hold the references
	}
	var path []string
	for e := from.Parent(); e != nil; e = e.Parent() {
		path = append([]string{e.Kind.BlockType()}, path...)
	}
	d, ok := schema.BlockIn(path, from.Kind.BlockType())
	if !ok {
		return ""
	}
	a, ok := d.Attribute(p.Attr())
	if !ok || len(a.Targets) == 0 {
		return ""
	}
	allowed := map[string]bool{}
	add := func(ts []string) {
		for _, t := range ts {
			if t == schema.SameType {
				t = from.Kind.BlockType()
			}
			allowed[t] = true
		}
	}
	kind := ""
	if ts, ok := a.TargetsByType[typeOf(from)]; ok {
		add(ts)
		kind = typeOf(from) + " "
	} else {
		add(a.Targets)
	}
	if allowed["connection"] {
		return "" // connection references are not indexed as resources
	}
	got := p.Kind.BlockType()
	if allowed[got] {
		return ""
	}
	names := make([]string, 0, len(allowed))
	for t := range allowed {
		names = append(names, t)
	}
	sort.Strings(names)
	return fmt.Sprintf("%s of a %s%s must name a %s, not a %s (%s)", a.Name, kind, from.Kind.BlockType(), strings.Join(names, " or "), got, p.Key())
}
