package app_test

import (
	"bytes"
	"strings"
	"testing"

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
