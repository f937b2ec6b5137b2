package index

// This file defines Load: discovery, then reading, scanning and indexing
// every file of a workspace on all cores, into a first snapshot.

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/modls/modls/parse"
)

// MaxFileSize is the largest file Load reads; a larger one is skipped with
// a note. Real mod files are well under 1 MB.
const MaxFileSize = 32 << 20

// LoadStats describes one Load.
type LoadStats struct {
	Mods    int           // root and dependency mods
	Files   int           // files indexed
	Bytes   int64         // bytes read
	Elapsed time.Duration // discovery, reading, scanning and indexing
	// Dirs are the root mods discovery found, their dependencies inside:
	// what decides whether a file created later belongs to a mod.
	Dirs []*ModDir
}

// Load discovers the mods of the workspace roots (see DiscoverWorkspace) and
// indexes every source file of them and of their installed dependencies.
// Files that cannot be read are skipped with a note (Note.Skipped).
func Load(roots []string) (*Index, LoadStats, []Note) {
	return LoadWith(roots, LoadOptions{})
}

// LoadOptions adjust Load.
type LoadOptions struct {
	// Ignore excludes more files of the root mods, on top of each mod's
	// .powerpipeignore: patterns relative to a mod root, with the same
	// syntax (an editor setting, for generated or scratch folders).
	Ignore *Ignore
}

// LoadWith is Load with options.
func LoadWith(roots []string, opt LoadOptions) (*Index, LoadStats, []Note) {
	start := time.Now()
	mods, notes := DiscoverWorkspace(roots)
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
		for _, m := range append([]*ModDir{d}, d.Deps...) {
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
				if i >= len(jobs) {
					return
				}
				j := jobs[i]
				if j.modFile {
					continue
				}
				var note *Note
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
	note *Note
}

// readSource reads a source file into buf (reusing its capacity), or says
// why it cannot.
func readSource(path string, buf []byte) ([]byte, *Note) {
	f, err := os.Open(path)
	if err != nil {
		return buf[:0], &Note{Path: path, Skipped: true, Message: "cannot read: " + discErrText(err)}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return buf[:0], &Note{Path: path, Skipped: true, Message: "cannot read: " + discErrText(err)}
	}
	if fi.Size() > MaxFileSize {
		return buf[:0], &Note{Path: path, Skipped: true, Message: fmt.Sprintf("skipped: %d bytes is over the %d MB limit for a source file", fi.Size(), MaxFileSize>>20)}
	}
	buf = slices.Grow(buf[:0], int(fi.Size())+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf[:0], &Note{Path: path, Skipped: true, Message: "cannot read: " + discErrText(err)}
		}
		if len(buf) == cap(buf) {
			if len(buf) > MaxFileSize {
				return buf[:0], &Note{Path: path, Skipped: true, Message: fmt.Sprintf("skipped: over the %d MB limit for a source file", MaxFileSize>>20)}
			}
			buf = slices.Grow(buf, 4096) // the file grew while we read it
		}
	}
}
