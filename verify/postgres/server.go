// Package postgres gives acr's schema findings evidence from a real
// PostgreSQL: it replays a repository's schema history into a throwaway
// database and asks the planner whether an index serves a query.
//
// The repository's SQL is untrusted (a pull request from a fork can carry
// any migration), so it runs as a role that is not a superuser, owns only
// the throwaway database and holds none of pg_execute_server_program,
// pg_read_server_files or pg_write_server_files, under statement and lock
// timeouts; statements that would reach outside the database (COPY ...
// PROGRAM, server-side file functions, extensions outside a short
// allow-list) are refused before they are sent. An ephemeral cluster
// listens only on a Unix socket in a directory only its owner can open.
package postgres

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDSN names the environment variable with the DSN of a server to use
// instead of an ephemeral cluster, as the -postgres-dsn flag does.
const EnvDSN = "ACR_POSTGRES_DSN"

// ErrUnavailable is returned by Start when there is neither a DSN nor the
// PostgreSQL server programs; its message says how to enable verification.
var ErrUnavailable = errors.New("PostgreSQL verification needs a server: pass -postgres-dsn DSN (or set ACR_POSTGRES_DSN) to a server where acrvet may create a throwaway database, or install the PostgreSQL server programs (initdb, pg_ctl; Debian: postgresql) so acrvet starts an ephemeral one")

// A Server is a PostgreSQL server acr may create throwaway databases on.
type Server struct {
	// Version is the server version, for evidence ("PostgreSQL 15.18").
	Version string
	// admin is the connection string of a role that may create databases
	// and roles, without a database name.
	admin     *url.URL
	ephemeral *cluster
}

// Options tell Start which server to use.
type Options struct {
	// DSN is the -postgres-dsn flag; empty means ACR_POSTGRES_DSN, then an
	// ephemeral cluster.
	DSN string
	// BinDir holds initdb and pg_ctl; empty means PATH, then the Debian
	// layout /usr/lib/postgresql/<version>/bin.
	BinDir string
}

// Start connects to the configured server or starts an ephemeral cluster.
// Close stops and removes an ephemeral cluster.
func Start(ctx context.Context, opt Options) (*Server, error) {
	dsn := opt.DSN
	if dsn == "" {
		dsn = os.Getenv(EnvDSN)
	}
	s := &Server{}
	if dsn == "" {
		bin, err := findBinaries(opt.BinDir)
		if err != nil {
			return nil, ErrUnavailable
		}
		c, err := startCluster(ctx, bin)
		if err != nil {
			return nil, err
		}
		s.ephemeral = c
		dsn = c.dsn()
	}
	u, err := parseDSN(dsn)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.admin = u
	conn, err := s.connect(ctx, "postgres", "", "")
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	defer conn.Close(ctx)
	var v string
	if err := conn.QueryRow(ctx, "SHOW server_version").Scan(&v); err != nil {
		s.Close()
		return nil, err
	}
	if i := strings.IndexByte(v, ' '); i > 0 {
		v = v[:i]
	}
	s.Version = "PostgreSQL " + v
	return s, nil
}

// parseDSN accepts a postgres:// URL or a key=value string.
func parseDSN(dsn string) (*url.URL, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return url.Parse(dsn)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	u := &url.URL{Scheme: "postgres", User: url.UserPassword(cfg.User, cfg.Password), Path: "/" + cfg.Database}
	q := url.Values{}
	q.Set("host", cfg.Host)
	q.Set("port", strconv.Itoa(int(cfg.Port)))
	u.RawQuery = q.Encode()
	return u, nil
}

// connect opens a connection to database as user (the admin role when
// user is "").
func (s *Server) connect(ctx context.Context, database, user, password string) (*pgx.Conn, error) {
	u := *s.admin
	u.Path = "/" + database
	if user != "" {
		u.User = url.UserPassword(user, password)
	}
	cfg, err := pgx.ParseConfig(u.String())
	if err != nil {
		return nil, err
	}
	cfg.ConnectTimeout = 10 * time.Second
	return pgx.ConnectConfig(ctx, cfg)
}

// Close stops an ephemeral cluster and removes its files.
func (s *Server) Close() error {
	if s == nil || s.ephemeral == nil {
		return nil
	}
	err := s.ephemeral.stop()
	s.ephemeral = nil
	return err
}

// findBinaries returns the directory of initdb and pg_ctl.
func findBinaries(dir string) (string, error) {
	if dir != "" {
		return dir, checkBin(dir)
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if checkBin(filepath.Dir(p)) == nil {
			return filepath.Dir(p), nil
		}
	}
	// Debian keeps the server programs out of PATH, one directory per
	// major version: take the newest.
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return majorOf(dirs[i]) > majorOf(dirs[j]) })
	for _, d := range dirs {
		if checkBin(d) == nil {
			return d, nil
		}
	}
	return "", ErrUnavailable
}

func majorOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func checkBin(dir string) error {
	for _, p := range []string{"initdb", "pg_ctl", "postgres"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			return err
		}
	}
	return nil
}

// A cluster is an ephemeral PostgreSQL cluster in a temporary directory.
type cluster struct {
	bin, dir, socket string
	port             int
	cred             *syscall.Credential // the unprivileged user the server runs as, when acrvet runs as root
	owner            string
}

func (c *cluster) dsn() string {
	q := url.Values{}
	q.Set("host", c.socket)
	q.Set("port", strconv.Itoa(c.port))
	q.Set("sslmode", "disable")
	return (&url.URL{Scheme: "postgres", User: url.User(c.owner), Path: "/postgres", RawQuery: q.Encode()}).String()
}

// startCluster runs initdb and starts a server that listens on no TCP
// address, only on a socket in a directory of mode 0700, with durability
// off: the cluster lives for one run.
func startCluster(ctx context.Context, bin string) (*cluster, error) {
	dir, err := os.MkdirTemp("", "acr-postgres-")
	if err != nil {
		return nil, err
	}
	c := &cluster{bin: bin, dir: dir, socket: filepath.Join(dir, "socket"), port: 5432}
	// PostgreSQL refuses to run as root: then the cluster belongs to an
	// unprivileged user, the one the packages create or nobody.
	if os.Geteuid() == 0 {
		cred, name, err := unprivileged()
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		c.cred, c.owner = cred, name
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	} else if u, err := user.Current(); err == nil {
		c.owner = u.Username
	}
	if err := os.Mkdir(c.socket, 0o700); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if c.cred != nil {
		os.Chown(c.socket, int(c.cred.Uid), int(c.cred.Gid))
	}
	data := filepath.Join(dir, "data")
	if out, err := c.run(ctx, "initdb", "-D", data, "-U", c.owner, "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, lastLine(out))
	}
	opts := strings.Join([]string{
		"-c listen_addresses=''",
		"-c unix_socket_directories=" + c.socket,
		"-c unix_socket_permissions=0700",
		"-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
		"-c max_connections=20", "-c shared_buffers=32MB",
		"-p " + strconv.Itoa(c.port),
	}, " ")
	if out, err := c.run(ctx, "pg_ctl", "-D", data, "-l", filepath.Join(dir, "server.log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pg_ctl start: %v: %s %s", err, lastLine(out), lastLine(string(log)))
	}
	return c, nil
}

func (c *cluster) run(ctx context.Context, prog string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, prog), args...)
	cmd.Dir = c.dir
	cmd.Env = []string{"PATH=" + c.bin + ":/usr/bin:/bin", "LC_ALL=C", "TZ=UTC"}
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// stop stops the server immediately and removes the cluster's files.
func (c *cluster) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := c.run(ctx, "pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
	if rerr := os.RemoveAll(c.dir); err == nil {
		err = rerr
	}
	return err
}

// unprivileged returns the credentials of the postgres user, else nobody.
func unprivileged() (*syscall.Credential, string, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, name, nil
	}
	return nil, "", errors.New("acrvet runs as root and found no unprivileged user (postgres, nobody) to run PostgreSQL as")
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

func randomName(prefix string) string {
	var b [6]byte
	rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}
