// Command genmod writes a synthetic Powerpipe mod for tests and benchmarks.
//
// Usage:
//
//	genmod -n 10000 -seed 1 -o DIR [-files-per-dir 12]
//
// It prints the number of files, bytes and named resources written, and
// the time it took.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/modls/modls/internal/modgen"
)

func main() {
	n := flag.Int("n", 1000, "number of named resources to generate")
	seed := flag.Int64("seed", 1, "seed for the pseudo-random choices")
	out := flag.String("o", "", "output directory (required; should be empty)")
	perDir := flag.Int("files-per-dir", 0, "files per directory (0 = default)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	st, err := modgen.Write(*out, modgen.Options{Resources: *n, Seed: *seed, FilesPerDir: *perDir})
	if err != nil {
		fmt.Fprintln(os.Stderr, "genmod:", err)
		os.Exit(1)
	}
	fmt.Printf("files=%d bytes=%d resources=%d elapsed=%s\n", st.Files, st.Bytes, st.Resources, time.Since(start).Round(time.Millisecond))
}
