package db

// This file defines Session: the connections and catalogs of one language
// server, each database opened on first use and its catalog read once
// connected, kept on disk for the next session.

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/modls/modls/catalog"
)

// SessionOptions tune a Session.
type SessionOptions struct {
	// CacheDir keeps catalogs between sessions (catalog.CachePath); "" is
	// the user's cache folder, "-" keeps none.
	CacheDir string
	// MaxAge is how old a catalog may be before it is read again on the
	// next use: 1 hour.
	MaxAge time.Duration
	// Conn tunes the connections (its OnChange is the session's).
	Conn Options
	// OnChange is called, on a goroutine of the session, when a
	// connection's state or a catalog changes.
	OnChange func()
}

// Session keeps one Conn per database and its catalog. Its methods never
// wait on the network.
type Session struct {
	opt SessionOptions

	mu     sync.Mutex
	dbs    map[string]*sessionDB // by connection string
	closed bool
}

type sessionDB struct {
	conn    *Conn
	cat     *catalog.Catalog
	live    bool // cat was read in this session (not the disk's copy)
	reading bool
}

// NewSession returns an empty session: it opens nothing until asked.
func NewSession(opt SessionOptions) *Session {
	if opt.MaxAge == 0 {
		opt.MaxAge = time.Hour
	}
	return &Session{opt: opt, dbs: map[string]*sessionDB{}}
}

// Conn returns the connection to t, opening it (in the background) on
// first use, with the catalog the disk keeps for it, if any. It returns
// nil after Close, or when t's connection string does not parse (err).
func (s *Session) Conn(t Target) (*Conn, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrNotConnected
	}
	if d := s.dbs[t.URL]; d != nil {
		return d.conn, nil
	}
	d := &sessionDB{}
	opt := s.opt.Conn
	opt.OnChange = func(st Status) { s.changed(t, st) }
	c, err := Open(t, opt)
	if err != nil {
		return nil, err
	}
	d.conn = c
	if path, err := catalog.CachePath(s.cacheDir(), CacheKey(t)); err == nil && s.opt.CacheDir != "-" {
		if cat, err := catalog.Load(path); err == nil {
			d.cat = cat
		}
	}
	s.dbs[t.URL] = d
	return c, nil
}

func (s *Session) cacheDir() string {
	if s.opt.CacheDir == "-" {
		return ""
	}
	return s.opt.CacheDir
}

// Catalog returns the catalog of t: read in this session, else the one
// kept on disk from an earlier one; nil when there is none. live says it
// was read from the server in this session. A stale catalog of a
// connected database is read again in the background.
func (s *Session) Catalog(t Target) (cat *catalog.Catalog, live bool) {
	s.mu.Lock()
	d := s.dbs[t.URL]
	if d == nil {
		s.mu.Unlock()
		return nil, false
	}
	cat, live = d.cat, d.live
	stale := cat == nil || !live || time.Since(cat.Read) > s.opt.MaxAge
	s.mu.Unlock()
	if stale && d.conn.Status().State == Connected {
		s.readCatalog(t, d)
	}
	return cat, live
}

// Refresh reads the catalog of t again now (modls.refreshCatalog).
func (s *Session) Refresh(ctx context.Context, t Target) (*catalog.Catalog, error) {
	c, err := s.Conn(t)
	if err != nil {
		return nil, err
	}
	if err := c.Ready(ctx); err != nil {
		return nil, err
	}
	cat, err := c.ReadCatalog(ctx)
	if err != nil {
		return nil, err
	}
	c.Forget()
	s.keep(t, cat)
	return cat, nil
}

// changed follows a connection's state: once connected, its catalog is read.
func (s *Session) changed(t Target, st Status) {
	if st.State == Connected {
		s.mu.Lock()
		d := s.dbs[t.URL]
		s.mu.Unlock()
		if d != nil {
			s.readCatalog(t, d)
		}
	}
	if s.opt.OnChange != nil {
		s.opt.OnChange()
	}
}

// readCatalog reads the catalog of d in the background, once at a time.
func (s *Session) readCatalog(t Target, d *sessionDB) {
	s.mu.Lock()
	if d.reading || s.closed {
		s.mu.Unlock()
		return
	}
	d.reading = true
	s.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cat, err := d.conn.ReadCatalog(ctx)
		s.mu.Lock()
		d.reading = false
		s.mu.Unlock()
		if err == nil {
			s.keep(t, cat)
		}
	}()
}

// keep makes cat the catalog of t, on disk too.
func (s *Session) keep(t Target, cat *catalog.Catalog) {
	s.mu.Lock()
	d := s.dbs[t.URL]
	if d != nil {
		d.cat, d.live = cat, true
	}
	s.mu.Unlock()
	if s.opt.CacheDir != "-" {
		if path, err := catalog.CachePath(s.cacheDir(), CacheKey(t)); err == nil {
			cat.Save(path)
		}
	}
	if s.opt.OnChange != nil {
		s.opt.OnChange()
	}
}

// Statuses reports every connection of the session, by database.
func (s *Session) Statuses() []Status {
	s.mu.Lock()
	var out []Status
	for _, d := range s.dbs {
		out = append(out, d.conn.Status())
	}
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Database < out[j].Database })
	return out
}

// Close closes every connection; the session opens no other.
func (s *Session) Close() {
	s.mu.Lock()
	s.closed = true
	dbs := s.dbs
	s.dbs = map[string]*sessionDB{}
	s.mu.Unlock()
	for _, d := range dbs {
		d.conn.Close()
	}
}
