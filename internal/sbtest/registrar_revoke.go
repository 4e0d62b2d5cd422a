package sbtest

import (
	"context"
	"fmt"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Revoke implements switchboard.CredentialRevoker: a registered device
// gets one answered NOTIFY, listed as "<device> revoke=<previous auth
// name> reboot=<bool>", and goes offline, as its bindings are dropped.
func (f *Registrar) Revoke(_ context.Context, d *switchboard.Device, reboot bool) (out []switchboard.BindingOutcome, err error) {
	f.locked(func() {
		st, ok := f.online[d.ID]
		switch {
		case f.fail != nil:
			err = f.fail
		case !ok:
			err = switchboard.Errorf(switchboard.ENOTFOUND, "the device is not registered with its previous SIP account")
		default:
			f.notified = append(f.notified, fmt.Sprintf("%s revoke=%s reboot=%v", d.ID, d.PreviousSIP.AuthName, reboot))
			out = []switchboard.BindingOutcome{{Contact: st.Contact, Transport: st.Transport, State: "answered", Code: 200}}
			delete(f.online, d.ID)
		}
		f.invalidated = append(f.invalidated, d.PreviousSIP.AuthName)
	})
	return out, err
}
