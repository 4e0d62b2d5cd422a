package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sim"
)

// bedEnv makes the test binary play "switchboard bench bed": with it set,
// the arguments are the directory, the number of phones and the vendors.
const bedEnv = "SWITCHBOARD_BENCH_TEST_BED"

func TestMain(m *testing.M) {
	if os.Getenv(socketsEnv) != "" {
		os.Exit(printSockets())
	}
	if os.Getenv(bedEnv) == "" {
		os.Exit(m.Run())
	}
	if err := runTestBed(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func runTestBed(args []string) error {
	if len(args) != 3 {
		return fmt.Errorf("want DIR PHONES VENDORS, got %q", args)
	}
	n, err := strconv.Atoi(args[1])
	if err != nil {
		return err
	}
	models, err := sim.Models(strings.Split(args[2], ","))
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	return RunBed(ctx, args[0], n, models, os.Stdout)
}

// TestStormAgainstBed runs the whole benchmark with a few phones: the bed
// as a child process, its phones read back with their models, a storm
// that brings them all online, and a report with the server's and the
// simulator's figures.
func TestStormAgainstBed(t *testing.T) {
	t.Setenv(bedEnv, "1")
	dir := t.TempDir()
	srv, err := StartBed(context.Background(), dir, os.Args[0], dir, "6", "yealink,snom,polycom")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	if len(srv.Phones) != 6 {
		t.Fatalf("%d phones, want 6", len(srv.Phones))
	}
	for i, p := range srv.Phones {
		if want := []string{"yealink", "snom", "poly"}[i/2]; p.Model.Vendor != want || p.MAC == "" || !strings.HasPrefix(p.ProvisioningURL, "https://127.0.0.1:") {
			t.Errorf("phone %d: %s %s %s, want a %s", i, p.Model.ID, p.MAC, p.ProvisioningURL, want)
		}
	}
	var out, progress bytes.Buffer
	storm := Storm{Target: "bed", Pid: srv.Pid(), Phones: srv.Phones, CAFile: srv.CAFile, Sim: sim.Options{BootTimeout: time.Minute}}
	if err := storm.Run(context.Background(), &out, &progress); err != nil {
		t.Fatalf("%v\n%s%s", err, out.String(), progress.String())
	}
	for _, want := range []string{
		`(?m)^6 phones: 6 online, 0 errors, [0-9.]+ s$`,
		`(?m)^server \(bed\): CPU [0-9.]+ s during the storm \([0-9]+% of one core over [0-9.]+ s, [0-9.]+ ms per phone\), peak memory [1-9][0-9]* MiB$`,
		`(?m)^simulator: CPU [0-9.]+ s during the storm, peak memory [1-9][0-9]* MiB$`,
		`(?m)^load average: [0-9.]+ before, [0-9.]+ after$`,
	} {
		if !regexp.MustCompile(want).MatchString(out.String()) {
			t.Errorf("report lacks %s:\n%s", want, out.String())
		}
	}
	if want := fmt.Sprintf("boot storm: 6 phones against bed (pid %d)\n", srv.Pid()); !strings.HasPrefix(progress.String(), want) {
		t.Errorf("progress starts with %q, want %q", progress.String(), want)
	}
}

// TestStartBedFailures: a program that does not say "ready" and a wait
// that is cancelled both end the child and name the reason.
func TestStartBedFailures(t *testing.T) {
	dir := t.TempDir()
	if _, err := StartBed(context.Background(), dir, "/bin/sh", "-c", "echo starting; exec sleep 60"); err == nil || !strings.Contains(err.Error(), "did not start (log: "+dir) {
		t.Errorf("no ready line: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := StartBed(ctx, dir, "/bin/sh", "-c", "exec sleep 60"); err != context.DeadlineExceeded {
		t.Errorf("cancelled: %v", err)
	}
}
