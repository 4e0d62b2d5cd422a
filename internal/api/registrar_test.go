package api_test

import (
	"context"
	"fmt"
	"sync"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// fakeRegistrar stands in for the SIP server: tests set who is online and
// see which NOTIFYs were asked for.
type fakeRegistrar struct {
	mu       sync.Mutex
	online   map[string]switchboard.DeviceStatus
	notified []string
	// invalidated lists the accounts dropped from the cache, "*" for all.
	invalidated []string
	fail        error
}

func (f *fakeRegistrar) Invalidate(username string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.invalidated = append(f.invalidated, username)
}

func (f *fakeRegistrar) InvalidateAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.invalidated = append(f.invalidated, "*")
}

// takeInvalidated returns and clears the invalidations so far.
func (f *fakeRegistrar) takeInvalidated() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.invalidated
	f.invalidated = nil
	return out
}

// notifications returns the NOTIFYs asked for so far, as "<device>
// reboot=<bool>"; the order worker asks for them on its own goroutine.
func (f *fakeRegistrar) notifications() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.notified...)
}

func (f *fakeRegistrar) setOnline(id string, st switchboard.DeviceStatus) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.online == nil {
		f.online = map[string]switchboard.DeviceStatus{}
	}
	f.online[id] = st
}

func (f *fakeRegistrar) Status(id string) switchboard.DeviceStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	if st, ok := f.online[id]; ok {
		return st
	}
	return switchboard.DeviceStatus{State: switchboard.StateOffline}
}

func (f *fakeRegistrar) Notify(_ context.Context, d *switchboard.Device, reboot bool) ([]switchboard.BindingOutcome, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return nil, f.fail
	}
	if _, ok := f.online[d.ID]; !ok {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "The device is not registered")
	}
	f.notified = append(f.notified, fmt.Sprintf("%s reboot=%v", d.ID, reboot))
	return nil, nil
}
