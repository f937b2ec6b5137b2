package parse

import (
	"bytes"
	"testing"
)

// TestBinaryInput: a run of bytes that are not UTF-8 is one problem, not
// one per byte, so a binary file costs a few diagnostics however large.
func TestBinaryInput(t *testing.T) {
	src := make([]byte, 0, 1<<20)
	for i := 0; len(src) < 1<<20; i++ {
		src = append(src, byte(0x80+i%0x40), byte(0xf8), byte(i%32)+'\n'*byte(i%2))
	}
	f := Scan(src)
	if len(f.Diags) == 0 {
		t.Fatal("no diagnostic for binary input")
	}
	if n := len(f.Diags); n > len(src)/2 {
		t.Errorf("%d diagnostics for %d bytes", n, len(src))
	}
	run := append([]byte("a = "), bytes.Repeat([]byte{0xf8}, 100000)...)
	if n := len(Scan(run).Diags); n > 3 {
		t.Errorf("%d diagnostics for one run of broken bytes, want one or two", n)
	}
}
