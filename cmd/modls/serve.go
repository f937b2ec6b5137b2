package main

// This file defines `modls --stdio` (also `modls serve [--stdio]`): the
// language server on standard input and output.

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/pprof"

	"github.com/modls/modls/lsp"
)

func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("stdio", true, "serve LSP on standard input and output (the only transport)")
	logFile := fs.String("log-file", "", "write a full log (debug level) to this file; otherwise only warnings go to stderr")
	cpuProfile := fs.String("cpu-profile", "", "write a CPU profile of the whole session to this file (for `go tool pprof`)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "modls: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	// Only protocol goes to stdout; the log goes to stderr or the log file.
	var logger *slog.Logger
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "modls: %v\n", err)
			return 2
		}
		defer f.Close()
		logger = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
	} else {
		logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(lsp.DefaultMemoryLimit)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "modls: %v\n", err)
			return 2
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	return lsp.New(stdin, stdout, lsp.Options{Log: logger, Version: version}).Run()
}
