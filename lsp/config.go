package lsp

// This file gives the checks the configuration of each mod root
// (.modls.hcl, see package config) as a view sees it: the open document's
// text, else the disk's, read once per view (a diagnostics pass, a code
// action), so an edit of the file applies at the next pass before it is
// saved, and a change on disk (the watcher reports it) too; nothing is kept
// across views, so nothing needs invalidating.

import (
	"path/filepath"
	"sync"

	"github.com/modls/modls/config"
)

// configs returns a function giving the configuration of a mod root (nil
// when it has none), each read once for the lifetime of the function.
func (v *view) configs() func(root string) *config.Config {
	var mu sync.Mutex
	read := map[string]*config.Config{}
	return func(root string) *config.Config {
		mu.Lock()
		defer mu.Unlock()
		if c, ok := read[root]; ok {
			return c
		}
		path := filepath.Join(root, config.FileName)
		var c *config.Config
		if src, err := v.ReadText(path); err == nil {
			c, _ = config.Parse(path, src) // its problems are the file's diagnostics
		}
		read[root] = c
		return c
	}
}
