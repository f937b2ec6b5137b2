//go:build !unix

package lsp

import "errors"

// mkfifo makes a named pipe: not on this system.
func mkfifo(path string) error { return errors.New("named pipes are a Unix feature") }
