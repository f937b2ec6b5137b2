package lsp

// This file defines textDocument/hover on a block's name or type, or on a
// reference: what the resource is, its title and description, tags, its
// SQL (or that of the query it uses), its params, and its documentation.
// Only the hovered block is parsed fully, from its byte range in the index
// (cache.GetOrParseBlock), never the rest of its file.

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
	"github.com/zclconf/go-cty/cty"

	"github.com/modls/modls/check"
	"github.com/modls/modls/complete"
	"github.com/modls/modls/eval"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/pgsql"
	"github.com/modls/modls/render"
)

// maxDocBytes bounds how much of a documentation file hover shows.
const maxDocBytes = 8 << 10

func (s *Server) hover(g *glsp.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	d, err := s.docView(g, p.TextDocument.URI)
	if d == nil {
		return nil, err
	}
	path, ix, text, li := d.path, d.ix, d.text, d.li
	off := uint32(li.offset(text, p.Position))
	entry, posting := ix.At(path, off)
	var target *index.Entry
	var rng parse.Range
	switch {
	case posting != nil:
		ts := ix.Resolve(posting)
		if len(ts) == 0 {
			return nil, nil
		}
		target, rng = ts[0], posting.Range
	case entry != nil && (entry.NameRange.Contains(off) || entry.TypeRange().Contains(off)):
		target, rng = entry, entry.NameRange
	default:
		if ph, ok := s.renderer(ix).PlaceholderAt(s.contextOf(g), path, off); ok {
			md := s.describePlaceholder(ph)
			r := li.toRange(text, parse.Range{Start: parse.Pos{Byte: ph.Span.Start}, End: parse.Pos{Byte: ph.Span.End}})
			return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: md}, Range: &r}, nil
		}
		// An attribute name or a structural block: the schema's words.
		if md := check.SchemaAt(parse.Scan(text), off); md != "" {
			return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: md}}, nil
		}
		return nil, nil
	}
	md := s.describe(s.contextOf(g), ix, target)
	r := li.toRange(text, rng)
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: md}, Range: &r}, nil
}

// describe renders an entry as Markdown.
func (s *Server) describe(ctx context.Context, ix *index.Index, e *index.Entry) string {
	var b strings.Builder
	complete.WriteHeading(&b, e)
	src, _, err := s.source(e.File().Path)
	if err == nil {
		if e.Kind == index.KindLocal {
			s.describeLocal(&b, src, e)
		} else if blk, _ := s.cache.GetOrParseBlock(e.File().Path, src, e.Range); blk != nil {
			s.describeBlock(ctx, &b, ix, e, blk, src)
		}
	}
	if e.Kind == index.KindLocal || e.Kind == index.KindVar {
		s.describeValue(ctx, &b, ix, e, src)
	}
	rel := e.File().Path
	if r, err := filepath.Rel(e.Mod().Root, rel); err == nil {
		rel = r
	}
	fmt.Fprintf(&b, "\n*%s:%d* · mod `%s`", filepath.ToSlash(rel), e.NameRange.Start.Line, e.Mod().Name)
	return b.String()
}

// describeValue shows the value of a variable's default or a local when
// static evaluation knows it and it says more than the source does; a
// local that flows into SQL as its rendered SQL.
func (s *Server) describeValue(ctx context.Context, b *strings.Builder, ix *index.Index, e *index.Entry, src []byte) {
	if e.Kind == index.KindLocal && render.FlowsIntoSQL(ix, e) {
		if res, err := s.renderer(ix).Value(ctx, e); err == nil {
			b.WriteString("\nvalue, as SQL:\n")
			writeSQL(b, res)
			return
		}
	}
	scope := eval.New(ix, s.cache, e.Mod().ID, s.readText)
	v := scope.Local(e.Name())
	if e.Kind == index.KindVar {
		v = scope.Var(e.Name())
	}
	if !v.IsWhollyKnown() {
		return
	}
	text := strings.TrimSpace(string(hclwrite.TokensForValue(v).Bytes()))
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if r := e.Range; int(r.End.Byte) <= len(src) && strings.Contains(squeeze(string(src[r.Start.Byte:r.End.Byte])), squeeze(text)) {
		return // a literal: the source says it already
	}
	if strings.Contains(text, "\n") {
		fmt.Fprintf(b, "\nvalue:\n```hcl\n%s\n```\n", truncateText(text, 1500))
		return
	}
	fmt.Fprintf(b, "\nvalue: `%s`\n", truncateText(text, 300))
}

func (s *Server) describeLocal(b *strings.Builder, src []byte, e *index.Entry) {
	r := e.Range
	if int(r.End.Byte) > len(src) {
		return
	}
	fmt.Fprintf(b, "\n```hcl\n%s\n```\n", truncateText(string(src[r.Start.Byte:r.End.Byte]), 1500))
}

func (s *Server) describeBlock(ctx context.Context, b *strings.Builder, ix *index.Index, e *index.Entry, blk *hclsyntax.Block, src []byte) {
	attrs := blk.Body.Attributes
	if e.Kind == index.KindVar {
		for _, name := range []string{"type", "default"} {
			if a := attrs[name]; a != nil {
				fmt.Fprintf(b, "\n%s: `%s`", name, truncateText(exprText(src, a.Expr), 300))
			}
		}
		b.WriteString("\n")
	}
	if a := attrs["tags"]; a != nil {
		fmt.Fprintf(b, "\ntags: %s\n", renderTags(src, a.Expr))
	}
	if a := attrs["severity"]; a != nil {
		fmt.Fprintf(b, "\nseverity: `%s`\n", truncateText(exprText(src, a.Expr), 40))
	}
	if render.HasSQL(e.Kind) {
		if res, err := s.renderer(ix).SQL(ctx, e); err == nil {
			if q := res.Source; q != e {
				name := q.UnqualifiedName()
				if q.Mod() != e.Mod() {
					name = q.QualifiedName()
				}
				fmt.Fprintf(b, "\nSQL of `%s`:\n", name)
			}
			writeSQL(b, res)
		}
	}
	var params []string
	for _, nb := range blk.Body.Blocks {
		if nb.Type != "param" || len(nb.Labels) != 1 {
			continue
		}
		line := "- `" + nb.Labels[0] + "`"
		if d := nb.Body.Attributes["default"]; d != nil {
			line += " = `" + truncateText(exprText(src, d.Expr), 80) + "`"
		}
		if d := nb.Body.Attributes["description"]; d != nil {
			if v, ok := staticString(d.Expr); ok {
				line += " — " + v
			}
		}
		params = append(params, line)
	}
	if len(params) > 0 {
		fmt.Fprintf(b, "\nparams:\n%s\n", strings.Join(params, "\n"))
	}
	if a := attrs["documentation"]; a != nil {
		if doc := s.documentation(e, a.Expr); doc != "" {
			fmt.Fprintf(b, "\n---\n%s\n", doc)
		}
	}
}

// describePlaceholder says which param supplies a $n.
func (s *Server) describePlaceholder(ph *render.Placeholder) string {
	var b strings.Builder
	if ph.Param == nil {
		fmt.Fprintf(&b, "`$%d` of `%s`: no param block supplies it; the positional `args` of each use do\n", ph.N, ph.Query.UnqualifiedName())
		return b.String()
	}
	fmt.Fprintf(&b, "`$%d` is param `%s` of `%s`\n", ph.N, ph.Param.Name(), ph.Query.UnqualifiedName())
	if src, _, err := s.source(ph.Param.File().Path); err == nil {
		if blk, _ := s.cache.GetOrParseBlock(ph.Param.File().Path, src, ph.Param.Range); blk != nil {
			if d := blk.Body.Attributes["default"]; d != nil {
				fmt.Fprintf(&b, "\ndefault: `%s`\n", truncateText(exprText(src, d.Expr), 200))
			}
			if d := blk.Body.Attributes["description"]; d != nil {
				if v, ok := staticString(d.Expr); ok {
					fmt.Fprintf(&b, "\n%s\n", v)
				}
			}
		}
	}
	return b.String()
}

// writeSQL shows rendered SQL in a fence, with what could not be known
// and the dialect when it is not checked.
func writeSQL(b *strings.Builder, res *render.Result) {
	fmt.Fprintf(b, "\n```sql\n%s\n```\n", truncateText(strings.Trim(res.Text, "\n"), 4000))
	if !res.Complete {
		var why []string
		for _, u := range res.Unknown {
			if !slices.Contains(why, u.Reason) {
				why = append(why, u.Reason)
			}
		}
		fmt.Fprintf(b, "\n*not fully known:* %s\n", truncateText(strings.Join(why, "; "), 400))
	}
	switch {
	case res.Dialect != render.Postgres:
		fmt.Fprintf(b, "\n*not checked: %s*\n", res.Dialect.Title())
	case !pgsql.Available():
		b.WriteString("\n*SQL syntax not checked: this modls was built without cgo (libpg_query)*\n")
	}
}

// documentation reads a `file("…")` documentation from the mod root, never
// outside the mod's folder, or returns a static string's value.
func (s *Server) documentation(e *index.Entry, expr hclsyntax.Expression) string {
	if v, ok := staticString(expr); ok {
		return truncateText(v, maxDocBytes)
	}
	call, ok := expr.(*hclsyntax.FunctionCallExpr)
	if !ok || call.Name != "file" || len(call.Args) != 1 {
		return ""
	}
	rel, ok := staticString(call.Args[0])
	if !ok {
		return ""
	}
	path, err := eval.Resolve(e.Mod().Root, rel) // inside the mod only, links resolved
	if err != nil {
		return ""
	}
	f, err := openRegular(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	buf := make([]byte, maxDocBytes+1)
	n, _ := f.Read(buf)
	return truncateText(string(buf[:n]), maxDocBytes)
}

// staticString returns the value of a string expression with no
// references or function calls.
func staticString(expr hclsyntax.Expression) (string, bool) {
	if len(expr.Variables()) > 0 {
		return "", false
	}
	v, diags := eval.Literal(expr)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// renderTags shows a static tags object as `key = value` pairs, or the
// expression's source when it is computed.
func renderTags(src []byte, expr hclsyntax.Expression) string {
	if len(expr.Variables()) == 0 {
		if v, diags := eval.Literal(expr); !diags.HasErrors() && v.IsKnown() && !v.IsNull() && (v.Type().IsObjectType() || v.Type().IsMapType()) {
			var pairs []string
			for k, val := range v.AsValueMap() {
				if val.Type() == cty.String && val.IsKnown() && !val.IsNull() {
					pairs = append(pairs, fmt.Sprintf("`%s = %s`", k, val.AsString()))
				}
			}
			sort.Strings(pairs)
			return strings.Join(pairs, " ")
		}
	}
	return "`" + truncateText(strings.Join(strings.Fields(exprText(src, expr)), " "), 200) + "`"
}

func exprText(src []byte, expr hcl.Expression) string {
	r := expr.Range()
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	return string(src[r.Start.Byte:r.End.Byte])
}

func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut-- // keep UTF-8 whole
	}
	return s[:cut] + "…"
}
