package main

// This file tests the CI integrations outside the binary: the GitHub
// Action's steps (action/run.sh, which action.yml runs) on the output of
// the real modls, and the helpers the pre-commit and problem-matcher tests
// share.

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/modls/modls/internal/testtree"
)

// buildModls builds modls into a temporary folder and returns that folder,
// to put first on PATH.
func buildModls(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "modls"), ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir
}

// gitRepo makes dir a git repository with everything in it committed.
func gitRepo(t *testing.T, dir string) {
	t.Helper()
	for _, args := range [][]string{
		{"init", "-q", "-b", "main"},
		{"add", "-A"},
		{"-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--no-verify", "-m", "fixture"},
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// actionRun is one run of action/run.sh.
type actionRun struct {
	code           int
	output         string            // stdout and stderr
	outputs        map[string]string // what it wrote to GITHUB_OUTPUT
	path, summary  string            // GITHUB_PATH, GITHUB_STEP_SUMMARY
	stdout, stderr string
}

// runAction runs `action/run.sh step` in dir with env added, the runner's
// files in a temporary folder.
func runAction(t *testing.T, dir, step string, env ...string) actionRun {
	t.Helper()
	script, err := filepath.Abs("../../action/run.sh")
	if err != nil {
		t.Fatal(err)
	}
	files := t.TempDir()
	out, path, summary := filepath.Join(files, "output"), filepath.Join(files, "path"), filepath.Join(files, "summary")
	cmd := exec.Command("bash", script, step)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GITHUB_OUTPUT="+out, "GITHUB_PATH="+path, "GITHUB_STEP_SUMMARY="+summary, "NO_COLOR="), env...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	r := actionRun{outputs: map[string]string{}}
	if err := cmd.Run(); err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatal(err)
		}
		r.code = ee.ExitCode()
	}
	r.stdout, r.stderr = stdout.String(), stderr.String()
	r.output = r.stdout + r.stderr
	b, _ := os.ReadFile(out)
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			r.outputs[k] = v
		}
	}
	p, _ := os.ReadFile(path)
	s, _ := os.ReadFile(summary)
	r.path, r.summary = string(p), string(s)
	return r
}

// actionFixture is a repository with a broken mod, a clean one, a Puppet
// manifest and a folder without a mod.
var actionFixture = map[string]string{
	"mods/broken/mod.pp":   "mod \"broken\" {\n  title = \"Broken\"\n}\n",
	"mods/broken/q.pp":     "control \"c\" {\n  title = \"C\"\n  query = query.missing\n}\n",
	"mods/clean/mod.pp":    "mod \"clean\" {\n  title = \"Clean\"\n}\n",
	"mods/clean/q.pp":      "query \"q\" {\n  title = \"Q\"\n  sql   = \"select 'r' as resource, 'ok' as status, 'fine' as reason\"\n}\n\ncontrol \"c\" {\n  title = \"C\"\n  query = query.q\n}\n",
	"manifests/site.pp":    "node 'web01' {\n  include apache\n}\n",
	"notes/README.md":      "no mod here\n",
	"mods/clean/README.md": "a clean mod\n",
}

// TestActionCheck runs the GitHub Action's check step (action/run.sh check,
// as action.yml runs it) with the real modls: the SARIF file for
// upload-sarif, the step's outputs and summary, the text in the log, and
// when the step fails.
func TestActionCheck(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not found")
	}
	bin := buildModls(t)
	repo := testtree.Write(t, t.TempDir(), actionFixture)
	gitRepo(t, repo)
	path := "PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")

	// Errors: the step fails, after writing the SARIF and the outputs.
	r := runAction(t, repo, "check", path, "INPUT_PATH=mods/broken", "INPUT_SARIF_FILE=out/modls.sarif")
	if r.code != 1 {
		t.Errorf("check of a mod with an error: exit %d, want 1\n%s", r.code, r.output)
	}
	want := map[string]string{"exit-code": "1", "sarif-file": "out/modls.sarif", "summary": "1 error in 1 file"}
	for k, v := range want {
		if r.outputs[k] != v {
			t.Errorf("output %s = %q, want %q (all: %v)", k, r.outputs[k], v, r.outputs)
		}
	}
	if !strings.Contains(r.stdout, "mods/broken/q.pp:3:11: error: query.missing is not defined [unresolved-reference]") {
		t.Errorf("the log does not show the problem as text:\n%s", r.output)
	}
	if !strings.Contains(r.summary, "### modls check") || !strings.Contains(r.summary, "1 error in 1 file") {
		t.Errorf("step summary: %q", r.summary)
	}
	raw, err := os.ReadFile(filepath.Join(repo, "out", "modls.sarif"))
	if err != nil {
		t.Fatalf("no SARIF file: %v", err)
	}
	log := readSARIF(t, string(raw))
	if len(log.Runs) != 1 || len(log.Runs[0].Results) != 1 {
		t.Fatalf("SARIF: want one run with one result:\n%s", raw)
	}
	res := log.Runs[0].Results[0]
	loc := res.Locations[0].PhysicalLocation
	if res.RuleID != "unresolved-reference" || res.Level != "error" || loc.ArtifactLocation.URI != "mods/broken/q.pp" ||
		loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || loc.Region == nil || loc.Region.StartLine != 3 {
		t.Errorf("SARIF result: %+v", res)
	}

	// fail: false keeps the step green; the outputs say what was found.
	r = runAction(t, repo, "check", path, "INPUT_PATH=mods/broken", "INPUT_FAIL=false", "INPUT_LOG=false")
	if r.code != 0 || r.outputs["exit-code"] != "1" || r.outputs["sarif-file"] != "modls.sarif" {
		t.Errorf("fail: false: exit %d, outputs %v\n%s", r.code, r.outputs, r.output)
	}
	if strings.Contains(r.stdout, "[unresolved-reference]") {
		t.Errorf("log: false still printed the problems:\n%s", r.stdout)
	}
	if _, err := os.Stat(filepath.Join(repo, "modls.sarif")); err != nil {
		t.Errorf("default sarif-file not written: %v", err)
	}

	// A clean mod, given with more arguments, and a Puppet manifest among the
	// files: no problems.
	r = runAction(t, repo, "check", path, "INPUT_PATH=mods/clean manifests/site.pp", "INPUT_ARGS=--min-severity warning --max-warnings 0", "INPUT_SARIF_FILE=clean.sarif")
	if r.code != 0 || r.outputs["exit-code"] != "0" || r.outputs["summary"] != "no problems" {
		t.Errorf("clean mod: exit %d, outputs %v\n%s", r.code, r.outputs, r.output)
	}
	raw, _ = os.ReadFile(filepath.Join(repo, "clean.sarif"))
	if log := readSARIF(t, string(raw)); len(log.Runs) != 1 || len(log.Runs[0].Results) != 0 {
		t.Errorf("clean mod's SARIF has results:\n%s", raw)
	}
	if !strings.Contains(r.stderr, "manifests/site.pp") {
		t.Errorf("the skipped Puppet manifest is not named:\n%s", r.output)
	}

	// A folder without a mod, or a bad argument: the step fails whatever
	// fail says, with check's own message.
	for _, env := range [][]string{
		{"INPUT_PATH=notes", "INPUT_FAIL=false"},
		{"INPUT_PATH=mods/clean", "INPUT_ARGS=--disable no-such-code", "INPUT_FAIL=false"},
	} {
		r = runAction(t, repo, "check", append([]string{path}, env...)...)
		if r.code != 2 || r.outputs["exit-code"] != "2" || !strings.Contains(r.stdout, "::error::modls check failed (exit 2)") {
			t.Errorf("%v: exit %d, outputs %v\n%s", env, r.code, r.outputs, r.output)
		}
	}
}

// TestActionInstall runs the install step: the modls on PATH, a build of a
// given ref of the repository (here a local clone of this commit, as the
// action clones its own repository) with make install, and the errors.
func TestActionInstall(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make not found")
	}
	bin := buildModls(t)
	path := "PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")
	r := runAction(t, t.TempDir(), "install", path, "MODLS_VERSION=installed")
	if r.code != 0 || !strings.Contains(r.stdout, "using "+filepath.Join(bin, "modls")) {
		t.Errorf("version installed: exit %d\n%s", r.code, r.output)
	}
	r = runAction(t, t.TempDir(), "install", "PATH=/usr/bin:/bin", "MODLS_VERSION=installed")
	if r.code == 0 || !strings.Contains(r.stdout, "::error::modls is not on PATH") {
		t.Errorf("version installed without modls: exit %d\n%s", r.code, r.output)
	}
	r = runAction(t, t.TempDir(), "install", "MODLS_SOURCE="+t.TempDir())
	if r.code == 0 || !strings.Contains(r.stdout, "::error::no modls source to build") {
		t.Errorf("no source: exit %d\n%s", r.code, r.output)
	}

	// A tag of a repository: cloned and built with make install into GOBIN,
	// which goes to GITHUB_PATH.
	src := committedSource(t)
	tag := exec.Command("git", "tag", "v0.0.0-test")
	tag.Dir = src
	if out, err := tag.CombinedOutput(); err != nil {
		t.Fatalf("git tag: %v\n%s", err, out)
	}
	gobin := t.TempDir()
	r = runAction(t, t.TempDir(), "install", "MODLS_VERSION=v0.0.0-test", "MODLS_REPOSITORY="+src, "GOBIN="+gobin)
	if r.code != 0 || strings.TrimSpace(r.path) != gobin || !regexp.MustCompile(`installed .*/modls: modls `).MatchString(r.stdout) {
		t.Fatalf("install of a tag: exit %d, GITHUB_PATH %q\n%s", r.code, r.path, r.output)
	}
	if out, err := exec.Command(filepath.Join(gobin, "modls"), "version").CombinedOutput(); err != nil {
		t.Errorf("the installed modls: %v\n%s", err, out)
	}
}

// committedSource returns a git repository holding this repository's last
// commit (git archive HEAD), with the working tree's .pre-commit-hooks.yaml
// and action files laid over it and committed: what a user's CI would clone,
// including the integration files under test. It skips when this is not a
// git work tree.
func committedSource(t *testing.T) string {
	t.Helper()
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("not a git work tree (%v): the test clones this repository's last commit", err)
	}
	root := strings.TrimSpace(string(top))
	dst := t.TempDir()
	archive := exec.Command("sh", "-c", `git -C "$1" archive HEAD | tar -x -C "$2"`, "sh", root, dst)
	if out, err := archive.CombinedOutput(); err != nil {
		t.Fatalf("git archive: %v\n%s", err, out)
	}
	for _, name := range []string{".pre-commit-hooks.yaml", "action.yml", "action/run.sh"} {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		testtree.Write(t, dst, map[string]string{name: string(b)})
	}
	gitRepo(t, dst)
	return dst
}

// TestActionManifest checks action.yml against action/run.sh: every input
// the steps use is declared, every output is one the check step writes, the
// steps run the script's two commands, and the script is executable in git
// (a composite step runs it by path).
func TestActionManifest(t *testing.T) {
	raw, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	manifest := string(raw)
	script, err := os.ReadFile("../../action/run.sh")
	if err != nil {
		t.Fatal(err)
	}
	section := func(name string) string {
		i := strings.Index(manifest, "\n"+name+":\n")
		if i < 0 {
			t.Fatalf("action.yml has no %s", name)
		}
		rest := manifest[i+len(name)+3:]
		if j := regexp.MustCompile(`\n[a-z]`).FindStringIndex(rest); j != nil {
			rest = rest[:j[0]]
		}
		return rest
	}
	declared := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^  ([a-z-]+):$`).FindAllStringSubmatch(section("inputs"), -1) {
		declared[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`inputs\.([a-z-]+)`).FindAllStringSubmatch(manifest, -1) {
		if !declared[m[1]] {
			t.Errorf("action.yml uses the input %s, which it does not declare", m[1])
		}
	}
	for name := range declared {
		if !strings.Contains(manifest, "inputs."+name+" ") && !strings.Contains(manifest, "inputs."+name+"}") {
			t.Errorf("the input %s is declared but never used", name)
		}
	}
	outputs := regexp.MustCompile(`(?m)^  ([a-z-]+):$`).FindAllStringSubmatch(section("outputs"), -1)
	if len(outputs) == 0 {
		t.Error("action.yml declares no outputs")
	}
	for _, m := range outputs {
		if !strings.Contains(manifest, "steps.check.outputs."+m[1]+" }}") || !strings.Contains(string(script), "out "+m[1]+" ") {
			t.Errorf("the output %s is not the check step's, or run.sh does not write it", m[1])
		}
	}
	for _, cmd := range []string{`"$GITHUB_ACTION_PATH/action/run.sh" install`, `"$GITHUB_ACTION_PATH/action/run.sh" check`} {
		if !strings.Contains(manifest, cmd) {
			t.Errorf("action.yml does not run %s", cmd)
		}
	}
	if !strings.Contains(manifest, "using: composite") {
		t.Error("action.yml is not a composite action")
	}
	if out, err := exec.Command("git", "ls-files", "-s", "../../action/run.sh").Output(); err == nil && len(out) > 0 && !strings.HasPrefix(string(out), "100755 ") {
		t.Errorf("action/run.sh is not executable in git: %s", out)
	}
}
