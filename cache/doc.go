// Package cache keeps full parses (hclsyntax ASTs) of files and blocks in a
// least-recently-used store bounded by an estimated byte budget, so hover,
// completion and diagnostics parse a block once while it stays unchanged,
// and memory stays bounded however large the workspace is.
//
// # Using it
//
//	c := cache.New(64 << 20)                              // a 64 MiB budget
//	b, diags := c.GetOrParseBlock(path, src, entry.Range) // parse.ParseBlock on a miss
//	f, diags := c.GetOrParseFile(path, src)               // parse.ParseFile on a miss
//	c.Invalidate(path)                                    // when the file changes
//	c.SetBudget(n)                                        // when the setting changes
//	c.Stats()                                             // entries, bytes, hits, misses, evictions
//
// Results are shared between callers: treat every AST and diagnostic a cache
// returns as read-only.
//
// # Keys
//
// A Key is the file path, the byte range parsed and a 64-bit hash of what the
// parse depends on (KeyOf, FileKey), so an edit never returns a stale parse:
// a changed block gets a new key, and its old entry ages out, or goes at once
// when the caller invalidates the path.
//
// # Budget
//
// Every entry carries an estimated size (EstimateSize: 8 bytes per source
// byte parsed plus 512 per entry, calibrated against the heap growth of
// parsing the corpus, 8.4–8.5 bytes per source byte; see TestSizeEstimate).
// After every addition the least-recently-used entries go until the total is
// within the budget; an entry larger than the whole budget is returned to its
// caller but not kept.
//
// A Cache is safe for concurrent use; two goroutines that miss on the same
// key at once share one parse.
package cache
