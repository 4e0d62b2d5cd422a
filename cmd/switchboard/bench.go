package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/apiclient"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/sim"
	"github.com/switchboard-pbx/switchboard/internal/sim/simtest"
	"github.com/switchboard-pbx/switchboard/internal/tlscert"
)

func benchCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "bench", Short: "Benchmarks that load a server on this machine"}
	root.AddCommand(bootstormCommand(g), bedCommand())
	return root
}

// stormConfig holds the flags of "bench bootstorm".
type stormConfig struct {
	phones      int
	huge        bool
	target      string
	vendors     []string
	group       int
	concurrency int
	bootTimeout time.Duration
	keep        bool
	cpuProfile  string
	sipDomain   string
	workplaces  bool
}

func bootstormCommand(g *globals) *cobra.Command {
	var c stormConfig
	cmd := &cobra.Command{
		Use:   "bootstorm",
		Short: "Power on thousands of simulated phones at once against one server and measure",
		Long: `Start a server as a child process on loopback (a fresh data directory unless
--keep), provide one device per phone through its API, then power every phone on at
once: each fetches its profile over HTTPS and registers with digest. Reports the time
until all are online, errors by kind, p50/p99 fetch and register latency, the
server's CPU time during the storm and its peak memory (VmHWM), and the simulator's
own CPU time.

--target serve runs "switchboard serve"; --target bed runs only the provisioning
server and registrar of the simulator's test bed (profiles rendered by the vendor
packages, the real internal/sip registrar), for when serve is not fully wired.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runBootstorm(cmd, g, c) },
	}
	fs := cmd.Flags()
	fs.IntVar(&c.phones, "phones", 10000, "number of phones")
	fs.BoolVar(&c.huge, "100k", false, "100,000 phones (overrides --phones)")
	fs.StringVar(&c.target, "target", "serve", "server to load: serve or bed")
	fs.StringSliceVar(&c.vendors, "vendors", []string{"yealink", "poly", "snom", "grandstream"}, "vendors of the phones, used in turn")
	fs.IntVar(&c.group, "group-size", 250, "phones sharing one SIP socket")
	fs.IntVar(&c.concurrency, "concurrency", 256, "boots in flight at once")
	fs.DurationVar(&c.bootTimeout, "boot-timeout", 10*time.Minute, "how long to wait for every phone")
	fs.BoolVar(&c.keep, "keep", false, "use --data as the server's data directory and keep it (devices are reused)")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write the simulator's CPU profile during the storm to this file")
	fs.StringVar(&c.sipDomain, "sip-domain", "", "SIP domain of the benchmark's customer (--target serve; default: derived by the server)")
	fs.BoolVar(&c.workplaces, "workplaces", false, "one workplace per device, as sim does (--target serve; default: devices not linked to a workplace, so no workplace orders load the server)")
	return cmd
}

func runBootstorm(cmd *cobra.Command, g *globals, c stormConfig) error {
	if c.huge {
		c.phones = 100000
	}
	if c.phones < 1 || c.phones > maxSimPhones {
		return switchboard.Errorf(switchboard.EINVALID, "--phones must be between 1 and %d", maxSimPhones)
	}
	models, err := simModels(c.vendors)
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	out, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	dir := g.data
	if !c.keep {
		if dir, err = os.MkdirTemp("", "switchboard-bootstorm-"); err != nil {
			return fmt.Errorf("create a data directory: %w", err)
		}
		defer os.RemoveAll(dir)
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find this program to start the server: %w", err)
	}
	var srv *child
	var phones []sim.Phone
	var caFile string
	switch c.target {
	case "serve":
		setup := sim.SetupOptions{CustomerName: "Boot storm", SIPDomain: c.sipDomain, Free: !c.workplaces, Phones: c.phones, Models: models, Progress: stderr}
		srv, phones, caFile, err = startServeChild(ctx, exe, dir, setup)
	case "bed":
		srv, phones, caFile, err = startBedChild(ctx, exe, dir, c.phones, c.vendors)
	default:
		return switchboard.FieldErrorf("target", "--target is serve or bed, not %q", c.target)
	}
	if err != nil {
		return err
	}
	defer srv.stop()
	tc, err := sim.ClientTLS(caFile, false)
	if err != nil {
		return err
	}
	serverCPU0, err := processCPU(srv.cmd.Process.Pid)
	if err != nil {
		return err
	}
	selfCPU0 := selfCPU()
	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err != nil {
			return fmt.Errorf("create CPU profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("start CPU profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	fmt.Fprintf(stderr, "boot storm: %d phones against %s (pid %d)\n", len(phones), c.target, srv.cmd.Process.Pid)
	report, err := sim.Run(ctx, phones, sim.Options{TLS: tc, PhonesPerGroup: c.group, Concurrency: c.concurrency,
		BootTimeout: c.bootTimeout}, 0, stderr)
	if err != nil {
		return err
	}
	serverCPU1, err := processCPU(srv.cmd.Process.Pid)
	if err != nil {
		return err
	}
	hwm, err := processPeakMemory(srv.cmd.Process.Pid)
	if err != nil {
		return err
	}
	selfCPU1 := selfCPU()
	fmt.Fprint(out, report.Summary())
	wall := report.Elapsed.Seconds()
	fmt.Fprintf(out, "server (%s): CPU %.1f s during the storm (%.0f%% of one core over %.1f s), peak memory %d MiB\n",
		c.target, (serverCPU1 - serverCPU0).Seconds(), 100*(serverCPU1-serverCPU0).Seconds()/max(wall, 0.001), wall, hwm>>20)
	selfHWM, _ := processPeakMemory(os.Getpid())
	fmt.Fprintf(out, "simulator: CPU %.1f s during the storm, peak memory %d MiB\n", (selfCPU1 - selfCPU0).Seconds(), selfHWM>>20)
	if report.Online < report.Phones {
		return errors.New("not every phone came online")
	}
	return nil
}

// child is a server process started by the benchmark.
type child struct {
	cmd    *exec.Cmd
	exited chan struct{}
}

// stop ends the process: SIGTERM, and SIGKILL after 20 s.
func (c *child) stop() {
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(20 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
}

func startChild(exe string, logFile string, args ...string) (*child, io.Reader, error) {
	log, err := os.Create(logFile)
	if err != nil {
		return nil, nil, fmt.Errorf("create server log: %w", err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		log.Close()
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, nil, fmt.Errorf("start %s: %w", args[0], err)
	}
	c := &child{cmd: cmd, exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); log.Close(); close(c.exited) }()
	return c, stdout, nil
}

// startServeChild runs "switchboard serve" on loopback ports in dir and
// provides the devices through its API.
func startServeChild(ctx context.Context, exe, dir string, setup sim.SetupOptions) (*child, []sim.Phone, string, error) {
	addrs := make([]string, 4)
	for i := range addrs {
		a, err := loopbackPort()
		if err != nil {
			return nil, nil, "", err
		}
		addrs[i] = a
	}
	srv, stdout, err := startChild(exe, filepath.Join(dir, "serve.log"), "serve", "--data", dir, "--http", addrs[0], "--prov", addrs[1],
		"--sip", addrs[2], "--sip-tls", addrs[3], "--public-host", "127.0.0.1", "--log-level", "warn")
	if err != nil {
		return nil, nil, "", err
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	fail := func(err error) (*child, []sim.Phone, string, error) {
		srv.stop()
		return nil, nil, "", err
	}
	if err := waitHealthy(ctx, "http://"+addrs[0]+"/healthz", srv.exited); err != nil {
		return fail(fmt.Errorf("%w (server log: %s)", err, filepath.Join(dir, "serve.log")))
	}
	tok, err := os.ReadFile(filepath.Join(dir, operatorTokenFile))
	if err != nil {
		return fail(fmt.Errorf("read the operator token: %w", err))
	}
	client := apiclient.New("http://"+addrs[0], strings.TrimSpace(string(tok)))
	phones, _, err := sim.Setup(ctx, client, setup)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintln(setup.Progress, "waiting for the server to settle (orders, write-behind) before the storm")
	if err := waitIdle(ctx, srv.cmd.Process.Pid, 5*time.Minute); err != nil {
		return fail(err)
	}
	return srv, phones, filepath.Join(dir, tlscert.CertFile), nil
}

// benchPhone is a phone of the bed as written to phones.json.
type benchPhone struct {
	DeviceID, Model, MAC, URL string
}

// startBedChild runs the hidden "bench bed" command and reads its phones.
func startBedChild(ctx context.Context, exe, dir string, n int, vendorNames []string) (*child, []sim.Phone, string, error) {
	srv, stdout, err := startChild(exe, filepath.Join(dir, "bed.log"), "bench", "bed", "--dir", dir, "--phones", strconv.Itoa(n),
		"--vendors", strings.Join(vendorNames, ","))
	if err != nil {
		return nil, nil, "", err
	}
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() && sc.Text() == "ready" {
			ready <- nil
		} else {
			ready <- fmt.Errorf("the test bed did not start (log: %s)", filepath.Join(dir, "bed.log"))
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case err = <-ready:
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		srv.stop()
		return nil, nil, "", err
	}
	raw, err := os.ReadFile(filepath.Join(dir, "phones.json"))
	var list []benchPhone
	if err == nil {
		err = json.Unmarshal(raw, &list)
	}
	cat, cerr := vendors.New()
	if err = errors.Join(err, cerr); err != nil {
		srv.stop()
		return nil, nil, "", fmt.Errorf("read the bed's phones: %w", err)
	}
	phones := make([]sim.Phone, len(list))
	for i, p := range list {
		m, _ := cat.Model(p.Model)
		phones[i] = sim.Phone{DeviceID: p.DeviceID, Model: m, MAC: p.MAC, ProvisioningURL: p.URL}
	}
	return srv, phones, filepath.Join(dir, "bed-ca.pem"), nil
}

// bedCommand runs the simulator's test bed as a process of its own, so
// that the benchmark measures it apart from the simulator.
func bedCommand() *cobra.Command {
	var dir string
	var n int
	var names []string
	cmd := &cobra.Command{
		Use: "bed", Hidden: true, Args: cobra.NoArgs,
		Short: "Run the simulator's provisioning server and registrar (for bench bootstorm --target bed)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			models, err := simModels(names)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, os.Interrupt)
			defer stop()
			per := (n + len(models) - 1) / len(models)
			bed, err := simtest.Start(ctx, models, per, simtest.Options{Workers: 4})
			if err != nil {
				return err
			}
			list := make([]benchPhone, 0, n)
			for _, p := range bed.Phones[:n] {
				list = append(list, benchPhone{DeviceID: p.DeviceID, Model: p.Model.ID, MAC: p.MAC, URL: p.ProvisioningURL})
			}
			raw, err := json.Marshal(list)
			if err == nil {
				err = os.WriteFile(filepath.Join(dir, "phones.json"), raw, 0o600)
			}
			if err == nil {
				err = os.WriteFile(filepath.Join(dir, "bed-ca.pem"), bed.CAPEM, 0o600)
			}
			if err != nil {
				return errors.Join(err, bed.Close())
			}
			fmt.Fprintln(cmd.OutOrStdout(), "ready")
			<-ctx.Done()
			return bed.Close()
		},
	}
	cmd.Flags().StringVar(&dir, "dir", ".", "directory for phones.json and bed-ca.pem")
	cmd.Flags().IntVar(&n, "phones", 100, "number of devices")
	cmd.Flags().StringSliceVar(&names, "vendors", []string{"yealink", "poly", "snom", "grandstream"}, "vendors, used in turn")
	return cmd
}

// waitIdle waits until the process used less than a tenth of a core over
// a whole second, or the limit passed.
func waitIdle(ctx context.Context, pid int, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	prev, err := processCPU(pid)
	if err != nil {
		return err
	}
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
		cur, err := processCPU(pid)
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

// processCPU returns the user and system CPU time of a process so far
// (Linux /proc).
func processCPU(pid int) (time.Duration, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read server CPU time: %w", err)
	}
	// Fields after the command name, which is in parentheses and may hold
	// spaces: state is field 3, utime 14 and stime 15.
	rest := string(raw[strings.LastIndexByte(string(raw), ')')+2:])
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0, errors.New("read server CPU time: short /proc stat")
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("read server CPU time: %w", err)
	}
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(ut+st) * time.Second / ticks, nil
}

// processPeakMemory returns the peak resident set size (VmHWM) in bytes.
func processPeakMemory(pid int) (int64, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read server memory: %w", err)
	}
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

// selfCPU is this process's user and system CPU time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
