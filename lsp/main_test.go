package lsp

import (
	"log/slog"
	"os"
	"runtime/debug"
	"testing"
	"time"

	"github.com/modls/modls/internal/pgtest"
)

// serverProcessEnv makes this test binary a language server on its stdio
// instead of running tests: see startServerProcess.
const serverProcessEnv = "MODLS_LSP_TEST_SERVER"

func TestMain(m *testing.M) {
	if os.Getenv(serverProcessEnv) == "1" {
		// As `modls --stdio` runs it (cmd/modls/serve.go).
		debug.SetMemoryLimit(DefaultMemoryLimit)
		logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		os.Exit(New(os.Stdin, os.Stdout, Options{Log: logger, Version: "test", IndexWait: 20 * time.Second}).Run())
	}
	os.Exit(pgtest.Main(m))
}
