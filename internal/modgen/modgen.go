package modgen

// This file defines the package's entry point, Write, and its option and
// result types.

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
)

// DefaultFilesPerDir is the number of generated files per directory used when
// Options.FilesPerDir is zero.
const DefaultFilesPerDir = 12

// Options controls the size and shape of a generated mod.
type Options struct {
	// Resources is the number of named blocks to write (see Stats.Resources).
	// Values below about 100 still produce a mod with at least one block of
	// every kind, so the result is then larger than asked for.
	Resources int
	// Seed selects the pseudo-random choices. Equal options give byte-equal
	// output.
	Seed int64
	// FilesPerDir caps the number of generated files per directory; 0 means
	// DefaultFilesPerDir. Larger folders spill into part_N sub-folders. The
	// mod root always holds mod.pp, variables.pp and locals.pp, so values
	// below 3 are not honoured there.
	FilesPerDir int
}

// Stats describes a generated mod.
type Stats struct {
	// Files is the number of files written, including Markdown documents.
	Files int
	// Bytes is the total size of those files.
	Bytes int64
	// Resources is the number of labelled blocks of a resource type written
	// at any depth: mod, variable, query, control, detection, benchmark,
	// dashboard, container, card, chart, flow, graph, hierarchy, image,
	// input, table, text, node, edge, category and with. Locals and the
	// structural sub-blocks (param, series, column, option, ...) are not
	// counted.
	Resources int
}

// Write generates a mod into dir, which is created if needed. dir should be
// empty: files of an earlier mod are not removed and would mix with the new
// ones.
func Write(dir string, opt Options) (Stats, error) {
	if opt.Resources <= 0 {
		return Stats{}, errors.New("modgen: Options.Resources must be positive")
	}
	if opt.FilesPerDir < 0 {
		return Stats{}, fmt.Errorf("modgen: negative Options.FilesPerDir %d", opt.FilesPerDir)
	}
	if opt.FilesPerDir == 0 {
		opt.FilesPerDir = DefaultFilesPerDir
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Stats{}, err
	}
	g := &generator{
		opt:     opt,
		rng:     rand.New(rand.NewPCG(uint64(opt.Seed), 0x6d6f646c73)),
		w:       newWriter(dir),
		names:   newRegistry(),
		folders: map[string]*folder{},
	}
	g.run()
	return g.w.finish()
}
