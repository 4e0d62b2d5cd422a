package switchboard

import (
	"strings"
	"testing"
)

// TestFirmwareChecks: pins need a firmware key; rollouts need one and a
// device that registers on its own.
func TestFirmwareChecks(t *testing.T) {
	desk := Model{Name: "Fanvil X210", Kind: KindDeskPhone}
	keyed := Model{Name: "Yealink T46S", Kind: KindDeskPhone, FirmwareKey: true}
	base := Model{Name: "Gigaset N870 IP PRO", Kind: KindDECTBase, FirmwareKey: true}
	for _, c := range []struct {
		name         string
		m            Model
		pin, rollout string
	}{
		{"no firmware key", desk, "Fanvil X210 phones have no documented firmware key; Switchboard cannot tell them to upgrade", "Fanvil X210 phones have no documented firmware key"},
		{"desk phone with a key", keyed, "", ""},
		{"DECT base with a key", base, "", "registers its handsets' accounts, not one of its own"},
	} {
		for _, check := range []struct {
			what string
			err  error
			want string
		}{{"pin", c.m.CheckFirmwarePin(), c.pin}, {"rollout", c.m.CheckRollout(), c.rollout}} {
			switch {
			case check.want == "" && check.err != nil:
				t.Errorf("%s: %s refused: %v", c.name, check.what, check.err)
			case check.want != "" && (ErrorCode(check.err) != EINVALID || !strings.Contains(ErrorMessage(check.err), check.want)):
				t.Errorf("%s: %s: %v, want EINVALID saying %q", c.name, check.what, check.err, check.want)
			}
		}
	}
}
