package check

// This file defines Workspace: one check pass over many files of a
// snapshot, shared by `modls check` and the server's workspace diagnostics.

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/modls/modls/cache"
	"github.com/modls/modls/eval"
	"github.com/modls/modls/index"
	"github.com/modls/modls/internal/source"
	"github.com/modls/modls/render"
)

// Pass configures Workspace: the checks, and how the files are worked on.
type Pass struct {
	// Options are the checks of every file. Its Scopes, Graph and Renderer
	// are made for the pass when nil, on its Read (the disk when nil): each
	// local is then evaluated once, each entry's edges read once, each
	// query rendered once for the whole pass. Its Context is the pass's.
	Options
	// Workers is how many files are checked at once; zero or less means
	// runtime.GOMAXPROCS(0), as `modls check` does. The server checks one
	// file at a time, so that requests keep their cores.
	Workers int
	// MaxBytes, when positive, is the largest file checked: a larger one
	// is read but not checked (Result.Skipped).
	MaxBytes int
}

// Result is what a Workspace pass found in one file.
type Result struct {
	Index int    // of the file in the pass's list
	Path  string // the file
	// Src is the text read and checked; nil when Err is set.
	Src []byte
	// Err says why the file could not be read (internal/source's error:
	// source.Reason gives its words): it was not checked.
	Err error
	// Skipped reports a file over Pass.MaxBytes: read, not checked.
	Skipped bool
	// Diags are File's diagnostics of Src.
	Diags []Diagnostic
}

// Workspace checks files of snapshot ix, each read from the disk through
// internal/source and checked with File as pass says, and gives emit each
// file's Result as it is done: in the order of files with one worker, in
// any order (from several goroutines at once) with more. The parse cache c
// serves the pass; each file's parses leave it once the file is checked
// (checked once, a file's full parse would only crowd out others).
//
// The pass stops when ctx ends: no file is started after, the check in
// progress stops inside File, and a file whose check was cut short is not
// emitted. A panic in a worker stops the others and is raised again on
// the caller's goroutine, so that the caller's recovery sees it.
func Workspace(ctx context.Context, ix *index.Index, c *cache.Cache, files []string, pass Pass, emit func(Result)) {
	opt := pass.Options
	read := opt.Read
	if read == nil {
		read = source.Read
	}
	if opt.Scopes == nil || opt.Scopes.Index() != ix {
		opt.Scopes = eval.NewScopes(ix, c, read)
	}
	if opt.Graph == nil {
		opt.Graph = NewGraph(ix)
	}
	if opt.Renderer == nil || opt.Renderer.Index() != ix {
		opt.Renderer = render.New(ix, c, read, opt.VarFiles)
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	opt.Context = ctx
	one := func(i int) {
		path := files[i]
		src, err := source.Read(path)
		switch {
		case err != nil:
			emit(Result{Index: i, Path: path, Err: err})
			return
		case pass.MaxBytes > 0 && len(src) > pass.MaxBytes:
			emit(Result{Index: i, Path: path, Src: src, Skipped: true})
			return
		}
		ds := File(ix, c, path, src, opt)
		c.Invalidate(path)
		if ctx.Err() != nil {
			return // cut short: File returned what it had
		}
		emit(Result{Index: i, Path: path, Src: src, Diags: ds})
	}
	workers := pass.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 {
		// On the caller's goroutine: its recovery covers the pass.
		for i := range files {
			if ctx.Err() != nil {
				return
			}
			one(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var panicked any
	for range min(workers, len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					if panicked == nil {
						panicked = fmt.Sprintf("%v\n\nin a check worker:\n%s", r, debug.Stack())
					}
					mu.Unlock()
					stop()
				}
			}()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				one(i)
			}
		}()
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
}
