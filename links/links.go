package links

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/modls/modls/eval"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/parse"
	"github.com/zclconf/go-cty/cty"
)

// Link is one link: the byte range text[Start:End] and where it leads (a
// URI or a web address).
type Link struct {
	Start, End int
	Target     string
	Tooltip    string
}

// fileFunctions are the functions whose first argument is the path of a
// file of the mod (fileset's is a folder and a pattern: not a link).
var fileFunctions = map[string]bool{
	"file": true, "fileexists": true, "filebase64": true, "filebase64sha256": true, "filebase64sha512": true,
	"filemd5": true, "filesha1": true, "filesha256": true, "filesha512": true,
}

// In returns the links of the file at path, whose text is text, in the
// snapshot ix (file links need the file's mod; dashboard links its
// postings), in order.
func In(ix *index.Index, path string, text []byte) []Link {
	root := ""
	if m := ix.ModAt(path); m != nil {
		root = m.Root
	}
	f := parse.Scan(text)
	var out []Link
	if root != "" {
		for _, a := range f.Attrs {
			out = append(out, fileLinks(path, text, root, a)...)
		}
	}
	out = append(out, dependencyLinks(text, f)...)
	out = append(out, dashboardLinks(ix, path, text)...)
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// fileLinks returns the links of the file function calls in the value of
// attribute a whose first argument is a literal string naming a file inside
// the mod.
func fileLinks(path string, text []byte, root string, a parse.Attr) []Link {
	s, e := a.ExprRange.Clamp(len(text))
	if !bytes.Contains(text[s:e], []byte("file")) {
		return nil
	}
	start := hcl.Pos{Line: int(a.ExprRange.Start.Line), Column: int(a.ExprRange.Start.Col), Byte: s}
	expr, _ := parse.ParseExpression(text[s:e], path, start)
	if expr == nil {
		return nil
	}
	var out []Link
	hclsyntax.VisitAll(expr, func(n hclsyntax.Node) hcl.Diagnostics {
		call, ok := n.(*hclsyntax.FunctionCallExpr)
		if !ok || !fileFunctions[call.Name] || len(call.Args) == 0 {
			return nil
		}
		arg, ok := call.Args[0].(*hclsyntax.TemplateExpr)
		if !ok || !arg.IsStringLiteral() {
			return nil
		}
		v, diags := arg.Value(nil)
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			return nil
		}
		full, err := eval.Resolve(root, v.AsString())
		if err != nil {
			return nil // outside the mod's folder
		}
		if fi, err := os.Stat(full); err != nil || fi.IsDir() {
			return nil
		}
		ls, le := arg.SrcRange.Start.Byte, arg.SrcRange.End.Byte
		if ls < s || le > e || le < ls {
			return nil
		}
		if le-ls >= 2 && text[ls] == '"' && text[le-1] == '"' {
			ls, le = ls+1, le-1
		}
		rel, _ := filepath.Rel(root, full)
		out = append(out, Link{Start: ls, End: le, Target: fileuri.FromPath(full),
			Tooltip: "Open " + filepath.ToSlash(rel) + " (relative to the mod root)"})
		return nil
	})
	return out
}

// dependencyLinks returns the links of the module paths of the
// dependencies in f's `mod { require { mod "…" { … } } }`.
func dependencyLinks(text []byte, f *parse.File) []Link {
	var out []Link
	for bi, b := range f.Blocks {
		if b.Type != "mod" || b.Parent < 0 || len(b.Labels) == 0 {
			continue
		}
		req := f.Blocks[b.Parent]
		if req.Type != "require" && req.Type != "requires" || req.Parent < 0 {
			continue
		}
		if m := f.Blocks[req.Parent]; m.Type != "mod" || m.Parent >= 0 {
			continue
		}
		l := b.Labels[0]
		url, ok := repositoryURL(l.Value)
		if !ok {
			continue
		}
		tip := "Open the repository of the dependency " + l.Value
		for _, a := range f.Attrs {
			if int(a.Block) == bi && (a.Name == "version" || a.Name == "branch" || a.Name == "tag") {
				if v, ok := parse.StringValue(text, a); ok {
					tip += " (" + a.Name + " " + v + ")"
				}
			}
		}
		ls, le := l.Range.Clamp(len(text))
		if le-ls >= 2 && text[ls] == '"' && text[le-1] == '"' {
			ls, le = ls+1, le-1
		}
		out = append(out, Link{Start: ls, End: le, Target: url, Tooltip: tip})
	}
	return out
}

// repositoryURL returns the web address of a dependency's module path
// host/org/repo[/…]: https:// and the path, for a host that is a domain
// name. A local path (a `path` dependency's label) has none.
func repositoryURL(modPath string) (string, bool) {
	parts := strings.Split(modPath, "/")
	if len(parts) < 3 || !isDomain(parts[0]) {
		return "", false
	}
	for _, p := range parts[1:] {
		if p == "" || p == "." || p == ".." {
			return "", false
		}
		for _, c := range p {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
				return "", false
			}
		}
	}
	return "https://" + modPath, true
}

// isDomain reports whether h is a host name with a dot: labels of letters,
// digits and hyphens, at least one letter.
func isDomain(h string) bool {
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return false
	}
	letter := false
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, c := range l {
			switch {
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
				letter = true
			case c >= '0' && c <= '9' || c == '-':
			default:
				return false
			}
		}
	}
	return letter
}

// dashboardLinks returns the links of the dashboard links in href strings
// of the file at path (the index's Link postings), each to the line of the
// dashboard it names.
func dashboardLinks(ix *index.Index, path string, text []byte) []Link {
	f := ix.File(path)
	if f == nil {
		return nil
	}
	var out []Link
	ps := f.Postings()
	for i := range ps {
		p := &ps[i]
		if p.Flags&index.Link == 0 || int(p.Range.End.Byte) > len(text) {
			continue
		}
		ts := ix.Resolve(p)
		if len(ts) != 1 {
			continue
		}
		t := ts[0]
		tooltip := t.QualifiedName()
		if t.Title() != "" {
			tooltip += ": " + t.Title()
		}
		out = append(out, Link{Start: int(p.Range.Start.Byte), End: int(p.Range.End.Byte),
			Target:  fileuri.FromPath(t.File().Path) + "#L" + strconv.Itoa(int(t.NameRange.Start.Line)),
			Tooltip: tooltip})
	}
	return out
}
