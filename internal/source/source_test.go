package source

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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

// TestCache: a file is read once while it is unchanged, again once it
// changes, and the budget bounds what is kept.
func TestCache(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.pp"), filepath.Join(dir, "b.pp")
	os.WriteFile(a, []byte("a = 1\né = 2\n"), 0o644)
	os.WriteFile(b, []byte(strings.Repeat("b", 40)), 0o644)
	c := NewCache(200)
	t1, l1, err := c.Get(a)
	if err != nil || string(t1) != "a = 1\né = 2\n" || l1.Len() != 3 {
		t.Fatalf("Get = %q, %v", t1, err)
	}
	if t2, _, _ := c.Get(a); &t2[0] != &t1[0] {
		t.Error("an unchanged file was read again")
	}
	os.WriteFile(a, []byte("a = 10\n"), 0o644)
	os.Chtimes(a, time.Now().Add(time.Hour), time.Now().Add(time.Hour))
	if t3, _, _ := c.Get(a); string(t3) != "a = 10\n" {
		t.Errorf("after a change: %q", t3)
	}
	c.Get(b)
	c.Get(b)
	if c.bytes != 47 || c.lru.Len() != 2 {
		t.Errorf("%d bytes in %d files", c.bytes, c.lru.Len())
	}
	c.Forget(a)
	if c.lru.Contains(a) || c.bytes != 40 {
		t.Errorf("Forget: %d bytes", c.bytes)
	}
	// Over the budget: the least recently read go first.
	for i := range 6 {
		p := filepath.Join(dir, fmt.Sprintf("c%d.pp", i))
		os.WriteFile(p, []byte(strings.Repeat("c", 45)), 0o644)
		c.Get(p)
	}
	if c.bytes > 200 || c.lru.Contains(b) || !c.lru.Contains(filepath.Join(dir, "c5.pp")) {
		t.Errorf("over the budget: %d bytes, b kept %v", c.bytes, c.lru.Contains(b))
	}
}
