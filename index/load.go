package index

// This file defines Load: discovery, then reading, scanning and indexing
// every file of a workspace on all cores, into a first snapshot.

import (
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/modls/modls/discover"
	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/parse"
)

// LoadStats describes one Load.
type LoadStats struct {
	Mods    int           // root and dependency mods
	Files   int           // files indexed
	Bytes   int64         // bytes read
	Elapsed time.Duration // discovery, reading, scanning and indexing
	// Dirs are the root mods discovery found, their dependencies inside:
	// what decides whether a file created later belongs to a mod.
	Dirs []*discover.ModDir
}

// Load discovers the mods of the workspace roots (see discover.Workspace) and
// indexes every source file of them and of their installed dependencies.
// Files that cannot be read are skipped with a note (discover.Note.Skipped).
func Load(roots []string) (*Index, LoadStats, []discover.Note) {
	return LoadWith(roots, LoadOptions{})
}

// LoadOptions adjust Load.
type LoadOptions struct {
	// Ignore excludes more files of the root mods, on top of each mod's
	// .powerpipeignore: patterns relative to a mod root, with the same
	// syntax (an editor setting, for generated or scratch folders).
	Ignore *discover.Ignore
	// Context stops the load when cancelled (see LoadWith); nil is
	// Background.
	Context context.Context
}

// LoadWith is Load with options.
//
// When opt.Context ends, discovery and the workers stop at the next folder
// or file, and LoadWith returns at once an index of what was read by then:
// the caller, which knows its context ended, discards it.
func LoadWith(roots []string, opt LoadOptions) (*Index, LoadStats, []discover.Note) {
	start := time.Now()
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	mods, notes := discover.Workspace(ctx, roots)
	if opt.Ignore != nil && opt.Ignore.Len() > 0 {
		for _, d := range mods {
			d.Files = slices.DeleteFunc(d.Files, func(p string) bool {
				return p != d.ModFile && opt.Ignore.Excluded(relSlash(d.Root, p), false)
			})
		}
	}
	b := NewBuilder()
	var jobs []loadJob
	for _, d := range mods {
		b.AddModDir(d)
		notes = append(notes, d.Notes...)
		for _, m := range append([]*discover.ModDir{d}, d.Deps...) {
			if m != d {
				notes = append(notes, m.Notes...)
			}
			id := b.AddMod(m.Root, m.ModFile)
			for _, p := range m.Files {
				jobs = append(jobs, loadJob{mod: id, path: p, modFile: p == m.ModFile})
			}
		}
	}
	st := LoadStats{Mods: len(b.mods), Dirs: mods}
	// Mod files first and on their own: they name their mod, which the
	// other files' qualified and anonymous names need.
	for i := range jobs {
		if ctx.Err() != nil {
			break
		}
		if j := &jobs[i]; j.modFile {
			src, note := readSource(j.path, nil)
			if note != nil {
				notes = append(notes, *note)
				continue
			}
			b.SetFile(j.mod, j.path, src, parse.Scan(src))
			st.Files++
			st.Bytes += int64(len(src))
		}
	}
	results := make([]loadResult, len(jobs))
	var next sync.Mutex
	cursor := 0
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Neither the scan nor the source outlives buildFile, so each
			// worker reuses one of each.
			var pf parse.File
			var buf []byte
			for {
				next.Lock()
				i := cursor
				cursor++
				next.Unlock()
				if i >= len(jobs) || ctx.Err() != nil {
					return
				}
				j := jobs[i]
				if j.modFile {
					continue
				}
				var note *discover.Note
				buf, note = readSource(j.path, buf)
				if note != nil {
					results[i].note = note
					continue
				}
				parse.ScanInto(&pf, buf)
				results[i].n = len(buf)
				results[i].file = buildFile(b.mods[j.mod], j.path, buf, &pf)
			}
		}()
	}
	wg.Wait()
	for i, r := range results {
		switch {
		case r.note != nil:
			notes = append(notes, *r.note)
		case r.file != nil:
			b.changed[jobs[i].path] = r.file
			st.Files++
			st.Bytes += int64(r.n)
		}
	}
	ix := b.Index()
	st.Elapsed = time.Since(start)
	return ix, st, notes
}

// relSlash returns path relative to root, slash-separated.
func relSlash(root, path string) string {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(rel)
}

type loadJob struct {
	mod     ModID
	path    string
	modFile bool
}

type loadResult struct {
	file *File
	n    int
	note *discover.Note
}

// readSource reads a source file into buf (reusing its capacity), or says
// why it cannot.
func readSource(path string, buf []byte) ([]byte, *discover.Note) {
	buf, err := source.ReadInto(path, buf)
	switch {
	case errors.Is(err, source.ErrTooLarge):
		return buf, &discover.Note{Path: path, Skipped: true, Message: "skipped: " + source.Reason(err)}
	case err != nil:
		return buf, &discover.Note{Path: path, Skipped: true, Message: "cannot read: " + source.Reason(err)}
	}
	return buf, nil
}
