package api_test

import (
	"context"
	"fmt"
	"sync"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// fakeRegistrar stands in for the SIP server: tests set who is online and
// see which NOTIFYs were asked for.
type fakeRegistrar struct {
	mu       sync.Mutex
	online   map[string]app.DeviceStatus
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

func (f *fakeRegistrar) setOnline(id string, st app.DeviceStatus) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.online == nil {
		f.online = map[string]app.DeviceStatus{}
	}
	f.online[id] = st
}

func (f *fakeRegistrar) Status(id string) app.DeviceStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	if st, ok := f.online[id]; ok {
		return st
	}
	return app.DeviceStatus{State: app.StateOffline}
}

func (f *fakeRegistrar) Notify(_ context.Context, d *switchboard.Device, reboot bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	if _, ok := f.online[d.ID]; !ok {
		return switchboard.Errorf(switchboard.ENOTFOUND, "The device is not registered")
	}
	f.notified = append(f.notified, fmt.Sprintf("%s reboot=%v", d.ID, reboot))
	return nil
}
