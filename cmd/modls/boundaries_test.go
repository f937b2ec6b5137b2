package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestExecutesNothingOpensNoConnection: the modls binary cannot run a
// program or open a network connection — it does not even link the
// packages that would (os/exec, net, plugin loading). Everything it
// reads goes through the file system, inside the workspace (see
// eval.Resolve and the index's discovery for the boundaries).
func TestExecutesNothingOpensNoConnection(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	forbidden := map[string]bool{"os/exec": true, "net": true, "net/http": true, "plugin": true, "net/rpc": true, "crypto/tls": true}
	for _, pkg := range strings.Fields(string(out)) {
		if forbidden[pkg] {
			t.Errorf("modls links %s", pkg)
		}
	}
}
