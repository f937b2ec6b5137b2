package config

import (
	"testing"
	"unicode/utf8"
)

// FuzzParse: Parse never panics, and every problem's range and every
// rule's code range lies within the input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"rule \"unused\" {\n  enabled = false\n}\n",
		"ignore_paths = [\"a/**\", 1, null]\nrule \"x\" { severity = \"warnig\" }\n",
		"rule \"a\" \"b\" {\n  inner {}\n  enabled = var.x\n}\nrules {}\n",
		"rule \"é\" { severity = upper(\"hint\") }\n",
		"rule \"x\" {\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		c, problems := Parse(FileName, src)
		n := uint32(len(src))
		for _, p := range problems {
			if p.Range.Start.Byte > p.Range.End.Byte || p.Range.End.Byte > n || p.Message == "" {
				t.Fatalf("problem %+v outside the %d bytes", p, n)
			}
		}
		for _, r := range c.Rules {
			if r.CodeRange.Start.Byte > r.CodeRange.End.Byte || r.CodeRange.End.Byte > n {
				t.Fatalf("rule %+v outside the %d bytes", r, n)
			}
		}
		c.Ignored("/x/y.pp")
	})
}

// FuzzSuppressions: Suppressions never panics, each suppression lies within
// its comment and its codes within it, in order.
func FuzzSuppressions(f *testing.F) {
	for _, s := range []string{
		"# modls-ignore-file unused kept\nquery \"a\" { # modls-ignore unused,sql-syntax why\n}\n",
		"/* modls-ignore: a , b\n c */ // modls-ignore\n#modls-ignore x,\n",
		"x = \"# modls-ignore a\" # modls-ignore-filex\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, s := range Suppressions(src) {
			start, end := s.Range.Start.Byte, s.Range.End.Byte
			if start > end || end > uint32(len(src)) || s.Directive.Start.Byte < start || s.Directive.End.Byte > end ||
				s.ListEnd < s.Directive.End.Byte || s.ListEnd > end {
				t.Fatalf("suppression %+v outside its comment", s)
			}
			last := s.Directive.End.Byte
			for _, c := range s.Codes {
				if c.Name == "" || c.Range.Start.Byte < last || c.Range.End.Byte > s.ListEnd {
					t.Fatalf("code %+v out of order in %+v", c, s)
				}
				last = c.Range.End.Byte
			}
			if utf8.Valid(src) && !utf8.ValidString(s.Reason) {
				t.Fatalf("reason %q cut inside a character", s.Reason)
			}
		}
	})
}
