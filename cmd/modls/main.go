// Command modls is the language server for Powerpipe mods.
//
// Usage:
//
//	modls index [DIR...] [--json]   print the resource index of the mods in DIR
//	modls version                   print the version
//
// Exit codes: 0 success, 1 failure, 2 bad usage or no mod found.
package main

import (
	"fmt"
	"io"
	"os"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: modls <command> [arguments]

commands:
  index [DIR...] [--json]   print the resource index of the mods in DIR (default .)
  version                   print the version
`

// run executes one command and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "index":
		return runIndex(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "modls %s\n", version)
		return 0
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "modls: unknown command %q\n%s", args[0], usage)
	return 2
}
