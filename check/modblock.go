package check

// This file checks the mod block (mod-language.md §5, §8.5): one mod block
// per mod, versions that parse (min_version must be a version; a require
// mod version that is not a constraint is taken as a git tag — a warning),
// and the deprecated spellings the schema marks (`requires`, the
// `steampipe` attribute, max_concurrency), which Powerpipe tolerates.

import (
	"fmt"

	"github.com/Masterminds/semver/v3"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/schema"
)

// Codes of mod block checks.
const (
	CodeSecondMod  = "second-mod-block"
	CodeVersion    = "invalid-version"
	CodeDeprecated = "deprecated"
)

// deprecated warns of the blocks and attributes of f that the schema marks
// deprecated.
func deprecated(f *parse.File, desc []*schema.Block) []Diagnostic {
	var out []Diagnostic
	for i, b := range f.Blocks {
		if d := desc[i]; d != nil && d.Deprecated != "" {
			var fixes []Fix
			if b.Type == "requires" {
				fixes = replaceFix(b.TypeRange, "require")
			}
			out = append(out, Diagnostic{Range: b.TypeRange, Severity: Warning, Code: CodeDeprecated, Message: d.Deprecated, Fixes: fixes})
		}
	}
	for _, a := range f.Attrs {
		if a.Block < 0 || desc[a.Block] == nil {
			continue
		}
		if at, ok := desc[a.Block].Attribute(a.Name); ok && at.Deprecated != "" {
			out = append(out, Diagnostic{Range: a.NameRange, Severity: Warning, Code: CodeDeprecated, Message: at.Deprecated})
		}
	}
	return out
}

// versions checks min_version and require mod versions.
func versions(f *parse.File, src []byte) []Diagnostic {
	var out []Diagnostic
	for _, a := range f.Attrs {
		if a.Block < 0 {
			continue
		}
		b := f.Blocks[a.Block]
		if b.Parent < 0 || f.Blocks[b.Parent].Type != "require" && f.Blocks[b.Parent].Type != "requires" {
			continue
		}
		v, ok := parse.StringValue(src, a)
		if !ok {
			continue
		}
		switch {
		case a.Name == "min_version":
			if _, err := semver.NewVersion(v); err != nil {
				out = append(out, Diagnostic{Range: a.ExprRange, Severity: Error, Code: CodeVersion,
					Message: fmt.Sprintf("%q is not a version: min_version takes a semantic version such as \"1.0.0\"", v)})
			}
		case a.Name == "version" && b.Type == "mod":
			if v == "" || v == "latest" {
				continue
			}
			if _, err := semver.NewConstraint(v); err != nil {
				out = append(out, Diagnostic{Range: a.ExprRange, Severity: Warning, Code: CodeVersion,
					Message: fmt.Sprintf("%q is not a version constraint, so Powerpipe installs the git tag of that name; for a tag, say tag = %q", v, v)})
			}
		}
	}
	return out
}

// secondMods reports every mod block of f's mod but the first of its
// definition file: a mod has one.
func secondMods(ix *index.Index, f *index.File) []Diagnostic {
	var mine []*index.Entry
	for i := range f.Entries() {
		if e := &f.Entries()[i]; e.Kind == index.KindMod {
			mine = append(mine, e)
		}
	}
	if len(mine) == 0 {
		return nil
	}
	all := ix.OfKind(f.Mod().ID, index.KindMod)
	if len(all) < 2 {
		return nil
	}
	first := all[0]
	for _, e := range all {
		if e.File().Path == f.Mod().File || f.Mod().File == "" {
			first = e
			break
		}
	}
	var out []Diagnostic
	for _, e := range mine {
		if e == first {
			continue
		}
		out = append(out, Diagnostic{Range: e.NameRange, Severity: Error, Code: CodeSecondMod,
			Message: fmt.Sprintf("a mod has one mod block; this mod's is %s", first.QualifiedName()),
			Related: []Related{{Path: first.File().Path, Range: first.NameRange, Message: "the mod block"}}})
	}
	return out
}
