package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestRepositoryAddressInOnePlace: the Makefile's REPOSITORY is the
// project's address; the README holds it on one line only, the install
// from a clone, and documents make install.
func TestRepositoryAddressInOnePlace(t *testing.T) {
	mk, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^REPOSITORY\s*\?=\s*(\S+)$`).FindSubmatch(mk)
	if m == nil {
		t.Fatal("the Makefile sets no REPOSITORY")
	}
	repo := string(m[1])
	if !regexp.MustCompile(`(?m)^install:`).Match(mk) || !strings.Contains(string(mk), "-X main.repository=$(REPOSITORY)") {
		t.Error("make install does not build with -X main.repository=$(REPOSITORY)")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(readme), "\n") {
		if strings.Contains(l, repo) {
			lines = append(lines, l)
		}
	}
	if want := "git clone " + repo + " modls && cd modls && make install"; len(lines) != 1 || lines[0] != want {
		t.Errorf("README lines with %s: %q; want the one line %q", repo, lines, want)
	}
}
