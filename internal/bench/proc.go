package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ticksPerSecond is USER_HZ, the unit of the CPU times in /proc on Linux.
const ticksPerSecond = 100

// CPU returns the user and system CPU time a process has used so far
// (Linux /proc/<pid>/stat).
func CPU(pid int) (time.Duration, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read server CPU time: %w", err)
	}
	return parseStat(raw)
}

// parseStat reads utime and stime from a /proc stat line. They are fields
// 14 and 15; field 2, the command name in parentheses, may hold spaces and
// parentheses itself, so counting starts after its last ")".
func parseStat(raw []byte) (time.Duration, error) {
	end := strings.LastIndexByte(string(raw), ')')
	if end < 0 {
		return 0, errors.New("read server CPU time: no command name in /proc stat")
	}
	f := strings.Fields(string(raw[end+1:])) // f[0] is field 3, the state
	if len(f) < 13 {
		return 0, errors.New("read server CPU time: short /proc stat")
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("read server CPU time: %w", err)
	}
	return time.Duration(ut+st) * time.Second / ticksPerSecond, nil
}

// PeakMemory returns the peak resident set size (VmHWM) of a process in
// bytes (Linux /proc/<pid>/status).
func PeakMemory(pid int) (int64, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read server memory: %w", err)
	}
	return parseHWM(raw)
}

// parseHWM reads the "VmHWM:  1234 kB" line of a /proc status file.
func parseHWM(raw []byte) (int64, error) {
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("read server memory: %w", err)
			}
			return kb << 10, nil
		}
	}
	return 0, errors.New("read server memory: no VmHWM in /proc status")
}

// SelfCPU is this process's user and system CPU time so far, zero if the
// system does not tell.
func SelfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// WaitIdle waits until the process used less than a tenth of a core over
// a whole second, or the limit passed: after its devices were created a
// server still carries out orders and writes behind, which must not count
// as the storm's.
func WaitIdle(ctx context.Context, pid int, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	prev, err := CPU(pid)
	if err != nil {
		return err
	}
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
		cur, err := CPU(pid)
		if err != nil {
			return err
		}
		if cur-prev < 100*time.Millisecond {
			return nil
		}
		prev = cur
	}
	return fmt.Errorf("the server was still busy %v after the devices were created", limit)
}

// LoadAverage returns the machine's one-minute load average (Linux
// /proc/loadavg), or "unknown": every figure states the load it was
// measured under, as other work on the machine moves it.
func LoadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	if f := strings.Fields(string(raw)); len(f) > 0 {
		return f[0]
	}
	return "unknown"
}
