// Package jsonrpc2 is the transport of `modls serve`: JSON-RPC 2.0 messages
// in LSP's Content-Length framing over a byte stream.
//
// modls owns this instead of using glsp's server (which handles one message
// at a time) or sourcegraph/jsonrpc2 (whose read loop closes the connection
// on the first undecodable message): a language server must answer a
// malformed message with an error and keep serving. What the package
// guarantees:
//
//   - Reading survives bad input: a body that is not JSON-RPC is answered
//     with ParseError or InvalidRequest, a broken header costs one message
//     (the reader skips to the next header), a body over MaxMessage is
//     skipped and answered; only the end of the stream ends the session.
//   - Writing never blocks the reader: messages queue for a goroutine of
//     their own, so a client that writes much before it reads (as editors
//     do) cannot deadlock the session. The queue is bounded by what it
//     carries: a message sent with NotifyLatest replaces the one of the
//     same key still waiting (a document's diagnostics).
//   - Calls to the peer are answered through the reading goroutine
//     (Deliver), so a handler may wait for one without stopping the loop.
//   - Answers that can be megabytes long are encoded without reflection
//     when the caller gives an encoder for them (Options.Encode), into
//     pooled buffers the writer gives back.
//
// The package knows nothing of LSP's methods; lsp/ decides what runs when.
package jsonrpc2
