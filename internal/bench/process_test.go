package bench

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
