package app_test

import (
	"context"
	"fmt"
	"sync"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// fakeRegistrar stands in for the SIP side (app.Registrar and
// app.NotifyReporter): a test says which devices are registered and sees
// which NOTIFYs and cache invalidations the use cases asked for.
type fakeRegistrar struct {
	mu     sync.Mutex
	online map[string]app.DeviceStatus
	// notified lists "<device> reboot=<bool>" per NOTIFY sent.
	notified []string
	// invalidated lists the SIP accounts dropped from the cache, "*" for
	// all of them.
	invalidated []string
	// fail, when set, is what every NOTIFY fails with.
	fail error
}

// setOnline registers the device with the given status.
func (f *fakeRegistrar) setOnline(id string, st app.DeviceStatus) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.online == nil {
		f.online = map[string]app.DeviceStatus{}
	}
	st.State = app.StateOnline
	f.online[id] = st
}

// setFail makes every NOTIFY fail with err (nil: succeed again).
func (f *fakeRegistrar) setFail(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = err
}

// take returns and clears the NOTIFYs and invalidations so far.
func (f *fakeRegistrar) take() (notified, invalidated []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	notified, invalidated = f.notified, f.invalidated
	f.notified, f.invalidated = nil, nil
	return notified, invalidated
}

// Status implements app.Registrar.
func (f *fakeRegistrar) Status(id string) app.DeviceStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	if st, ok := f.online[id]; ok {
		return st
	}
	return app.DeviceStatus{State: "unknown"}
}

// Notify implements app.Registrar.
func (f *fakeRegistrar) Notify(ctx context.Context, d *switchboard.Device, reboot bool) error {
	_, err := f.NotifyBindings(ctx, d, reboot)
	return err
}

// NotifyBindings implements app.NotifyReporter: one answered binding per
// registered device.
func (f *fakeRegistrar) NotifyBindings(_ context.Context, d *switchboard.Device, reboot bool) ([]app.BindingOutcome, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return nil, f.fail
	}
	st, ok := f.online[d.ID]
	if !ok {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "the device is not registered")
	}
	f.notified = append(f.notified, fmt.Sprintf("%s reboot=%v", d.ID, reboot))
	return []app.BindingOutcome{{Contact: st.Contact, Transport: st.Transport, State: "answered", Code: 200}}, nil
}

// Invalidate implements app.Registrar.
func (f *fakeRegistrar) Invalidate(username string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.invalidated = append(f.invalidated, username)
}

// InvalidateAll implements app.Registrar.
func (f *fakeRegistrar) InvalidateAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.invalidated = append(f.invalidated, "*")
}
