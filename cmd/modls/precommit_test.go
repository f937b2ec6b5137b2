package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modls/modls/internal/testtree"
)

// TestPreCommitHooks runs the hooks of .pre-commit-hooks.yaml with the real
// pre-commit on a throw-away repository: modls-check, which pre-commit
// builds from a clone of this repository's last commit with Go, and
// modls-check-system, which runs the modls on PATH. pre-commit passes the
// changed files; a mod's error (or its .modls.hcl's) fails the hook, a clean
// mod and a Puppet manifest (skipped with a note) pass.
func TestPreCommitHooks(t *testing.T) {
	precommit, err := exec.LookPath("pre-commit")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pre-commit not found: .ci/run must install Debian's pre-commit")
		}
		t.Skip("pre-commit not found on PATH (apt-get install -y pre-commit; CI installs it); skipping the pre-commit hook test")
	}
	hooks := committedSource(t)
	rev, err := exec.Command("git", "-C", hooks, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	bin := buildModls(t)
	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	env := append(os.Environ(),
		"PRE_COMMIT_HOME="+filepath.Join(home, "pre-commit"),
		// pre-commit sets GOPATH to its own folder: keep the modules already
		// downloaded.
		"GOMODCACHE="+strings.TrimSpace(string(modcache)),
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"NO_COLOR=1")

	for _, id := range []string{"modls-check", "modls-check-system"} {
		t.Run(id, func(t *testing.T) {
			files := map[string]string{
				".pre-commit-config.yaml": fmt.Sprintf("repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: %s\n", hooks, strings.TrimSpace(string(rev)), id),
			}
			for k, v := range actionFixture {
				files[k] = v
			}
			files["mods/clean/.modls.hcl"] = "rule \"unsued\" {}\n"
			repo := testtree.Write(t, t.TempDir(), files)
			gitRepo(t, repo)
			run := func(args ...string) (int, string) {
				cmd := exec.Command(precommit, append([]string{"run", id, "--color", "never"}, args...)...)
				cmd.Dir, cmd.Env = repo, env
				out, err := cmd.CombinedOutput()
				if ee, ok := err.(*exec.ExitError); ok {
					return ee.ExitCode(), string(out)
				} else if err != nil {
					t.Fatal(err)
				}
				return 0, string(out)
			}
			code, out := run("--all-files")
			if code != 1 || !strings.Contains(out, "mods/broken/q.pp:3:11: error: query.missing is not defined [unresolved-reference]") ||
				!strings.Contains(out, "manifests/site.pp") || !strings.Contains(out, "Failed") {
				t.Errorf("--all-files: exit %d, want 1 with the error and the skipped manifest named:\n%s", code, out)
			}
			code, out = run("--files", "mods/clean/q.pp", "manifests/site.pp", "mods/clean/README.md")
			if code != 0 || !strings.Contains(out, "Passed") {
				t.Errorf("a clean mod's file and a Puppet manifest: exit %d, want 0:\n%s", code, out)
			}
			code, out = run("--files", "mods/clean/.modls.hcl")
			if code != 1 || !strings.Contains(out, "mods/clean/.modls.hcl:1:7: error: unsued is not a diagnostic code of modls; did you mean unused? [invalid-config]") {
				t.Errorf("a mod's configuration: exit %d, want 1 with its error:\n%s", code, out)
			}
			code, out = run("--files", "notes/README.md")
			if code != 0 || !strings.Contains(out, "no files to check") {
				t.Errorf("no mod files: exit %d, want the hook skipped:\n%s", code, out)
			}
		})
	}
}
