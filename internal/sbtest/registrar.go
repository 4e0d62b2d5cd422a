package sbtest

import (
	"context"
	"fmt"
	"sync"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Registrar stands in for the SIP side (switchboard.Registrar) in tests of
// the use cases and the API: a test says which devices are registered and
// sees which NOTIFYs and account-cache invalidations were asked for.
type Registrar struct {
	mu sync.Mutex
	// online holds the status of the registered devices; fail, when set,
	// is what every NOTIFY fails with.
	online map[string]switchboard.DeviceStatus
	fail   error
	// notified lists "<device> reboot=<bool>" per NOTIFY sent, invalidated
	// the SIP accounts dropped from the cache ("*" for all of them).
	notified, invalidated []string
}

var _ switchboard.Registrar = (*Registrar)(nil)

// locked runs fn holding the lock.
func (f *Registrar) locked(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn()
}

// SetOnline registers the device with the given status (its state made
// online).
func (f *Registrar) SetOnline(id string, st switchboard.DeviceStatus) {
	st.State = switchboard.StateOnline
	f.locked(func() {
		if f.online == nil {
			f.online = map[string]switchboard.DeviceStatus{}
		}
		f.online[id] = st
	})
}

// SetFail makes every NOTIFY fail with err (nil: succeed again).
func (f *Registrar) SetFail(err error) { f.locked(func() { f.fail = err }) }

// Notified returns the NOTIFYs sent so far.
func (f *Registrar) Notified() (out []string) {
	f.locked(func() { out = append(out, f.notified...) })
	return out
}

// Take returns and clears the NOTIFYs and invalidations so far.
func (f *Registrar) Take() (notified, invalidated []string) {
	f.locked(func() {
		notified, invalidated = f.notified, f.invalidated
		f.notified, f.invalidated = nil, nil
	})
	return notified, invalidated
}

// Status implements switchboard.Registrar. An unregistered device is in a
// state that is neither online nor offline: the use cases must show it as
// offline.
func (f *Registrar) Status(id string) switchboard.DeviceStatus {
	st := switchboard.DeviceStatus{State: "unknown"}
	f.locked(func() {
		if s, ok := f.online[id]; ok {
			st = s
		}
	})
	return st
}

// Statuses implements switchboard.Registrar.
func (f *Registrar) Statuses(ids []string) []switchboard.DeviceStatus {
	out := make([]switchboard.DeviceStatus, len(ids))
	for i, id := range ids {
		out[i] = f.Status(id)
	}
	return out
}

// Notify implements switchboard.Registrar: one answered binding per
// registered device.
func (f *Registrar) Notify(_ context.Context, d *switchboard.Device, reboot bool) ([]switchboard.BindingOutcome, error) {
	return f.tell(d, fmt.Sprintf("%s reboot=%v", d.ID, reboot), "the device is not registered", false)
}

// tell answers a NOTIFY to a registered device: one answered binding,
// noted as note; drop also takes the device offline, as a revocation
// drops its bindings.
func (f *Registrar) tell(d *switchboard.Device, note, absent string, drop bool) (out []switchboard.BindingOutcome, err error) {
	f.locked(func() {
		st, ok := f.online[d.ID]
		switch {
		case f.fail != nil:
			err = f.fail
		case !ok:
			err = switchboard.Errorf(switchboard.ENOTFOUND, "%s", absent)
		default:
			f.notified = append(f.notified, note)
			out = []switchboard.BindingOutcome{{Contact: st.Contact, Transport: st.Transport, State: "answered", Code: 200}}
			if drop {
				delete(f.online, d.ID)
			}
		}
	})
	return out, err
}

// Invalidate implements switchboard.Registrar.
func (f *Registrar) Invalidate(username string) {
	f.locked(func() { f.invalidated = append(f.invalidated, username) })
}

// InvalidateAll implements switchboard.Registrar.
func (f *Registrar) InvalidateAll() { f.Invalidate("*") }
