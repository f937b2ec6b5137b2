package check

// This file checks a mod's dependencies: every `require { mod "<path>" {} }`
// of a mod definition file must be installed under .powerpipe/mods, in a
// version that satisfies its constraint and recorded in the lock file, or
// Powerpipe refuses to load the mod; the args given to it must name its
// variables, with values of their types; its locals cannot be referred to.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/Masterminds/semver/v3"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/eval"
	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

// CodeNotInstalled is the code of a dependency that is not installed.
const CodeNotInstalled = "dependency-not-installed"

// installedDeps maps the module path of every mod installed under a
// .powerpipe/mods folder of ix to those installed mods.
func installedDeps(ix *index.Index) map[string][]*index.Mod {
	installed := map[string][]*index.Mod{}
	for _, other := range ix.Mods() {
		p, _, ok := other.Module()
		if !ok {
			continue
		}
		installed[p] = append(installed[p], other)
	}
	return installed
}

// dependencies reports the required mods of the mod file at path (scanned
// as f) that are not installed as Powerpipe requires: no installed copy
// under .powerpipe/mods (one error per dependency, however often it is
// referred to), none whose version satisfies the constraint, no lock file;
// and the args given to an installed dependency that name no variable of
// it or do not suit the variable's type.
func dependencies(ctx context.Context, ix *index.Index, c *cache.Cache, path string, f *parse.File, src []byte, scope func() *eval.Scope) []Diagnostic {
	m := ix.ModAt(path)
	if m == nil || filepath.Dir(path) != filepath.Clean(m.Root) {
		return nil
	}
	if b := filepath.Base(path); b != "mod.pp" && b != "mod.sp" {
		return nil
	}
	installed := installedDeps(ix)
	lock, lockErr := readLock(filepath.Join(m.Root, ".mod.cache.json"))
	var out []Diagnostic
	for bi, b := range f.Blocks {
		if b.Type != "mod" || b.Parent < 0 || len(b.Labels) != 1 {
			continue
		}
		if req := f.Blocks[b.Parent].Type; req != "require" && req != "requires" {
			continue
		}
		local := false
		var version, args *parse.Attr
		var tag, branch string
		for i, a := range f.Attrs {
			if int(a.Block) != bi {
				continue
			}
			switch a.Name {
			case "path":
				local = true // a local dependency is read in place
			case "version":
				version = &f.Attrs[i]
			case "args":
				args = &f.Attrs[i]
			case "tag":
				tag, _ = parse.StringValue(src, a)
			case "branch":
				branch, _ = parse.StringValue(src, a)
			}
		}
		modPath := b.Labels[0].Value
		if local {
			continue
		}
		copies := installed[modPath]
		if len(copies) == 0 {
			out = append(out, Diagnostic{Range: b.Labels[0].Range, Severity: Error, Code: CodeNotInstalled,
				Message: fmt.Sprintf("%s is not installed: run `powerpipe mod install` in the mod's folder", modPath)})
			continue
		}
		if lockErr != nil {
			out = append(out, Diagnostic{Range: b.Labels[0].Range, Severity: Error, Code: CodeNotInstalled,
				Message: fmt.Sprintf("%s is installed, but the mod has no .mod.cache.json recording it, so Powerpipe takes it for not installed: run `powerpipe mod install` in the mod's folder", modPath)})
			continue
		}
		if version != nil {
			if d, ok := unsatisfied(src, *version, modPath, copies); ok {
				out = append(out, d)
				continue
			}
		}
		if why := lock.mismatch(src, modPath, version, tag, branch); why != "" {
			out = append(out, Diagnostic{Range: b.Labels[0].Range, Severity: Error, Code: CodeNotInstalled,
				Message: fmt.Sprintf("%s: %s, so Powerpipe takes it for not installed: run `powerpipe mod install` in the mod's folder", modPath, why)})
			continue
		}
		if args != nil && len(copies) == 1 {
			out = append(out, dependencyArgs(ctx, ix, c, src, path, *args, copies[0], scope)...)
		}
	}
	return out
}

// unsatisfied reports a version constraint that no installed copy of the
// dependency satisfies; copies installed by branch or tag are not judged.
func unsatisfied(src []byte, a parse.Attr, modPath string, copies []*index.Mod) (Diagnostic, bool) {
	v, ok := parse.StringValue(src, a)
	if !ok || v == "" || v == "latest" {
		return Diagnostic{}, false
	}
	con, err := semver.NewConstraint(v)
	if err != nil {
		return Diagnostic{}, false
	}
	var have []string
	for _, m := range copies {
		p, _ := m.InstallPath()
		i := strings.LastIndex(p, "@")
		if i < 0 {
			return Diagnostic{}, false // a branch
		}
		ver, err := semver.NewVersion(p[i+1:])
		if err != nil {
			return Diagnostic{}, false // a tag
		}
		if con.Check(ver) {
			return Diagnostic{}, false
		}
		have = append(have, p[i+1:])
	}
	return Diagnostic{Range: a.ExprRange, Severity: Error, Code: CodeNotInstalled,
		Message: fmt.Sprintf("the installed %s %s does not satisfy %q, so Powerpipe takes it for not installed: run `powerpipe mod install` (or update the constraint)", modPath, strings.Join(have, ", "), v)}, true
}

// dependencyArgs checks the args given to dependency dep: each key must be
// a variable dep declares ("Value assigned to undeclared variable"), and a
// value known statically must suit its type, converted or structurally.
func dependencyArgs(ctx context.Context, ix *index.Index, c *cache.Cache, src []byte, path string, a parse.Attr, dep *index.Mod, scope func() *eval.Scope) []Diagnostic {
	expr, diags := parseExpr(src, path, a.ExprRange)
	if diags.HasErrors() {
		return nil
	}
	obj, ok := expr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return nil
	}
	var out []Diagnostic
	at := func(r hcl.Range) parse.Range { return span.RangeOf(src, r.Start.Byte, r.End.Byte) }
	for _, item := range obj.Items {
		name := hcl.ExprAsKeyword(item.KeyExpr)
		if name == "" {
			continue
		}
		vars := ix.Lookup(dep.ID, "var."+name)
		if len(vars) == 0 {
			where, _ := dep.InstallPath()
			msg := fmt.Sprintf("the dependency %s (%s) declares no variable %q: Powerpipe refuses a value for an undeclared variable", dep.Name, where, name)
			var fixes []Fix
			if s := suggestVariable(ix, dep.ID, name); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
				fixes = replaceFix(at(item.KeyExpr.Range()), s)
			}
			out = append(out, Diagnostic{Range: at(item.KeyExpr.Range()), Severity: Error, Code: CodeDependencyArgs, Message: msg, Fixes: fixes})
			continue
		}
		ty, ok := variableType(c, vars[0])
		if !ok {
			continue
		}
		v, d := scope().Value(ctx, item.ValueExpr)
		if d.HasErrors() || !v.IsWhollyKnown() {
			continue
		}
		if _, err := convert.Convert(v, ty); err != nil && !compatible(ty, v) {
			out = append(out, Diagnostic{Range: at(item.ValueExpr.Range()), Severity: Error, Code: CodeDependencyArgs,
				Message: fmt.Sprintf("%s.var.%s is a %s: %s", dep.Name, name, typeexpr.TypeString(ty), err),
				Related: []Related{{Path: vars[0].File().Path, Range: vars[0].NameRange, Message: "declared here"}}})
		}
	}
	return out
}

// CodeDependencyArgs is the code of a dependency's args that do not suit
// its variables.
const CodeDependencyArgs = "dependency-args"

// missingDependency reports whether the mod m requires a mod (not a local
// path) that is not installed: references through its alias, which only
// its mod block names, are then not reported one by one. read gives the
// text of the mod file.
func missingDependency(ix *index.Index, m *index.Mod, read func(string) ([]byte, error)) bool {
	file := m.File
	if file == "" {
		file = filepath.Join(m.Root, "mod.pp")
		if ix.File(file) == nil {
			file = filepath.Join(m.Root, "mod.sp")
		}
	}
	src, err := read(file)
	if err != nil {
		return false
	}
	f := parse.Scan(src)
	installed := installedDeps(ix)
	for bi, b := range f.Blocks {
		if b.Type != "mod" || b.Parent < 0 || len(b.Labels) != 1 {
			continue
		}
		local := false
		for _, a := range f.Attrs {
			local = local || int(a.Block) == bi && a.Name == "path"
		}
		if !local && len(installed[b.Labels[0].Value]) == 0 {
			return true
		}
	}
	return false
}

// privateLocals reports references to a dependency's locals
// (`<alias>.local.<name>`): locals are private to their mod, so Powerpipe
// never resolves them.
func privateLocals(ix *index.Index, path string, f *parse.File) []Diagnostic {
	m := ix.ModAt(path)
	if m == nil || len(m.Deps) == 0 {
		return nil
	}
	aliases := map[string]bool{}
	for _, d := range m.Deps {
		if dm := ix.Mod(d); dm != nil {
			aliases[dm.Name] = true
		}
	}
	var out []Diagnostic
	for _, r := range f.Refs {
		steps := f.StepsOf(r)
		if len(steps) < 3 || !aliases[steps[0].Name] || steps[1].Kind != parse.StepAttr || steps[1].Name != "local" {
			continue
		}
		out = append(out, Diagnostic{Range: r.Range, Severity: Error, Code: CodeUnresolved,
			Message: fmt.Sprintf("%s.local.%s: a mod's locals are private to it, so Powerpipe never resolves this reference; use a variable or a resource of %s", steps[0].Name, steps[2].Name, steps[0].Name)})
	}
	return out
}

// lockFile is a parsed .mod.cache.json: per installing mod, per module
// path, what was installed.
type lockFile map[string]map[string]struct {
	Version string `json:"version"`
	Branch  string `json:"branch"`
	Tag     string `json:"tag"`
	Path    string `json:"path"`
}

// readLock reads the lock file at path; an error when there is none. A
// lock that does not parse is taken as no lock to judge by (nil, nil).
func readLock(path string) (lockFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var l lockFile
	if json.Unmarshal(data, &l) != nil {
		return nil, nil
	}
	return l, nil
}

// mismatch says why the lock does not record the dependency modPath as
// required (pipe-fittings InstalledModVersion.SatisfiesConstraint), or "".
func (l lockFile) mismatch(src []byte, modPath string, version *parse.Attr, tag, branch string) string {
	if l == nil {
		return ""
	}
	found := false
	for _, deps := range l {
		e, ok := deps[modPath]
		if !ok {
			continue
		}
		found = true
		switch {
		case version != nil:
			v, ok := parse.StringValue(src, *version)
			if !ok {
				return ""
			}
			if v == "" || v == "latest" {
				v = "*"
			}
			con, err := semver.NewConstraint(v)
			if err != nil {
				return "" // taken as a tag: not judged
			}
			if ver, err := semver.NewVersion(e.Version); err == nil && con.Check(ver) {
				return ""
			}
		case tag != "":
			if e.Tag == tag {
				return ""
			}
		case branch != "":
			if e.Branch == branch {
				return ""
			}
		default:
			return ""
		}
	}
	if !found {
		return "the lock file .mod.cache.json does not record it"
	}
	return "the lock file .mod.cache.json records an install that does not satisfy this requirement"
}
