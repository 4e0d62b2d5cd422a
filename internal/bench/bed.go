package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/sim"
	"github.com/switchboard-pbx/switchboard/internal/sim/simtest"
)

// Files the bed writes into its directory for the benchmark to read.
const (
	bedPhonesFile = "phones.json"
	bedCAFile     = "bed-ca.pem"
	bedLogFile    = "bed.log"
	bedReady      = "ready"
)

// bedPhone is a phone of the bed as written to phones.json.
type bedPhone struct {
	DeviceID, Model, MAC, URL string
}

// RunBed runs the simulator's test bed (internal/sim/simtest: profiles
// rendered by the vendor packages, the real registrar) with n phones of
// the models in turn, writes the phones and the bed's certificate into
// dir, says "ready" on ready and serves until ctx ends. It is the body of
// the child process StartBed starts, so that the benchmark measures the
// bed apart from the simulator.
func RunBed(ctx context.Context, dir string, n int, models []switchboard.Model, ready io.Writer) error {
	per := (n + len(models) - 1) / len(models)
	bed, err := simtest.Start(ctx, models, per, simtest.Options{Workers: 4})
	if err != nil {
		return err
	}
	list := make([]bedPhone, 0, n)
	for _, p := range bed.Phones[:n] {
		list = append(list, bedPhone{DeviceID: p.DeviceID, Model: p.Model.ID, MAC: p.MAC, URL: p.ProvisioningURL})
	}
	raw, err := json.Marshal(list)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, bedPhonesFile), raw, 0o600)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, bedCAFile), bed.CAPEM, 0o600)
	}
	if err != nil {
		return errors.Join(err, bed.Close())
	}
	fmt.Fprintln(ready, bedReady)
	<-ctx.Done()
	return bed.Close()
}

// StartBed starts exe with args, a program that calls RunBed with dir (for
// switchboard: "bench bed --dir DIR ..."), waits until it is ready and
// reads its phones. Its standard error goes to bed.log in dir.
func StartBed(ctx context.Context, dir, exe string, args ...string) (*Server, error) {
	logFile := filepath.Join(dir, bedLogFile)
	p, stdout, err := Start(exe, logFile, args...)
	if err != nil {
		return nil, err
	}
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() && sc.Text() == bedReady {
			ready <- nil
		} else {
			ready <- fmt.Errorf("the test bed did not start (log: %s)", logFile)
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case err = <-ready:
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		p.Stop()
		return nil, err
	}
	phones, err := readBedPhones(filepath.Join(dir, bedPhonesFile))
	if err != nil {
		p.Stop()
		return nil, err
	}
	return &Server{Process: p, Phones: phones, CAFile: filepath.Join(dir, bedCAFile)}, nil
}

// readBedPhones reads phones.json, finding each phone's model in the
// catalogue; a model it lacks means the bed runs another build.
func readBedPhones(file string) ([]sim.Phone, error) {
	raw, err := os.ReadFile(file)
	var list []bedPhone
	if err == nil {
		err = json.Unmarshal(raw, &list)
	}
	cat, cerr := vendors.New()
	if err = errors.Join(err, cerr); err != nil {
		return nil, fmt.Errorf("read the bed's phones: %w", err)
	}
	phones := make([]sim.Phone, len(list))
	for i, p := range list {
		m, ok := cat.Model(p.Model)
		if !ok {
			return nil, fmt.Errorf("read the bed's phones: model %q of device %s is not in the catalogue", p.Model, p.DeviceID)
		}
		phones[i] = sim.Phone{DeviceID: p.DeviceID, Model: m, MAC: p.MAC, ProvisioningURL: p.URL}
	}
	return phones, nil
}
