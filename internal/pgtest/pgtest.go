package pgtest

// This file defines the server: found, initialised, started, stopped.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// admin is the superuser initdb creates; it connects through the Unix
// socket in the data directory's folder, without a password.
const admin = "modls_admin"

// Server is a PostgreSQL server in a temporary directory.
type Server struct {
	Port int    // on 127.0.0.1
	Dir  string // holds data/, the socket and the log
	bin  string
	as   *user.User // the unprivileged user it runs as, when the tests run as root

	mu     sync.Mutex
	proc   *os.Process   // postgres, while it runs
	exited chan struct{} // closed when it has exited
}

var (
	once     sync.Once
	shared   *Server
	startErr error
)

// Main runs the tests of a package that uses the server and stops the
// server, if a test started it, at the end. Call it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	return code
}

// Need returns the package's server, started on first use, or skips the
// test with the reason PostgreSQL is not there (fails instead when
// MODLS_REQUIRE_POSTGRES=1).
func Need(t testing.TB) *Server {
	t.Helper()
	once.Do(func() { shared, startErr = Start() })
	if startErr != nil {
		if os.Getenv("MODLS_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL is required (MODLS_REQUIRE_POSTGRES=1): %v", startErr)
		}
		t.Skipf("skipped: no PostgreSQL to test against (install Debian's postgresql package): %v", startErr)
	}
	if !shared.Running() {
		if err := shared.Resume(); err != nil {
			t.Fatalf("restarting PostgreSQL: %v", err)
		}
	}
	return shared
}

// binDir finds PostgreSQL's programs: $MODLS_PG_BIN, the newest
// /usr/lib/postgresql/*/bin, or initdb on PATH.
func binDir() (string, error) {
	if d := os.Getenv("MODLS_PG_BIN"); d != "" {
		return d, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi > vj
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("initdb is neither in /usr/lib/postgresql/*/bin nor on PATH")
}

// Start initialises a data directory, starts the server on a free port
// and loads the fixture.
func Start() (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "modls-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root and there is no user postgres to run PostgreSQL as: %v", err)
		}
		s.as = u
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if out, err := s.command("initdb", "-D", s.data(), "-U", admin, "-E", "UTF8", "--no-locale",
		"--auth-local=trust", "--auth-host=scram-sha-256").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	for try := 0; ; try++ {
		if s.Port, err = freePort(); err == nil {
			if err = s.Resume(); err == nil {
				break
			}
		}
		if try == 3 {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := s.load(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Server) data() string { return filepath.Join(s.Dir, "data") }

// command makes the command of PostgreSQL's program name, run as the
// unprivileged user when the tests run as root.
func (s *Server) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(s.bin, name), args...)
	if s.as != nil {
		uid, _ := strconv.ParseUint(s.as.Uid, 10, 32)
		gid, _ := strconv.ParseUint(s.as.Gid, 10, 32)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
		cmd.Env = append(os.Environ(), "HOME="+s.as.HomeDir, "USER=postgres", "LOGNAME=postgres")
	}
	cmd.Dir = s.Dir
	return cmd
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Resume starts the server (again, after Stop) on its port: postgres
// itself, a child of the test binary that the kernel stops (SIGQUIT,
// PostgreSQL's immediate shutdown) if the test binary dies without
// stopping it — a killed or timed-out test leaves no server behind.
func (s *Server) Resume() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc != nil {
		return nil
	}
	logFile, err := os.OpenFile(filepath.Join(s.Dir, "log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	cmd := s.command("postgres", "-D", s.data(), "-p", strconv.Itoa(s.Port), "-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories="+s.Dir, "-c", "fsync=off", "-c", "shared_buffers=16MB", "-c", "max_connections=40")
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGQUIT
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return fmt.Errorf("starting postgres: %v", err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		logFile.Close()
		close(exited)
	}()
	// Ready when the superuser connects through the socket (a hang guard
	// bounds the wait, however busy the machine).
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for {
		c, err := s.Admin(ctx, "postgres")
		if err == nil {
			c.Close(ctx)
			break
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(s.Dir, "log"))
			return fmt.Errorf("postgres exited: %s", tail(string(log), 2000))
		case <-ctx.Done():
			cmd.Process.Signal(syscall.SIGQUIT)
			<-exited
			return fmt.Errorf("postgres did not accept connections within 2 minutes: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	s.proc, s.exited = cmd.Process, exited
	return nil
}

// Stop stops the server (fast shutdown: sessions are ended); Resume starts
// it again with the same data and port.
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		return nil
	}
	if err := s.proc.Signal(syscall.SIGINT); err != nil {
		return fmt.Errorf("stopping postgres: %v", err)
	}
	<-s.exited
	s.proc, s.exited = nil, nil
	return nil
}

// Running reports whether the server is started.
func (s *Server) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.proc != nil
}

// Close stops the server and removes its directory.
func (s *Server) Close() {
	s.Stop()
	os.RemoveAll(s.Dir)
}

// URL is the connection string of the fixture's user and database over TCP,
// with the password.
func (s *Server) URL() string {
	return s.URLWith(User, Password)
}

// URLWith is the connection string for another user or password.
func (s *Server) URLWith(user, password string) string {
	return s.url(user, password, Database)
}

// URLTo is the connection string of the fixture's user to another database.
func (s *Server) URLTo(database string) string {
	return s.url(User, Password, database)
}

func (s *Server) url(user, password, database string) string {
	u := url.URL{Scheme: "postgres", User: url.UserPassword(user, password), Host: fmt.Sprintf("127.0.0.1:%d", s.Port), Path: "/" + database, RawQuery: "sslmode=disable"}
	return u.String()
}

// Admin connects to database db as the superuser, through the socket.
func (s *Server) Admin(ctx context.Context, db string) (*pgx.Conn, error) {
	return pgx.Connect(ctx, fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable", s.Dir, s.Port, admin, db))
}

// CreateDatabase creates database name (once: again is a no-op), loads
// sql into it as the superuser, and lets the fixture's user read it.
func (s *Server) CreateDatabase(ctx context.Context, name, sql string) error {
	c, err := s.Admin(ctx, "postgres")
	if err != nil {
		return err
	}
	var exists bool
	err = c.QueryRow(ctx, "select exists (select from pg_database where datname = $1)", name).Scan(&exists)
	if err == nil && !exists {
		_, err = c.Exec(ctx, "create database "+pgx.Identifier{name}.Sanitize())
	}
	c.Close(ctx)
	if err != nil || exists {
		return err
	}
	return s.Exec(ctx, name, sql+"\ndo $$ declare s text; begin for s in select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema' loop execute format('grant usage on schema %I to steampipe; grant select on all tables in schema %I to steampipe', s, s); end loop; end $$;")
}

// load creates the database and loads Fixture.
func (s *Server) load() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := s.Admin(ctx, "postgres")
	if err != nil {
		return err
	}
	_, err = c.Exec(ctx, "create database "+Database)
	c.Close(ctx)
	if err != nil {
		return err
	}
	return s.Exec(ctx, Database, Fixture)
}

// Exec runs sql (any number of statements) as the superuser in database db.
func (s *Server) Exec(ctx context.Context, db, sql string) error {
	c, err := s.Admin(ctx, db)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, sql); err != nil {
		return fmt.Errorf("loading SQL into %s: %w", db, err)
	}
	return nil
}

func tail(s string, n int) string {
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return strings.TrimSpace(s)
}

// Isolate keeps a test from the user's own database configuration: an
// empty Powerpipe configuration folder, no POWERPIPE_DATABASE or
// POWERPIPE_WORKSPACE.
func Isolate(t testing.TB) {
	t.Setenv("POWERPIPE_INSTALL_DIR", t.TempDir())
	t.Setenv("POWERPIPE_DATABASE", "")
	t.Setenv("POWERPIPE_WORKSPACE", "")
}
