package db

// This file defines Conn: the connection to one database, opened in the
// background and reopened with backoff, which callers use only when it is
// up.

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// State is where a connection stands.
type State string

const (
	Connecting   State = "connecting"
	Connected    State = "connected"
	Disconnected State = "disconnected" // the last attempt failed; retrying
	Closed       State = "closed"
)

// Status is what a connection says about itself, without secrets.
type Status struct {
	State    State     `json:"state"`
	Database string    `json:"database"`        // the connection string, redacted
	From     string    `json:"from"`            // where it was configured
	Error    string    `json:"error,omitempty"` // why it is not connected
	Since    time.Time `json:"since"`
	Retry    time.Time `json:"retry,omitzero"` // the next attempt, when disconnected
	Attempts int       `json:"attempts"`       // connection attempts made
}

// Options tune a Conn; zero values take the defaults.
type Options struct {
	ConnectTimeout time.Duration // one attempt's bound: 10 s
	MinBackoff     time.Duration // after the first failure: 1 s
	MaxBackoff     time.Duration // at most: 1 min
	MaxConns       int32         // 4
	// OnChange is called (on the connection's goroutine) after each change
	// of state.
	OnChange func(Status)
}

// ErrNotConnected wraps the reason a connection is not up.
var ErrNotConnected = errors.New("not connected to the database")

// Conn is the connection to one database. Its methods never wait on the
// network except those that take a context and run something.
type Conn struct {
	target Target
	opt    Options
	secret string // the password, scrubbed from every message
	cfg    *pgxpool.Config

	ctx    context.Context
	cancel context.CancelFunc
	kick   chan struct{}
	done   chan struct{}

	mu      sync.Mutex
	status  Status
	pool    *pgxpool.Pool
	changed chan struct{} // closed and replaced at each change of status
	// generation counts the pools opened: what was described on one may
	// differ on the next (another server, tables created).
	generation   int
	described    *lru.Cache[[sha256.Size]byte, described]
	describedGen int
}

// Open returns the connection to t and starts connecting in the
// background; it does not wait.
func Open(t Target, opt Options) (*Conn, error) {
	if opt.ConnectTimeout == 0 {
		opt.ConnectTimeout = 10 * time.Second
	}
	if opt.MinBackoff == 0 {
		opt.MinBackoff = time.Second
	}
	if opt.MaxBackoff == 0 {
		opt.MaxBackoff = time.Minute
	}
	if opt.MaxConns == 0 {
		opt.MaxConns = 4
	}
	cfg, err := pgxpool.ParseConfig(t.URL)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", t.Display(), scrub(err.Error(), secretOf(t.URL)))
	}
	cfg.MaxConns = opt.MaxConns
	cfg.MinConns = 0
	cfg.ConnConfig.ConnectTimeout = opt.ConnectTimeout
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "modls"
	if len(t.SearchPath) > 0 {
		quoted := make([]string, len(t.SearchPath))
		for i, s := range t.SearchPath {
			quoted[i] = pgx.Identifier{s}.Sanitize()
		}
		cfg.ConnConfig.RuntimeParams["search_path"] = strings.Join(quoted, ", ")
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Conn{target: t, opt: opt, secret: cfg.ConnConfig.Password, cfg: cfg, ctx: ctx, cancel: cancel,
		kick: make(chan struct{}, 1), done: make(chan struct{}), changed: make(chan struct{}),
		status: Status{State: Connecting, Database: t.Display(), From: t.From, Since: time.Now()}}
	go c.loop()
	return c, nil
}

func secretOf(url string) string {
	if cfg, err := pgconn.ParseConfig(url); err == nil {
		return cfg.Password
	}
	return ""
}

// scrub removes secret from msg.
func scrub(msg, secret string) string {
	if secret == "" {
		return msg
	}
	return strings.ReplaceAll(msg, secret, "xxxxx")
}

// Status reports the connection's state.
func (c *Conn) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

// pool returns the pool when connected, else ErrNotConnected with why.
func (c *Conn) getPool() (*pgxpool.Pool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.status.State == Connected && c.pool != nil {
		return c.pool, nil
	}
	why := string(c.status.State)
	if c.status.Error != "" {
		why = c.status.Error
	}
	return nil, fmt.Errorf("%w %s: %s", ErrNotConnected, c.status.Database, why)
}

// Ready waits until the connection is up: at once when it is, else for
// the attempt under way, else for a new attempt it asks for now (not after
// the backoff); it returns why the connection is not up when the attempt
// fails, or ctx's error. For what a user asked to run against the
// database (a run, a command); nothing else waits on the network.
func (c *Conn) Ready(ctx context.Context) error {
	c.mu.Lock()
	first := c.status
	c.mu.Unlock()
	if first.State == Disconnected {
		c.Retry()
	}
	for {
		c.mu.Lock()
		s, changed := c.status, c.changed
		c.mu.Unlock()
		switch {
		case s.State == Connected:
			return nil
		case s.State == Closed:
			return fmt.Errorf("%w %s: closed", ErrNotConnected, s.Database)
		case s.State == Disconnected && (first.State != Disconnected || s.Attempts > first.Attempts):
			return fmt.Errorf("%w %s: %s", ErrNotConnected, s.Database, s.Error)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		}
	}
}

// Retry makes a disconnected connection try again now.
func (c *Conn) Retry() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// Close stops connecting and closes the connection.
func (c *Conn) Close() {
	c.cancel()
	<-c.done
}

func (c *Conn) set(f func(*Status)) {
	c.mu.Lock()
	f(&c.status)
	s := c.status
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
	if c.opt.OnChange != nil {
		c.opt.OnChange(s)
	}
}

// loop connects, waits while connected until a caller reports the
// connection broken, and reconnects with backoff.
func (c *Conn) loop() {
	defer close(c.done)
	backoff := c.opt.MinBackoff
	for {
		err := c.connect()
		if c.ctx.Err() != nil {
			c.closePool()
			c.set(func(s *Status) { s.State, s.Since = Closed, time.Now() })
			return
		}
		wait := backoff
		if err == nil {
			backoff = c.opt.MinBackoff
			// Connected: wait for a caller to say the connection broke.
			select {
			case <-c.ctx.Done():
				continue
			case <-c.kick:
			}
			if c.ping() == nil {
				continue // still fine: connect again is a no-op
			}
			wait = 0 // reconnect at once, once
		} else {
			backoff = min(backoff*2, c.opt.MaxBackoff)
		}
		if wait > 0 {
			next := time.Now().Add(wait)
			c.set(func(s *Status) { s.Retry = next })
			t := time.NewTimer(wait)
			select {
			case <-c.ctx.Done():
			case <-c.kick:
			case <-t.C:
			}
			t.Stop()
		}
	}
}

func (c *Conn) ping() error {
	c.mu.Lock()
	p := c.pool
	c.mu.Unlock()
	if p == nil {
		return ErrNotConnected
	}
	ctx, cancel := context.WithTimeout(c.ctx, c.opt.ConnectTimeout)
	defer cancel()
	err := p.Ping(ctx)
	if err != nil {
		c.closePool()
		c.set(func(s *Status) {
			s.State, s.Error, s.Since = Disconnected, c.message(err), time.Now()
		})
	}
	return err
}

// connect opens the pool and checks it with a ping, when not connected.
func (c *Conn) connect() error {
	c.mu.Lock()
	up := c.status.State == Connected && c.pool != nil
	c.mu.Unlock()
	if up {
		return nil
	}
	c.set(func(s *Status) { s.Attempts++; s.Retry = time.Time{} })
	pool, err := pgxpool.NewWithConfig(c.ctx, c.cfg)
	if err == nil {
		ctx, cancel := context.WithTimeout(c.ctx, c.opt.ConnectTimeout)
		err = pool.Ping(ctx)
		cancel()
		if err != nil {
			pool.Close()
		}
	}
	if err != nil {
		if c.ctx.Err() != nil {
			return err
		}
		c.set(func(s *Status) { s.State, s.Error, s.Since = Disconnected, c.message(err), time.Now() })
		return err
	}
	c.mu.Lock()
	c.pool = pool
	c.generation++
	c.mu.Unlock()
	c.set(func(s *Status) { s.State, s.Error, s.Since = Connected, "", time.Now() })
	return nil
}

func (c *Conn) closePool() {
	c.mu.Lock()
	p := c.pool
	c.pool = nil
	c.mu.Unlock()
	if p != nil {
		p.Close()
	}
}

// message is err as people read it: PostgreSQL's message, never the
// password.
func (c *Conn) message(err error) string {
	var pe *pgconn.PgError
	msg := err.Error()
	if errors.As(err, &pe) {
		msg = pe.Message
		if pe.Detail != "" {
			msg += " (" + pe.Detail + ")"
		}
	}
	return scrub(msg, c.secret)
}

// broken reports whether err says the connection itself failed (not the
// statement), and if so makes the connection check itself and reconnect.
func (c *Conn) broken(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// Class 08 (connection exception) and 57P01-57P03 (the server
		// shutting down or starting) are about the connection.
		if !strings.HasPrefix(pe.Code, "08") && !strings.HasPrefix(pe.Code, "57P") {
			return false
		}
	}
	c.Retry()
	return true
}

// acquire returns a connection of the pool, or why there is none.
func (c *Conn) acquire(ctx context.Context) (*pgxpool.Conn, error) {
	p, err := c.getPool()
	if err != nil {
		return nil, err
	}
	pc, err := p.Acquire(ctx)
	if err != nil {
		if c.broken(err) {
			return nil, fmt.Errorf("%w %s: %s", ErrNotConnected, c.target.Display(), c.message(err))
		}
		return nil, err
	}
	return pc, nil
}

// Error is a failure of a statement, as PostgreSQL reports it.
type Error struct {
	Code     string // SQLSTATE
	Message  string
	Detail   string
	Hint     string
	Position int // 1-based, in characters of the statement; 0: none
}

func (e *Error) Error() string {
	msg := e.Message
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	if e.Hint != "" {
		msg += ". " + e.Hint
	}
	return msg
}

// fail converts err for callers: a *Error for what PostgreSQL answered,
// ErrNotConnected for a broken connection, with the password scrubbed.
func (c *Conn) fail(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && !c.broken(err) {
		return &Error{Code: pe.Code, Message: scrub(pe.Message, c.secret), Detail: scrub(pe.Detail, c.secret), Hint: pe.Hint, Position: int(pe.Position)}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if c.broken(err) {
		return fmt.Errorf("%w %s: %s", ErrNotConnected, c.target.Display(), c.message(err))
	}
	return errors.New(c.message(err))
}

// SQLState is the error's SQLSTATE code (check.DescribeError).
func (e *Error) SQLState() string { return e.Code }

// Hinted reports whether the server gave a hint (check.DescribeError).
func (e *Error) Hinted() bool { return e.Hint != "" }

// CharPosition is the 1-based character position of the error in the
// statement, 0 when none (check.DescribeError).
func (e *Error) CharPosition() int { return e.Position }
