package modgen

// This file defines the vocabulary the generator draws names, titles and
// tables from, and the registry that keeps names unique per block type.

import (
	"strconv"
	"strings"
)

// service is one area of the imaginary ACME cloud; each noun is a resource
// kind with a table named acme_<service>_<noun>.
type service struct {
	name  string
	title string
	nouns []string
}

var services = []service{
	{"storage", "Storage", []string{"bucket", "volume", "snapshot", "file_share"}},
	{"compute", "Compute", []string{"instance", "image", "autoscaling_group", "launch_template"}},
	{"network", "Network", []string{"vpc", "subnet", "security_group", "load_balancer", "nat_gateway"}},
	{"identity", "Identity", []string{"user", "role", "group", "access_key", "policy"}},
	{"database", "Database", []string{"cluster", "instance", "snapshot", "parameter_group"}},
	{"messaging", "Messaging", []string{"queue", "topic", "subscription"}},
	{"serverless", "Serverless", []string{"function", "layer", "trigger"}},
	{"kms", "KMS", []string{"key", "key_ring", "grant"}},
	{"dns", "DNS", []string{"zone", "record", "resolver"}},
	{"logging", "Logging", []string{"trail", "log_group", "sink"}},
	{"container", "Container", []string{"cluster", "repository", "service", "task_definition"}},
	{"cdn", "CDN", []string{"distribution", "origin", "cache_policy"}},
}

// aspect is a property a control checks.
type aspect struct {
	name string // used in block names
	good string // reason text when compliant
	bad  string // reason text when not
	cond string // SQL condition that is true when compliant; uses alias r
	why  string // one sentence of rationale for descriptions
}

var aspects = []aspect{
	{"encryption_enabled", "is encrypted", "is not encrypted", "r.encryption_type is not null", "Encryption at rest protects data if the underlying storage is ever exposed."},
	{"versioning_enabled", "has versioning enabled", "has versioning disabled", "r.versioning_enabled", "Versioning lets you recover from accidental overwrites and deletions."},
	{"logging_enabled", "has logging enabled", "has logging disabled", "r.logging_target is not null", "Access logs are needed to investigate incidents and to prove compliance."},
	{"public_access_blocked", "blocks public access", "allows public access", "not r.public_access", "Public access is the most common cause of accidental data exposure."},
	{"rotation_enabled", "has rotation enabled", "has rotation disabled", "r.rotation_enabled", "Regular rotation limits the damage a leaked secret can do."},
	{"mfa_enabled", "requires MFA", "does not require MFA", "r.mfa_enabled", "A second factor stops most credential-stuffing and phishing attacks."},
	{"required_tags_set", "has the required tags", "is missing required tags", "r.tags ?& array['owner', 'cost_center']", "Owner and cost center tags make it possible to route findings and bills."},
	{"backup_enabled", "is backed up", "is not backed up", "r.backup_retention_days > 0", "Backups are the last line of defence against data loss and ransomware."},
	{"deletion_protection_enabled", "has deletion protection", "has no deletion protection", "r.deletion_protection", "Deletion protection prevents a single mistaken call from destroying production data."},
	{"in_private_network", "is in a private network", "is not in a private network", "r.vpc_id is not null", "Resources outside a private network are reachable from the internet."},
	{"tls_enforced", "enforces TLS 1.2 or later", "accepts old TLS versions", "r.min_tls_version >= '1.2'", "Old TLS versions have known weaknesses and are rejected by most auditors."},
	{"not_shared_publicly", "is not shared publicly", "is shared publicly", "not r.shared_publicly", "Publicly shared resources can be copied by any ACME account."},
	{"recently_used", "was used recently", "has not been used for 90 days", "r.last_used_at > now() - interval '90 days'", "Unused resources add cost and attack surface without adding value."},
	{"multi_region_enabled", "spans several regions", "is limited to one region", "r.multi_region", "A multi-region setup keeps the service available during a regional outage."},
	{"default_config_disabled", "does not use the default configuration", "uses the default configuration", "not r.is_default", "Default configurations are well known to attackers and rarely hardened."},
}

// frameworks are the benchmark families; repeated families get a higher
// version number (cis_v1, cis_v2, ...).
var frameworks = []struct{ prefix, title string }{
	{"cis", "CIS"},
	{"nist_800_53", "NIST 800-53"},
	{"pci_dss", "PCI DSS"},
	{"soc_2", "SOC 2"},
	{"hipaa", "HIPAA"},
	{"iso_27001", "ISO 27001"},
	{"fedramp", "FedRAMP"},
	{"acme_foundational", "ACME Foundational Security"},
	{"gdpr", "GDPR"},
	{"nist_csf", "NIST CSF"},
}

var severities = []string{"low", "medium", "medium", "high", "high", "critical"}

var colors = []string{"#0f766e", "#d97706", "#dc2626", "#2563eb", "#7c3aed", "#4b5563", "#059669", "#db2777"}

var icons = []string{"inventory_2", "key", "dns", "hub", "person", "lan", "storage", "cloud", "lock", "memory", "public", "schedule"}

// registry makes names unique per block type by appending _2, _3, ... to a
// base name that is already taken.
type registry struct {
	types map[string]*nameSet
}

type nameSet struct {
	taken map[string]bool
	next  map[string]int
}

func newRegistry() *registry { return &registry{types: map[string]*nameSet{}} }

// unique reserves and returns a name of type typ derived from base.
func (r *registry) unique(typ, base string) string {
	s := r.types[typ]
	if s == nil {
		s = &nameSet{taken: map[string]bool{}, next: map[string]int{}}
		r.types[typ] = s
	}
	name := base
	for k := s.next[base]; s.taken[name]; k++ {
		name = base + "_" + strconv.Itoa(k+2)
		s.next[base] = k + 1
	}
	s.taken[name] = true
	return name
}

// humanize turns an identifier into words: "access_key" → "access key".
func humanize(id string) string { return strings.ReplaceAll(id, "_", " ") }

// titleCase capitalises the first letter of every word of an identifier:
// "access_key" → "Access Key".
func titleCase(id string) string {
	words := strings.Split(id, "_")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// plural appends an English plural ending.
func plural(s string) string {
	switch {
	case strings.HasSuffix(s, "y"):
		return s[:len(s)-1] + "ies"
	case strings.HasSuffix(s, "s"), strings.HasSuffix(s, "x"):
		return s + "es"
	}
	return s + "s"
}

// table returns the SQL table of a service noun.
func table(svc *service, noun string) string { return "acme_" + svc.name + "_" + noun }
