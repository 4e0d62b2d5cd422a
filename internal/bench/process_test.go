package bench

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sbtest"
	"github.com/switchboard-pbx/switchboard/internal/systemd"
)

// startShell runs a shell script as a Process stopped at the end of the
// test.
func startShell(t *testing.T, script string) *Process {
	t.Helper()
	p, stdout, err := Start("/bin/sh", filepath.Join(t.TempDir(), "sh.log"), "-c", script)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	t.Cleanup(p.Stop)
	return p
}

// exitedPid returns the id of a process that has ended.
func exitedPid(t *testing.T) int {
	t.Helper()
	p := startShell(t, "exit 0")
	<-p.Exited()
	return p.Pid()
}

// TestProcess: the child's standard output reaches the caller, its
// standard error the log file, and Stop ends it with SIGTERM without
// waiting for the grace period.
func TestProcess(t *testing.T) {
	log := filepath.Join(t.TempDir(), "server.log")
	p, stdout, err := Start("/bin/sh", log, "-c", "echo to-log >&2; echo ready; exec sleep 60")
	if err != nil {
		t.Fatal(err)
	}
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("standard output: %q, %v", line, err)
	}
	start := time.Now()
	p.Stop()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Stop took %v", d)
	}
	select {
	case <-p.Exited():
	default:
		t.Error("Exited is open after Stop")
	}
	if b, err := os.ReadFile(log); err != nil || string(b) != "to-log\n" {
		t.Errorf("log: %q, %v", b, err)
	}
	if _, _, err := Start(filepath.Join(t.TempDir(), "missing"), log, "serve"); err == nil || !strings.HasPrefix(err.Error(), "start serve: ") {
		t.Errorf("missing program: %v", err)
	}
}

// socketsEnv makes the test binary, started again as a child, print the
// sockets it was handed (printSockets).
const socketsEnv = "SWITCHBOARD_BENCH_TEST_SOCKETS"

// printSockets takes over the sockets passed by socket activation and
// prints each one's name and address, one a line.
func printSockets() int {
	socks, err := systemd.Sockets()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for _, s := range socks {
		ln, err := net.FileListener(s.File)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Printf("%s %s\n", s.Name, ln.Addr())
	}
	return 0
}

// TestStartWithSockets hands a child two listening sockets: it takes them
// over under their names (the process id the protocol names is its own)
// and answers on the very addresses opened here.
func TestStartWithSockets(t *testing.T) {
	var socks []Socket
	var want []string
	for _, name := range []string{"http", "prov"} {
		f, addr := sbtest.SocketFile(t, "tcp")
		socks = append(socks, Socket{Name: name, File: f})
		want = append(want, name+" "+addr)
	}
	t.Setenv(socketsEnv, "1")
	logFile := filepath.Join(t.TempDir(), "child.log")
	p, stdout, err := StartWithSockets(os.Args[0], logFile, socks, "-test.run=^$")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	out, err := io.ReadAll(stdout)
	<-p.Exited()
	if err != nil || strings.Join(want, "\n")+"\n" != string(out) {
		log, _ := os.ReadFile(logFile)
		t.Fatalf("the child took over %q (%v), want %q; %s", out, err, want, log)
	}
}
