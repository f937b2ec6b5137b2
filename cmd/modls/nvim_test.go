package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestNeovimSession drives modls from a real editor: Debian's Neovim,
// headless, with its built-in LSP client (see testdata/nvim_session.lua).
// CI installs Neovim; elsewhere the test skips when it is absent.
func TestNeovimSession(t *testing.T) {
	nvim := needNvim(t, "Neovim session")
	root, err := filepath.Abs("../../../shared/corpus/aws-insights")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus not found at %s (CI always has it): %v", root, err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "modls")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	file := filepath.Join(root, "dashboards/vpc/vpc_security_group_detail.pp")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	// The name of the file's first dashboard, and its first query reference
	// (both on ASCII lines, so byte columns are character columns).
	nameAt := strings.Index(text, `dashboard "`) + len(`dashboard "`)
	refAt := strings.Index(text, "query = query.") + len("query = query.")
	lineCol := func(off int) (int, int) {
		line := strings.Count(text[:off], "\n")
		return line, off - (strings.LastIndex(text[:off], "\n") + 1)
	}
	nl, nc := lineCol(nameAt)
	rl, rc := lineCol(refAt)
	out := filepath.Join(tmp, "result.json")
	cmd := exec.Command(nvim, "--headless", "--clean", "-n", "-c", "luafile testdata/nvim_session.lua")
	cmd.Env = append(os.Environ(),
		"MODLS_BIN="+bin, "MODLS_FILE="+file, "MODLS_ROOT="+root, "MODLS_OUT="+out,
		"MODLS_REF_LINE="+strconv.Itoa(rl), "MODLS_REF_CHAR="+strconv.Itoa(rc),
		"MODLS_NAME_LINE="+strconv.Itoa(nl), "MODLS_NAME_CHAR="+strconv.Itoa(nc+1),
		"XDG_STATE_HOME="+tmp, "XDG_DATA_HOME="+tmp, "XDG_CONFIG_HOME="+tmp, "XDG_CACHE_HOME="+tmp,
	)
	runNvim(t, cmd, 2*time.Minute)
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the Neovim session wrote no result: %v", err)
	}
	var res struct {
		Error               string
		Attached            bool
		Diagnostics         [][]map[string]any
		Hover               map[string]any
		Definition          []map[string]any
		DefinitionAfterEdit json.RawMessage `json:"definition_after_edit"`
	}
	t.Logf("Neovim saw: %.600s", raw)
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatalf("result %s: %v", raw, err)
	}
	if res.Error != "" {
		t.Fatalf("the Neovim session failed: %s", res.Error)
	}
	// Hints (severity 4: an undocumented value, an unused query) are not
	// problems; a valid file has nothing else.
	problems := func(ds []map[string]any) []map[string]any {
		var out []map[string]any
		for _, d := range ds {
			if sev, _ := d["severity"].(float64); sev != 4 {
				out = append(out, d)
			}
		}
		return out
	}
	if !res.Attached || len(res.Diagnostics) == 0 || len(problems(res.Diagnostics[0])) != 0 {
		t.Errorf("diagnostics of a valid corpus file: attached %v, %v (want no error or warning first)", res.Attached, res.Diagnostics)
	}
	contents, _ := res.Hover["contents"].(map[string]any)
	if v, _ := contents["value"].(string); !strings.Contains(v, "**dashboard**") {
		t.Errorf("hover on the dashboard's name: %s", raw)
	}
	if len(res.Definition) != 1 {
		t.Errorf("definition of the query reference: %s", raw)
	}
	last := problems(res.Diagnostics[len(res.Diagnostics)-1])
	if len(last) == 0 || !strings.Contains(last[0]["message"].(string), "zz_") {
		t.Errorf("no diagnostic for the reference broken by an edit in Neovim: %v", res.Diagnostics)
	}
	if s := strings.TrimSpace(string(res.DefinitionAfterEdit)); s != "[]" && s != "null" && s != "{}" && s != "" {
		t.Errorf("definition of the broken reference: %s", s)
	}
}
