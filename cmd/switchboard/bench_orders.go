package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/bench"
)

// ordersBenchCommand measures how soon the welcome mails of many new
// workplaces leave.
func ordersBenchCommand() *cobra.Command {
	var (
		n, clients, workers int
		timeout             time.Duration
	)
	cmd := &cobra.Command{
		Use:   "orders",
		Short: "Create many workplaces at once and measure how soon their welcome mails arrive",
		Long: `Start "switchboard serve" as a child process on loopback with a fresh data directory
(SQLite) and --smtp pointing at an SMTP server in this process, create the workplaces
of one new customer through the API, and wait for every mail: the welcome and
initial-password mails to each workplace and the order confirmation to the customer's
administrator. Reports the time to the first welcome mail and to the last, p50/p99
welcome-mail latency from each workplace's creation, the time until the last mail and
the server's CPU time.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n < 1 || n > 100000 {
				return switchboard.Errorf(switchboard.EINVALID, "--workplaces must be between 1 and 100000")
			}
			dir, err := os.MkdirTemp("", "switchboard-bench-orders-")
			if err != nil {
				return fmt.Errorf("create a data directory: %w", err)
			}
			defer os.RemoveAll(dir)
			exe, err := os.Executable()
			if err != nil {
				return fmt.Errorf("find this program to start the server: %w", err)
			}
			sink, err := bench.StartMailSink()
			if err != nil {
				return fmt.Errorf("start the SMTP sink: %w", err)
			}
			defer sink.Close()
			args := []string{"--smtp", sink.URL()}
			if workers > 0 {
				args = append(args, "--order-workers", strconv.Itoa(workers))
			}
			srv, client, err := serveChild(cmd.Context(), exe, dir, args...)
			if err != nil {
				return err
			}
			defer srv.Stop()
			run := bench.Orders{Client: client, Pid: srv.Pid(), Sink: sink, Workplaces: n, Clients: clients, Timeout: timeout}
			_, err = run.Run(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr())
			return err
		},
	}
	fs := cmd.Flags()
	fs.IntVar(&n, "workplaces", 1000, "number of workplaces to create")
	fs.IntVar(&clients, "clients", 8, "create requests in flight at once")
	fs.IntVar(&workers, "order-workers", 0, "serve's --order-workers (default: serve's own default)")
	fs.DurationVar(&timeout, "timeout", 10*time.Minute, "how long to wait for the last mail")
	return cmd
}
