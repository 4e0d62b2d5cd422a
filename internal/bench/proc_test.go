package bench

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// TestParseStat reads utime and stime (fields 14 and 15, in ticks of
// 10 ms) after a command name that holds spaces and parentheses.
func TestParseStat(t *testing.T) {
	fields := func(utime, stime string) string {
		return "S 1 4242 4242 0 -1 4194560 8000 0 0 0 " + utime + " " + stime + " 0 0 20 0 12 0 900 1000000 2000\n"
	}
	for _, c := range []struct {
		name, raw string
		want      time.Duration
		err       string
	}{
		{name: "plain", raw: "4242 (switchboard) " + fields("150", "25"), want: 1750 * time.Millisecond},
		{name: "odd name", raw: "4242 (a) b (c) ) " + fields("1", "2"), want: 30 * time.Millisecond},
		{name: "short", raw: "4242 (switchboard) S 1 4242", err: "short /proc stat"},
		{name: "no name", raw: "4242 switchboard S", err: "no command name"},
		{name: "not a number", raw: "4242 (switchboard) " + fields("x", "2"), err: "read server CPU time"},
	} {
		got, err := parseStat([]byte(c.raw))
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: %v, %v; want %v", c.name, got, err, c.want)
		}
	}
}

// TestParseHWM reads the peak resident set size in bytes.
func TestParseHWM(t *testing.T) {
	for _, c := range []struct {
		raw  string
		want int64
		err  string
	}{
		{raw: "Name:\tswitchboard\nVmPeak:\t  900 kB\nVmHWM:\t   20480 kB\nVmRSS:\t 100 kB\n", want: 20 << 20},
		{raw: "Name:\tswitchboard\nVmRSS:\t 100 kB\n", err: "no VmHWM"},
		{raw: "VmHWM:\t lots kB\n", err: "read server memory"},
	} {
		got, err := parseHWM([]byte(c.raw))
		if (err == nil) != (c.err == "") || (err != nil && !strings.Contains(err.Error(), c.err)) || got != c.want {
			t.Errorf("parseHWM(%q) = %d, %v; want %d, %q", c.raw, got, err, c.want, c.err)
		}
	}
}

// TestOwnFigures reads this process's figures the way the benchmark reads
// the server's, and refuses a process that does not exist.
func TestOwnFigures(t *testing.T) {
	for deadline := time.Now().Add(5 * time.Second); SelfCPU() < 20*time.Millisecond && time.Now().Before(deadline); {
		_ = strings.Repeat("x", 1<<16)
	}
	cpu, err := CPU(os.Getpid())
	if err != nil || cpu <= 0 {
		t.Errorf("CPU: %v, %v", cpu, err)
	}
	if self := SelfCPU(); self <= 0 {
		t.Errorf("SelfCPU: %v", self)
	}
	if hwm, err := PeakMemory(os.Getpid()); err != nil || hwm < 1<<20 {
		t.Errorf("PeakMemory: %d, %v", hwm, err)
	}
	gone := exitedPid(t)
	if _, err := CPU(gone); err == nil || !strings.Contains(err.Error(), "read server CPU time") {
		t.Errorf("CPU of an ended process: %v", err)
	}
	if _, err := PeakMemory(gone); err == nil || !strings.Contains(err.Error(), "read server memory") {
		t.Errorf("PeakMemory of an ended process: %v", err)
	}
}

// TestWaitIdle: a sleeping process is idle after a second; one that spins
// is still busy when the limit passes; a cancelled wait ends at once.
func TestWaitIdle(t *testing.T) {
	for _, c := range []struct {
		name, script string
		limit        time.Duration
		err          string
	}{
		{name: "sleeping", script: "exec sleep 30", limit: 10 * time.Second},
		{name: "spinning", script: "while :; do :; done", limit: time.Second, err: "still busy 1s after the devices were created"},
	} {
		p := startShell(t, c.script)
		err := WaitIdle(context.Background(), p.Pid(), c.limit)
		if (err == nil) != (c.err == "") || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := WaitIdle(ctx, startShell(t, "exec sleep 30").Pid(), time.Minute); err != context.Canceled {
		t.Errorf("cancelled: %v", err)
	}
}
