// Command modls is the language server for Powerpipe mods.
//
// Usage:
//
//	modls --stdio [--log-file PATH]   serve LSP on stdin/stdout (also: modls serve)
//	modls index [DIR...] [--json]     print the resource index of the mods in DIR
//	modls check [DIR|FILE...] [--format text|json|sarif] [--min-severity S] [--disable CODE,…]
//	                                  report the problems of the mods in DIR (modls help check)
//	modls version                     print the version
//	modls help [COMMAND]              print the usage, or one command's help
//
// Exit codes: 0 success, 1 failure (for check: errors found), 2 bad usage or
// no mod found.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync"
)

// version is set at build time with -ldflags "-X main.version=..."; when it
// is not, run takes it from the build info (see readBuild).
var version = "dev"

// build describes this binary; run fills it once, before any command.
var build buildInfo

var readBuildOnce = sync.OnceFunc(func() {
	bi, _ := debug.ReadBuildInfo()
	build = readBuild(version, bi)
	version = build.Version
})

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
  check [DIR|FILE...] [--format text|json|sarif] [--disable CODE,…] [--max-warnings N] …
                             report every problem of the mods in DIR; exit 1 on errors
                             (every flag: modls help check)
  sql RESOURCE [DIR]         print the rendered SQL of a query, control, detection, panel …
  run RESOURCE [DIR] [--arg name=value] [--output table|csv|json]
                             run its SQL on the database, read-only (modls help run)
  catalog [DIR] [--database URL]
                             print the database's tables, columns and descriptions as JSON
  version                    print the version, VCS revision and Go version
  help [COMMAND]             print this, or one command's help (also: COMMAND --help)
`

// commandHelp is each command's help, for `modls help CMD` and
// `modls CMD --help`.
var commandHelp = map[string]string{
	"sql":     sqlHelp,
	"catalog": catalogHelp,
	"run":     runHelp,
	"serve": `usage: modls serve [--stdio] [--log-file PATH] [--cpu-profile PATH]
       modls --stdio [--log-file PATH] [--cpu-profile PATH]

Serve the Language Server Protocol on stdin and stdout. Only protocol goes to
stdout; warnings go to stderr, or everything to the log file.

  --log-file PATH     write a full log (debug level) to PATH
  --cpu-profile PATH  write a CPU profile of the whole session to PATH
`,
	"index": `usage: modls index [DIR...] [--json]

Print the resource index of the mods containing (or found below) each DIR
(default .) and their installed dependencies: resources by block type, nested
blocks, references, files, bytes, indexing time and heap in use.

  --json  print one JSON object for tools

Exit 0, or 2 when a DIR does not exist or holds no mod.
`,
	"check":   checkHelp,
	"version": "usage: modls version\n\nPrint the version of modls, the VCS revision it was built from and the Go version.\n",
	"help":    "usage: modls help [COMMAND]\n\nPrint the usage of modls, or the help of COMMAND.\n",
}

// run executes one command and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	readBuildOnce()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	name := args[0]
	if name == "--stdio" || name == "-stdio" {
		name = "serve"
	}
	if h, ok := commandHelp[name]; ok && askHelp(args[1:]) {
		fmt.Fprint(stdout, h)
		return 0
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
	case "sql":
		return runSQL(args[1:], stdout, stderr)
	case "catalog":
		return runCatalog(args[1:], stdout, stderr)
	case "run":
		return runRun(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "modls %s\n", build)
		return 0
	case "help", "--help", "-h":
		if len(args) > 1 {
			if h, ok := commandHelp[args[1]]; ok {
				fmt.Fprint(stdout, h)
				return 0
			}
			fmt.Fprintf(stderr, "modls: unknown command %q\n%s", args[1], usage)
			return 2
		}
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "modls: unknown command %q\n%s", args[0], usage)
	return 2
}

// askHelp reports whether the arguments of a command ask for its help
// (-h, -help or --help before any "--").
func askHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// buildInfo is what `modls version` and SARIF's driver say about the binary.
type buildInfo struct {
	Version  string // -X main.version, else the module version, else "dev"
	Revision string // VCS revision, when the build recorded one
	Modified bool   // the work tree had uncommitted changes
	Go       string // the Go version that built it
}

// readBuild combines the version set by -X (anything but "dev" wins) with
// the build info: the main module's version (a tag, or a pseudo-version
// from the VCS when built in a clone; "(devel)" says nothing), the VCS
// revision and the Go version.
func readBuild(ldVersion string, bi *debug.BuildInfo) buildInfo {
	b := buildInfo{Version: ldVersion}
	if bi == nil {
		return b
	}
	b.Go = bi.GoVersion
	if (b.Version == "" || b.Version == "dev") && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		b.Version = bi.Main.Version
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// String is the version line: "v1.2.0 (revision 0123456789ab, modified, go1.26.8)".
func (b buildInfo) String() string {
	var extra []string
	if b.Revision != "" {
		r := b.Revision
		if len(r) > 12 {
			r = r[:12]
		}
		extra = append(extra, "revision "+r)
	}
	if b.Modified {
		extra = append(extra, "modified")
	}
	if b.Go != "" {
		extra = append(extra, b.Go)
	}
	if len(extra) == 0 {
		return b.Version
	}
	return b.Version + " (" + strings.Join(extra, ", ") + ")"
}
