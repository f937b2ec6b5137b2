package check

// This file checks a mod's dependencies: every `require { mod "<path>" {} }`
// of a mod definition file must be installed under .powerpipe/mods, or
// Powerpipe refuses to load the mod.

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/modls/modls/index"
	"github.com/modls/modls/parse"
)

// CodeNotInstalled is the code of a dependency that is not installed.
const CodeNotInstalled = "dependency-not-installed"

// dependencies reports the required mods of the mod file at path (scanned
// as f) that no installed mod of ix matches.
func dependencies(ix *index.Index, path string, f *parse.File, src []byte) []Diagnostic {
	m := ix.ModAt(path)
	if m == nil || filepath.Dir(path) != filepath.Clean(m.Root) {
		return nil
	}
	if b := filepath.Base(path); b != "mod.pp" && b != "mod.sp" {
		return nil
	}
	installed := map[string]bool{}
	for _, other := range ix.Mods() {
		root := filepath.ToSlash(other.Root)
		const marker = "/.powerpipe/mods/"
		if i := strings.LastIndex(root, marker); i >= 0 {
			p := root[i+len(marker):]
			if j := strings.LastIndexAny(p, "@#"); j >= 0 {
				p = p[:j]
			}
			installed[p] = true
		}
	}
	var out []Diagnostic
	for bi, b := range f.Blocks {
		if b.Type != "mod" || b.Parent < 0 || len(b.Labels) != 1 {
			continue
		}
		if req := f.Blocks[b.Parent].Type; req != "require" && req != "requires" {
			continue
		}
		local := false
		for _, a := range f.Attrs {
			if int(a.Block) == bi && a.Name == "path" {
				local = true // a local dependency is read in place
			}
		}
		if local || installed[b.Labels[0].Value] {
			continue
		}
		out = append(out, Diagnostic{Range: b.Labels[0].Range, Severity: Error, Code: CodeNotInstalled,
			Message: fmt.Sprintf("%s is not installed: run `powerpipe mod install` in the mod's folder", b.Labels[0].Value)})
	}
	return out
}
