package check

// This file checks the mod block (mod-language.md §5, §8.5): one mod block
// per mod, versions that parse (min_version must be a version; a require
// mod version that is not a constraint is taken as a git tag — a warning),
// and the deprecated spellings the schema marks (`requires`, the
// `steampipe` attribute, max_concurrency), which Powerpipe tolerates.

import (
	"fmt"
	"path/filepath"

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

// secondMods warns of every mod block of f's mod but the first of its
// definition file, saying what Powerpipe does with it: it loads the mod and
// ignores the block (mod-language.md §1.2, §8.7) — a second block in
// mod.pp, a mod.sp beside mod.pp, a sub-folder's own mod.pp (whose files
// belong to the enclosing mod), a mod block in any other file.
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
	def := f.Mod().File
	if def == "" {
		def = filepath.Join(f.Mod().Root, "mod.pp")
	}
	first := all[0]
	for _, e := range all {
		if e.File().Path == def {
			first = e
			break
		}
	}
	var out []Diagnostic
	for _, e := range mine {
		if e == first {
			continue
		}
		var why string
		switch dir, base := filepath.Dir(f.Path), filepath.Base(f.Path); {
		case f.Path == first.File().Path:
			why = fmt.Sprintf("only the first mod block of %s defines the mod: Powerpipe ignores this one", base)
		case dir == filepath.Dir(first.File().Path) && (base == "mod.pp" || base == "mod.sp"):
			why = fmt.Sprintf("%s defines the mod: Powerpipe loads %s as an ordinary file and ignores this mod block", filepath.Base(first.File().Path), base)
		case base == "mod.pp" || base == "mod.sp":
			why = "a mod folder inside a mod is not a mod of its own: Powerpipe loads its files as part of the enclosing mod and ignores this mod block"
		default:
			why = "a mod has one mod block, in its mod.pp: Powerpipe ignores this one"
		}
		out = append(out, Diagnostic{Range: e.NameRange, Severity: Warning, Code: CodeSecondMod,
			Message: fmt.Sprintf("%s (the mod is %s)", why, first.QualifiedName()),
			Related: []Related{{Path: first.File().Path, Range: first.NameRange, Message: "the mod block"}}})
	}
	return out
}

// CodeNoModBlock is the code of a mod definition file without a mod block.
const CodeNoModBlock = "no-mod-block"

// noModBlock reports a mod definition file (f, scanned, at path) that holds
// no mod block: Powerpipe refuses the mod ("no mod definition found").
func noModBlock(ix *index.Index, path string, f *parse.File) []Diagnostic {
	m := ix.ModAt(path)
	if m == nil || !isDefinitionFile(ix, m, path) {
		return nil
	}
	for _, b := range f.Blocks {
		if b.Parent < 0 && b.Type == "mod" {
			return nil
		}
	}
	return []Diagnostic{{Range: parse.Range{Start: parse.Pos{Line: 1, Col: 1}, End: parse.Pos{Line: 1, Col: 1}}, Severity: Error, Code: CodeNoModBlock,
		Message: fmt.Sprintf("%s defines no mod: Powerpipe refuses to load a mod whose %s has no mod block (add `mod \"<name>\" {}`)", filepath.Base(path), filepath.Base(path))}}
}

// isDefinitionFile reports whether path is the definition file of m.
func isDefinitionFile(ix *index.Index, m *index.Mod, path string) bool {
	if m.File != "" {
		return filepath.Clean(m.File) == filepath.Clean(path)
	}
	if filepath.Dir(path) != filepath.Clean(m.Root) {
		return false
	}
	switch filepath.Base(path) {
	case "mod.pp":
		return true
	case "mod.sp":
		return ix.File(filepath.Join(m.Root, "mod.pp")) == nil
	}
	return false
}
