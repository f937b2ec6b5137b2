package lsp

// This file defines BenchmarkResources: modls/resources through the
// protocol on the generated 50k-resource mod, as a tree view expands it —
// the roots (the Benchmarks and Dashboards groups), each group's members
// (every root benchmark or top-level dashboard, with its child count), then
// the children of 200 nodes reached by walking down from them. Reports
// resources-roots-p50/p99-ms (20 requests), resources-group-first-ms (the
// first listing of a group on a snapshot), resources-group-p50/p99-ms (20
// more), resources-children-p50/p99-ms, and the number of group members.

import (
	"encoding/json"
	"runtime/debug"
	"testing"
	"time"
)

func BenchmarkResources(b *testing.B) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(DefaultMemoryLimit))
	root := benchGenerated(b, 50_000)
	c := startServer(b, nil)
	c.initialize(root)
	var roots []ResourceNode
	c.result("modls/resources", nil, &roots) // waits for the index
	if len(roots) == 0 {
		b.Fatal("no roots")
	}
	var rootTimes, groupTimes, childTimes []time.Duration
	var groupFirst time.Duration
	members := 0
	b.ResetTimer()
	for range b.N {
		for range 20 {
			d, m := c.timed(b, "modls/resources", map[string]any{})
			if m.Error != nil {
				b.Fatal(m.Error)
			}
			rootTimes = append(rootTimes, d)
		}
		var queue []ResourceNode
		for i, g := range roots {
			for k := range 21 {
				d, m := c.timed(b, "modls/resources", map[string]any{"parent": g.ID})
				if m.Error != nil {
					b.Fatal(m.Error)
				}
				switch {
				case k == 0 && i == 0 && groupFirst == 0:
					groupFirst = d
				case k > 0:
					groupTimes = append(groupTimes, d)
				}
				if k == 0 {
					var kids []ResourceNode
					json.Unmarshal(m.Result, &kids)
					members += len(kids)
					queue = append(queue, kids...)
				}
			}
		}
		for n := 0; n < 200 && len(queue) > 0; n++ {
			node := queue[0]
			queue = queue[1:]
			d, m := c.timed(b, "modls/resources", map[string]any{"parent": node.ID})
			if m.Error != nil {
				b.Fatal(m.Error)
			}
			childTimes = append(childTimes, d)
			var kids []ResourceNode
			json.Unmarshal(m.Result, &kids)
			if len(kids) != node.Children {
				b.Fatalf("%s: %d children, counted %d", node.Name, len(kids), node.Children)
			}
			queue = append(queue, kids...)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(members/b.N), "members")
	b.ReportMetric(float64(groupFirst.Microseconds())/1000, "resources-group-first-ms")
	b.ReportMetric(percentile(groupTimes, 50), "resources-group-p50-ms")
	b.ReportMetric(percentile(groupTimes, 99), "resources-group-p99-ms")
	b.ReportMetric(percentile(rootTimes, 50), "resources-roots-p50-ms")
	b.ReportMetric(percentile(rootTimes, 99), "resources-roots-p99-ms")
	b.ReportMetric(percentile(childTimes, 50), "resources-children-p50-ms")
	b.ReportMetric(percentile(childTimes, 99), "resources-children-p99-ms")
}
