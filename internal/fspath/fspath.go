// Package fspath answers the one question about file paths that modls asks
// in many places: does a path lie in a folder? Every check that a file may
// be read (the file functions, the files a request names), that a file
// belongs to a root, or that a path can be shown relative to one, asks
// Within.
package fspath

import (
	"path/filepath"
	"strings"
)

// Within reports whether path is dir or lies below it. The test is lexical:
// both are cleaned, neither is resolved (a caller that must not follow
// symbolic links out of dir resolves them first, as eval.Resolve does). A
// relative path is never within an absolute folder, nor the reverse.
func Within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
