package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/switchboard-pbx/switchboard/internal/sim"
)

// Storm is one boot storm against a server on this machine.
type Storm struct {
	// Target names the server in the report: serve or bed.
	Target string
	// Pid is the server's process, whose CPU time and peak memory are
	// measured.
	Pid int
	// Phones are the phones provided on the server.
	Phones []sim.Phone
	// CAFile holds the certificate the provisioning server's chains to.
	CAFile string
	// Sim tunes the simulated phones; its TLS is built from CAFile.
	Sim sim.Options
	// CPUProfile, when set, receives the simulator's CPU profile during
	// the storm.
	CPUProfile string
	// ServerProfile fetches the server's profiles whose files are set.
	ServerProfile ServerProfile
}

// Run powers every phone on at once and waits until all are online or
// Sim.BootTimeout passed. It writes live progress to progress and, to out,
// the simulator's summary, the server's CPU time during the storm and peak
// memory, and the simulator's own. It fails when a phone stayed offline.
func (s Storm) Run(ctx context.Context, out, progress io.Writer) error {
	tc, err := sim.ClientTLS(s.CAFile, false)
	if err != nil {
		return err
	}
	s.Sim.TLS = tc
	serverCPU0, err := CPU(s.Pid)
	if err != nil {
		return err
	}
	selfCPU0 := SelfCPU()
	load0 := LoadAverage()
	if s.CPUProfile != "" {
		f, err := os.Create(s.CPUProfile)
		if err != nil {
			return fmt.Errorf("create CPU profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("start CPU profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	waitProfile := s.ServerProfile.startCPU(ctx)
	fmt.Fprintf(progress, "boot storm: %d phones against %s (pid %d)\n", len(s.Phones), s.Target, s.Pid)
	report, err := sim.Run(ctx, s.Phones, s.Sim, 0, progress)
	if err != nil {
		return err
	}
	if err := errors.Join(waitProfile(), s.ServerProfile.heap(ctx)); err != nil {
		return err
	}
	serverCPU1, err := CPU(s.Pid)
	if err != nil {
		return err
	}
	hwm, err := PeakMemory(s.Pid)
	if err != nil {
		return err
	}
	selfCPU1 := SelfCPU()
	fmt.Fprint(out, report.Summary())
	wall := report.Elapsed.Seconds()
	server := (serverCPU1 - serverCPU0).Seconds()
	fmt.Fprintf(out, "server (%s): CPU %.1f s during the storm (%.0f%% of one core over %.1f s, %.2f ms per phone), peak memory %d MiB\n",
		s.Target, server, 100*server/max(wall, 0.001), wall, 1000*server/float64(max(len(s.Phones), 1)), hwm>>20)
	selfHWM, _ := PeakMemory(os.Getpid())
	fmt.Fprintf(out, "simulator: CPU %.1f s during the storm, peak memory %d MiB\n", (selfCPU1 - selfCPU0).Seconds(), selfHWM>>20)
	fmt.Fprintf(out, "load average: %s before, %s after\n", load0, LoadAverage())
	if report.Online < report.Phones {
		return errors.New("not every phone came online")
	}
	return nil
}
