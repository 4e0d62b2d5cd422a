package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/apiclient"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/sim"
	"github.com/switchboard-pbx/switchboard/internal/tlscert"
)

// demoVendors are the vendors of the demo's phones, in turn.
var demoVendors = []string{"yealink", "poly", "snom", "grandstream", "gigaset", "fanvil", "cisco", "audiocodes"}

// demoCustomer names the demo's customer, found again on a second start
// in the same data directory.
const demoCustomer = "Demo company"

func demoCommand(g *globals) *cobra.Command {
	var phones int
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Start a server with a demo customer and live simulated phones",
		Long: `Start Switchboard on free loopback ports with its embedded database in a
temporary directory removed at the end (or --data when given, kept), create a demo customer "` + demoCustomer + `"
with a site, workplaces and devices of several vendors, and boot simulated phones
so the portal shows live devices; they keep registering, so the fleet page stays live.
Prints the portal address with an operator's, a company administrator's and a user's
log-in, and the operator token for the API; runs until interrupted (Ctrl-C).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir := g.data
			if !cmd.Flags().Changed("data") {
				tmp, err := os.MkdirTemp("", "switchboard-demo-")
				if err != nil {
					return fmt.Errorf("create a temporary data directory: %w", err)
				}
				defer os.RemoveAll(tmp)
				dir = tmp
			}
			return runDemo(cmd, dir, phones)
		},
	}
	cmd.Flags().IntVar(&phones, "phones", 24, "number of simulated phones (at most 1000)")
	return cmd
}

func runDemo(cmd *cobra.Command, dataDir string, phones int) error {
	if phones < 1 || phones > 1000 {
		return switchboard.Errorf(switchboard.EINVALID, "--phones must be between 1 and 1000")
	}
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	const host = "127.0.0.1"
	port0 := host + ":0"
	ls, err := listen(serveConfig{http: port0, prov: port0, sip: port0, sipTLS: port0})
	if err != nil {
		return err
	}
	addrs := []string{ls.http.Addr().String(), ls.prov.Addr().String(), ls.sipTCP.Addr().String(), ls.sipTLS.Addr().String()}
	// serve runs as its own command on these listeners, with its flags'
	// defaults for everything else the demo does not set.
	sc := serveCommandOn(&globals{data: dataDir}, ls)
	sc.SilenceUsage, sc.SilenceErrors = true, true
	sc.SetArgs([]string{"--public-host", host, "--log-level", "warn"})
	served, exited := make(chan error, 1), make(chan struct{})
	go func() { served <- sc.ExecuteContext(ctx); close(exited) }()
	stopServer := func() error {
		cancel()
		select {
		case err := <-served:
			return err
		case <-time.After(20 * time.Second):
			return errors.New("the server did not stop within 20 s")
		}
	}
	if err := waitHealthy(ctx, "http://"+addrs[0]+"/healthz", exited); err != nil {
		if errors.Is(err, errStopped) {
			return errors.Join(err, <-served)
		}
		return errors.Join(err, stopServer())
	}
	tok, err := os.ReadFile(filepath.Join(dataDir, operatorTokenFile))
	if err != nil {
		return errors.Join(fmt.Errorf("read the operator token: %w", err), stopServer())
	}
	token := strings.TrimSpace(string(tok))
	models, err := sim.Models(demoVendors)
	if err != nil {
		return errors.Join(err, stopServer())
	}
	out, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	client := apiclient.New("http://"+addrs[0], token)
	// The demo customer's SIP domain is the registrar's host, the domain
	// the phones of vendors whose profiles name no domain (Yealink,
	// Fanvil, Cisco) register in.
	list, customer, err := sim.Setup(ctx, client, sim.SetupOptions{CustomerName: demoCustomer, SIPDomain: host,
		Phones: phones, Models: models, Progress: stderr})
	if err != nil {
		return errors.Join(fmt.Errorf("create the demo customer: %w", err), stopServer())
	}
	logins, err := demoLogins(ctx, dataDir, customer)
	if err != nil {
		return errors.Join(err, stopServer())
	}
	tc, err := sim.ClientTLS(filepath.Join(dataDir, tlscert.CertFile), false)
	if err != nil {
		return errors.Join(err, stopServer())
	}
	fl, err := sim.Start(ctx, list, sim.Options{TLS: tc, KeepRunning: true, Expires: 10 * time.Minute, BootTimeout: time.Minute, RetryAfter: 20 * time.Second})
	if err != nil {
		return errors.Join(err, stopServer())
	}
	fmt.Fprintf(out, `
Switchboard demo is running (data in %s).
  Portal:          http://%s/
  Portal log-ins:  %s
  API:             http://%s/api/ with the operator token: %s
  Demo customer:   %s (id %s), %d simulated phones booting
  Provisioning:    https://%s/   SIP: udp/tcp %s, tls %s
Press Ctrl-C to stop.
`, dataDir, addrs[0], logins, addrs[0], token, demoCustomer, customer, len(list), addrs[1], addrs[2], addrs[3])
	if fl.Wait(ctx) {
		fmt.Fprint(stderr, fl.Report().Summary())
	}
	<-ctx.Done()
	fl.Stop()
	return stopServer()
}

// errStopped says the server ended before it was healthy.
var errStopped = errors.New("the server stopped while starting")

// waitHealthy polls the health address until it answers 200, the server
// ends (exited is closed) or 30 s pass.
func waitHealthy(ctx context.Context, url string, exited <-chan struct{}) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-exited:
			return errStopped
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return errors.New("the server did not become healthy within 30 s")
		}
	}
}

// demoLogins creates the demo's portal accounts, an operator and the demo
// customer's administrator, gives a workplace's user a password, and says
// how to log in with them, one a line.
func demoLogins(ctx context.Context, dataDir, customerID string) (string, error) {
	store, svc, err := openService(ctx, dataDir, "", "127.0.0.1", 8448, 5060, 5061, nil, nil)
	if err != nil {
		return "", err
	}
	defer store.Close()
	var out []string
	for _, in := range []app.PortalAccountInput{
		{Username: "operator", Role: switchboard.RoleOperator},
		{Username: "demo-admin", Role: switchboard.RoleAdmin, CustomerID: customerID},
	} {
		created, err := svc.CreatePortalAccount(ctx, switchboard.System, in)
		if switchboard.ErrorCode(err) == switchboard.ECONFLICT {
			out = append(out, fmt.Sprintf("%s %s (password of an earlier run)", in.Role, in.Username))
			continue
		}
		if err != nil {
			return "", fmt.Errorf("create the demo's portal accounts: %w", err)
		}
		out = append(out, fmt.Sprintf("%s %s / %s", in.Role, in.Username, created.Password))
	}
	user, err := demoUserLogin(ctx, svc, customerID)
	if err != nil {
		return "", err
	}
	return strings.Join(append(out, user), "\n                   "), nil
}
