package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/apiclient"
	"github.com/switchboard-pbx/switchboard/internal/bench"
	"github.com/switchboard-pbx/switchboard/internal/sim"
	"github.com/switchboard-pbx/switchboard/internal/tlscert"
)

func benchCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "bench", Short: "Benchmarks that load a server on this machine"}
	root.AddCommand(bootstormCommand(g), ordersBenchCommand(), storeBenchCommand(), bedCommand())
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
	// serverProfile and profileWindow: serve's CPU profile during the
	// storm; serverHeap its heap after.
	serverProfile string
	profileWindow time.Duration
	serverHeap    string
	// serverMemory is serve's --memory-limit.
	serverMemory string
	sipDomain    string
	workplaces   bool
	// ztp starts the phones factory-fresh through the redirect fakes and
	// /ztp/ (sim --ztp).
	ztp bool
	// maxLookups is serve's --prov-max-lookups, -1 for its default;
	// fetchTimeout the phones' (sim.Options.FetchTimeout).
	maxLookups   int
	fetchTimeout time.Duration
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
	fs.IntVar(&c.maxLookups, "prov-max-lookups", -1, "serve's --prov-max-lookups (-1: its default; 0: never shed)")
	fs.DurationVar(&c.fetchTimeout, "fetch-timeout", 0, "how long a phone waits for a profile before it gives up and retries (0: the simulator's 30 s)")
	fs.DurationVar(&c.bootTimeout, "boot-timeout", 10*time.Minute, "how long to wait for every phone")
	fs.BoolVar(&c.keep, "keep", false, "use --data as the server's data directory and keep it (devices are reused)")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write the simulator's CPU profile during the storm to this file")
	fs.StringVar(&c.serverProfile, "server-cpuprofile", "", "write serve's CPU profile of the storm's first --profile-window to this file (--target serve)")
	fs.DurationVar(&c.profileWindow, "profile-window", 15*time.Second, "how long serve is profiled from the storm's start")
	fs.StringVar(&c.serverMemory, "server-memory-limit", "", "serve's --memory-limit, e.g. 900MiB (--target serve)")
	fs.StringVar(&c.serverHeap, "server-heapprofile", "", "write serve's heap profile after the storm to this file (--target serve)")
	fs.StringVar(&c.sipDomain, "sip-domain", "", "SIP domain of the benchmark's customer (--target serve; default: derived by the server)")
	fs.BoolVar(&c.ztp, "ztp", false, "start the phones factory-fresh through fake redirect services and the server's /ztp/ URL, as sim --ztp (--target serve)")
	fs.BoolVar(&c.workplaces, "workplaces", false, "one workplace per device, as sim does (--target serve; default: devices not linked to a workplace, so no workplace orders load the server)")
	return cmd
}

func runBootstorm(cmd *cobra.Command, g *globals, c stormConfig) error {
	if c.huge {
		c.phones = 100000
	}
	if c.phones < 1 || c.phones > sim.MaxPhones {
		return switchboard.Errorf(switchboard.EINVALID, "--phones must be between 1 and %d", sim.MaxPhones)
	}
	models, err := sim.Models(c.vendors)
	if err != nil {
		return err
	}
	ctx := cmd.Context()
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
	var srv *bench.Server
	var pprofAddr string
	if c.serverProfile != "" || c.serverHeap != "" {
		if c.target != "serve" {
			return switchboard.FieldErrorf("target", "--server-cpuprofile and --server-heapprofile need --target serve")
		}
		if pprofAddr, err = freeLoopbackPort(); err != nil {
			return err
		}
	}
	var redirects *sim.Redirects
	if c.ztp {
		if c.target != "serve" {
			return switchboard.FieldErrorf("target", "--ztp needs --target serve")
		}
		redirects = sim.NewRedirects()
		defer redirects.Close()
	}
	switch c.target {
	case "serve":
		setup := sim.SetupOptions{CustomerName: "Boot storm", SIPDomain: c.sipDomain, Free: !c.workplaces, Phones: c.phones, Models: models, Progress: cmd.ErrOrStderr(), Redirects: redirects}
		var args []string
		if pprofAddr != "" {
			args = append(args, "--pprof", pprofAddr)
		}
		if c.serverMemory != "" {
			args = append(args, "--memory-limit", c.serverMemory)
		}
		if c.maxLookups >= 0 {
			args = append(args, "--prov-max-lookups", strconv.Itoa(c.maxLookups))
		}
		srv, err = startServeChild(ctx, exe, dir, setup, args...)
	case "bed":
		srv, err = bench.StartBed(ctx, dir, exe, "bench", "bed", "--dir", dir, "--phones", strconv.Itoa(c.phones),
			"--vendors", strings.Join(c.vendors, ","))
	default:
		return switchboard.FieldErrorf("target", "--target is serve or bed, not %q", c.target)
	}
	if err != nil {
		return err
	}
	defer srv.Stop()
	storm := bench.Storm{Target: c.target, Pid: srv.Pid(), Phones: srv.Phones, CAFile: srv.CAFile, CPUProfile: c.cpuProfile,
		ServerProfile: bench.ServerProfile{Addr: pprofAddr, CPUFile: c.serverProfile, Window: c.profileWindow, HeapFile: c.serverHeap},
		Sim:           sim.Options{PhonesPerGroup: c.group, Concurrency: c.concurrency, BootTimeout: c.bootTimeout, FetchTimeout: c.fetchTimeout}}
	return storm.Run(ctx, cmd.OutOrStdout(), cmd.ErrOrStderr())
}

// freeLoopbackPort returns a 127.0.0.1 address with a port free right now.
func freeLoopbackPort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startServeChild runs "switchboard serve" in dir on loopback sockets
// opened here and handed over, with the further flags args, and provides
// the devices through its API.
func startServeChild(ctx context.Context, exe, dir string, setup sim.SetupOptions, args ...string) (*bench.Server, error) {
	srv, client, err := serveChild(ctx, exe, dir, args...)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*bench.Server, error) {
		srv.Stop()
		return nil, err
	}
	phones, _, err := sim.Setup(ctx, client, setup)
	if err != nil {
		return fail(err)
	}
	if setup.Redirects != nil {
		if err := setup.Redirects.Await(ctx, client, phones, setup.Progress, redirectWait(len(phones))); err != nil {
			return fail(err)
		}
	}
	fmt.Fprintln(setup.Progress, "waiting for the server to settle (orders, write-behind) before the storm")
	if err := bench.WaitIdle(ctx, srv.Pid(), 5*time.Minute); err != nil {
		return fail(err)
	}
	return &bench.Server{Process: srv, Phones: phones, CAFile: filepath.Join(dir, tlscert.CertFile)}, nil
}

// redirectWait bounds the wait for the server to register n MACs at the
// redirect fakes: a minute, and a further minute per 10,000 phones.
func redirectWait(n int) time.Duration {
	return time.Minute + time.Duration(n)*6*time.Millisecond
}

// serveChild runs "switchboard serve" with the data directory dir and the
// further flags args on loopback sockets opened here and handed over, and
// returns it once healthy with an API client holding the operator's token.
func serveChild(ctx context.Context, exe, dir string, args ...string) (*bench.Process, *apiclient.Client, error) {
	ls, err := listen(serveConfig{http: "127.0.0.1:0", prov: "127.0.0.1:0", sip: "127.0.0.1:0", sipTLS: "127.0.0.1:0"})
	if err != nil {
		return nil, nil, err
	}
	defer ls.close()
	httpAddr := ls.http.Addr().String()
	socks, err := ls.files()
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		for _, s := range socks {
			s.File.Close()
		}
	}()
	srv, stdout, err := bench.StartWithSockets(exe, filepath.Join(dir, "serve.log"), socks, append([]string{"serve", "--data", dir,
		"--public-host", "127.0.0.1", "--log-level", "warn"}, args...)...)
	if err != nil {
		return nil, nil, err
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	fail := func(err error) (*bench.Process, *apiclient.Client, error) {
		srv.Stop()
		return nil, nil, err
	}
	if err := waitHealthy(ctx, "http://"+httpAddr+"/healthz", srv.Exited()); err != nil {
		return fail(fmt.Errorf("%w (server log: %s)", err, filepath.Join(dir, "serve.log")))
	}
	tok, err := os.ReadFile(filepath.Join(dir, operatorTokenFile))
	if err != nil {
		return fail(fmt.Errorf("read the operator token: %w", err))
	}
	return srv, apiclient.New("http://"+httpAddr, strings.TrimSpace(string(tok))), nil
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
			models, err := sim.Models(names)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, os.Interrupt)
			defer stop()
			return bench.RunBed(ctx, dir, n, models, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&dir, "dir", ".", "directory for phones.json and bed-ca.pem")
	cmd.Flags().IntVar(&n, "phones", 100, "number of devices")
	cmd.Flags().StringSliceVar(&names, "vendors", []string{"yealink", "poly", "snom", "grandstream"}, "vendors, used in turn")
	return cmd
}
