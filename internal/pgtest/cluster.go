package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// binGlob finds Debian's PostgreSQL server programs, one directory per
// major version.
const binGlob = "/usr/lib/postgresql/*/bin/initdb"

// socketPort names the server's socket file (.s.PGSQL.5432); only the
// cluster's own directory holds it.
const socketPort = "5432"

// cluster is a throw-away PostgreSQL server in a temporary directory.
type cluster struct {
	dir  string
	url  string
	proc *exec.Cmd
	done chan struct{}
}

// findBin returns the bin directory of the newest installed PostgreSQL, or
// "" and the reason there is none.
func findBin() (string, string) {
	found, _ := filepath.Glob(binGlob)
	if len(found) == 0 {
		return "", fmt.Sprintf("no %s (apt-get install postgresql) and %s is unset", binGlob, EnvURL)
	}
	sort.Slice(found, func(i, j int) bool { return version(found[i]) < version(found[j]) })
	return filepath.Dir(found[len(found)-1]), ""
}

// version reads the major version out of /usr/lib/postgresql/N/bin/initdb.
func version(initdb string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return n
}

// start creates and starts a cluster. PostgreSQL refuses to run as root, so
// as root the server runs as the user postgres.
func start(bin string) (*cluster, error) {
	cred, err := serverUser()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, err
	}
	c := &cluster{dir: dir, done: make(chan struct{})}
	fail := func(err error) (*cluster, error) {
		os.RemoveAll(dir)
		return nil, err
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return fail(err)
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres",
		"-E", "UTF8", "--no-locale", "--no-sync")
	initdb.SysProcAttr = procAttr(cred)
	if out, err := initdb.CombinedOutput(); err != nil {
		return fail(fmt.Errorf("initdb: %v: %s", err, out))
	}
	logf, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return fail(err)
	}
	defer logf.Close()
	// The server listens on a Unix socket in dir only: no TCP port to pick
	// free, close and hope to bind again before another program takes it.
	c.proc = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-p", socketPort, "-k", dir,
		"-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=300")
	c.proc.Stdout, c.proc.Stderr = logf, logf
	c.proc.SysProcAttr = procAttr(cred)
	if err := c.proc.Start(); err != nil {
		return fail(fmt.Errorf("start postgres: %w", err))
	}
	go func() { c.proc.Wait(); close(c.done) }()
	c.url = (&url.URL{Scheme: "postgres", User: url.User("postgres"), Path: "/postgres",
		RawQuery: url.Values{"host": {dir}, "port": {socketPort}, "sslmode": {"disable"}}.Encode()}).String()
	if err := c.wait(30 * time.Second); err != nil {
		c.stop()
		log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		return fail(fmt.Errorf("postgres did not start: %v\n%s", err, log))
	}
	return c, nil
}

// wait polls until the server accepts connections.
func (c *cluster) wait(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn, err := pgx.Connect(ctx, c.url)
		cancel()
		if err == nil {
			return conn.Close(context.Background())
		}
		select {
		case <-c.done:
			return errors.New("the server exited")
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return err
		}
	}
}

// stop shuts the server down fast (SIGINT: abort sessions, then exit) and
// removes its directory.
func (c *cluster) stop() {
	if c.proc != nil && c.proc.Process != nil {
		_ = c.proc.Process.Signal(syscall.SIGINT)
		select {
		case <-c.done:
		case <-time.After(20 * time.Second):
			_ = c.proc.Process.Kill()
			<-c.done
		}
	}
	os.RemoveAll(c.dir)
}

// serverUser returns the credentials to run the server with: nil when not
// root, the user postgres when root.
func serverUser() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root needs the user postgres to run the server as: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}
