package source

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.pp")
	if err := os.WriteFile(p, []byte("query \"q\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Read(p)
	if err != nil || string(b) != "query \"q\" {}\n" {
		t.Fatalf("Read = %q, %v", b, err)
	}
	buf := make([]byte, 0, 4)
	b, err = ReadInto(p, buf)
	if err != nil || string(b) != "query \"q\" {}\n" {
		t.Fatalf("ReadInto = %q, %v", b, err)
	}
	pre, err := ReadPrefix(p, 5)
	if err != nil || string(pre) != "query" {
		t.Fatalf("ReadPrefix = %q, %v", pre, err)
	}

	// A folder and a named pipe are refused at once (a pipe would block).
	if _, err := Read(dir); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Read(folder) = %v, want ErrNotRegular", err)
	}
	fifo := filepath.Join(dir, "fifo.pp")
	if err := syscall.Mkfifo(fifo, 0o644); err == nil {
		if _, err := Read(fifo); !errors.Is(err, ErrNotRegular) {
			t.Errorf("Read(fifo) = %v, want ErrNotRegular", err)
		}
	}

	// Over the limit: refused with the size, without reading it.
	big := filepath.Join(dir, "big.pp")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	_, err = Read(big)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(Reason(err), "33554433 bytes is over the 32 MB limit") {
		t.Errorf("Read(big) = %v (reason %q)", err, Reason(err))
	}

	_, err = Read(filepath.Join(dir, "missing.pp"))
	if !os.IsNotExist(err) || Reason(err) != "no such file or directory" {
		t.Errorf("Read(missing) = %v (reason %q)", err, Reason(err))
	}
}
