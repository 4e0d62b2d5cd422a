package app_test

import (
	"context"
	"fmt"
	"sync"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// fakeRegistrar stands in for the SIP side (switchboard.Registrar): a test says which devices are registered and sees
// which NOTIFYs and cache invalidations the use cases asked for.
type fakeRegistrar struct {
	mu sync.Mutex
	// online holds the status of the registered devices; fail, when set,
	// is what every NOTIFY fails with.
	online map[string]switchboard.DeviceStatus
	fail   error
	// notified lists "<device> reboot=<bool>" per NOTIFY sent, invalidated
	// the SIP accounts dropped from the cache ("*" for all of them).
	notified, invalidated []string
}

// The fake must keep up with the interface it stands in for.
var _ switchboard.Registrar = (*fakeRegistrar)(nil)

// locked runs fn holding the fake's lock.
func (f *fakeRegistrar) locked(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn()
}

// setOnline registers the device with the given status.
func (f *fakeRegistrar) setOnline(id string, st switchboard.DeviceStatus) {
	st.State = switchboard.StateOnline
	f.locked(func() {
		if f.online == nil {
			f.online = map[string]switchboard.DeviceStatus{}
		}
		f.online[id] = st
	})
}

// setFail makes every NOTIFY fail with err (nil: succeed again).
func (f *fakeRegistrar) setFail(err error) { f.locked(func() { f.fail = err }) }

// take returns and clears the NOTIFYs and invalidations so far.
func (f *fakeRegistrar) take() (notified, invalidated []string) {
	f.locked(func() {
		notified, invalidated = f.notified, f.invalidated
		f.notified, f.invalidated = nil, nil
	})
	return notified, invalidated
}

// Status implements switchboard.Registrar; an unregistered device is in a state
// the Service must show as offline.
func (f *fakeRegistrar) Status(id string) switchboard.DeviceStatus {
	st := switchboard.DeviceStatus{State: "unknown"}
	f.locked(func() {
		if s, ok := f.online[id]; ok {
			st = s
		}
	})
	return st
}

// Notify implements switchboard.Registrar: one answered binding per
// registered device.
func (f *fakeRegistrar) Notify(_ context.Context, d *switchboard.Device, reboot bool) (out []switchboard.BindingOutcome, err error) {
	f.locked(func() {
		st, ok := f.online[d.ID]
		switch {
		case f.fail != nil:
			err = f.fail
		case !ok:
			err = switchboard.Errorf(switchboard.ENOTFOUND, "the device is not registered")
		default:
			f.notified = append(f.notified, fmt.Sprintf("%s reboot=%v", d.ID, reboot))
			out = []switchboard.BindingOutcome{{Contact: st.Contact, Transport: st.Transport, State: "answered", Code: 200}}
		}
	})
	return out, err
}

// Invalidate implements switchboard.Registrar.
func (f *fakeRegistrar) Invalidate(username string) {
	f.locked(func() { f.invalidated = append(f.invalidated, username) })
}

// InvalidateAll implements switchboard.Registrar.
func (f *fakeRegistrar) InvalidateAll() { f.Invalidate("*") }
