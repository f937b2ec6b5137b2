//go:build race

package lsp

// raceEnabled is true when the tests run with the race detector, which
// slows the server down several times: the largest fault tests scale down.
const raceEnabled = true
