package complete

// Helpers only the tests use.

// match reports whether name matches what was typed, ignoring case, and
// how well: 0 a prefix, 1 a substring, 2 a subsequence.
func match(name, typed string) (int, bool) { return newMatcher(typed).match(name) }
