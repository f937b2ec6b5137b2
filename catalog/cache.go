package catalog

// This file keeps catalogs in the user's cache folder, so that a session
// starts with the last catalog before (or without) a connection.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"

	"github.com/modls/modls/internal/source"
)

// CachePath is the file that keeps the catalog of the database key names
// (a connection without secrets: user, host, port, database), in dir
// (os.UserCacheDir()/modls/catalog when "").
func CachePath(dir, key string) (string, error) {
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(base, "modls", "catalog")
	}
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(dir, hex.EncodeToString(sum[:12])+".json"), nil
}

// Load reads the catalog kept at path: a regular file (never a pipe that
// would block), of any size.
func Load(path string) (*Catalog, error) {
	f, err := source.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Decode(bufio.NewReader(f))
}

// Save keeps c at path, replacing the file whole (a reader never sees half
// a catalog).
func (c *Catalog) Save(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	var b bytes.Buffer
	if err := c.Write(&b); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".catalog-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b.Bytes()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
