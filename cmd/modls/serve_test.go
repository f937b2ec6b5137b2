package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// frames frames JSON-RPC bodies as LSP sends them.
func frames(bodies ...string) string {
	var b strings.Builder
	for _, body := range bodies {
		fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
	}
	return b.String()
}

// --cpu-profile writes a profile of the whole session, closed at exit.
func TestServeCPUProfile(t *testing.T) {
	dir := t.TempDir()
	prof := filepath.Join(dir, "cpu.prof")
	in := strings.NewReader(frames(
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`,
		`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`,
		`{"jsonrpc":"2.0","method":"exit"}`,
	))
	var out, errb bytes.Buffer
	if code := runServe([]string{"--cpu-profile", prof}, in, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	b, err := os.ReadFile(prof)
	if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("profile %s: %d bytes, %v; want a gzipped pprof profile", prof, len(b), err)
	}

	errb.Reset()
	bad := filepath.Join(dir, "missing", "cpu.prof")
	if code := runServe([]string{"--cpu-profile", bad}, strings.NewReader(""), &out, &errb); code != 2 || !strings.Contains(errb.String(), "missing") {
		t.Errorf("unwritable profile: exit %d, stderr %q; want 2 and the path", code, errb.String())
	}
}
