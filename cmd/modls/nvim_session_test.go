package main

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

// runNvim runs the headless Neovim session cmd, logs what it printed, and
// kills it and fails the test when it does not end within limit.
func runNvim(t testing.TB, cmd *exec.Cmd, limit time.Duration) {
	t.Helper()
	done := make(chan []byte, 1)
	go func() {
		b, _ := cmd.CombinedOutput()
		done <- b
	}()
	select {
	case b := <-done:
		if len(b) > 0 {
			t.Logf("nvim output:\n%s", b)
		}
	case <-time.After(limit):
		cmd.Process.Kill()
		t.Fatalf("the Neovim session did not finish in %v", limit)
	}
}

// needNvim returns Neovim's path, or skips the test (what) where it is not
// installed; CI must have it.
func needNvim(t testing.TB, what string) string {
	t.Helper()
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("nvim not found: .ci/run must install Debian's neovim")
		}
		t.Skip("nvim not found on PATH (CI installs Debian's neovim); skipping the " + what)
	}
	return nvim
}
