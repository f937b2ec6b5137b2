package jsonrpc2

import (
	"fmt"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// A connection over pipes (as `modls --stdio` is) enlarges them, so large
// answers cross in a few turns.
func TestConnGrowsPipes(t *testing.T) {
	r, cw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cr, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		for _, f := range []*os.File{r, cw, cr, w} {
			f.Close()
		}
	}()
	max := pipeSize
	if b, err := os.ReadFile("/proc/sys/fs/pipe-max-size"); err == nil {
		var n int
		if _, err := fmt.Sscan(string(b), &n); err == nil && n < max {
			t.Skipf("this system bounds pipes at %d bytes", n)
		}
	}
	c := NewConn(r, w, Options{})
	defer c.Close(time.Second)
	for name, f := range map[string]*os.File{"input": cw, "output": cr} {
		if n, err := unix.FcntlInt(f.Fd(), unix.F_GETPIPE_SZ, 0); err != nil || n != max {
			t.Errorf("%s pipe holds %d bytes (%v), want %d", name, n, err, max)
		}
	}
}
