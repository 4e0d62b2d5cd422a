package app_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestFirmwareRefusedWhereItCannotReach pins and rolls out a firmware
// for models of each kind: a model whose profile names no firmware is
// refused both at once, a DECT base takes a pin but no rollout (a ring
// could never see it register with the new version), desk phones with a
// firmware key take both.
func TestFirmwareRefusedWhereItCannotReach(t *testing.T) {
	e := newEnv(t)
	tn := e.bare("fw", 1)
	for _, c := range []struct {
		model        string
		pin, rollout string // "" accepted, else part of the EINVALID message
	}{
		{"softclient-desktop", "Desktop client phones have no documented firmware key; Switchboard cannot tell them to upgrade", "no documented firmware key"},
		{"gigaset-n870", "", "registers its handsets' accounts, not one of its own"},
		{"fanvil-x4u", "", ""},
		{"yealink-t54w", "", ""},
	} {
		fw, err := e.svc.UploadFirmware(e.ctx, switchboard.System, app.FirmwareUpload{Model: c.model, Version: "2.65.0", FileName: "image.bin", Body: bytes.NewReader([]byte("image"))})
		e.must(err)
		_, pinErr := e.svc.SetFirmwarePin(e.ctx, tn.admin, tn.cust.ID, app.PinInput{Model: c.model, Firmware: fw.ID})
		_, rollErr := e.svc.CreateRollout(e.ctx, tn.admin, tn.cust.ID, app.RolloutInput{Model: c.model, Firmware: fw.ID})
		for _, got := range []struct {
			what string
			err  error
			want string
		}{{"pin", pinErr, c.pin}, {"rollout", rollErr, c.rollout}} {
			switch {
			case got.want == "" && got.err != nil:
				t.Errorf("%s: %s refused: %v", c.model, got.what, got.err)
			case got.want != "" && (switchboard.ErrorCode(got.err) != switchboard.EINVALID || !strings.Contains(switchboard.ErrorMessage(got.err), got.want)):
				t.Errorf("%s: %s: %v; want EINVALID saying %q", c.model, got.what, got.err, got.want)
			}
		}
	}
}

// TestRolloutWaitsForTheDevicesTurn: a device of a ring whose spread has
// not reached it yet still fetches the pinned firmware; once the rollout
// has told it, the profile names the rollout's.
func TestRolloutWaitsForTheDevicesTurn(t *testing.T) {
	e, tn := acme(t)
	upload := func(version string) *switchboard.Firmware {
		fw, err := e.svc.UploadFirmware(e.ctx, switchboard.System, app.FirmwareUpload{Model: "yealink-t54w", Version: version, FileName: "t54w.rom", Body: bytes.NewReader([]byte("image " + version))})
		e.must(err)
		return fw
	}
	pinned, next := upload("96.86.0.100"), upload("96.86.0.160")
	_, err := e.svc.SetFirmwarePin(e.ctx, tn.admin, tn.cust.ID, app.PinInput{Model: "yealink-t54w", Firmware: pinned.ID})
	e.must(err)
	version := func() string {
		p, err := e.svc.ProvisioningByKey(e.ctx, key(tn.desk1))
		e.must(err)
		return p.Profile(false).FirmwareVersion
	}
	_, err = e.svc.CreateRollout(e.ctx, tn.admin, tn.cust.ID, app.RolloutInput{Model: "yealink-t54w", Firmware: next.ID,
		FirstRing: []string{tn.desk2.ID, tn.desk1.ID}, Spread: 3600})
	e.must(err)
	e.must(e.svc.StepRollouts(e.ctx, time.Second))
	if got := version(); got != pinned.Version {
		t.Errorf("before its turn the profile names %q; want the pinned %q", got, pinned.Version)
	}
	e.advance(61 * time.Minute)
	e.must(e.svc.StepRollouts(e.ctx, time.Second))
	if got := version(); got != next.Version {
		t.Errorf("once told the profile names %q; want the rollout's %q", got, next.Version)
	}
}
