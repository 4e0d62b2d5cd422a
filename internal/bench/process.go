// Package bench runs the boot-storm benchmark: the server under test (a
// "switchboard serve" or the simulator's test bed) runs as a child process
// on this machine, so that its CPU time and peak memory, read from /proc,
// are its own; the simulator (internal/sim) powers every phone on at once
// against it and reports how long until all were online.
//
// The command line (cmd/switchboard, "bench bootstorm" and its hidden
// "bench bed") chooses the target, starts it with this package and hands
// the phones provided on it to Storm.
package bench

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sim"
)

// stopGrace is how long Stop waits after SIGTERM before it kills: a
// server writing behind flushes within it.
const stopGrace = 20 * time.Second

// Process is a server started by the benchmark.
type Process struct {
	cmd    *exec.Cmd
	exited chan struct{}
}

// Server is a started server with the phones provided on it, ready for a
// storm.
type Server struct {
	*Process
	Phones []sim.Phone
	// CAFile holds the certificate the provisioning server's chains to.
	CAFile string
}

// Start runs exe with args, its standard error going to logFile, and
// returns its standard output for the caller to read (or drain): a server
// tells there that it is ready.
func Start(exe, logFile string, args ...string) (*Process, io.Reader, error) {
	return start(exec.Command(exe, args...), logFile, exe, args)
}

// Socket is a listening socket handed to a server, under the name the
// server takes it by.
type Socket struct {
	Name string
	File *os.File
}

// StartWithSockets is Start handing the server sockets this process
// opened, by socket activation (internal/systemd): the server answers on
// them from its first moment, and no port is closed and bound again in
// between. The files stay open here; close them once it started.
func StartWithSockets(exe, logFile string, socks []Socket, args ...string) (*Process, io.Reader, error) {
	// The protocol names the process the sockets are meant for, which is
	// known only once it runs: a shell sets it to its own id and then
	// becomes the server, keeping that id.
	cmd := exec.Command("/bin/sh", append([]string{"-c", `LISTEN_PID=$$ exec "$0" "$@"`, exe}, args...)...)
	names := make([]string, len(socks))
	for i, s := range socks {
		names[i] = s.Name
		cmd.ExtraFiles = append(cmd.ExtraFiles, s.File)
	}
	cmd.Env = append(os.Environ(), "LISTEN_FDS="+strconv.Itoa(len(socks)), "LISTEN_FDNAMES="+strings.Join(names, ":"))
	return start(cmd, logFile, exe, args)
}

// start starts cmd with its standard error going to logFile; exe and args
// name it in errors. Its standard output is a pipe of our own rather than
// cmd.StdoutPipe, which Wait closes as soon as the process ends: the
// caller may still be reading what it wrote last. The caller reads it to
// its end.
func start(cmd *exec.Cmd, logFile, exe string, args []string) (*Process, io.Reader, error) {
	log, err := os.Create(logFile)
	if err != nil {
		return nil, nil, fmt.Errorf("create server log: %w", err)
	}
	stdout, w, err := os.Pipe()
	if err != nil {
		log.Close()
		return nil, nil, fmt.Errorf("server output: %w", err)
	}
	cmd.Stdout, cmd.Stderr = w, log
	err = cmd.Start()
	w.Close()
	if err != nil {
		log.Close()
		stdout.Close()
		name := exe
		if len(args) > 0 {
			name = args[0]
		}
		return nil, nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &Process{cmd: cmd, exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); log.Close(); close(p.exited) }()
	return p, stdout, nil
}

// Pid is the process id, for reading its figures from /proc.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Exited is closed once the process has ended.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// Stop ends the process: SIGTERM, and SIGKILL if it still runs after
// stopGrace.
func (p *Process) Stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(stopGrace):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}
