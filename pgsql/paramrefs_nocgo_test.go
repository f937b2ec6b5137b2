//go:build !cgo

package pgsql

import "testing"

// checkParamRefs needs the parser.
func checkParamRefs(t *testing.T, sql string) {}
