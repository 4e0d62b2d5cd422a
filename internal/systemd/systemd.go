// Package systemd takes over the sockets a service manager opened for
// this process: systemd's socket activation (sd_listen_fds(3)). With a
// socket unit, serve can answer on privileged ports (SIP's 5060, HTTPS on
// 443) without running as root, and a restart loses no connection attempt
// because the sockets stay open in the manager meanwhile. The benchmark
// uses the same protocol to hand serve sockets it opened itself.
//
// The protocol: the sockets are file descriptors 3, 4, ... of the process;
// LISTEN_FDS says how many, LISTEN_PID names the process they are meant
// for (a child that inherited the variables must not take them), and
// LISTEN_FDNAMES, if set, names each one (FileDescriptorName= in the
// socket unit), colon-separated.
package systemd

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// firstFD is the first descriptor passed (after stdin, stdout, stderr).
const firstFD = 3

// maxFDs bounds LISTEN_FDS; a service manager passes a handful.
const maxFDs = 64

// Socket is one socket passed to this process.
type Socket struct {
	// Name is the socket's name from LISTEN_FDNAMES, "unknown" when the
	// manager named none (as systemd does).
	Name string
	File *os.File
}

// Environment variables of the protocol.
const (
	envPID   = "LISTEN_PID"
	envFDs   = "LISTEN_FDS"
	envNames = "LISTEN_FDNAMES"
)

// Sockets returns the sockets passed to this process, none when there are
// none or they are meant for another process. It unsets the protocol's
// variables, so that programs this process starts do not take them too.
func Sockets() ([]Socket, error) {
	names, err := parse(os.Getpid(), os.Getenv(envPID), os.Getenv(envFDs), os.Getenv(envNames))
	for _, v := range []string{envPID, envFDs, envNames} {
		os.Unsetenv(v)
	}
	if err != nil {
		return nil, err
	}
	out := make([]Socket, len(names))
	for i, n := range names {
		out[i] = Socket{Name: n, File: os.NewFile(uintptr(firstFD+i), n)}
	}
	return out, nil
}

// parse reads the protocol's variables for the process pid and returns the
// name of each socket passed, in descriptor order.
func parse(pid int, listenPID, listenFDs, listenNames string) ([]string, error) {
	if listenPID == "" {
		return nil, nil
	}
	p, err := strconv.Atoi(listenPID)
	if err != nil || p <= 0 {
		return nil, fmt.Errorf("socket activation: %s=%q is not a process id", envPID, listenPID)
	}
	if p != pid {
		return nil, nil
	}
	n, err := strconv.Atoi(listenFDs)
	if err != nil || n < 0 || n > maxFDs {
		return nil, fmt.Errorf("socket activation: %s=%q is not a number of sockets from 0 to %d", envFDs, listenFDs, maxFDs)
	}
	names := make([]string, n)
	for i := range names {
		names[i] = "unknown"
	}
	if listenNames != "" {
		given := strings.Split(listenNames, ":")
		if len(given) != n {
			return nil, fmt.Errorf("socket activation: %s names %d sockets, %s says %d", envNames, len(given), envFDs, n)
		}
		copy(names, given)
	}
	return names, nil
}
