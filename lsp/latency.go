package lsp

// The server's own request timing (package latency): for each method, how
// long requests took from the moment their message was read to the moment
// their answer was encoded and queued; modls/stats reports it.

import "github.com/modls/modls/internal/latency"

// MethodLatency is what modls/stats says of one method's requests.
type MethodLatency = latency.Summary
