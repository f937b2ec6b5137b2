// Command pgfixture starts the PostgreSQL of the database tests
// (internal/pgtest: a temporary directory, a free port, the Steampipe-like
// fixture) for a test outside Go — CI's VS Code end-to-end session that runs
// a control into the results grid — prints its connection string on one
// line, and serves until its standard input closes or it is signalled, then
// stops the server and removes its directory.
//
//	go run ./internal/pgtest/cmd/pgfixture
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/modls/modls/internal/pgtest"
)

func main() {
	s, err := pgtest.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgfixture:", err)
		os.Exit(1)
	}
	defer s.Close()
	fmt.Println(s.URL())
	done := make(chan struct{})
	go func() {
		io.Copy(io.Discard, os.Stdin)
		close(done)
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	select {
	case <-done:
	case <-sig:
	}
}
