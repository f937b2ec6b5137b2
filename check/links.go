package check

// This file checks dashboard links in href strings (mod-language.md §4.7):
// `"/<mod>.dashboard.<name>?input.<input>=…"`, and the inputs a link to
// `${dashboard.<name>.url_path}` sets. Powerpipe resolves a link only when
// a user follows it, so a link to no dashboard is a warning; an input the
// dashboard does not have only leaves it unset when the link opens it (a
// hint).

import (
	"fmt"
	"strings"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

// CodeUnresolvedLink is the code of a dashboard link that leads nowhere.
const CodeUnresolvedLink = "unresolved-link"

// links reports the dashboard links of f (src) to no dashboard, and the
// inputs they set that the dashboard does not have.
func links(ix *index.Index, f *index.File, src []byte) []Diagnostic {
	var out []Diagnostic
	ps := f.Postings()
	for i := range ps {
		p := &ps[i]
		if p.Attr() != "href" || p.Kind != index.KindDashboard || p.Flags&index.Runtime != 0 {
			continue
		}
		ts := ix.Resolve(p)
		if p.Flags&index.Link != 0 && len(ts) == 0 {
			out = append(out, brokenLink(ix, f, p))
			continue
		}
		if len(ts) != 1 {
			continue
		}
		out = append(out, linkInputs(src, p, ts[0])...)
	}
	return out
}

// brokenLink describes link p, which resolves to nothing.
func brokenLink(ix *index.Index, f *index.File, p *index.Posting) Diagnostic {
	from := f.Mod()
	var target *index.Mod
	if p.Alias() == from.Name {
		target = from
	}
	for _, d := range from.Deps {
		if m := ix.Mod(d); m != nil && m.Name == p.Alias() {
			target = m
		}
	}
	key := p.Alias() + ".dashboard." + p.Name()
	if target == nil {
		names := []string{from.Name}
		for _, d := range from.Deps {
			if m := ix.Mod(d); m != nil {
				names = append(names, m.Name)
			}
		}
		msg := fmt.Sprintf("the link to %s leads nowhere: no mod is named %s here (this mod is %s)", key, p.Alias(), from.Name)
		var fixes []Fix
		if s := closest(p.Alias(), names); s != "" {
			msg += fmt.Sprintf("; did you mean %s?", s)
			fixes = replaceFix(p.AliasRange(), s)
		}
		return Diagnostic{Range: p.Range, Severity: Warning, Code: CodeUnresolvedLink, Message: msg, Fixes: fixes}
	}
	msg := fmt.Sprintf("the link to %s leads nowhere: %s has no dashboard %s", key, target.Name, p.Name())
	var names []string
	for _, e := range ix.OfKind(target.ID, index.KindDashboard) {
		if e.Mod() == target && e.Is(index.TopLevel) {
			names = append(names, e.Name())
		}
	}
	var fixes []Fix
	if s := closest(p.Name(), names); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
		fixes = replaceFix(p.NameRange(), s)
	}
	return Diagnostic{Range: p.Range, Severity: Warning, Code: CodeUnresolvedLink, Message: msg, Fixes: fixes}
}

// linkInputs reports the `input.<name>=` parameters of the query string
// after link p (to dashboard d) that name no input of d.
func linkInputs(src []byte, p *index.Posting, d *index.Entry) []Diagnostic {
	i := int(p.Range.End.Byte)
	if i < len(src) && src[i] == '}' {
		i++ // ${dashboard.x.url_path}?…
	}
	if i >= len(src) || src[i] != '?' {
		return nil
	}
	var inputs []string
	es := d.File().Entries()
	for j := range es {
		e := &es[j]
		if e.Kind != index.KindInput || e.Name() == "" {
			continue
		}
		for a := e.Parent(); a != nil; a = a.Parent() {
			if a.Kind == index.KindDashboard {
				if a == d {
					inputs = append(inputs, e.Name())
				}
				break
			}
		}
	}
	var out []Diagnostic
	pos := span.PosOf(src, i)
	for i++; i < len(src); {
		if src[i] == '"' || src[i] == '\n' || src[i] == '$' && i+1 < len(src) && src[i+1] == '{' {
			break
		}
		end := i
		for end < len(src) && src[end] != '&' && src[end] != '"' && src[end] != '\n' {
			end++
		}
		param := string(src[i:end])
		if name, ok := strings.CutPrefix(param, "input."); ok {
			if eq := strings.IndexByte(name, '='); eq >= 0 {
				name = name[:eq]
			}
			if name != "" && !contains(inputs, name) {
				start := posFrom(src, pos, i+len("input."))
				r := parse.Range{Start: start, End: posFrom(src, start, i+len("input.")+len(name))}
				msg := fmt.Sprintf("%s has no input %s, so the link sets nothing", d.UnqualifiedName(), name)
				var fixes []Fix
				if s := closest(name, inputs); s != "" {
					msg += fmt.Sprintf("; did you mean %s?", s)
					fixes = replaceFix(r, s)
				}
				out = append(out, Diagnostic{Range: r, Severity: Hint, Code: CodeUnresolvedLink, Message: msg, Fixes: fixes})
			}
		}
		if end >= len(src) || src[end] != '&' {
			break
		}
		i = end + 1
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
