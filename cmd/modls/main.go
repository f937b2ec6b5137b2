// Command modls is the language server for Powerpipe mods.
//
// Usage:
//
//	modls --stdio [--log-file PATH]   serve LSP on stdin/stdout (also: modls serve)
//	modls index [DIR...] [--json]     print the resource index of the mods in DIR
//	modls check [DIR...] [--format text|json|sarif] [--min-severity S]
//	                                  report the problems of the mods in DIR
//	modls version                     print the version
//
// Exit codes: 0 success, 1 failure (for check: errors found), 2 bad usage or
// no mod found.
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

// stdin is the server's input; a variable so that tests can replace it.
var stdin io.Reader = os.Stdin

const usage = `usage: modls <command> [arguments]

commands:
  --stdio [--log-file PATH]  serve the Language Server Protocol on stdin/stdout
  serve [--stdio] [--log-file PATH]
                             the same
  index [DIR...] [--json]    print the resource index of the mods in DIR (default .)
  check [DIR...] [--format text|json|sarif] [--min-severity error|warning|info|hint]
                             report every problem of the mods in DIR; exit 1 on errors
  version                    print the version
`

// run executes one command and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return runServe(args[1:], stdin, stdout, stderr)
	case "--stdio", "-stdio", "--log-file", "-log-file":
		return runServe(args, stdin, stdout, stderr)
	case "index":
		return runIndex(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
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
