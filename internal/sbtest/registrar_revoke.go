package sbtest

import (
	"context"
	"fmt"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Revoke implements switchboard.CredentialRevoker: a registered device
// gets one answered NOTIFY, listed as "<device> revoke=<previous auth
// name> reboot=<bool>", and goes offline, as its bindings are dropped.
func (f *Registrar) Revoke(_ context.Context, d *switchboard.Device, reboot bool) ([]switchboard.BindingOutcome, error) {
	out, err := f.tell(d, fmt.Sprintf("%s revoke=%s reboot=%v", d.ID, d.PreviousSIP.AuthName, reboot),
		"the device is not registered with its previous SIP account", true)
	f.Invalidate(d.PreviousSIP.AuthName)
	return out, err
}
