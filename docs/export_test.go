package docs

// Helpers only the tests use.

// Documented returns every code diagnostics.md documents.
func Documented() []string {
	out := make([]string, 0, len(codes()))
	for c := range codes() {
		out = append(out, c)
	}
	return out
}
