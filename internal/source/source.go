package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
)

// MaxFileSize is the largest source file modls reads; a larger one is
// skipped with a note. Real mod files are well under 1 MB.
const MaxFileSize = 32 << 20

// ErrNotRegular is the error of a path that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is the error of a file over MaxFileSize.
var ErrTooLarge = fmt.Errorf("over the %d MB limit for a source file", MaxFileSize>>20)

// Open opens the regular file at path for reading; anything else is an error
// wrapping ErrNotRegular, and opening it never waits.
func Open(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: ErrNotRegular}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close() // replaced between the two looks
		return nil, &fs.PathError{Op: "read", Path: path, Err: ErrNotRegular}
	}
	return f, nil
}

// Read reads the regular file at path, of at most MaxFileSize bytes.
func Read(path string) ([]byte, error) {
	return ReadInto(path, nil)
}

// ReadInto is Read into buf, reusing its capacity (a loader reading
// thousands of files keeps one buffer per worker). On error it returns
// buf[:0].
func ReadInto(path string, buf []byte) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return buf[:0], err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return buf[:0], err
	}
	if fi.Size() > MaxFileSize {
		return buf[:0], &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%d bytes is %w", fi.Size(), ErrTooLarge)}
	}
	buf = slices.Grow(buf[:0], int(fi.Size())+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf[:0], err
		}
		if len(buf) == cap(buf) {
			if len(buf) > MaxFileSize {
				return buf[:0], &fs.PathError{Op: "read", Path: path, Err: ErrTooLarge}
			}
			buf = slices.Grow(buf, 4096) // the file grew while we read it
		}
	}
}

// ReadPrefix reads at most n bytes of the regular file at path (what a
// hover shows of a documentation file).
func ReadPrefix(path string, n int) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	k, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	return buf[:k], nil
}

// Reason returns the words of err without the path a fs.PathError repeats
// (for a note that names the path already).
func Reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
