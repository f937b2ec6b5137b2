package lsp

// Marker kind @tree: the whole resource tree of modls/resources, walked
// from the roots one level at a time as a tree view does.

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/modls/modls/internal/testtree"
)

func init() { markerKinds["tree"] = markTree }

func markTree(r *markerRun, m marker, at string, out *strings.Builder) {
	fmt.Fprintf(out, "%s: tree:\n", at)
	var walk func(parent, indent string, depth int)
	walk = func(parent, indent string, depth int) {
		if depth > 10 {
			r.t.Fatalf("resource tree deeper than 10 levels (a cycle?)")
		}
		var nodes []ResourceNode
		r.c.result("modls/resources", map[string]any{"parent": parent}, &nodes)
		for _, n := range nodes {
			fmt.Fprintf(out, "%s%s %s %q %s:%s (%d)\n", indent, n.Kind, n.Name, n.Title, r.rel(n.URI), rangeText(n.Range), n.Children)
			if n.Children > 0 {
				walk(n.ID, indent+"\t", depth+1)
			}
		}
	}
	walk("", "\t", 0)
}

// TestResourcesErrors: a stale or malformed parent is a clear error.
func TestResourcesErrors(t *testing.T) {
	root := testtree.New(t, map[string]string{"mod.pp": "mod \"m\" {}\n"})
	c := startServer(t, nil)
	c.initialize(root)
	for _, params := range []any{map[string]any{"parent": "nowhere#12"}, map[string]any{"parent": "no-hash"}, map[string]any{"parent": 5}} {
		_, ch := c.send("modls/resources", params)
		select {
		case m := <-ch:
			if m.Error == nil {
				t.Errorf("%v: no error, result %s", params, m.Result)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%v: no answer", params)
		}
	}
	var roots []ResourceNode
	c.result("modls/resources", nil, &roots)
	if len(roots) != 0 {
		b, _ := json.Marshal(roots)
		t.Errorf("roots of an empty mod: %s", b)
	}
}
