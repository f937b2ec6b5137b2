package modgen

// This file writes detections over the audit log and the detection
// benchmarks (benchmark blocks with type = "detection") that group them.

import "fmt"

var detectionEvents = []struct{ name, events string }{
	{"deleted", "'Delete', 'BatchDelete'"},
	{"made_public", "'PutPolicy', 'SetAcl'"},
	{"policy_changed", "'PutPolicy', 'DeletePolicy', 'AttachPolicy'"},
	{"created_outside_hours", "'Create'"},
	{"encryption_disabled", "'DisableEncryption'"},
	{"logging_stopped", "'StopLogging', 'DeleteTrail'"},
	{"shared_externally", "'Share', 'AddPermission'"},
}

func (g *generator) writeDetections(n int) {
	nBench := max(1, n/7)
	nDet := max(1, n-nBench)
	names := make([]string, 0, nDet)
	for i := range nDet {
		g.beginChunk(i, "detections", "detections", "# Detections over the ACME audit log.")
		svc := g.service()
		noun := pick(g, svc.nouns)
		ev := pick(g, detectionEvents)
		name := g.names.unique("detection", svc.name+"_"+noun+"_"+ev.name)
		g.named(0, "detection", name)
		g.w.attrs(1,
			"title", quote("Detect "+humanize(plural(noun))+" "+humanize(ev.name)),
			"description", quote("Detect when an ACME "+svc.title+" "+humanize(noun)+" is "+humanize(ev.name)+"."),
			"severity", quote(pick(g, severities)),
			"display_columns", quotedList("event_time", "user_name", "source_ip", "resource", "event_name"),
		)
		switch r := g.intn(20); {
		case r < 12:
			g.w.heredoc(1, "sql", []string{
				"select",
				"  event_time,",
				"  user_name,",
				"  source_ip,",
				"  resource_arn as resource,",
				"  event_name",
				"from",
				"  acme_logging_audit_event",
				"where",
				"  event_source = 'acme_" + svc.name + "'",
				"  and resource_type = '" + noun + "'",
				"  and event_name in (" + ev.events + ")",
				"order by",
				"  event_time desc;",
			})
		case r < 17 || i == 0:
			q := g.queryFor(svc, noun)
			g.w.attrs(1, "query", "query."+q.name)
		default:
			g.w.attrs(1, "base", "detection."+names[g.intn(i)])
		}
		g.w.blank()
		g.w.line(1, "tags = merge(local."+svc.name+"_common_tags, {")
		g.w.attrs(2, "type", quote("Detection"), "mitre_attack_id", quote(fmt.Sprintf("TA%04d", g.between(1, 11))))
		g.w.line(1, "})")
		g.w.close(0)
		names = append(names, name)
	}

	g.beginResourceFile("detections", "detection_benchmarks")
	g.w.line(0, `# Detection benchmarks are benchmark blocks with type = "detection".`)
	root := g.names.unique("benchmark", "acme_detections")
	g.detRoot = root
	children := make([]string, nBench-1)
	for i := range children {
		children[i] = g.names.unique("benchmark", "acme_detections_"+services[i%len(services)].name)
	}
	g.w.blank()
	g.named(0, "benchmark", root)
	g.w.attrs(1, "title", quote("ACME Detections"), "type", quote("detection"))
	g.w.line(1, "children = [")
	for _, c := range children {
		g.w.line(2, "benchmark."+c+",")
	}
	if len(children) == 0 {
		for _, d := range names {
			g.w.line(2, "detection."+d+",")
		}
	}
	g.w.line(1, "]")
	g.w.close(0)
	for i, c := range children {
		g.w.blank()
		g.named(0, "benchmark", c)
		g.w.attrs(1, "title", quote(services[i%len(services)].title+" detections"), "type", quote("detection"))
		g.w.line(1, "children = [")
		for j := i; j < len(names); j += len(children) {
			g.w.line(2, "detection."+names[j]+",")
		}
		g.w.line(1, "]")
		g.w.close(0)
	}
}
