//go:build !linux

package jsonrpc2

// growPipes does nothing where pipes cannot be enlarged.
func growPipes(...any) {}
