package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/switchboard-pbx/switchboard/internal/apiclient"
	"github.com/switchboard-pbx/switchboard/internal/sim"
)

// simHotDesk is "switchboard sim --hot-desk": the phones are free devices
// (not linked to any workplace); once all are online, the simulator's
// hot-desk workplace logs in on each desk phone in turn through the API,
// the phone resyncs and registers with the workplace's line, the
// workplace logs out and the phone comes back on its free profile. The
// boot summary and a "hot-desk: …" line go to stdout; it fails unless
// every phone came online and every desk phone took both steps.
func simHotDesk(cmd *cobra.Command, client *apiclient.Client, phones []sim.Phone, customer string, opts sim.Options) error {
	ctx := cmd.Context()
	opts.KeepRunning = true
	f, err := sim.Start(ctx, phones, opts)
	if err != nil {
		return err
	}
	defer f.Stop()
	f.Wait(ctx)
	out := cmd.OutOrStdout()
	boot := f.Report()
	fmt.Fprint(out, boot.Summary())
	if boot.Online < boot.Phones {
		return errors.New("not every phone is online (see the errors above); the hot-desk path needs them all")
	}
	report, err := sim.HotDesk(ctx, client, f, phones, sim.HotDeskOptions{Customer: customer, Timeout: opts.BootTimeout})
	if err != nil {
		return err
	}
	fmt.Fprint(out, report.Summary())
	if len(report.Errors) > 0 {
		return errors.New("the hot-desk path failed on some phones (see above)")
	}
	return nil
}
