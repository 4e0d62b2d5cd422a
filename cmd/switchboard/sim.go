package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sim"
)

// simConfig holds the flags of "switchboard sim".
type simConfig struct {
	api         string
	phones      int
	vendors     []string
	customer    string
	sipDomain   string
	duration    time.Duration
	ztp         bool
	login       bool
	insecure    bool
	ca          string
	allowRemote bool
	group       int
	concurrency int
	expires     time.Duration
	bootTimeout time.Duration
	hotDesk     bool
	// failMACs and failShare name the phones that fail to install
	// firmware, for trying a rollout's rollback.
	failMACs  []string
	failShare float64
}

func simCommand(g *globals) *cobra.Command {
	var c simConfig
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Run simulated phones against a Switchboard server",
		Long: `Run N simulated phones of the given vendors against a server. Without --customer
the simulator creates (through the API) a customer "` + sim.CustomerName + `" with a site,
one workplace and one device per phone, and reuses them on the next run. Each phone
fetches its profile over HTTPS as its vendor's firmware does, reads the SIP account
in it, registers with digest and, with --duration, stays registered and obeys
check-sync NOTIFYs. A live progress line goes to stderr; the summary to stdout:
"N phones: N online, E errors, T s", latency percentiles, errors by kind.

Only this machine is reached (loopback, its own addresses, its host name) unless
--allow-remote is given; the host the server sends phones to (its --public-host)
is checked before anything is created. The server's
certificate is checked against --ca (serve's generated pair is <data>/tls.crt) or
not at all with --insecure.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSim(cmd, g, c) },
	}
	fs := cmd.Flags()
	fs.StringVar(&c.api, "api", "", "API address of the server (default: --server)")
	fs.IntVar(&c.phones, "phones", 10, "number of phones (at most 100000)")
	fs.StringSliceVar(&c.vendors, "vendors", []string{"yealink", "poly", "snom", "grandstream"}, "vendors of the phones, used in turn: "+strings.Join(sim.Vendors(), ", "))
	fs.StringVar(&c.customer, "customer", "", "use this existing customer instead of the simulator's own")
	fs.StringVar(&c.sipDomain, "sip-domain", "", "SIP domain of the simulator's customer when it is created (default: derived by the server)")
	fs.DurationVar(&c.duration, "duration", 0, "keep the phones registered this long after start (0: stop once all booted)")
	fs.BoolVar(&c.ztp, "ztp", false, "start phones factory-fresh through their vendor's redirect service (a fake on loopback that the phones ask with their MAC) and the server's /ztp/ URL")
	fs.BoolVar(&c.login, "login", false, "start phones factory-fresh through their initial login at the server's /login/ URL")
	fs.BoolVar(&c.insecure, "insecure", false, "do not check the provisioning server's certificate")
	fs.StringVar(&c.ca, "ca", "", "PEM file of the certificate the provisioning server's certificate must chain to")
	fs.BoolVar(&c.allowRemote, "allow-remote", false, "allow servers other than this machine")
	fs.IntVar(&c.group, "group-size", 250, "phones sharing one SIP socket")
	fs.IntVar(&c.concurrency, "concurrency", 128, "boots and refreshes in flight at once")
	fs.DurationVar(&c.expires, "expires", time.Hour, "registration lifetime the phones ask for")
	fs.DurationVar(&c.bootTimeout, "boot-timeout", 5*time.Minute, "how long to wait for every phone to boot")
	fs.StringSliceVar(&c.failMACs, "fail-firmware-mac", nil, "MACs of phones that fail to install firmware (they come back with the version they ran)")
	fs.Float64Var(&c.failShare, "fail-firmware-share", 0, "share of the phones (0 to 1, the same ones every run) that fail to install firmware")
	fs.BoolVar(&c.hotDesk, "hot-desk", false, "boot free phones, then log a workplace in and out of each desk phone by hot-desking through the API")
	return cmd
}

func runSim(cmd *cobra.Command, g *globals, c simConfig) error {
	if c.ztp && c.login {
		return switchboard.Errorf(switchboard.EINVALID, "--ztp and --login are two ways to start: give one")
	}
	if c.phones < 1 || c.phones > sim.MaxPhones {
		return switchboard.Errorf(switchboard.EINVALID, "--phones must be between 1 and %d", sim.MaxPhones)
	}
	if c.api != "" {
		g.server = c.api
	}
	if err := sim.CheckServer(g.server, c.allowRemote); err != nil {
		return err
	}
	for i, m := range c.failMACs {
		mac, err := switchboard.CanonicalMAC(m)
		if err != nil {
			return err
		}
		c.failMACs[i] = mac
	}
	models, err := sim.Models(c.vendors)
	if err != nil {
		return err
	}
	tc, err := sim.ClientTLS(c.ca, c.insecure)
	if err != nil {
		return err
	}
	client, err := g.client()
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	if err := sim.CheckTargets(ctx, client, c.allowRemote); err != nil {
		return err
	}
	stderr := cmd.ErrOrStderr()
	var redirects *sim.Redirects
	if c.ztp {
		redirects = sim.NewRedirects()
		defer redirects.Close()
	}
	phones, customer, err := sim.Setup(ctx, client, sim.SetupOptions{CustomerID: c.customer, SIPDomain: c.sipDomain, Phones: c.phones, Models: models, Progress: stderr,
		Free: c.hotDesk, Login: c.login, Redirects: redirects})
	if err != nil {
		return err
	}
	if redirects != nil {
		if err := redirects.Await(ctx, client, phones, stderr, redirectWait(len(phones))); err != nil {
			return err
		}
	}
	opts := sim.Options{
		TLS: tc, AllowRemote: c.allowRemote, PhonesPerGroup: c.group, Concurrency: c.concurrency,
		Expires: c.expires, BootTimeout: c.bootTimeout, FailFirmwareMACs: c.failMACs, FailFirmwareShare: c.failShare,
	}
	if c.hotDesk {
		return simHotDesk(cmd, client, phones, customer, opts)
	}
	report, err := sim.Run(ctx, phones, opts, c.duration, stderr)
	if err != nil {
		return err
	}
	fmt.Fprint(cmd.OutOrStdout(), report.Summary())
	if report.Online < report.Phones {
		return errors.New("not every phone is online (see the errors above)")
	}
	return nil
}
